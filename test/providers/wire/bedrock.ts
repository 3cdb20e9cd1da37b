/**
 * Bedrock ConverseStream's wire format for the fake server: `POST /model/{modelId}/converse-stream` answers
 * `application/vnd.amazon.eventstream` — binary frames encoded here with @smithy/eventstream-codec, each
 * with `:message-type` (event | exception), `:event-type` or `:exception-type`, `:content-type` and a JSON
 * payload. HTTP errors are JSON `{message}` bodies named by the `x-amzn-errortype` header.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { binary, json, type RecordedRequest, type ScriptedResponse } from '../fakeServer';
import type { WireAdapter } from '../suite';
import type { TokenUsage } from '../../../src/providers/types';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const STREAM_HEADERS = { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'req-test-1' };

/** One event frame, e.g. event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } }). */
export function event(type: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** An exception frame inside the stream, e.g. exception('throttlingException', 'slow down'). */
export function exception(type: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

export function stream(frames: Uint8Array[], after?: ScriptedResponse['after']): ScriptedResponse {
  return { ...binary(frames, { headers: STREAM_HEADERS }), ...(after ? { after } : {}) };
}

export const textFrames = (deltas: string[], index = 0) => [
  event('contentBlockStart', { contentBlockIndex: index, start: {} }),
  ...deltas.map((text) => event('contentBlockDelta', { contentBlockIndex: index, delta: { text } })),
];

export function metadata(u: TokenUsage): Uint8Array {
  return event('metadata', {
    usage: {
      inputTokens: u.inputTokens,
      outputTokens: u.outputTokens,
      cacheReadInputTokens: u.cacheReadTokens,
      cacheWriteInputTokens: u.cacheWriteTokens,
      totalTokens: u.inputTokens + u.outputTokens + u.cacheReadTokens + u.cacheWriteTokens,
    },
    metrics: { latencyMs: 12 },
  });
}

const ERROR_TYPES: Record<number, string> = {
  400: 'ValidationException',
  401: 'UnrecognizedClientException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

export function httpError(status: number, message: string, headers: Record<string, string> = {}): ScriptedResponse {
  const type = ERROR_TYPES[status] ?? 'InternalServerException';
  return json(status, { message }, { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'x-amzn-requestid': 'req-err-1', ...headers });
}

type Block = Record<string, unknown>;
interface ConverseBody {
  system?: Block[];
  messages: { role: string; content: Block[] }[];
  toolConfig?: { tools: Block[] };
  inferenceConfig?: Record<string, unknown>;
}

export const body = (req: RecordedRequest) => req.json as ConverseBody;

const isCachePoint = (b: Block) => 'cachePoint' in b;

export const bedrockWire: WireAdapter = {
  text(deltas, usage) {
    const frames = [event('messageStart', { role: 'assistant' }), ...textFrames(deltas), event('contentBlockStop', { contentBlockIndex: 0 }), event('messageStop', { stopReason: 'end_turn' })];
    if (usage) frames.push(metadata(usage));
    return stream(frames);
  },
  toolCalls(calls) {
    const frames = [event('messageStart', { role: 'assistant' })];
    calls.forEach((c, index) => {
      frames.push(event('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: c.id, name: c.name } } }));
      for (const input of c.argsChunks) frames.push(event('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input } } }));
      frames.push(event('contentBlockStop', { contentBlockIndex: index }));
    });
    frames.push(event('messageStop', { stopReason: 'tool_use' }));
    frames.push(metadata({ inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 }));
    return stream(frames);
  },
  error: httpError,
  partial(deltas, after) {
    return stream([event('messageStart', { role: 'assistant' }), ...textFrames(deltas)], after);
  },
  systemText: (req) =>
    (body(req).system ?? [])
      .filter((b) => typeof b.text === 'string')
      .map((b) => b.text as string)
      .join('\n'),
  toolUses: (req) =>
    body(req)
      .messages.filter((m) => m.role === 'assistant')
      .flatMap((m) => m.content)
      .filter((b) => b.toolUse)
      .map((b) => {
        const t = b.toolUse as { toolUseId: string; name: string; input: unknown };
        return { id: t.toolUseId, name: t.name, input: t.input };
      }),
  toolResults: (req) =>
    body(req)
      .messages.filter((m) => m.role === 'user')
      .flatMap((m) => m.content)
      .filter((b) => b.toolResult)
      .map((b) => {
        const r = b.toolResult as { toolUseId: string; content: { text?: string }[]; status?: string };
        return { id: r.toolUseId, content: r.content.map((c) => c.text ?? '').join(''), isError: r.status === 'error' };
      }),
  toolNames: (req) =>
    (body(req).toolConfig?.tools ?? [])
      .filter((t) => t.toolSpec)
      .map((t) => (t.toolSpec as { name: string }).name),
  cacheMarkers(req) {
    const b = body(req);
    const systemParts: number[] = [];
    let textIndex = -1;
    for (const block of b.system ?? []) {
      if (isCachePoint(block)) systemParts.push(textIndex);
      else textIndex++;
    }
    const tools = b.toolConfig?.tools ?? [];
    const tail = b.messages[b.messages.length - 1]?.content ?? [];
    return { systemParts, lastTool: tools.length > 0 && isCachePoint(tools[tools.length - 1]), tailMessage: tail.length > 0 && isCachePoint(tail[tail.length - 1]) };
  },
  streamsToolArgs: true,
  parallelToolCalls: true,
  hasToolCallIds: true,
};
