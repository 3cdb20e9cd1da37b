import assert from 'node:assert/strict';
import { create } from '../../src/providers/openai.lazy';
import { collect, fakeClock, startFakeServer, type FakeServer } from './fakeServer';
import { openaiWire } from './openaiWire';
import { describeProviderSuite } from './suite';

describeProviderSuite('grok', {
  make: (baseUrl, clock) => create('grok', { apiKey: 'xai-test-key-0000000000', baseUrl, clock }),
  wire: openaiWire,
  authHint: /XAI_API_KEY|Set API Key/,
});

describe('grok: specifics', () => {
  let server: FakeServer;
  beforeEach(async () => (server = await startFakeServer()));
  afterEach(() => server.close());

  it('is the Grok provider on the OpenAI wire, with max_tokens and the xAI default model', async () => {
    server.script(openaiWire.text(['ok']));
    const provider = create('grok', { apiKey: 'xai-k', baseUrl: server.url, clock: fakeClock() });
    assert.equal(provider.id, 'grok');
    assert.match(provider.label, /Grok/);
    await collect(provider.stream({ system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxTokens: 64 }));
    const body = server.requests[0].json as Record<string, unknown>;
    assert.equal(server.requests[0].path, '/chat/completions');
    assert.equal(body.max_tokens, 64);
    assert.equal(body.max_completion_tokens, undefined);
    assert.match(String(body.model), /^grok-/);
  });

  it('refuses to call xAI without a key, naming XAI_API_KEY', async () => {
    const events = await collect(create('grok', { clock: fakeClock() }).stream({ system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
    assert.equal(events[0].type === 'error' && events[0].kind, 'auth');
    assert.match(events[0].type === 'error' ? events[0].message : '', /XAI_API_KEY/);
  });
});
