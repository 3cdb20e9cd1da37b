import assert from 'node:assert/strict';
import { create, DEFAULT_AZURE_API_VERSION } from '../../src/providers/azure.lazy';
import { collect, fakeClock, startFakeServer, type FakeServer } from './fakeServer';
import { openaiWire } from './openaiWire';
import { describeProviderSuite } from './suite';

describeProviderSuite('azure', {
  make: (baseUrl, clock) => create('azure', { apiKey: 'azure-test-key', baseUrl, deployment: 'gpt-deploy', clock }),
  wire: openaiWire,
  authHint: /AZURE_OPENAI_API_KEY|Set API Key|Entra/,
});

describe('azure: specifics', () => {
  let server: FakeServer;
  beforeEach(async () => (server = await startFakeServer()));
  afterEach(() => server.close());
  const hi = { system: [], messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };

  it('calls the deployment URL with api-version and the api-key header', async () => {
    server.script(openaiWire.text(['ok']));
    await collect(create('azure', { apiKey: 'azure-test-key', baseUrl: server.url, deployment: 'my-gpt', clock: fakeClock() }).stream(hi));
    const req = server.requests[0];
    assert.equal(req.path, '/openai/deployments/my-gpt/chat/completions');
    assert.equal(req.query.get('api-version'), DEFAULT_AZURE_API_VERSION);
    assert.equal(req.headers['api-key'], 'azure-test-key');
    assert.equal(req.headers.authorization, undefined);
  });

  it('authenticates with an Entra ID token provider instead of a key', async () => {
    server.script(openaiWire.text(['ok']));
    let asked = 0;
    const tokenProvider = async () => `entra-token-${++asked}`;
    await collect(create('azure', { azureAdTokenProvider: tokenProvider, baseUrl: server.url, deployment: 'd', apiVersion: '2025-01-01-preview', clock: fakeClock() }).stream(hi));
    const req = server.requests[0];
    assert.equal(req.headers.authorization, 'Bearer entra-token-1');
    assert.equal(req.headers['api-key'], undefined);
    assert.equal(req.query.get('api-version'), '2025-01-01-preview');
  });

  it('says what is missing: endpoint, deployment, credentials', async () => {
    const noEndpoint = await collect(create('azure', { apiKey: 'k', deployment: 'd' }).stream(hi));
    assert.match(noEndpoint[0].type === 'error' ? noEndpoint[0].message : '', /endpoint/);
    const noDeployment = await collect(create('azure', { apiKey: 'k', baseUrl: server.url }).stream(hi));
    assert.match(noDeployment[0].type === 'error' ? noDeployment[0].message : '', /deployment/);
    const noKey = await collect(create('azure', { baseUrl: server.url, deployment: 'd' }).stream(hi));
    assert.equal(noKey[0].type === 'error' && noKey[0].kind, 'auth');
    assert.equal(server.requests.length, 0);
  });
});
