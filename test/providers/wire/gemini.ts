/**
 * Gemini's wire format for the fake server: `:streamGenerateContent?alt=sse` answers with SSE frames, each a
 * GenerateContentResponse JSON; errors are `{error: {code, message, status}}` JSON bodies.
 */
import { json, sse, type RecordedRequest, type ScriptedResponse, type SseFrame } from '../fakeServer';
import type { ScriptedToolCall, WireAdapter } from '../suite';
import type { TokenUsage } from '../../../src/providers/types';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: { id?: string; name: string; args: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount?: number;
}

/** One streamed GenerateContentResponse with candidate 0 holding `parts`. */
export function chunk(parts: GeminiPart[], extra: { finishReason?: string; usageMetadata?: GeminiUsageMetadata } = {}): SseFrame {
  const candidate: Record<string, unknown> = { content: { role: 'model', parts }, index: 0 };
  if (extra.finishReason) candidate.finishReason = extra.finishReason;
  const data: Record<string, unknown> = { candidates: [candidate], modelVersion: 'gemini-test', responseId: 'resp-1' };
  if (extra.usageMetadata) data.usageMetadata = extra.usageMetadata;
  return { data };
}

export function usageMetadata(u: TokenUsage): GeminiUsageMetadata {
  // promptTokenCount includes the cached part on the wire.
  const prompt = u.inputTokens + u.cacheReadTokens;
  return { promptTokenCount: prompt, candidatesTokenCount: u.outputTokens, cachedContentTokenCount: u.cacheReadTokens, totalTokenCount: prompt + u.outputTokens };
}

export function errorBody(status: number, message: string, details?: unknown[]): Record<string, unknown> {
  return { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN', ...(details ? { details } : {}) } };
}

interface GeminiRequestBody {
  contents?: { role: string; parts: GeminiPart[] }[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations?: { name: string }[] }[];
  generationConfig?: Record<string, unknown>;
}

export const body = (req: RecordedRequest) => req.json as GeminiRequestBody;

const allParts = (req: RecordedRequest, role?: string) =>
  (body(req).contents ?? []).filter((c) => role === undefined || c.role === role).flatMap((c) => c.parts);

export const geminiWire: WireAdapter = {
  text(deltas, usage) {
    const frames = deltas.map((d) => chunk([{ text: d }]));
    frames.push(chunk([{ text: '' }], { finishReason: 'STOP', usageMetadata: usage ? usageMetadata(usage) : undefined }));
    return sse(frames);
  },
  toolCalls(calls: ScriptedToolCall[]) {
    // Gemini sends each call whole; parallel calls are parts of one response.
    const parts = calls.map((c) => ({ functionCall: { id: c.id, name: c.name, args: JSON.parse(c.argsChunks.join('')) as Record<string, unknown> } }));
    return sse([chunk(parts), chunk([], { finishReason: 'STOP' })]);
  },
  error(status, message, headers) {
    return json(status, errorBody(status, message), headers);
  },
  partial(deltas, after): ScriptedResponse {
    return { ...sse(deltas.map((d) => chunk([{ text: d }]))), after };
  },
  systemText: (req) => (body(req).systemInstruction?.parts ?? []).map((p) => p.text).join('\n'),
  toolUses: (req) =>
    allParts(req, 'model')
      .filter((p) => p.functionCall)
      .map((p) => ({ id: p.functionCall!.id ?? '', name: p.functionCall!.name, input: p.functionCall!.args })),
  toolResults: (req) =>
    allParts(req, 'user')
      .filter((p) => p.functionResponse)
      .map((p) => {
        const r = p.functionResponse!.response;
        const isError = 'error' in r;
        return { id: p.functionResponse!.id ?? '', content: String(isError ? r.error : r.output), isError };
      }),
  toolNames: (req) => (body(req).tools ?? []).flatMap((t) => t.functionDeclarations ?? []).map((f) => f.name),
  expectedUsage: (u) => ({ ...u, cacheWriteTokens: 0 }),
  adapted: { 'split-args': 'Gemini streams whole functionCall parts (one args delta)' },
  notApplicable: { 'cache-markers': "implicit caching: no markers (stable-prefix covers it; cachedContentTokenCount is reported)" },
  streamsToolArgs: false,
  parallelToolCalls: true,
  hasToolCallIds: true,
};
