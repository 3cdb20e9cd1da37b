import assert from 'node:assert/strict';
import { create } from '../../src/providers/openai.lazy';
import { collect, fakeClock, json, sse, startFakeServer, type FakeServer } from './fakeServer';
import { openaiWire } from './openaiWire';
import { describeProviderSuite } from './suite';

describeProviderSuite('openai', {
  make: (baseUrl, clock) => create('openai', { apiKey: 'sk-test-openai', baseUrl, clock }),
  wire: openaiWire,
  authHint: /OPENAI_API_KEY|Set API Key/,
});

describe('openai: specifics', () => {
  let server: FakeServer;
  beforeEach(async () => (server = await startFakeServer()));
  afterEach(() => server.close());
  const hi = { system: [{ text: 'sys' }], messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }], maxTokens: 100 };

  it('posts to /chat/completions with the key, include_usage and max_completion_tokens', async () => {
    server.script(openaiWire.text(['ok']));
    await collect(create('openai', { apiKey: 'sk-test-openai', baseUrl: server.url, clock: fakeClock() }).stream({ ...hi, model: 'gpt-x' }));
    const req = server.requests[0];
    const body = req.json as Record<string, unknown>;
    assert.equal(req.path, '/chat/completions');
    assert.equal(req.headers.authorization, 'Bearer sk-test-openai');
    assert.equal(body.model, 'gpt-x');
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.max_completion_tokens, 100);
    assert.equal(body.max_tokens, undefined);
  });

  it('needs a key for api.openai.com but not for a custom gateway', async () => {
    const noKey = await collect(create('openai', { clock: fakeClock() }).stream(hi));
    assert.equal(noKey.length, 1);
    assert.equal(noKey[0].type === 'error' && noKey[0].kind, 'auth');
    server.script(openaiWire.text(['from the gateway']));
    const events = await collect(create('openai', { baseUrl: server.url, clock: fakeClock() }).stream(hi));
    assert.equal(events.filter((e) => e.type === 'text').map((e) => (e.type === 'text' ? e.delta : '')).join(''), 'from the gateway');
  });

  it('maps a mid-stream error chunk to an error event', async () => {
    server.script(sse([{ data: { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }] } }, { data: { error: { message: 'The server had an error', type: 'server_error' } } }]));
    const events = await collect(create('openai', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() }).stream(hi));
    assert.equal(events[events.length - 1].type, 'error');
  });

  it('maps an unknown model (404) to model_not_found', async () => {
    server.script(json(404, { error: { message: 'The model `gpt-nope` does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' } }));
    const events = await collect(create('openai', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() }).stream({ ...hi, model: 'gpt-nope' }));
    const last = events[events.length - 1];
    assert.equal(last.type === 'error' && last.kind, 'model_not_found');
    assert.match(last.type === 'error' ? last.message : '', /gpt-nope/);
  });

  it('reports invalid tool-argument JSON without failing the stream', async () => {
    server.script(openaiWire.toolCalls([{ id: 'call_bad', name: 'list_stacks', argsChunks: ['{"oops'] }]));
    const events = await collect(create('openai', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() }).stream(hi));
    const end = events.find((e) => e.type === 'tool_call_end');
    assert.ok(end && end.type === 'tool_call_end');
    assert.deepEqual(end.input, {});
    assert.match(end.parseError ?? '', /not valid JSON/);
  });

  it('treats a tool-calling turn that a gateway finishes with "stop" as tool_use', async () => {
    const script = openaiWire.toolCalls([{ id: 'call_g', name: 'list_stacks', argsChunks: ['{}'] }]);
    script.chunks = script.chunks!.map((c) => ({ ...c, data: String(c.data).replace('"finish_reason":"tool_calls"', '"finish_reason":"stop"') }));
    server.script(script);
    const events = await collect(create('openai', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() }).stream(hi));
    assert.deepEqual(events[events.length - 1], { type: 'stop', reason: 'tool_use' });
  });

  it('does not retry a 429 that means the account is out of quota', async () => {
    const clock = fakeClock();
    server.script(json(429, { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota' } }), openaiWire.text(['never']));
    const events = await collect(create('openai', { apiKey: 'k', baseUrl: server.url, clock }).stream(hi));
    const last = events[events.length - 1];
    assert.equal(last.type === 'error' && last.retryable, false);
    assert.match(last.type === 'error' ? last.message : '', /billing/);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(server.requests.length, 1);
  });

  it('streams reasoning_content (xAI, DeepSeek) and reasoning (OpenRouter) as thinking, apart from the answer', async () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ data: { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] } });
    server.script(sse([chunk({ role: 'assistant', reasoning_content: 'Think ' }), chunk({ reasoning: 'harder.' }), chunk({ content: 'Answer.' }), chunk({}, 'stop'), { data: '[DONE]' }]));
    const events = await collect(create('grok', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() }).stream(hi));
    assert.deepEqual(
      events.filter((e) => e.type === 'thinking' || e.type === 'text').map((e) => (e.type === 'thinking' || e.type === 'text' ? `${e.type}:${e.delta}` : '')),
      ['thinking:Think ', 'thinking:harder.', 'text:Answer.'],
    );
  });

  it('lists models', async () => {
    server.script(json(200, { object: 'list', data: [{ id: 'gpt-b', object: 'model', created: 1, owned_by: 'x' }, { id: 'gpt-a', object: 'model', created: 1, owned_by: 'x' }] }));
    const models = await create('openai', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() }).listModels!();
    assert.deepEqual(models.map((m) => m.id), ['gpt-a', 'gpt-b']);
  });
});
