/**
 * The chat's host side, the source of truth for what the webview shows: the current session (kept in the
 * SessionStore under globalStorage), the running turn (runTurn on the shared engine's workspace services),
 * approvals answered from the webview's approval cards, Stop, Retry and edit-and-resend (which branches a
 * new session; the original stays as it was). The same wiring as `atmos-ai ask` (src/cli/ask/runAsk.ts).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadAgentCatalog, type AgentCatalog } from '../../agents/agentCatalog';
import { findPromptsDir } from '../../agents/promptsDir';
import type { ApprovalAnswer } from '../../chat/chatEvents';
import { runTurn } from '../../chat/runTurn';
import { SessionRecorder } from '../../chat/sessionRecorder';
import { parseSlashCommand } from '../../chat/slashCommands';
import { runToolCall, type ApprovalPort } from '../../chat/toolRunner';
import type { ChatMessage } from '../../providers/types';
import type { ChatItem, MentionCandidate, ChatSettingsView, ChatSnapshot, ContextMeterView, EventMap, EventName, SessionSummary } from '../../protocol';
import { CONTEXT_WINDOWS_AS_OF, contextWindowOf } from '../../providers/contextWindow';
import type { SessionChange, SessionInfo, SessionStore } from '../../sessions/store';
import { openWorkspaceServices, type WorkspaceServices } from '../../workspace/workspaceServices';
import { compactIfNeeded, DEFAULT_CONTEXT_WINDOW, readAutoCompactSettings, sessionHistory } from '../../chat/compactSession';
import { DEFAULT_COMPACTION } from '../../sessions/compaction';
import type { EngineHost } from '../engineHost';
import { sessionStoreProblem, sharedSessionStore } from '../sessionStoreHost';
import {
  AGENT_STATE_KEY,
  DEFAULT_AGENT,
  assistantSettings,
  currentModel,
  currentProvider,
  providerLabel,
  secretKey,
} from './chatSettings';
import { mentionCandidates, mentionContext } from './mentions';
import { ProposedChanges, type ProposedWrite } from './proposedChanges';
import { prepareTurn, type PreparedTurn } from './turnPreparation';
import { Transcript, fixActionsFor, type TranscriptMessage, type TranscriptSink } from './transcript';
import { UsageTally } from './usageTally';

const SESSION_STATE_KEY = 'atmosAi.sessionId';
/** Items in a snapshot: enough to fill the view; older ones on request. */
const SNAPSHOT_ITEMS = 100;

export type Emit = <K extends EventName>(name: K, payload: EventMap[K]) => void;

type Accepted = { accepted: boolean; reason?: string };

type Prepared = PreparedTurn;

