import assert from 'node:assert/strict';
import { create } from '../../src/providers/gemini.lazy';
import { SKIP_SIGNATURE } from '../../src/providers/geminiWire';
import type { ChatMessage, ChatProvider, ChatRequest, ProviderEvent } from '../../src/providers/types';
import { collect, fakeClock, json, sse, startFakeServer, type FakeClock, type FakeServer } from './fakeServer';
import { describeProviderSuite } from './suite';
import { body, chunk, errorBody, geminiWire } from './wire/gemini';

const make = (baseUrl: string, clock: FakeClock) => create('gemini', { apiKey: 'test-gemini-key', baseUrl, clock });

describeProviderSuite('gemini', { make, wire: geminiWire, authHint: /GEMINI_API_KEY|Set API Key/ });

const ofType = <T extends ProviderEvent['type']>(events: ProviderEvent[], type: T) =>
  events.filter((e): e is Extract<ProviderEvent, { type: T }> => e.type === type);
const last = (events: ProviderEvent[]) => events[events.length - 1];

function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'gemini-2.5-flash',
    system: [{ text: 'You are Atmos AI.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    tools: [{ name: 'list_stacks', description: 'List the stacks', inputSchema: { type: 'object', properties: {} } }],
    ...extra,
  };
}

describe('gemini: wire specifics', () => {
  let server: FakeServer;
  let clock: FakeClock;
  let provider: ChatProvider;

  beforeEach(async () => {
    server = await startFakeServer();
    clock = fakeClock();
    provider = create('gemini', { apiKey: 'test-gemini-key', baseUrl: server.url, clock });
  });
  afterEach(() => server.close());

  it('posts to :streamGenerateContent?alt=sse with the key header, system instruction, JSON-schema tools and limits', async () => {
    server.script(geminiWire.text(['ok']));
    await collect(provider.stream(request({ maxTokens: 256, temperature: 0.1 })));
    const sent = server.requests[0];
    assert.equal(sent.path, '/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    assert.equal(sent.query.get('alt'), 'sse');
    assert.equal(sent.headers['x-goog-api-key'], 'test-gemini-key');
    const b = body(sent);
    assert.deepEqual(b.systemInstruction, { parts: [{ text: 'You are Atmos AI.' }] });
    assert.deepEqual(b.tools, [{ functionDeclarations: [{ name: 'list_stacks', description: 'List the stacks', parametersJsonSchema: { type: 'object', properties: {} } }] }]);
    assert.deepEqual(b.generationConfig, { maxOutputTokens: 256, temperature: 0.1 });
    assert.deepEqual(b.contents, [{ role: 'user', parts: [{ text: 'hi' }] }]);
  });

  it('synthesises ids for calls without one and replays them by name, without the made-up id', async () => {
    server.script(sse([chunk([{ functionCall: { name: 'list_stacks', args: {} } }, { functionCall: { name: 'list_stacks', args: { page: 2 } } }]), chunk([], { finishReason: 'STOP' })]));
    const events = await collect(provider.stream(request()));
    const ends = ofType(events, 'tool_call_end');
    assert.equal(ends.length, 2);
    assert.notEqual(ends[0].id, ends[1].id);
    assert.ok(ends.every((e) => e.id.length > 0));

    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: ends.map((e) => ({ type: 'tool_use' as const, id: e.id, name: e.name, input: e.input })) },
      { role: 'user', content: ends.map((e, i) => ({ type: 'tool_result' as const, toolUseId: e.id, content: `page ${i + 1}` })) },
    ];
    server.script(geminiWire.text(['done']));
    await collect(provider.stream(request({ messages })));
    const contents = body(server.requests[1]).contents!;
    assert.deepEqual(contents[1], { role: 'model', parts: [{ functionCall: { name: 'list_stacks', args: {} } }, { functionCall: { name: 'list_stacks', args: { page: 2 } } }] });
    assert.deepEqual(contents[2], {
      role: 'user',
      parts: [{ functionResponse: { name: 'list_stacks', response: { output: 'page 1' } } }, { functionResponse: { name: 'list_stacks', response: { output: 'page 2' } } }],
    });
  });

  it('sends a call’s thoughtSignature back with it on the next turn', async () => {
    server.script(sse([chunk([{ functionCall: { id: 'fc-9', name: 'list_stacks', args: {} }, thoughtSignature: 'c2lnLTk=' }]), chunk([], { finishReason: 'STOP' })]));
    const events = await collect(provider.stream(request({ model: 'gemini-3-pro-preview' })));
    const [end] = ofType(events, 'tool_call_end');
    assert.equal(end.id, 'fc-9');
    assert.deepEqual(end.providerData, { thoughtSignature: 'c2lnLTk=' });
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'fc-9', name: 'list_stacks', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 'fc-9', content: 'dev, prod' }] },
    ];
    server.script(geminiWire.text(['done']));
    await collect(provider.stream(request({ model: 'gemini-3-pro-preview', messages })));
    const replayed = body(server.requests[1]).contents![1].parts[0];
    assert.deepEqual(replayed, { functionCall: { name: 'list_stacks', args: {}, id: 'fc-9' }, thoughtSignature: 'c2lnLTk=' });
  });

  it('replays a signature stored on the tool_use block (session reloaded, new provider instance)', async () => {
    const fresh = create('gemini', { apiKey: 'test-gemini-key', baseUrl: server.url, clock });
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'fc-7', name: 'list_stacks', input: {}, providerData: { thoughtSignature: 'c3RvcmVk' } }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 'fc-7', content: 'dev' }] },
    ];
    server.script(geminiWire.text(['ok']));
    await collect(fresh.stream(request({ model: 'gemini-3-pro-preview', messages })));
    assert.equal(body(server.requests[0]).contents![1].parts[0].thoughtSignature, 'c3RvcmVk');
  });

  it('puts the documented placeholder signature on a Gemini 3 replay whose signature is unknown (first call only)', async () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'old-1', name: 'list_stacks', input: {} },
          { type: 'tool_use', id: 'old-2', name: 'list_stacks', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', toolUseId: 'old-1', content: 'a' },
          { type: 'tool_result', toolUseId: 'old-2', content: 'b' },
        ],
      },
    ];
    server.script(geminiWire.text(['ok']), geminiWire.text(['ok']));
    await collect(provider.stream(request({ model: 'gemini-3-flash-preview', messages })));
    await collect(provider.stream(request({ model: 'gemini-2.5-flash', messages })));
    const g3 = body(server.requests[0]).contents![1].parts;
    assert.deepEqual(
      g3.map((p) => p.thoughtSignature),
      [SKIP_SIGNATURE, undefined],
    );
    const g25 = body(server.requests[1]).contents![1].parts;
    assert.ok(g25.every((p) => p.thoughtSignature === undefined), 'older models get no placeholder');
  });

  it('normalises usage: input excludes the cached part, thinking tokens count as output', async () => {
    server.script(
      sse([chunk([{ text: 'x' }], { usageMetadata: { promptTokenCount: 900 } }), chunk([{ text: 'y' }], { finishReason: 'STOP', usageMetadata: { promptTokenCount: 1000, cachedContentTokenCount: 600, candidatesTokenCount: 40, thoughtsTokenCount: 25, totalTokenCount: 1065 } })]),
    );
    const events = await collect(provider.stream(request()));
    const usage = ofType(events, 'usage');
    assert.equal(usage.length, 1, 'running totals collapse into one usage event');
    assert.deepEqual(usage[0], { type: 'usage', inputTokens: 400, outputTokens: 65, cacheReadTokens: 600, cacheWriteTokens: 0 });
  });

  it('skips thought-summary parts in the answer text', async () => {
    server.script(sse([chunk([{ text: 'pondering', thought: true }, { text: 'Answer' }], { finishReason: 'STOP' })]));
    const events = await collect(provider.stream(request()));
    assert.deepEqual(ofType(events, 'text').map((e) => e.delta), ['Answer']);
  });

  it('maps the 400 API_KEY_INVALID quirk to an auth error', async () => {
    server.script(json(400, errorBody(400, 'API key not valid. Please pass a valid API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }])));
    const events = await collect(provider.stream(request()));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'auth');
    assert.equal(err.status, 400);
    assert.match(err.message, /GEMINI_API_KEY/);
  });

  it('honours google.rpc.RetryInfo when a 429 has no retry-after header', async () => {
    server.script(json(429, errorBody(429, 'Resource has been exhausted', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' }])), geminiWire.text(['ok']));
    const events = await collect(provider.stream(request()));
    assert.equal(last(events).type, 'stop');
    assert.deepEqual(clock.sleeps, [12000]);
  });

  it('treats a stream that ends without a finish reason as broken', async () => {
    server.script(sse([chunk([{ text: 'half' }])]));
    const events = await collect(provider.stream(request()));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'network');
    assert.match(err.message, /without a finish reason/);
    assert.equal(server.requests.length, 1);
  });

  it('reports an error frame inside the stream', async () => {
    server.script(sse([chunk([{ text: 'so far' }]), { data: errorBody(500, 'backend exploded') }]));
    const events = await collect(provider.stream(request()));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'server');
    assert.match(err.message, /backend exploded/);
  });

  it('reports a blocked prompt clearly', async () => {
    server.script(sse([{ data: { promptFeedback: { blockReason: 'SAFETY' } } }]));
    const events = await collect(provider.stream(request()));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'bad_request');
    assert.match(err.message, /SAFETY/);
  });

  it('maps finish reasons: MAX_TOKENS to max_tokens, SAFETY to other', async () => {
    server.script(sse([chunk([{ text: 'a' }], { finishReason: 'MAX_TOKENS' })]), sse([chunk([{ text: 'b' }], { finishReason: 'SAFETY' })]));
    assert.deepEqual(last(await collect(provider.stream(request()))), { type: 'stop', reason: 'max_tokens' });
    assert.deepEqual(last(await collect(provider.stream(request()))), { type: 'stop', reason: 'other' });
  });

  it('says there is no key before sending anything', async () => {
    const keyless = create('gemini', { clock });
    const events = await collect(keyless.stream(request()));
    assert.equal(events.length, 1);
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'auth');
    assert.match(err.message, /GEMINI_API_KEY/);
    assert.equal(server.requests.length, 0);
  });

  it('turns a 404 for the model into "model X not found; available: …"', async () => {
    server.script(json(404, errorBody(404, 'models/gemini-9-ultra is not found for API version v1beta, or is not supported for generateContent.')));
    server.handle((req) =>
      req.path === '/v1beta/models'
        ? json(200, { models: [{ name: 'models/gemini-2.5-pro', supportedGenerationMethods: ['generateContent'] }, { name: 'models/gemini-2.5-flash', supportedGenerationMethods: ['generateContent'] }] })
        : undefined,
    );
    const events = await collect(provider.stream(request({ model: 'gemini-9-ultra' })));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'model_not_found');
    assert.equal(err.message, "Gemini: model 'gemini-9-ultra' not found; available: gemini-2.5-pro, gemini-2.5-flash — pick one of these.");
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/v1beta/models/gemini-9-ultra:streamGenerateContent', '/v1beta/models'],
    );
  });

  it('adds configured extra headers (gateways)', async () => {
    const gw = create('gemini', { apiKey: 'test-gemini-key', baseUrl: server.url, headers: { 'x-gateway-tenant': 'atmos' }, clock });
    server.script(geminiWire.text(['ok']));
    await collect(gw.stream(request()));
    assert.equal(server.requests[0].headers['x-gateway-tenant'], 'atmos');
  });

  it('lists the models that can generate content', async () => {
    server.handle((req) =>
      req.path === '/v1beta/models'
        ? json(200, {
            models: [
              { name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', inputTokenLimit: 1048576, supportedGenerationMethods: ['generateContent', 'countTokens'] },
              { name: 'models/text-embedding-004', displayName: 'Embedding', supportedGenerationMethods: ['embedContent'] },
            ],
          })
        : undefined,
    );
    const models = await provider.listModels!();
    assert.deepEqual(models, [{ id: 'gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', contextWindow: 1048576 }]);
    assert.equal(server.requests[0].headers['x-goog-api-key'], 'test-gemini-key');
  });
});
