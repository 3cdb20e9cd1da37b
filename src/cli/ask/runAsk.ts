/**
 * `atmos-ai ask`: one conversation turn from the terminal, on the same core as the extension: the native
 * engine's tools, the permission policy, the agents, ATMOS.md, and a saved session.
 */
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAgentCatalog } from '../../agents/agentCatalog';
import { findPromptsDir } from '../../agents/promptsDir';
import { compactIfNeeded, DEFAULT_CONTEXT_WINDOW, readAutoCompactSettings, sessionHistory } from '../../chat/compactSession';
import { repoSummary } from '../../chat/repoSummary';
import { runTurn } from '../../chat/runTurn';
import { SessionRecorder } from '../../chat/sessionRecorder';
import { parseSlashCommand } from '../../chat/slashCommands';
import { buildSystemPrompt } from '../../chat/systemPrompt';
import type { ApprovalPort } from '../../chat/toolRunner';
import { resolveProviderSettings } from '../../providers/providerSettings';
import { createProvider } from '../../providers/registry';
import type { ChatMessage } from '../../providers/types';
import { DEFAULT_COMPACTION } from '../../sessions/compaction';
import { defaultDataDir } from '../../sessions/dataDir';
import { SessionStore } from '../../sessions/store';
import { DEFAULT_SETTINGS, type AssistantSettings } from '../../workspace/assistantSettings';
import { openWorkspaceServices, type WorkspaceServices } from '../../workspace/workspaceServices';
import { UsageError, UserError } from '../errors';
import { printEvent, type AskOutput } from './eventPrinter';
import { readOnlyApprovals, terminalApprovals, type ApproveMode } from './terminalApprovals';

export interface AskOptions {
  cwd: string;
  prompt: string;
  provider?: string;
  model?: string;
  baseUrl?: string;
  agent: string;
  session?: string;
  approve: ApproveMode;
  json: boolean;
  env: NodeJS.ProcessEnv;
  io: AskOutput;
  /** Approval port override (tests). */
  approvals?: ApprovalPort;
  signal?: AbortSignal;
}

/** Returns the process exit code. */
export async function runAsk(opts: AskOptions): Promise<number> {
  if (!['ask', 'reads', 'yolo'].includes(opts.approve)) throw new UsageError(`--approve must be ask, reads or yolo (got '${opts.approve}')`);
  const settings: AssistantSettings = { ...DEFAULT_SETTINGS, tools: { ...DEFAULT_SETTINGS.tools, yolo: opts.approve === 'yolo' } };
  const dataDir = defaultDataDir(opts.env);
  const services = await openWorkspaceServices({ cwd: opts.cwd, dataDir, settings, env: opts.env });
  for (const p of services.policyProblems) opts.io.err(`atmos-ai: warning: atmos.yaml ${p.path}: ${p.message} (ignored)\n`);
  for (const p of services.mcpProblems) opts.io.err(`atmos-ai: warning: ${p}\n`);
  try {
    return await askWith(services, dataDir, settings, opts);
  } finally {
    await services.dispose();
  }
}

