/**
 * The WireAdapter for VS Code language models: the "wire" is fakeVscode.ts's vendor protocol (the messages
 * and options the adapter handed to `LanguageModelChat.sendRequest`, as JSON; NDJSON parts back).
 */
import { json, ndjson, type RecordedRequest } from './fakeServer';
import type { WireAdapter } from './suite';

interface Part {
  type: 'text' | 'tool_call' | 'tool_result';
  value?: string;
  callId?: string;
  name?: string;
  input?: unknown;
  content?: Part[];
}
interface Body {
  messages: { role: 'user' | 'assistant'; content: Part[] }[];
  options: { tools?: { name: string }[] };
}

const body = (req: RecordedRequest) => req.json as Body;
const parts = (req: RecordedRequest, role: 'user' | 'assistant', type: Part['type']) =>
  body(req)
    .messages.filter((m) => m.role === role)
    .flatMap((m) => m.content.filter((p) => p.type === type));
const textOf = (ps: Part[] = []) => ps.map((p) => p.value ?? '').join('');

export const vscodeLmWire: WireAdapter = {
  text: (deltas) => ndjson(deltas.map((text) => ({ text }))),
  toolCalls: (calls) => ndjson(calls.map((c) => ({ toolCall: { callId: c.id, name: c.name, input: JSON.parse(c.argsChunks.join('')) as unknown } }))),
  error: (status, message, headers) => json(status, { error: { message } }, headers),
  partial: (deltas, after) => ({ ...ndjson(deltas.map((text) => ({ text }))), after }),

  // No system role in vscode.lm: the system prompt is the leading user message.
  systemText: (req) => textOf(body(req).messages[0]?.content),
  toolUses: (req) => parts(req, 'assistant', 'tool_call').map((p) => ({ id: p.callId!, name: p.name!, input: p.input })),
  toolResults: (req) =>
    parts(req, 'user', 'tool_result').map((p) => {
      const content = textOf(p.content);
      return { id: p.callId!, content, isError: content.startsWith('Error: ') };
    }),
  toolNames: (req) => (body(req).options.tools ?? []).map((t) => t.name),

  streamsToolArgs: false,
  parallelToolCalls: true,
  hasToolCallIds: true,
  hasHttpStatus: false,
  hasRetryAfter: false,
  notApplicable: {
    usage: 'vscode.lm reports no token usage',
    'cache-markers': 'vscode.lm has no cache control',
  },
  adapted: {
    'split-args': 'vscode.lm hands over whole LanguageModelToolCallParts (one args delta)',
    'tool-results': 'no is_error field: an error result is sent as text starting "Error:"',
    'system+tools': 'no system role: the system prompt is the leading user message',
    '401': 'LanguageModelError.NoPermissions (no HTTP status)',
    'context-400': "the vendor's error text is matched (no status)",
    'model-404': 'LanguageModelError.NotFound',
    '429-retry': 'LanguageModelError.Blocked has no retry-after: one backoff wait',
    '500-retry': "a vendor's plain Error is retried with backoff",
  },
};
