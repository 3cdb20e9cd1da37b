import assert from 'node:assert/strict';
import { create, toAnthropicRequest } from '../../src/providers/anthropic.lazy';
import { anthropicWire, messageStart, textFrames } from './anthropicWire';
import { collect, fakeClock, json, sse, startFakeServer, type FakeServer } from './fakeServer';
import { describeProviderSuite } from './suite';

describeProviderSuite('anthropic', {
  make: (baseUrl, clock) => create('anthropic', { apiKey: 'sk-ant-test', baseUrl, clock }),
  wire: anthropicWire,
  authHint: /ANTHROPIC_API_KEY|Set API Key/,
});

describe('anthropic: specifics', () => {
  let server: FakeServer;
  beforeEach(async () => (server = await startFakeServer()));
  afterEach(() => server.close());

  it('sends the key and the Messages API path, with the model asked for', async () => {
    server.script(anthropicWire.text(['ok']));
    const provider = create('anthropic', { apiKey: 'sk-ant-test', baseUrl: server.url, clock: fakeClock() });
    await collect(provider.stream({ model: 'claude-x', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
    const req = server.requests[0];
    assert.equal(req.path, '/v1/messages');
    assert.ok(req.headers['x-api-key'] === 'sk-ant-test' || req.headers.authorization === 'Bearer sk-ant-test');
    assert.equal((req.json as { model: string }).model, 'claude-x');
    assert.equal((req.json as { stream: boolean }).stream, true);
    assert.equal((req.json as { system?: unknown }).system, undefined, 'no empty system prompt');
  });

  it('reports a missing key without calling the API', async () => {
    const provider = create('anthropic', { baseUrl: server.url, clock: fakeClock() });
    const events = await collect(provider.stream({ system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
    assert.equal(events.length, 1);
    assert.equal(events[0].type === 'error' && events[0].kind, 'auth');
    assert.equal(server.requests.length, 0);
  });

  it('maps an error frame inside the stream (overloaded) to a server error', async () => {
    server.script(
      sse([messageStart(), ...textFrames(['part']), { event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }]),
    );
    const provider = create('anthropic', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() });
    const events = await collect(provider.stream({ system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
    const last = events[events.length - 1];
    assert.equal(last.type, 'error');
    assert.equal(last.type === 'error' && last.kind, 'server');
  });

  it('maps a 400 "prompt is too long" to context_too_long', async () => {
    server.script(json(400, { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } }));
    const provider = create('anthropic', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() });
    const events = await collect(provider.stream({ system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
    assert.equal(events[0].type === 'error' && events[0].kind, 'context_too_long');
    assert.match(events[0].type === 'error' ? events[0].message : '', /compact/);
  });

  it('drops empty text blocks, which the API rejects', () => {
    const body = toAnthropicRequest(
      {
        system: [],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'go' }] },
          { role: 'assistant', content: [{ type: 'text', text: '' }, { type: 'tool_use', id: 't1', name: 'list_stacks', input: {} }] },
        ],
      },
      'm',
    );
    assert.deepEqual((body.messages[1].content as { type: string }[]).map((b) => b.type), ['tool_use']);
  });

  it('keeps at most 4 cache breakpoints: tools, the latest tail marks, then system parts', () => {
    const body = toAnthropicRequest(
      {
        system: [{ text: 'a', cache: true }, { text: 'b', cache: true }, { text: 'c', cache: true }],
        tools: [{ name: 't', description: 'd', inputSchema: { type: 'object' } }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: '1' }], cache: true },
          { role: 'assistant', content: [{ type: 'text', text: '2' }], cache: true },
          { role: 'user', content: [{ type: 'text', text: '3' }], cache: true },
        ],
      },
      'm',
    );
    const marked = JSON.stringify(body).match(/cache_control/g) ?? [];
    assert.equal(marked.length, 4);
    assert.ok((body.tools![0] as { cache_control?: unknown }).cache_control);
    const msgMarks = body.messages.map((m) => JSON.stringify(m).includes('cache_control'));
    assert.deepEqual(msgMarks, [false, true, true]);
    assert.deepEqual((body.system as { cache_control?: unknown }[]).map((p) => !!p.cache_control), [true, false, false]);
  });

  it('hands signed thinking to the tool call and replays it at the head of the assistant turn', async () => {
    server.script(
      sse([
        messageStart(),
        { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } } },
        { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Need the vpc.' } } },
        { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig-123' } } },
        { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
        ...textFrames(['Checking.'], 1),
        { event: 'content_block_stop', data: { type: 'content_block_stop', index: 1 } },
        { event: 'content_block_start', data: { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'list_stacks', input: {} } } },
        { event: 'content_block_stop', data: { type: 'content_block_stop', index: 2 } },
        { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 9 } } },
        { event: 'message_stop', data: { type: 'message_stop' } },
      ]),
      anthropicWire.text(['done']),
    );
    const provider = create('anthropic', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() });
    const first = await collect(provider.stream({ system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'list' }] }] }));
    const end = first.find((e) => e.type === 'tool_call_end');
    assert.ok(end && end.type === 'tool_call_end' && end.providerData);
    // The thinking streams as its own events, before the answer, and never inside the answer text.
    assert.deepEqual(first.filter((e) => e.type === 'thinking'), [{ type: 'thinking', delta: 'Need the vpc.' }]);
    assert.equal(first.filter((e) => e.type === 'text').map((e) => (e.type === 'text' ? e.delta : '')).join(''), 'Checking.');
    assert.ok(first.findIndex((e) => e.type === 'thinking') < first.findIndex((e) => e.type === 'text'));
    await collect(
      provider.stream({
        system: [],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'list' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: end.id, name: end.name, input: end.input, providerData: end.providerData }] },
          { role: 'user', content: [{ type: 'tool_result', toolUseId: end.id, content: 'dev, prod' }] },
        ],
      }),
    );
    const assistant = (server.requests[1].json as { messages: { content: { type: string; signature?: string; thinking?: string }[] }[] }).messages[1];
    assert.deepEqual(assistant.content.map((b) => b.type), ['thinking', 'text', 'tool_use']);
    assert.equal(assistant.content[0].signature, 'sig-123');
    assert.equal(assistant.content[0].thinking, 'Need the vpc.');
  });

  it('lists models', async () => {
    server.script(json(200, { data: [{ id: 'claude-a', display_name: 'Claude A', type: 'model', created_at: '2026-01-01T00:00:00Z' }], has_more: false, first_id: 'claude-a', last_id: 'claude-a' }));
    const provider = create('anthropic', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() });
    const models = await provider.listModels!();
    assert.deepEqual(models.map((m) => [m.id, m.displayName]), [['claude-a', 'Claude A']]);
  });
});
