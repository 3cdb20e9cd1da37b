import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { findPromptsDir } from '../../agents/promptsDir';
import { AtmosEngine } from '../../atmos/engine';
import { createMemory, refreshMemory } from '../../memory/atmosMemory';
import { factsFromEngine } from '../../memory/factsFromEngine';
import { findSection, parseMemory, updateSection } from '../../memory/memorySections';
import { writeFileAtomic } from '../../tools/file/atomicWrite';
import { UserError } from '../errors';

/** ATMOS.md lives at the Atmos root (beside atmos.yaml's base path). */
async function memoryFile(command: Command): Promise<{ file: string; engine: AtmosEngine }> {
  const globals = command.optsWithGlobals<{ chdir?: string }>();
  const engine = await AtmosEngine.open({ cwd: path.resolve(globals.chdir ?? process.cwd()) });
  return { file: path.join(engine.config.basePath, 'ATMOS.md'), engine };
}

const readOptional = (file: string) => readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));

export function registerMemory(program: Command): void {
  const memory = program.command('memory').description('ATMOS.md project memory');
  memory
    .command('init')
    .description('create ATMOS.md from what the engine knows about the repository (an existing file keeps your edits)')
    .action(async (_opts: unknown, command: Command) => {
      const { file, engine } = await memoryFile(command);
      const template = await readFile(path.join(findPromptsDir(), 'ATMOS.md.template'), 'utf8');
      const existing = await readOptional(file);
      const facts = factsFromEngine(engine);
      await writeFileAtomic(file, existing === undefined ? createMemory(template, facts) : refreshMemory(existing, template, facts));
      process.stdout.write(`${existing === undefined ? 'created' : 'refreshed'} ${file}\n`);
    });
  memory
    .command('show [section]')
    .description('print ATMOS.md, or one section of it')
    .action(async (section: string | undefined, _opts: unknown, command: Command) => {
      const { file } = await memoryFile(command);
      const text = await readOptional(file);
      if (text === undefined) throw new UserError(`${file} does not exist; run 'atmos-ai memory init'`);
      if (!section) {
        process.stdout.write(text);
        return;
      }
      const found = findSection(parseMemory(text), section);
      if (!found) throw new UserError(`no section '${section}' in ${file}; sections: ${parseMemory(text).sections.map((s) => s.title).join(', ')}`);
      process.stdout.write(`## ${found.title}\n${found.body}`);
    });
  memory
    .command('update <section> <text>')
    .description('replace one section (added when missing), keeping the rest as it is')
    .action(async (section: string, text: string, _opts: unknown, command: Command) => {
      const { file } = await memoryFile(command);
      const existing = await readOptional(file);
      if (existing === undefined) throw new UserError(`${file} does not exist; run 'atmos-ai memory init' first`);
      await writeFileAtomic(file, updateSection(existing, section, text));
      process.stdout.write(`updated section '${section}' in ${file}\n`);
    });
}
