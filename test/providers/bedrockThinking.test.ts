/**
 * Claude's extended thinking on Bedrock ConverseStream: reasoningContent deltas become `thinking` events (never
 * answer text), and the signed (or redacted) reasoning goes back at the head of the assistant turn with the tool use.
 */
import assert from 'node:assert/strict';
import { create } from '../../src/providers/bedrock.lazy';
import type { ProviderEvent } from '../../src/providers/types';
import { collect, fakeClock, startFakeServer, type FakeServer } from './fakeServer';
import { bedrockWire, body, event, stream } from './wire/bedrock';

describe('bedrock: extended thinking (reasoningContent)', () => {
  let server: FakeServer;
  beforeEach(async () => (server = await startFakeServer()));
  afterEach(() => server.close());

  it('streams reasoning as thinking events and replays it, signed and redacted, before the tool use', async () => {
    const redacted = Buffer.from('opaque-redacted-bytes').toString('base64');
    server.script(
      stream([
        event('messageStart', { role: 'assistant' }),
        event('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Need the ' } } }),
        event('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'stack list.' } } }),
        event('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'sig-bedrock' } } }),
        event('contentBlockStop', { contentBlockIndex: 0 }),
        event('contentBlockDelta', { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: redacted } } }),
        event('contentBlockStop', { contentBlockIndex: 1 }),
        event('contentBlockStart', { contentBlockIndex: 2, start: { toolUse: { toolUseId: 'tu_1', name: 'list_stacks' } } }),
        event('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '{}' } } }),
        event('contentBlockStop', { contentBlockIndex: 2 }),
        event('messageStop', { stopReason: 'tool_use' }),
      ]),
      bedrockWire.text(['dev, prod']),
    );
    const provider = create('bedrock', { baseUrl: server.url, region: 'us-east-1', apiKey: 'k', clock: fakeClock() });
    const base = { model: 'anthropic.claude-test-v1:0', system: [], tools: [{ name: 'list_stacks', description: 'List', inputSchema: { type: 'object' } }] };
    const first = await collect(provider.stream({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'stacks?' }] }] }));
    const of = <T extends ProviderEvent['type']>(t: T) => first.filter((e): e is Extract<ProviderEvent, { type: T }> => e.type === t);
    assert.deepEqual(of('thinking').map((e) => e.delta), ['Need the ', 'stack list.']);
    assert.equal(of('text').length, 0, 'no reasoning in the answer text');
    const [end] = of('tool_call_end');
    assert.ok(end.providerData, 'the reasoning rides on the tool call');

    await collect(
      provider.stream({
        ...base,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'stacks?' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: end.id, name: end.name, input: end.input, providerData: end.providerData }] },
          { role: 'user', content: [{ type: 'tool_result', toolUseId: end.id, content: 'dev, prod' }] },
        ],
      }),
    );
    const assistant = body(server.requests[1]).messages![1].content as Record<string, unknown>[];
    assert.deepEqual(assistant.map((b) => Object.keys(b)[0]), ['reasoningContent', 'reasoningContent', 'toolUse']);
    assert.deepEqual(assistant[0], { reasoningContent: { reasoningText: { text: 'Need the stack list.', signature: 'sig-bedrock' } } });
    assert.deepEqual(assistant[1], { reasoningContent: { redactedContent: redacted } }, 'redacted bytes go back unchanged (base64 on the wire)');
  });
});
