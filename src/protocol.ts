/**
 * The one message protocol between the extension host and the chat webview.
 *
 * Requests go webview → host and get exactly one response; events go host → webview and stream
 * state changes incrementally (never the whole state again). Both sides import only this file.
 *
 * The host is the source of truth: the webview asks for a `snapshot` when it loads (first open, or after
 * being hidden and shown again), then applies events. A snapshot is sent again only when the session itself
 * changes (new, switched, branched), never while a turn streams.
 */

export interface PingResult {
  /** The extension's version from package.json. */
  version: string;
  /** Absolute path of the Atmos root (the folder holding atmos.yaml), or null when none was found. */
  atmosRoot: string | null;
  /** How long `activate` took, in milliseconds. */
  activationMs: number;
}

export type ApprovalChoice = 'allow_once' | 'allow_always' | 'deny';

/** Where a tool card is in its life; the approval card's buttons come from this (webview/buttonConfig.ts). */
export type ToolStatus = 'running' | 'awaiting_approval' | 'success' | 'error' | 'denied' | 'cancelled' | 'timeout' | 'invalid';

export interface ToolCard {
  callId: string;
  tool: string;
  args: Record<string, unknown>;
  /** The equivalent `atmos` command line, when the tool has one. */
  atmosCommand?: string;
  status: ToolStatus;
  /** Why the policy asked or refused. */
  reason?: string;
  /** A diff or summary shown on the approval card (file writes). */
  preview?: { diff?: string; summary?: string };
  /** What the user answered, once answered. */
  answer?: ApprovalChoice;
  result?: string;
  durationMs?: number;
  truncated?: boolean;
}

/** What fixes an error: each becomes a button on the error card. */
export type FixAction = 'setApiKey' | 'openSettings' | 'retry' | 'selectProvider' | 'selectModel';

/** One entry of the transcript as the webview shows it. Ids are the host's and stable for a session. */
export type ChatItem =
  | { kind: 'user'; id: string; text: string }
  | {
      kind: 'assistant';
      id: string;
      text: string;
      streaming: boolean;
      usage?: MessageUsage;
      /** The provider reported no token usage for this answer (VS Code language models never do). */
      usageNotReported?: boolean;
      /**
       * The model's reasoning, streamed before the answer (extended thinking, `reasoning_content`). Plain text from
       * the model, shown as text only. Live only: it is not stored with the session, so a reloaded session has none.
       */
      thinking?: string;
    }
  | { kind: 'tool'; id: string; card: ToolCard }
  | { kind: 'error'; id: string; message: string; errorKind: string; actions: FixAction[] }
  | { kind: 'notice'; id: string; text: string };

export interface MessageUsage {
  inputTokens: number;
  outputTokens: number;
  cost?: number;
}

export interface UsageFigures {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cost: number;
  /** Model responses whose provider reported no token usage: the figures above leave them out. */
  unreportedResponses: number;
}

export interface SessionSummary {
  id: string;
  name: string;
  updatedAt: number;
  messageCount: number;
}

export interface MentionCandidate {
  /** What `@` inserts: a stack name or a component name. */
  label: string;
  kind: 'stack' | 'component';
  detail: string;
}

export interface ChatSettingsView {
  provider: string;
  providerLabel: string;
  /** Empty: the provider's default. */
  model: string;
  agent: string;
  agents: { name: string; displayName: string; description: string }[];
  providers: { id: string; label: string }[];
}

/** The header's context-window meter: how full the model's context was on the last request. */
export interface ContextMeterView {
  /** Tokens of the last request: the prompt (cached parts included) plus the answer. 0 before the first turn. */
  usedTokens: number;
  /** The model's context window; null when it is not on file (the meter hides and says why). */
  windowTokens: number | null;
  provider: string;
  /** Empty: the provider's default model. */
  model: string;
  /** Date of the context-window table. */
  asOf: string;
}

export interface ChatSnapshot {
  session: SessionSummary | null;
  /** The newest items only (long sessions open fast); `hiddenItems` older ones come with `earlierItems`. */
  items: ChatItem[];
  hiddenItems: number;
  /** A turn is running (the composer shows Stop). */
  busy: boolean;
  settings: ChatSettingsView;
  usage: UsageFigures;
  context: ContextMeterView;
  /** Set when the session store could not open (the chat still works, unsaved). */
  storeProblem?: string;
}

type Empty = Record<string, never>;