async function askWith(services: WorkspaceServices, dataDir: string, settings: AssistantSettings, opts: AskOptions): Promise<number> {

  const slash = parseSlashCommand(opts.prompt);
  if (slash) return runSlash(services, slash, opts);

  const resolved = resolveProviderSettings({ overrides: { provider: opts.provider, model: opts.model, baseUrl: opts.baseUrl }, atmosAi: services.aiSettings, env: opts.env });
  if (!resolved.ok) throw new UserError(resolved.errors.join('\n'));
  const { id, config, maxTokens } = resolved.value;
  const provider = await createProvider(id, config);

  const catalog = await loadAgentCatalog({ promptsDir: findPromptsDir(), workspaceRoot: services.workspaceRoot, homeDir: opts.env.HOME ?? os.homedir() });
  for (const p of catalog.problems) opts.io.err(`${p.file}:${p.line}:${p.col}: warning: ${p.message}\n`);
  const agent = catalog.get(opts.agent);
  if (!agent) throw new UserError(`unknown agent '${opts.agent}'; available: ${catalog.agents.map((a) => a.name).join(', ')}`);

  const memory = settings.memory.enabled ? await readFile(path.join(services.engine.config.basePath, settings.memory.file), 'utf8').catch(() => undefined) : undefined;
  const system = buildSystemPrompt({ agentPrompt: agent.prompt, memory, memoryMaxBytes: settings.memory.maxBytes, repoSummary: repoSummary(services.engine) });

  const store = await SessionStore.open({ dataDir, onDiagnostic: (d) => opts.io.err(`atmos-ai: warning: ${d.message}\n`) });
  try {
    const existing = opts.session ? store.resolveSession(opts.session) : undefined;
    if (opts.session && !existing) throw new UserError(`no session '${opts.session}' (see 'atmos-ai sessions list')`);
    const model = config.model ?? '';
    const session = existing ?? store.createSession({ name: opts.prompt.slice(0, 60), projectPath: services.workspaceRoot, provider: id, model, agent: agent.name });
    const history: ChatMessage[] = existing ? sessionHistory(store, existing.id) : [];
    const recorder = new SessionRecorder(store, session.id, model);

    const approvals =
      opts.approvals ?? (opts.approve === 'reads' ? readOnlyApprovals(services.registry, opts.io.err) : terminalApprovals(opts.io.err));
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    let exitCode = 0;
    let contextTokens = 0;
    try {
      for await (const event of runTurn({
        provider,
        model: config.model,
        system,
        history,
        user: { role: 'user', content: [{ type: 'text', text: opts.prompt }] },
        maxIterations: 12,
        maxTokens,
        signal: controller.signal,
        tools: {
          registry: services.registry,
          policy: services.policy,
          agent: { name: agent.name, tools: agent.tools },
          always: await services.always.forWorkspace(services.workspaceRoot),
          rememberAlways: (tool) => services.always.allow(services.workspaceRoot, tool),
          approvals,
          audit: services.audit,
          client: 'cli',
          session: session.id,
          timeoutMs: settings.tools.timeoutSeconds * 1000,
          maxOutputChars: 60_000,
        },
      })) {
        recorder.record(event);
        printEvent(event, opts.json, opts.io);
        if (event.type === 'usage') contextTokens = event.inputTokens + event.cacheReadTokens + event.cacheWriteTokens;
        if (event.type === 'done' && (event.reason === 'error' || event.reason === 'max_iterations')) exitCode = 1;
      }
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    const compaction = readAutoCompactSettings(services.aiSettings, { ...DEFAULT_COMPACTION, useAiSummary: true });
    const compacted = await compactIfNeeded({ store, sessionId: session.id, settings: compaction, contextTokens, contextWindow: DEFAULT_CONTEXT_WINDOW[id] ?? 128_000, summaryProvider: provider, summaryModel: config.model });
    if (compacted.archived > 0 && !opts.json) opts.io.err(`compacted ${compacted.archived} older messages into a summary (${compacted.method})\n`);
    if (!opts.json) opts.io.err(`session ${session.id}\n`);
    return exitCode;
  } finally {
    store.close();
  }
}

async function runSlash(services: WorkspaceServices, slash: NonNullable<ReturnType<typeof parseSlashCommand>>, opts: AskOptions): Promise<number> {
  if ('error' in slash) throw new UsageError(slash.error);
  const checked = services.registry.validate(slash.tool, slash.args);
  if (!checked.ok) throw new UsageError(checked.message);
  const out = await services.registry.get(slash.tool)!.run(checked.args, { signal: opts.signal ?? new AbortController().signal, client: 'cli' });
  if (opts.json) opts.io.out(`${JSON.stringify({ type: 'tool_result', tool: slash.tool, content: out.content, isError: Boolean(out.isError) })}\n`);
  else (out.isError ? opts.io.err : opts.io.out)(`${out.content}\n`);
  return out.isError ? 1 : 0;
}
