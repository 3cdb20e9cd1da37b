import type { Command } from 'commander';
import * as path from 'node:path';
import { openEngineForCli } from '../../atmos/cliSession';
import { sortedPlain, toYaml } from '../../atmos/output';
import { UserError } from '../errors';
import { globalsOf, parseFormat, runAtmos } from './describe';

export function registerWhere(program: Command): void {
  program
    .command('where <component> <path>')
    .description('the value at a dotted path, and every file:line that set or overrode it, winner first')
    .requiredOption('-s, --stack <stack>', 'the stack')
    .option('-f, --format <format>', 'text or json')
    .action((component: string, dotted: string, opts: { stack: string; format?: string }, command: Command) =>
      runAtmos(() => {
        const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
        const engine = openEngineForCli(globalsOf(command));
        const r = engine.whereSync(component, opts.stack, dotted);
        if (!r.found) throw new UserError(`'${dotted}' is not set for component '${component}' in stack '${opts.stack}'`);
        const rel = (f: string): string => path.relative(engine.config.cwd, f) || f;
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify({ path: dotted, value: sortedPlain(r.value), origins: r.origins.map((o) => ({ ...o, file: rel(o.file) })), unresolved: r.unresolved }, null, 2)}\n`);
          return;
        }
        const value = toYaml(r.value).trimEnd();
        process.stdout.write(`${dotted}: ${value.includes('\n') ? `\n${value.replace(/^/gm, '  ')}` : value}\n`);
        if (r.unresolved) process.stdout.write(`  unresolved: ${r.unresolved.expression} (${r.unresolved.reason})\n`);
        if (r.origins.length === 0) process.stdout.write('  (computed by atmos; no file sets it)\n');
        r.origins.forEach((o, i) => process.stdout.write(`  ${i === 0 ? 'set at      ' : 'overrides   '} ${rel(o.file)}:${o.line}:${o.col}\n`));
      }),
    );
}
