/**
 * Ollama's wire format for the fake server: `/api/chat` answers NDJSON lines (ChatResponse), the last with
 * `done: true`; errors are `{"error": "..."}` JSON bodies; `/api/tags` lists the installed models.
 */
import { json, ndjson, type RecordedRequest, type ScriptedResponse } from '../fakeServer';
import type { WireAdapter } from '../suite';
import { TOOL_ERROR_PREFIX } from '../../../src/providers/ollamaWire';

export interface OllamaToolCall {
  id?: string;
  function: { index?: number; name: string; arguments: Record<string, unknown> };
}

export interface OllamaMessage {
  role: string;
  content: string;
  images?: string[];
  tool_calls?: OllamaToolCall[];
  tool_name?: string;
  tool_call_id?: string;
}

export function line(message: Partial<OllamaMessage>, done?: { done_reason?: string; prompt_eval_count?: number; eval_count?: number }): Record<string, unknown> {
  return {
    model: 'test-model',
    created_at: '2026-01-01T00:00:00Z',
    message: { role: 'assistant', content: '', ...message },
    done: !!done,
    ...(done ? { total_duration: 1000, load_duration: 10, prompt_eval_duration: 100, eval_duration: 500, ...done } : {}),
  };
}

export function tags(names: string[]): ScriptedResponse {
  return json(200, { models: names.map((name) => ({ name, model: name, modified_at: '2026-01-01T00:00:00Z', size: 1, digest: 'sha256:0', details: {} })) });
}

interface OllamaRequestBody {
  model: string;
  messages: OllamaMessage[];
  tools?: { type: string; function: { name: string } }[];
  options?: Record<string, unknown>;
  stream?: boolean;
}

export const body = (req: RecordedRequest) => req.json as OllamaRequestBody;

export const ollamaWire: WireAdapter = {
  text(deltas, usage) {
    const lines = deltas.map((d) => line({ content: d }));
    lines.push(line({}, { done_reason: 'stop', prompt_eval_count: usage?.inputTokens ?? 10, eval_count: usage?.outputTokens ?? 5 }));
    return ndjson(lines);
  },
  toolCalls(calls) {
    // Whole calls, one line each (the server emits a call once the model finished it).
    const lines = calls.map((c, index) => line({ tool_calls: [{ id: c.id, function: { index, name: c.name, arguments: JSON.parse(c.argsChunks.join('')) as Record<string, unknown> } }] }));
    lines.push(line({}, { done_reason: 'stop', prompt_eval_count: 10, eval_count: 5 }));
    return ndjson(lines);
  },
  error(status, message, headers) {
    return json(status, { error: message }, headers);
  },
  partial(deltas, after) {
    return { ...ndjson(deltas.map((d) => line({ content: d }))), after };
  },
  systemText: (req) =>
    body(req)
      .messages.filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n'),
  toolUses: (req) =>
    body(req)
      .messages.filter((m) => m.role === 'assistant')
      .flatMap((m) => m.tool_calls ?? [])
      .map((c) => ({ id: c.id ?? '', name: c.function.name, input: c.function.arguments })),
  toolResults: (req) =>
    body(req)
      .messages.filter((m) => m.role === 'tool')
      .map((m) => ({ id: m.tool_call_id ?? '', content: m.content, isError: m.content.startsWith(TOOL_ERROR_PREFIX) })),
  toolNames: (req) => (body(req).tools ?? []).map((t) => t.function.name),
  // Ollama reports no prompt-cache figures.
  expectedUsage: (u) => ({ inputTokens: u.inputTokens, outputTokens: u.outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 }),
  adapted: { 'split-args': 'Ollama sends whole tool calls (one args delta)' },
  notApplicable: { 'cache-markers': 'Ollama has no prompt-cache API (it reuses its KV cache by itself)' },
  streamsToolArgs: false,
  parallelToolCalls: true,
  hasToolCallIds: true,
};
