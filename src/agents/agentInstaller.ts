/**
 * Installs agent packages into the user's agent folder (`~/.atmos/agents/<name>/`): from a git URL with an
 * optional `@tag` (cloned through the process-runner port) or from a local folder. A package is one agent
 * (`.agent.yaml` or `SKILL.md` at its root) or several (one per sub-folder). Everything is validated before
 * anything is written; a failed install leaves the existing agents as they were.
 */
import { cp, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ProcessRunner } from '../process/processRunner';
import type { Agent, AgentProblem } from './agent';
import { loadAgentFolder } from './customAgents';

export interface InstallSource {
  kind: 'git' | 'path';
  location: string;
  ref?: string;
}

export interface InstallRecord {
  source: InstallSource;
  installedAt: string;
  commit?: string;
}

export class AgentInstallError extends Error {
  constructor(
    message: string,
    readonly problems: AgentProblem[] = [],
  ) {
    super(message);
    this.name = 'AgentInstallError';
  }
}

const INSTALL_RECORD = '.install.json';

/** `https://…/repo.git@v1.2`, `git@host:org/repo@main`, `./local/folder`, `/abs/folder`. */
export function parseInstallSource(spec: string): InstallSource {
  const looksGit = /^(https?:\/\/|ssh:\/\/|git@|git:\/\/|file:\/\/)/.test(spec) || /\.git(@[^/]+)?$/.test(spec);
  if (!looksGit) return { kind: 'path', location: path.resolve(spec) };
  const at = spec.lastIndexOf('@');
  const hostAt = spec.startsWith('git@') ? spec.indexOf('@') : -1;
  if (at > hostAt && at > spec.lastIndexOf('/')) return { kind: 'git', location: spec.slice(0, at), ref: spec.slice(at + 1) };
  return { kind: 'git', location: spec };
}

export interface InstallerOptions {
  /** The user's agent folder, e.g. ~/.atmos/agents. */
  agentsDir: string;
  runner: ProcessRunner;
  now?: () => Date;
}

export async function installAgents(spec: string, opts: InstallerOptions): Promise<Agent[]> {
  const source = parseInstallSource(spec);
  const staging = await mkdtemp(path.join(tmpdir(), 'atmos-ai-agent-'));
  try {
    const checkout = path.join(staging, 'src');
    let commit: string | undefined;
    if (source.kind === 'git') commit = await gitClone(source, checkout, opts.runner);
    else {
      const info = await stat(source.location).catch(() => undefined);
      if (!info?.isDirectory()) throw new AgentInstallError(`${source.location} is not a folder`);
      await cp(source.location, checkout, { recursive: true, filter: (f) => !f.split(path.sep).includes('.git') });
    }
    const folders = await agentFolders(checkout);
    const agents: { agent: Agent; folder: string }[] = [];
    const problems: AgentProblem[] = [];
    for (const folder of folders) {
      const loaded = await loadAgentFolder(folder, 'user');
      if (loaded?.agent) agents.push({ agent: loaded.agent, folder });
      problems.push(...(loaded?.problems ?? []));
    }
    if (problems.length > 0) throw new AgentInstallError(`the package has invalid agent definitions`, problems);
    if (agents.length === 0) throw new AgentInstallError('no agent found: expected .agent.yaml or SKILL.md at the root or in sub-folders');
    const record: InstallRecord = { source, installedAt: (opts.now?.() ?? new Date()).toISOString(), commit };
    for (const { agent, folder } of agents) {
      await writeFile(path.join(folder, INSTALL_RECORD), `${JSON.stringify(record, null, 2)}\n`);
      const target = path.join(opts.agentsDir, agent.name);
      const previous = `${target}.previous-${process.pid}`;
      await rm(previous, { recursive: true, force: true });
      const existed = await stat(target).then(() => true, () => false);
      await cp(folder, `${target}.incoming-${process.pid}`, { recursive: true });
      if (existed) await rename(target, previous);
      await rename(`${target}.incoming-${process.pid}`, target);
      await rm(previous, { recursive: true, force: true });
    }
    const installed: Agent[] = [];
    for (const { agent } of agents) {
      const loaded = await loadAgentFolder(path.join(opts.agentsDir, agent.name), 'user');
      if (loaded?.agent) installed.push(loaded.agent);
    }
    return installed;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Re-installs an installed agent from the source it came from. */
export async function updateAgent(name: string, opts: InstallerOptions): Promise<Agent[]> {
  const record = await readInstallRecord(path.join(opts.agentsDir, name));
  if (!record) throw new AgentInstallError(`agent '${name}' was not installed from a package, so there is nothing to update from`);
  const spec = record.source.kind === 'git' && record.source.ref ? `${record.source.location}@${record.source.ref}` : record.source.location;
  return installAgents(spec, opts);
}

/** Removes an installed agent; built-in and workspace agents are never touched. */
export async function uninstallAgent(name: string, agentsDir: string): Promise<void> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) throw new AgentInstallError(`'${name}' is not an agent name`);
  const folder = path.join(agentsDir, name);
  if (!(await stat(folder).then((s) => s.isDirectory(), () => false))) throw new AgentInstallError(`no installed agent '${name}' in ${agentsDir}`);
  await rm(folder, { recursive: true, force: true });
}

export async function readInstallRecord(folder: string): Promise<InstallRecord | undefined> {
  try {
    return JSON.parse(await readFile(path.join(folder, INSTALL_RECORD), 'utf8')) as InstallRecord;
  } catch {
    return undefined;
  }
}

async function gitClone(source: InstallSource, target: string, runner: ProcessRunner): Promise<string | undefined> {
  const git = await runner.which('git');
  if (!git) throw new AgentInstallError('git is not on PATH; install git or install the agent from a local folder');
  const args = ['clone', '--depth', '1', ...(source.ref ? ['--branch', source.ref] : []), '--', source.location, target];
  const cloned = await runner.run(git, args, { timeoutMs: 120_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  if (cloned.exitCode !== 0) throw new AgentInstallError(`git clone ${source.location}${source.ref ? ` (${source.ref})` : ''} failed: ${cloned.stderr.trim().split('\n').pop() ?? `exit ${cloned.exitCode}`}`);
  const head = await runner.run(git, ['-C', target, 'rev-parse', 'HEAD']);
  await rm(path.join(target, '.git'), { recursive: true, force: true });
  return head.exitCode === 0 ? head.stdout.trim() : undefined;
}

async function agentFolders(root: string): Promise<string[]> {
  const hasAgent = async (dir: string) =>
    (await stat(path.join(dir, '.agent.yaml')).then(() => true, () => false)) || (await stat(path.join(dir, 'SKILL.md')).then(() => true, () => false));
  if (await hasAgent(root)) return [root];
  const out: string[] = [];
  for (const base of [root, path.join(root, 'agents')]) {
    const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && (await hasAgent(path.join(base, e.name)))) out.push(path.join(base, e.name));
  }
  return out.sort();
}
