/** Scripts the OpenAI Chat Completions SSE wire (OpenAI, Grok, Azure OpenAI) for the shared suite. */
import { TOOL_ERROR_PREFIX } from '../../src/providers/openaiChat';
import type { TokenUsage } from '../../src/providers/types';
import { json, sse, type RecordedRequest, type SseFrame } from './fakeServer';
import type { WireAdapter } from './suite';

type Msg = { role: string; content?: unknown; tool_call_id?: string; tool_calls?: { id: string; function: { name: string; arguments: string } }[] };
type Body = { messages: Msg[]; tools?: { function: { name: string } }[] };
const body = (req: RecordedRequest) => req.json as Body;

let seq = 0;
function chunk(delta: Record<string, unknown>, finish: string | null = null): SseFrame {
  return {
    data: { id: `chatcmpl-${++seq}`, object: 'chat.completion.chunk', created: 1_700_000_000, model: 'test-model', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] },
  };
}

function usageFrame(u: TokenUsage): SseFrame {
  const prompt = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  return {
    data: {
      id: `chatcmpl-${++seq}`,
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'test-model',
      choices: [],
      usage: {
        prompt_tokens: prompt,
        completion_tokens: u.outputTokens,
        total_tokens: prompt + u.outputTokens,
        prompt_tokens_details: { cached_tokens: u.cacheReadTokens, cache_write_tokens: u.cacheWriteTokens },
      },
    },
  };
}

const DEFAULT_USAGE: TokenUsage = { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 };
const done: SseFrame = { data: '[DONE]' };

export const openaiWire: WireAdapter = {
  text: (deltas, usage) =>
    sse([chunk({ role: 'assistant', content: '' }), ...deltas.map((content) => chunk({ content })), chunk({}, 'stop'), usageFrame(usage ?? DEFAULT_USAGE), done]),
  toolCalls: (calls) =>
    sse([
      chunk({ role: 'assistant', content: null }),
      ...calls.flatMap((c, index) => [
        chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] }),
        ...c.argsChunks.map((args) => chunk({ tool_calls: [{ index, function: { arguments: args } }] })),
      ]),
      chunk({}, 'tool_calls'),
      usageFrame(DEFAULT_USAGE),
      done,
    ]),
  error: (status, message, headers) =>
    json(status, { error: { message, type: status === 401 ? 'invalid_request_error' : 'server_error', code: status === 401 ? 'invalid_api_key' : null } }, headers),
  partial: (deltas, after) => ({ ...sse([chunk({ role: 'assistant', content: '' }), ...deltas.map((content) => chunk({ content }))]), after }),
  systemText: (req) =>
    body(req)
      .messages.filter((m) => m.role === 'system' || m.role === 'developer')
      .map((m) => String(m.content))
      .join('\n'),
  toolUses: (req) =>
    body(req)
      .messages.flatMap((m) => m.tool_calls ?? [])
      .map((c) => ({ id: c.id, name: c.function.name, input: JSON.parse(c.function.arguments) as unknown })),
  toolResults: (req) =>
    body(req)
      .messages.filter((m) => m.role === 'tool')
      .map((m) => {
        const text = String(m.content);
        const isError = text.startsWith(TOOL_ERROR_PREFIX);
        return { id: m.tool_call_id!, content: isError ? text.slice(TOOL_ERROR_PREFIX.length) : text, isError };
      }),
  toolNames: (req) => (body(req).tools ?? []).map((t) => t.function.name),
  streamsToolArgs: true,
  parallelToolCalls: true,
  hasToolCallIds: true,
};
