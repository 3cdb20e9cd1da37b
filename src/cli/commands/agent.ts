import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { loadAgentCatalog } from '../../agents/agentCatalog';
import { AgentInstallError, installAgents, readInstallRecord, uninstallAgent, updateAgent } from '../../agents/agentInstaller';
import { findPromptsDir } from '../../agents/promptsDir';
import { NodeProcessRunner } from '../../process/processRunner';
import { UserError } from '../errors';

const userAgentsDir = () => path.join(process.env.HOME ?? os.homedir(), '.atmos', 'agents');
const workspaceOf = (command: Command) => path.resolve(command.optsWithGlobals<{ chdir?: string }>().chdir ?? process.cwd());

/** Installer failures become located user errors (file:line:col for each invalid definition). */
async function installing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AgentInstallError) {
      const lines = err.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`);
      throw new UserError([err.message, ...lines].join('\n'));
    }
    throw err;
  }
}

export function registerAgent(program: Command): void {
  const agent = program.command('agent').description('built-in, workspace and installed agents');
  agent
    .command('list')
    .description('every agent, with where it comes from')
    .option('--format <format>', 'text | json', 'text')
    .action(async (opts: { format: string }, command: Command) => {
      const catalog = await loadAgentCatalog({ promptsDir: findPromptsDir(), workspaceRoot: workspaceOf(command), homeDir: process.env.HOME ?? os.homedir() });
      for (const p of catalog.problems) process.stderr.write(`${p.file}:${p.line}:${p.col}: warning: ${p.message}\n`);
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify(catalog.agents.map(({ prompt: _prompt, ...a }) => a), null, 2)}\n`);
        return;
      }
      for (const a of catalog.agents) process.stdout.write(`${a.name}\t${a.origin}\t${a.tools ? `${a.tools.length} tool patterns` : 'all tools'}\t${a.description}\n`);
    });
  agent
    .command('info <name>')
    .description('an agent: origin, tools, source and prompt')
    .action(async (name: string, _opts: unknown, command: Command) => {
      const catalog = await loadAgentCatalog({ promptsDir: findPromptsDir(), workspaceRoot: workspaceOf(command), homeDir: process.env.HOME ?? os.homedir() });
      const a = catalog.get(name);
      if (!a) throw new UserError(`unknown agent '${name}'; available: ${catalog.agents.map((x) => x.name).join(', ')}`);
      const record = a.origin === 'user' ? await readInstallRecord(a.source) : undefined;
      const lines = [
        `name:        ${a.name}`,
        `origin:      ${a.origin}`,
        `description: ${a.description}`,
        `tools:       ${a.tools ? a.tools.join(', ') : 'all tools (the policy still applies)'}`,
        ...(a.restrictedTools.length ? [`asks before: ${a.restrictedTools.join(', ')}`] : []),
        `source:      ${a.source}`,
        ...(record ? [`installed:   ${record.installedAt} from ${record.source.location}${record.source.ref ? `@${record.source.ref}` : ''}${record.commit ? ` (${record.commit.slice(0, 12)})` : ''}`] : []),
        '',
        a.prompt,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  agent
    .command('install <source>')
    .description('install agents from a git URL (optionally @tag) or a local folder into ~/.atmos/agents')
    .action(async (source: string) => {
      const installed = await installing(() => installAgents(source, { agentsDir: userAgentsDir(), runner: new NodeProcessRunner() }));
      for (const a of installed) process.stdout.write(`installed ${a.name} → ${a.source}\n`);
    });
  agent
    .command('update <name>')
    .description('re-install an installed agent from where it came from')
    .action(async (name: string) => {
      const installed = await installing(() => updateAgent(name, { agentsDir: userAgentsDir(), runner: new NodeProcessRunner() }));
      for (const a of installed) process.stdout.write(`updated ${a.name}\n`);
    });
  agent
    .command('uninstall <name>')
    .description('remove an installed agent (built-in and workspace agents are not touched)')
    .action(async (name: string) => {
      await installing(() => uninstallAgent(name, userAgentsDir()));
      process.stdout.write(`uninstalled ${name}\n`);
    });
}