/** Webview → host requests: name → params and result. */
export interface RequestMap {
  ping: { params: Empty; result: PingResult };
  snapshot: { params: Empty; result: ChatSnapshot };
  /** Older transcript items, just before `beforeId` (the oldest the webview has). */
  earlierItems: { params: { beforeId: string; count: number }; result: { items: ChatItem[]; hiddenItems: number } };
  send: { params: { text: string }; result: { accepted: boolean; reason?: string } };
  stop: { params: Empty; result: { stopped: boolean } };
  retry: { params: Empty; result: { accepted: boolean; reason?: string } };
  /** Re-asks from an earlier user message with new text; the host branches a new session (the original stays). */
  editResend: { params: { itemId: string; text: string }; result: { accepted: boolean; reason?: string } };
  approve: { params: { callId: string; answer: ApprovalChoice }; result: { ok: boolean } };
  /** Opens the change a waiting write would make in VS Code's diff editor. */
  showDiff: { params: { callId: string }; result: { ok: boolean } };
  /** A code block that is a whole workspace file (its info string names the path): the change in the diff editor. */
  diffCode: { params: { path: string; content: string }; result: { ok: boolean } };
  /** Writes such a code block through the write tool and the permission policy (an approval card when it asks). */
  applyCode: { params: { path: string; content: string }; result: { accepted: boolean; reason?: string } };
  newSession: { params: Empty; result: { ok: boolean } };
  switchSession: { params: { id: string }; result: { ok: boolean } };
  renameSession: { params: { name: string }; result: { ok: boolean } };
  deleteSession: { params: { id: string }; result: { ok: boolean } };
  listSessions: { params: { query?: string }; result: SessionSummary[] };
  setProvider: { params: { provider: string }; result: { ok: boolean } };
  setModel: { params: { model: string }; result: { ok: boolean } };
  setAgent: { params: { agent: string }; result: { ok: boolean } };
  /** A fix action from an error card, or a header button that opens a VS Code picker. */
  runAction: { params: { action: FixAction | 'selectAgent' }; result: { ok: boolean } };
  /** A link the user clicked in model output; the host checks the scheme and asks before opening. */
  openLink: { params: { href: string }; result: { opened: boolean } };
  copyText: { params: { text: string }; result: { ok: boolean } };
  /** Stacks and components matching what follows an `@` in the composer. */
  mentions: { params: { query: string }; result: MentionCandidate[] };
}

/** Host → webview events: name → payload. */
export interface EventMap {
  atmosRootChanged: { atmosRoot: string | null };
  /** The whole session view, only when the session itself changed (new / switched / branched / deleted). */
  sessionLoaded: ChatSnapshot;
  itemAdded: { item: ChatItem };
  /** A changed item (tool card status, approval answered, assistant finished). Never used for text deltas. */
  itemUpdated: { item: ChatItem };
  textDelta: { id: string; delta: string };
  /** Reasoning text for an assistant item (its `thinking`), streamed before and apart from the answer text. */
  thinkingDelta: { id: string; delta: string };
  busyChanged: { busy: boolean };
  usageChanged: { usage: UsageFigures };
  /** After each model response, and when the provider or model changes. */
  contextChanged: { context: ContextMeterView };
  settingsChanged: { settings: ChatSettingsView };
  sessionRenamed: { session: SessionSummary };
}

export type RequestName = keyof RequestMap;
export type EventName = keyof EventMap;

export interface RequestMessage<K extends RequestName = RequestName> {
  kind: 'request';
  id: number;
  name: K;
  params: RequestMap[K]['params'];
}

export type ResponseMessage<K extends RequestName = RequestName> =
  | { kind: 'response'; id: number; ok: true; result: RequestMap[K]['result'] }
  | { kind: 'response'; id: number; ok: false; error: string };

export interface EventMessage<K extends EventName = EventName> {
  kind: 'event';
  name: K;
  payload: EventMap[K];
}

export type HostToWebview = ResponseMessage | EventMessage;
export type WebviewToHost = RequestMessage;

const requestNameList: { [K in RequestName]: true } = {
  ping: true,
  snapshot: true,
  earlierItems: true,
  send: true,
  stop: true,
  retry: true,
  editResend: true,
  approve: true,
  showDiff: true,
  diffCode: true,
  applyCode: true,
  newSession: true,
  switchSession: true,
  renameSession: true,
  deleteSession: true,
  listSessions: true,
  setProvider: true,
  setModel: true,
  setAgent: true,
  runAction: true,
  openLink: true,
  copyText: true,
  mentions: true,
};
const requestNames: ReadonlySet<string> = new Set(Object.keys(requestNameList));

/** Checks an untrusted value posted by the webview before the host dispatches it. */
export function isRequestMessage(value: unknown): value is RequestMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    m.kind === 'request' &&
    typeof m.id === 'number' &&
    Number.isInteger(m.id) &&
    typeof m.name === 'string' &&
    requestNames.has(m.name) &&
    typeof m.params === 'object' &&
    m.params !== null
  );
}

/** Reads a string parameter from an untrusted request, or throws a clear error. */
export function stringParam(params: unknown, key: string, maxLength = 200_000): string {
  const value = (params as Record<string, unknown>)[key];
  if (typeof value !== 'string') throw new Error(`'${key}' must be a string`);
  if (value.length > maxLength) throw new Error(`'${key}' is longer than ${maxLength} characters`);
  return value;
}
