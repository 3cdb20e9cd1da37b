/**
 * A stand-in for the `vscode` module with just the language-model API (`vscode.lm`), so
 * src/vscode/vscodeLmProvider.ts runs unchanged in plain Node (register.ts makes `import 'vscode'` resolve here).
 *
 * The chat models it returns do what VS Code's extension host does with a vendor's model: `sendRequest` hands
 * the messages to the vendor and streams its parts back, honouring the CancellationToken. The "vendor" is the
 * shared fake HTTP server: the request body is the messages and options as the adapter built them (parts by
 * kind, so a test can read the call ids), the answer is NDJSON, one part a line:
 *   {"text": "..."}   {"toolCall": {"callId": "...", "name": "...", "input": {...}}}
 * An HTTP error becomes what a vendor's failure looks like to the caller: 401/403 LanguageModelError.NoPermissions,
 * 404 NotFound, 429 Blocked (VS Code carries error codes, no status, no retry-after), anything else a plain Error
 * with the vendor's message; a broken body rejects the stream; a cancelled request rejects with CancellationError.
 * Class shapes and error codes follow VS Code 1.139's extension host.
 */

export class LanguageModelTextPart {
  constructor(public value: string) {}
}

export class LanguageModelToolCallPart {
  constructor(
    public callId: string,
    public name: string,
    public input: object,
  ) {}
}

export class LanguageModelToolResultPart {
  constructor(
    public callId: string,
    public content: unknown[],
  ) {}
}

export enum LanguageModelChatMessageRole {
  User = 1,
  Assistant = 2,
}

type MessagePart = LanguageModelTextPart | LanguageModelToolCallPart | LanguageModelToolResultPart;

export class LanguageModelChatMessage {
  static User(content: string | MessagePart[], name?: string): LanguageModelChatMessage {
    return new LanguageModelChatMessage(LanguageModelChatMessageRole.User, content, name);
  }
  static Assistant(content: string | MessagePart[], name?: string): LanguageModelChatMessage {
    return new LanguageModelChatMessage(LanguageModelChatMessageRole.Assistant, content, name);
  }
  content: MessagePart[];
  constructor(
    public role: LanguageModelChatMessageRole,
    content: string | MessagePart[],
    public name?: string,
  ) {
    this.content = typeof content === 'string' ? [new LanguageModelTextPart(content)] : content;
  }
}

export class LanguageModelError extends Error {
  static NotFound(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'NotFound');
  }
  static NoPermissions(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'NoPermissions');
  }
  static Blocked(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'Blocked');
  }
  readonly code: string;
  constructor(message?: string, code?: string) {
    super(message);
    this.name = 'LanguageModelError';
    this.code = code ?? '';
  }
}

export class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

export interface CancellationToken {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export class CancellationTokenSource {
  private listeners: (() => void)[] = [];
  private cancelled = false;
  readonly token: CancellationToken = {
    get isCancellationRequested() {
      return false;
    },
    onCancellationRequested: (l) => {
      this.listeners.push(l);
      return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
    },
  };
  constructor() {
    Object.defineProperty(this.token, 'isCancellationRequested', { get: () => this.cancelled });
  }
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const l of this.listeners) l();
  }
  dispose(): void {
    this.listeners = [];
  }
}

// ---------------------------------------------------------------------------------------------
// The models and their wire

export interface FakeModelInfo {
  id: string;
  name?: string;
  vendor?: string;
  family?: string;
  maxInputTokens?: number;
}

interface FakeLmState {
  baseUrl: string;
  models: FakeModelInfo[];
  /** Every sendRequest, as the adapter made it (for tests that inspect the objects, not the JSON). */
  calls: { model: string; messages: LanguageModelChatMessage[]; options: Record<string, unknown> }[];
}

const state: FakeLmState = { baseUrl: 'http://127.0.0.1:9', models: [], calls: [] };

/** Test control: where the vendor lives and which models VS Code lists. */
export function configureFakeLm(config: { baseUrl: string; models: FakeModelInfo[] }): FakeLmState {
  state.baseUrl = config.baseUrl;
  state.models = config.models;
  state.calls = [];
  return state;
}

function serializePart(p: unknown): unknown {
  if (p instanceof LanguageModelTextPart) return { type: 'text', value: p.value };
  if (p instanceof LanguageModelToolCallPart) return { type: 'tool_call', callId: p.callId, name: p.name, input: p.input };
  if (p instanceof LanguageModelToolResultPart) return { type: 'tool_result', callId: p.callId, content: p.content.map(serializePart) };
  return { type: 'unknown', value: String(p) };
}

function serializeMessage(m: LanguageModelChatMessage): unknown {
  return { role: m.role === LanguageModelChatMessageRole.User ? 'user' : 'assistant', content: m.content.map(serializePart) };
}

function errorFor(status: number, message: string): Error {
  if (status === 401 || status === 403) return LanguageModelError.NoPermissions(message);
  if (status === 404) return LanguageModelError.NotFound(message);
  if (status === 429) return LanguageModelError.Blocked(message);
  return new Error(message);
}

async function* responseParts(body: ReadableStream<Uint8Array>, token: CancellationToken): AsyncGenerator<LanguageModelTextPart | LanguageModelToolCallPart> {
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for await (const chunk of body) {
      buffered += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        const part = JSON.parse(line) as { text?: string; toolCall?: { callId: string; name: string; input: object } };
        if (part.text !== undefined) yield new LanguageModelTextPart(part.text);
        if (part.toolCall) yield new LanguageModelToolCallPart(part.toolCall.callId, part.toolCall.name, part.toolCall.input);
      }
    }
  } catch (err) {
    if (token.isCancellationRequested) throw new CancellationError();
    // VS Code re-creates a vendor's error from its serialized name and message.
    throw new Error(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

function chatModel(info: FakeModelInfo) {
  return {
    id: info.id,
    name: info.name ?? info.id,
    vendor: info.vendor ?? 'fake',
    family: info.family ?? info.id,
    version: '1',
    maxInputTokens: info.maxInputTokens ?? 100_000,
    countTokens: async (text: string | LanguageModelChatMessage) => Math.ceil(JSON.stringify(typeof text === 'string' ? text : serializeMessage(text)).length / 4),
    async sendRequest(messages: LanguageModelChatMessage[], options: Record<string, unknown> = {}, token?: CancellationToken) {
      state.calls.push({ model: info.id, messages, options });
      const ac = new AbortController();
      token?.onCancellationRequested(() => ac.abort());
      if (token?.isCancellationRequested) throw new CancellationError();
      let res: Response;
      try {
        res = await fetch(`${state.baseUrl}/lm/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: info.id, messages: messages.map(serializeMessage), options }),
          signal: ac.signal,
        });
      } catch (err) {
        if (token?.isCancellationRequested) throw new CancellationError();
        throw new Error(err instanceof Error ? err.message : String(err), { cause: err });
      }
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
        throw errorFor(res.status, body.error?.message ?? `HTTP ${res.status}`);
      }
      const stream = responseParts(res.body!, token ?? new CancellationTokenSource().token);
      return {
        stream,
        text: (async function* () {
          for await (const p of stream) if (p instanceof LanguageModelTextPart) yield p.value;
        })(),
      };
    },
  };
}

export const lm = {
  selectChatModels: async (selector: { vendor?: string; family?: string; id?: string } = {}) =>
    state.models
      .filter((m) => (!selector.vendor || (m.vendor ?? 'fake') === selector.vendor) && (!selector.id || m.id === selector.id) && (!selector.family || (m.family ?? m.id) === selector.family))
      .map(chatModel),
};