export class ChatController implements vscode.Disposable {
  private storeProblem: string | undefined;
  private session: SessionInfo | undefined;
  private transcript: Transcript;
  /** Transcript user item id → its index among the session's stored messages (for edit-and-resend). */
  private userIndex = new Map<string, number>();
  private turn: { controller: AbortController; done: Promise<void> } | undefined;
  private readonly approvals = new Map<string, (answer: ApprovalAnswer) => void>();
  /** Approval requests still waiting, with what Show diff needs. */
  private readonly pendingWrites = new Map<string, { write: ProposedWrite; roots: { workspaceRoot: string; stacksDir: string } }>();
  private readonly proposed = new ProposedChanges();
  private usage = new UsageTally();
  /** Tokens of the last request (prompt + answer): what the context meter shows. */
  private contextUsed = 0;
  private catalog: Promise<AgentCatalog> | undefined;
  private loaded: Promise<void> | undefined;
  private loads = 0;
  /** A turn is being prepared (provider, services): a second send waits its turn. */
  private starting = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly agentChanged = new vscode.EventEmitter<void>();
  /** The selected agent changed (the status bar shows it). */
  readonly onDidChangeAgent = this.agentChanged.event;
  /** Numbers code-block diffs and applies (ids for the diff editor and the tool card). */
  private codeBlocks = 0;
  /** The store whose session changes this controller follows. */
  private watchedStore: SessionStore | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly engines: EngineHost,
    private readonly log: vscode.LogOutputChannel,
    private readonly emit: Emit,
  ) {
    this.transcript = this.newTranscript();
    this.disposables.push(
      this.agentChanged,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('atmosAi.provider') || e.affectsConfiguration('atmosAi.model')) {
          void this.settingsView().then((settings) => this.emit('settingsChanged', { settings }));
          this.emit('contextChanged', { context: this.contextView() });
        }
      }),
      // A key stored (Set API Key, from the error card or the command palette): the "No API key" card is answered.
      context.secrets.onDidChange((e) => void this.keyChanged(e.key)),
    );
  }

  // -------------------------------------------------------------------------------------------
  // State for the webview

  private async ensureLoaded(): Promise<void> {
    this.loaded ??= this.restoreSession();
    await this.loaded;
  }

  async snapshot(): Promise<ChatSnapshot> {
    await this.ensureLoaded();
    const settings = await this.settingsView();
    // From here on synchronous: events emitted before the webview gets this are already contained in it.
    const items = this.transcript.items;
    const hiddenItems = Math.max(0, items.length - SNAPSHOT_ITEMS);
    return {
      session: this.session ? summary(this.session) : null,
      items: hiddenItems > 0 ? items.slice(hiddenItems) : items,
      hiddenItems,
      busy: this.turn !== undefined,
      settings,
      usage: this.usage.figures,
      context: this.contextView(),
      ...(this.storeProblem ? { storeProblem: this.storeProblem } : {}),
    };
  }

  /** Items older than `beforeId`, newest last: the page the virtual list loads as the reader scrolls up. */
  earlierItems(beforeId: string, count: number): { items: ChatItem[]; hiddenItems: number } {
    const at = this.transcript.items.findIndex((i) => i.id === beforeId);
    if (at <= 0) return { items: [], hiddenItems: 0 };
    const from = Math.max(0, at - Math.max(1, Math.min(count, 1000)));
    return { items: this.transcript.items.slice(from, at), hiddenItems: from };
  }

  /** The context meter for the chosen provider and model (the window is null when the model is not on file). */
  contextView(): ContextMeterView {
    const provider = currentProvider();
    const model = currentModel();
    return { usedTokens: this.contextUsed, windowTokens: contextWindowOf(provider, model) ?? null, provider, model, asOf: CONTEXT_WINDOWS_AS_OF };
  }

  async mentions(query: string): Promise<MentionCandidate[]> {
    const engine = await this.engines.get();
    return engine ? mentionCandidates(engine, query) : [];
  }

  async settingsView(): Promise<ChatSettingsView> {
    const provider = currentProvider();
    const catalog = await this.agents().catch(() => undefined);
    return {
      provider,
      providerLabel: providerLabel(provider),
      model: currentModel(),
      agent: this.agentName(),
      agents: (catalog?.agents ?? []).map((a) => ({ name: a.name, displayName: a.displayName, description: a.description })),
      providers: ['vscode', 'anthropic', 'openai', 'gemini', 'grok', 'ollama', 'bedrock', 'azure'].map((id) => ({ id, label: providerLabel(id) })),
    };
  }

  agentName(): string {
    return this.context.workspaceState.get<string>(AGENT_STATE_KEY, DEFAULT_AGENT);
  }

  async setAgent(name: string): Promise<boolean> {
    const catalog = await this.agents();
    if (!catalog.get(name)) return false;
    await this.context.workspaceState.update(AGENT_STATE_KEY, name);
    this.agentChanged.fire();
    this.emit('settingsChanged', { settings: await this.settingsView() });
    return true;
  }

  agents(): Promise<AgentCatalog> {
    this.catalog ??= this.workspaceRoot().then((workspaceRoot) =>
      loadAgentCatalog({ promptsDir: findPromptsDir(path.join(this.context.extensionPath, 'dist')), workspaceRoot, homeDir: os.homedir() }),
    );
    return this.catalog;
  }

  // -------------------------------------------------------------------------------------------
  // Sessions

  async listSessions(query?: string): Promise<SessionSummary[]> {
    const store = await this.openStore();
    if (!store) return [];
    const q = query?.trim().toLowerCase();
    let sessions = store.listSessions({ limit: 200 });
    if (q) {
      const hits = new Set(store.search(q, { limit: 200 }).map((h) => h.sessionId));
      sessions = sessions.filter((s) => s.name.toLowerCase().includes(q) || hits.has(s.id));
    }
    return sessions.map(summary);
  }

  async newSession(): Promise<boolean> {
    await this.ensureLoaded();
    if (this.turn) this.stop();
    await this.turn?.done;
    this.session = undefined;
    await this.context.workspaceState.update(SESSION_STATE_KEY, undefined);
    this.resetTranscript([]);
    this.usage = new UsageTally();
    this.contextUsed = 0;
    await this.emitLoaded();
    return true;
  }

  async switchSession(id: string): Promise<boolean> {
    await this.ensureLoaded();
    const store = await this.openStore();
    const session = store?.getSession(id);
    if (!store || !session) return false;
    if (this.turn) this.stop();
    await this.turn?.done;
    this.load(store, session);
    await this.emitLoaded(); // before remembering it: the view should not wait for a state write
    await this.context.workspaceState.update(SESSION_STATE_KEY, session.id);
    return true;
  }

  async renameSession(name: string): Promise<boolean> {
    const store = await this.openStore();
    const trimmed = name.trim().slice(0, 200);
    if (!store || !this.session || !trimmed) return false;
    this.session = store.renameSession(this.session.id, trimmed);
    this.emit('sessionRenamed', { session: summary(this.session) });
    return true;
  }

  async deleteSession(id: string): Promise<boolean> {
    const store = await this.openStore();
    if (!store) return false;
    if (this.session?.id === id) await this.newSession();
    return store.deleteSession(id);
  }

  // -------------------------------------------------------------------------------------------
  // Turns

  async send(text: string): Promise<Accepted> {
    await this.ensureLoaded();
    if (this.turn || this.starting) return { accepted: false, reason: 'A turn is running; stop it first.' };
    const prompt = text.trim();
    if (!prompt) return { accepted: false, reason: 'Nothing to send.' };
    const slash = parseSlashCommand(prompt);
    if (slash) {
      this.startTurn((signal) => this.runSlash(prompt, slash, signal));
      return { accepted: true };
    }
    const prepared = await this.prepare();
    // Not sent: the error card says why and how to fix it; the question stays in the composer.
    if (!prepared) return { accepted: false };
    this.startTurn((signal) => this.runModelTurn(prepared, prompt, signal));
    return { accepted: true };
  }

  stop(): boolean {
    if (!this.turn) return false;
    this.turn.controller.abort();
    return true;
  }

  answerApproval(callId: string, answer: ApprovalAnswer): boolean {
    const resolve = this.approvals.get(callId);
    if (!resolve) return false;
    this.approvals.delete(callId);
    resolve(answer);
    return true;
  }

  /** Opens the change a waiting write would make in VS Code's diff editor. */
  async showDiff(callId: string): Promise<boolean> {
    const pending = this.pendingWrites.get(callId);
    return pending ? this.proposed.show(callId, pending.write, pending.roots) : false;
  }

  /** Asks the last question again. When it was never answered (an error), the stored question is reused. */
  async retry(): Promise<Accepted> {
    await this.ensureLoaded();
    if (this.turn || this.starting) return { accepted: false, reason: 'A turn is running.' };
    const lastUser = [...this.transcript.items].reverse().find((i) => i.kind === 'user');
    if (!lastUser || lastUser.kind !== 'user') return { accepted: false, reason: 'There is no question to retry.' };
    const store = await this.openStore();
    const stored = store && this.session ? store.getMessages(this.session.id) : [];
    const last = stored[stored.length - 1];
    const unanswered = last?.role === 'user' && last.content.some((b) => b.type === 'text');
    if (unanswered || !store || !this.session) {
      const prepared = await this.prepare();
      if (!prepared) return { accepted: false };
      this.startTurn((signal) => this.runModelTurn(prepared, lastUser.text, signal, { reuseStoredQuestion: unanswered }));
      return { accepted: true };
    }
    return this.editResend(lastUser.id, lastUser.text);
  }

  /** Edits an earlier question: a new session gets the messages before it, then the new question. */
  async editResend(itemId: string, text: string): Promise<Accepted> {
    await this.ensureLoaded();
    if (this.turn || this.starting) return { accepted: false, reason: 'A turn is running; stop it first.' };
    const index = this.userIndex.get(itemId);
    const store = await this.openStore();
    if (index === undefined || !store || !this.session) return { accepted: false, reason: 'That message can no longer be edited.' };
    const prepared = await this.prepare();
    if (!prepared) return { accepted: false };
    const original = this.session;
    const kept = store.getMessages(original.id).slice(0, index);
    const branch = store.createSession({
      name: `${original.name} (edited)`.slice(0, 200),
      projectPath: original.projectPath,
      provider: original.provider,
      model: original.model,
      agent: original.agent,
      metadata: { branchedFrom: original.id },
    });
    for (const m of kept) store.appendMessage(branch.id, { role: m.role, content: m.content });
    this.load(store, store.getSession(branch.id) ?? branch);
    await this.context.workspaceState.update(SESSION_STATE_KEY, branch.id);
    this.transcript.add({ kind: 'notice', text: `Edited: this is a new branch of “${original.name}” with the messages before the edited one. The original session is unchanged.` });
    await this.emitLoaded();
    this.startTurn((signal) => this.runModelTurn(prepared, text.trim(), signal));
    return { accepted: true };
  }

  private startTurn(run: (signal: AbortSignal) => Promise<void>): void {
    const controller = new AbortController();
    const done = run(controller.signal)
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        this.log.error(`chat turn failed: ${message}`);
        this.transcript.add({ kind: 'error', message, errorKind: 'internal', actions: fixActionsFor('internal') });
      })
      .finally(() => {
        for (const resolve of this.approvals.values()) resolve('deny');
        this.approvals.clear();
        this.turn = undefined;
        this.emit('busyChanged', { busy: false });
      });
    this.turn = { controller, done };
    this.emit('busyChanged', { busy: true });
  }

  /**
   * Everything a turn needs that can fail before anything is sent: the engine, the provider and its key, the
   * agent. On failure an error card says what to do, and nothing is stored.
   */
  private async prepare(): Promise<Prepared | undefined> {
    this.starting = true;
    try {
      return await prepareTurn({
        engines: this.engines,
        context: this.context,
        log: this.log,
        agents: () => this.agents(),
        agentName: this.agentName(),
        fail: (message, kind) => this.fail(message, kind),
      });
    } finally {
      this.starting = false;
    }
  }

  private async runModelTurn(p: Prepared, prompt: string, signal: AbortSignal, opts: { reuseStoredQuestion?: boolean } = {}): Promise<void> {
    const { services, settings } = p;
    const store = await this.openStore();
    const model = p.model ?? '';
    if (store && !this.session) {
      this.session = store.createSession({ name: prompt.replace(/\s+/g, ' ').slice(0, 60), projectPath: services.workspaceRoot, provider: p.id, model, agent: p.agent.name });
      await this.context.workspaceState.update(SESSION_STATE_KEY, this.session.id);
      this.emit('sessionRenamed', { session: summary(this.session) });
    }
    // summaries of compacted messages first, then the active ones (archived originals stay in the store)
    let history: ChatMessage[] = store && this.session ? sessionHistory(store, this.session.id) : [];
    if (opts.reuseStoredQuestion) history = history.slice(0, -1);
    const recorder = store && this.session ? new SessionRecorder(store, this.session.id, model) : undefined;
    this.usage.startTurn();
    const questionIndex = history.length;
    let skipUser = Boolean(opts.reuseStoredQuestion);
    const sessionId = this.session?.id;
    const attached = mentionContext(services.engine, prompt);

    const approvals = this.approvalPort(services);

    let contextTokens = 0;
    try {
      for await (const event of runTurn({
        provider: p.provider,
        model: p.model,
        system: p.system,
        history,
        user: { role: 'user', content: [{ type: 'text', text: prompt }, ...(attached ? [{ type: 'text' as const, text: attached }] : [])] },
        maxIterations: 12,
        maxTokens: p.maxTokens,
        signal,
        tools: {
          registry: services.registry,
          policy: services.policy,
          agent: p.agent,
          always: await services.always.forWorkspace(services.workspaceRoot),
          rememberAlways: (tool) => services.always.allow(services.workspaceRoot, tool),
          approvals,
          audit: services.audit,
          client: 'chat',
          session: sessionId,
          timeoutMs: settings.tools.timeoutSeconds * 1000,
          maxOutputChars: 60_000,
        },
      })) {
        const isQuestion = event.type === 'message' && event.message.role === 'user' && event.message.content.some((b) => b.type === 'text');
        if (isQuestion && skipUser) {
          skipUser = false; // already stored and shown: the failed attempt kept it
          continue;
        }
        try {
          recorder?.record(event);
        } catch (err) {
          this.log.error(`session store: ${err instanceof Error ? err.message : String(err)}`);
        }
        this.transcript.apply(event, (itemId) => this.userIndex.set(itemId, questionIndex));
        if (this.usage.apply(event)) this.emit('usageChanged', { usage: this.usage.figures });
        if (event.type === 'usage') {
          contextTokens = event.inputTokens + event.cacheReadTokens + event.cacheWriteTokens;
          this.contextUsed = contextTokens + event.outputTokens;
          this.emit('contextChanged', { context: this.contextView() });
        }
      }
      if (store && sessionId && !signal.aborted) await this.compactAfterTurn(store, sessionId, p, contextTokens);
    } finally {
      await services.dispose(); // connections to the workspace's MCP servers end with the turn
    }
  }

  /** Approval requests become approval cards; the answer comes from the card (or a Stop, which denies). */
  private approvalPort(services: WorkspaceServices): ApprovalPort {
    return {
      request: (request, sig) =>
        new Promise<ApprovalAnswer>((resolve) => {
          this.approvals.set(request.callId, resolve);
          this.pendingWrites.set(request.callId, {
            write: { tool: request.tool, args: request.args, diff: request.preview?.diff },
            roots: { workspaceRoot: services.workspaceRoot, stacksDir: services.engine.config.stacksBasePath },
          });
          sig.addEventListener('abort', () => resolve('deny'), { once: true });
        }).finally(() => this.pendingWrites.delete(request.callId)),
    };
  }

  /** "Show diff" on a code block that is a whole workspace file: the file beside the block, in the diff editor. */
  async diffCode(relPath: string, content: string): Promise<boolean> {
    const engine = await this.engines.get();
    if (!engine) return false;
    const roots = { workspaceRoot: engine.config.basePath, stacksDir: engine.config.stacksBasePath };
    return this.proposed.show(`code-${++this.codeBlocks}`, { tool: 'file_write', args: { path: relPath, content } }, roots);
  }

  /**
   * "Apply" on such a code block: the write tool runs through the same runner as a model's tool call (agent
   * scope, permission policy, approval card with the diff, audit), shown as a tool card. Not a model turn:
   * nothing is stored in the session.
   */
  async applyCode(relPath: string, content: string): Promise<Accepted> {
    await this.ensureLoaded();
    if (this.turn || this.starting) return { accepted: false, reason: 'A turn is running; stop it first.' };
    const engine = await this.engines.get();
    if (!engine) return { accepted: false, reason: 'There is no atmos.yaml in this workspace.' };
    const settings = assistantSettings();
    const services = await openWorkspaceServices({ cwd: engine.config.basePath, engine, dataDir: this.context.globalStorageUri.fsPath, settings, connectMcpServers: false });
    const catalog = await this.agents();
    const agent = catalog.get(this.agentName()) ?? catalog.get(DEFAULT_AGENT);
    if (!agent) {
      await services.dispose();
      return { accepted: false, reason: `Unknown agent '${this.agentName()}'.` };
    }
    const call = { type: 'tool_use' as const, id: `apply-${Date.now()}-${++this.codeBlocks}`, name: 'file_write', input: { path: relPath, content } };
    this.startTurn(async (signal) => {
      try {
        const result = await runToolCall(
          call,
          {
            registry: services.registry,
            policy: services.policy,
            agent: { name: agent.name, tools: agent.tools },
            always: await services.always.forWorkspace(services.workspaceRoot),
            rememberAlways: (tool) => services.always.allow(services.workspaceRoot, tool),
            approvals: this.approvalPort(services),
            audit: services.audit,
            client: 'chat',
            session: this.session?.id,
            timeoutMs: settings.tools.timeoutSeconds * 1000,
            maxOutputChars: 60_000,
          },
          signal,
          (event) => this.transcript.apply(event),
        );
        const what = result.isError ? `${relPath} was not written.` : `Applied the code block to ${relPath}.`;
        this.transcript.add({ kind: 'notice', text: `${what} Applying a code block is your action, not a model turn: it is not saved in the session.` });
      } finally {
        await services.dispose();
      }
    });
    return { accepted: true };
  }

  /** Auto-compaction (opt-in: atmosAi.compaction.* over atmos.yaml settings.ai.sessions.auto_compact). */
  private async compactAfterTurn(store: SessionStore, sessionId: string, p: Prepared, contextTokens: number): Promise<void> {
    const c = vscode.workspace.getConfiguration('atmosAi.compaction');
    const fromYaml = readAutoCompactSettings(p.services.aiSettings, { ...DEFAULT_COMPACTION, useAiSummary: true });
    const settings = {
      ...fromYaml,
      enabled: c.get<boolean>('enabled', false) || fromYaml.enabled,
      triggerThreshold: c.get<number>('triggerThreshold', fromYaml.triggerThreshold),
      compactRatio: c.get<number>('compactRatio', fromYaml.compactRatio),
      preserveRecent: c.get<number>('preserveRecent', fromYaml.preserveRecent),
      useAiSummary: c.get<boolean>('useAiSummary', fromYaml.useAiSummary),
    };
    try {
      const result = await compactIfNeeded({ store, sessionId, settings, contextTokens, contextWindow: DEFAULT_CONTEXT_WINDOW[p.id] ?? 128_000, summaryProvider: p.provider, summaryModel: p.model });
      if (result.archived > 0) this.transcript.add({ kind: 'notice', text: `Compacted ${result.archived} older messages into a summary (${result.method}); the originals are kept in the session and its exports.` });
    } catch (err) {
      this.log.error(`compaction failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async runSlash(prompt: string, slash: NonNullable<ReturnType<typeof parseSlashCommand>>, signal: AbortSignal): Promise<void> {
    this.transcript.add({ kind: 'user', text: prompt });
    if ('error' in slash) {
      this.transcript.add({ kind: 'notice', text: slash.error });
      return;
    }
    const engine = await this.engines.get();
    if (!engine) {
      this.fail('There is no atmos.yaml in this workspace.', 'config');
      return;
    }
    const services = await openWorkspaceServices({ cwd: engine.config.basePath, engine, dataDir: this.context.globalStorageUri.fsPath, settings: assistantSettings(), connectMcpServers: false });
    const callId = `slash-${Date.now()}`;
    const spec = services.registry.get(slash.tool);
    this.transcript.apply({ type: 'tool_call', callId, tool: slash.tool, args: slash.args, atmosCommand: spec?.atmosCommand?.(slash.args) });
    const started = Date.now();
    const checked = services.registry.validate(slash.tool, slash.args);
    const out = !checked.ok ? { content: checked.message, isError: true } : await spec!.run(checked.args, { signal, client: 'chat' });
    this.transcript.apply({
      type: 'tool_result',
      callId,
      tool: slash.tool,
      content: out.content,
      isError: Boolean(out.isError),
      outcome: out.isError ? 'error' : 'success',
      durationMs: Date.now() - started,
      truncated: false,
    });
    this.transcript.add({ kind: 'notice', text: 'Slash commands run without a model and are not saved in the session.' });
  }

  private async keyChanged(key: string): Promise<void> {
    const provider = currentProvider();
    if (key !== secretKey(provider) || !(await this.context.secrets.get(key))) return;
    this.transcript.resolveErrors(['no_key', 'auth'], `The API key for ${providerLabel(provider)} is set. Send your question again.`);
  }

  private fail(message: string, kind: string): void {
    this.transcript.add({ kind: 'error', message, errorKind: kind, actions: fixActionsFor(kind) });
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  private newTranscript(): Transcript {
    return new Transcript(this.sink(), `s${++this.loads}-`);
  }

  private sink(): TranscriptSink {
    return {
      added: (item) => this.emit('itemAdded', { item }),
      updated: (item) => this.emit('itemUpdated', { item }),
      delta: (id, delta) => this.emit('textDelta', { id, delta }),
      thinking: (id, delta) => this.emit('thinkingDelta', { id, delta }),
    };
  }

  private resetTranscript(messages: TranscriptMessage[]): void {
    const { transcript, userIndex } = Transcript.fromMessages(messages, this.sink(), `s${++this.loads}-`);
    this.transcript = transcript;
    this.userIndex = userIndex;
  }

  private load(store: SessionStore, session: SessionInfo): void {
    this.session = session;
    const messages = store.getMessages(session.id);
    this.resetTranscript(messages.map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content, inputTokens: m.inputTokens, outputTokens: m.outputTokens })));
    this.usage = UsageTally.fromStored(store.totals(session.id), messages);
    const lastAnswer = messages.findLast((m) => m.role === 'assistant' && (m.inputTokens ?? 0) > 0);
    this.contextUsed = lastAnswer ? (lastAnswer.inputTokens ?? 0) + (lastAnswer.outputTokens ?? 0) : 0;
  }

  private async emitLoaded(): Promise<void> {
    this.emit('sessionLoaded', await this.snapshot());
  }

  private async restoreSession(): Promise<void> {
    const id = this.context.workspaceState.get<string>(SESSION_STATE_KEY);
    if (!id) return;
    const store = await this.openStore();
    const session = store?.getSession(id);
    if (store && session) this.load(store, session);
  }

  /** The extension's one session store, shared with the Sessions tree (two stores in a process would be two writers). */
  private async openStore(): Promise<SessionStore | undefined> {
    const store = await sharedSessionStore(this.context, this.log);
    this.storeProblem = store ? undefined : sessionStoreProblem();
    if (store && this.watchedStore !== store) {
      this.watchedStore = store;
      const off = store.onDidChangeSession((change) => this.sessionChanged(change));
      this.disposables.push({ dispose: off });
    }
    return store;
  }

  /** A rename or delete made elsewhere in this window (the Sessions tree): the header follows it. */
  private sessionChanged(change: SessionChange): void {
    if (change.kind === 'updated' && change.session.id === this.session?.id) {
      this.session = change.session;
      this.emit('sessionRenamed', { session: summary(change.session) });
    } else if (change.kind === 'deleted' && change.id === this.session?.id) {
      void this.newSession();
    }
  }

  private async workspaceRoot(): Promise<string | undefined> {
    const engine = await this.engines.get();
    return engine?.config.basePath;
  }

  dispose(): void {
    this.turn?.controller.abort();
    for (const d of this.disposables) d.dispose();
    this.proposed.dispose();
  }
}

function summary(s: SessionInfo): SessionSummary {
  return { id: s.id, name: s.name, updatedAt: s.updatedAt, messageCount: s.messageCount };
}
