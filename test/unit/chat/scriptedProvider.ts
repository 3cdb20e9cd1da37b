/** A ChatProvider that plays scripted replies and records every request: drives full chat loops in tests. */
import type { ChatProvider, ChatRequest, ProviderEvent } from '../../../src/providers/types';

export type Reply = ProviderEvent[] | ((req: ChatRequest) => ProviderEvent[] | AsyncIterable<ProviderEvent>);

export class ScriptedProvider implements ChatProvider {
  readonly id = 'openai' as const;
  readonly label = 'Scripted';
  readonly requests: ChatRequest[] = [];

  constructor(private readonly replies: Reply[]) {}

  async *stream(req: ChatRequest): AsyncIterable<ProviderEvent> {
    this.requests.push(structuredClone({ ...req, signal: undefined }));
    const reply = this.replies.shift();
    if (!reply) {
      yield { type: 'error', kind: 'bad_request', message: 'script exhausted', retryable: false };
      return;
    }
    const events = typeof reply === 'function' ? reply(req) : reply;
    for await (const event of events) {
      if (req.signal?.aborted) {
        yield { type: 'stop', reason: 'cancelled' };
        return;
      }
      yield event;
    }
  }
}

export const say = (text: string): ProviderEvent[] => [
  { type: 'text', delta: text },
  { type: 'usage', inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 },
  { type: 'stop', reason: 'end_turn' },
];

export const callTools = (...calls: { id: string; name: string; input: Record<string, unknown> }[]): ProviderEvent[] => [
  ...calls.flatMap((c): ProviderEvent[] => [
    { type: 'tool_call_start', id: c.id, name: c.name },
    { type: 'tool_call_delta', id: c.id, argsDelta: JSON.stringify(c.input) },
    { type: 'tool_call_end', id: c.id, name: c.name, input: c.input },
  ]),
  { type: 'stop', reason: 'tool_use' },
];
