/** Scripts the Anthropic Messages SSE wire for the shared suite. */
import type { TokenUsage } from '../../src/providers/types';
import { json, sse, type RecordedRequest, type SseFrame } from './fakeServer';
import type { WireAdapter } from './suite';

type Body = {
  system?: { type: string; text: string; cache_control?: unknown }[];
  tools?: { name: string; cache_control?: unknown }[];
  messages: { role: string; content: { type: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: unknown; is_error?: boolean; cache_control?: unknown }[] }[];
};
const body = (req: RecordedRequest) => req.json as Body;

export function messageStart(usage?: TokenUsage): SseFrame {
  return {
    event: 'message_start',
    data: {
      type: 'message_start',
      message: {
        id: 'msg_01',
        type: 'message',
        role: 'assistant',
        model: 'test-model',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage?.inputTokens ?? 10,
          output_tokens: 1,
          cache_read_input_tokens: usage?.cacheReadTokens ?? 0,
          cache_creation_input_tokens: usage?.cacheWriteTokens ?? 0,
        },
      },
    },
  };
}

export function textFrames(deltas: string[], index = 0): SseFrame[] {
  return [
    { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } } },
    ...deltas.map((text) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } } })),
  ];
}

function finish(stopReason: string, outputTokens = 5): SseFrame[] {
  return [
    { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } } },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

const resultText = (content: unknown): string =>
  typeof content === 'string' ? content : (content as { text: string }[]).map((t) => t.text).join('');

export const anthropicWire: WireAdapter = {
  text: (deltas, usage) =>
    sse([messageStart(usage), ...textFrames(deltas), { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } }, ...finish('end_turn', usage?.outputTokens)]),
  toolCalls: (calls) =>
    sse([
      messageStart(),
      ...calls.flatMap((c, index): SseFrame[] => [
        { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } } },
        ...c.argsChunks.map((partial_json) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } } })),
        { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
      ]),
      ...finish('tool_use'),
    ]),
  error: (status, message, headers) => json(status, { type: 'error', error: { type: status === 401 ? 'authentication_error' : status === 429 ? 'rate_limit_error' : 'api_error', message } }, headers),
  partial: (deltas, after) => ({ ...sse([messageStart(), ...textFrames(deltas)]), after }),
  systemText: (req) => (body(req).system ?? []).map((p) => p.text).join('\n'),
  toolUses: (req) =>
    body(req)
      .messages.flatMap((m) => m.content)
      .filter((b) => b.type === 'tool_use')
      .map((b) => ({ id: b.id!, name: b.name!, input: b.input })),
  toolResults: (req) =>
    body(req)
      .messages.flatMap((m) => m.content)
      .filter((b) => b.type === 'tool_result')
      .map((b) => ({ id: b.tool_use_id!, content: resultText(b.content), isError: b.is_error === true })),
  toolNames: (req) => (body(req).tools ?? []).map((t) => t.name),
  cacheMarkers: (req) => {
    const b = body(req);
    const lastMessage = b.messages[b.messages.length - 1];
    return {
      systemParts: (b.system ?? []).flatMap((p, i) => (p.cache_control ? [i] : [])),
      lastTool: !!b.tools?.[b.tools.length - 1].cache_control && b.tools.slice(0, -1).every((t) => !t.cache_control),
      tailMessage: !!lastMessage.content[lastMessage.content.length - 1].cache_control,
    };
  },
  streamsToolArgs: true,
  parallelToolCalls: true,
  hasToolCallIds: true,
};
