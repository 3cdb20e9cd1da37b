/**
 * Every provider SDK honours HTTP(S)_PROXY / NO_PROXY (and an explicit proxy, as VS Code's http.proxy gives):
 * the real SDK, through createProvider, against its fake server, with a recording proxy in between.
 */
import assert from 'node:assert/strict';
import { bypassesProxy, proxyFor, proxyFromEnv, redactProxy, resolveProxySettings } from '../../src/providers/proxyConfig';
import { createProvider, setDefaultProxy, withProxy } from '../../src/providers/registry';
import type { ProviderConfig, ProviderId } from '../../src/providers/types';
import { anthropicWire } from './anthropicWire';
import { collect, fakeClock, startFakeServer, type FakeServer, type ScriptedResponse } from './fakeServer';
import { openaiWire } from './openaiWire';
import { startRecordingProxy, type RecordingProxy } from './recordingProxy';
import { bedrockWire } from './wire/bedrock';
import { geminiWire } from './wire/gemini';
import { ollamaWire } from './wire/ollama';

const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];

describe('proxy settings', () => {
  it('reads the variables, lower case first, and NO_PROXY as a list', () => {
    assert.equal(proxyFromEnv({}), undefined);
    assert.deepEqual(proxyFromEnv({ HTTPS_PROXY: 'http://up:3128', https_proxy: 'http://low:3128', NO_PROXY: 'localhost, .corp.example  10.0.0.1' }), {
      httpProxy: undefined,
      httpsProxy: 'http://low:3128',
      noProxy: ['localhost', '.corp.example', '10.0.0.1'],
    });
  });

  it('lets an explicit proxy (VS Code http.proxy) win over the environment, keeping NO_PROXY unless given its own list', () => {
    const env = { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'internal' };
    assert.deepEqual(resolveProxySettings({ url: undefined }, env), resolveProxySettings(undefined, env), 'no explicit proxy: the environment');
    assert.deepEqual(resolveProxySettings({ url: 'http://vs:2' }, env), { httpProxy: 'http://vs:2', httpsProxy: 'http://vs:2', noProxy: ['internal'] });
    assert.deepEqual(resolveProxySettings({ url: 'http://vs:2', noProxy: ['a.example'], strictSSL: false }, env), {
      httpProxy: 'http://vs:2',
      httpsProxy: 'http://vs:2',
      noProxy: ['a.example'],
      strictSSL: false,
    });
    assert.deepEqual(resolveProxySettings({ noProxy: ['b.example'] }, env)?.noProxy, ['b.example']);
  });

  it('matches NO_PROXY entries as curl does: *, domains with their subdomains, .suffix, host:port, IPs', () => {
    const u = (s: string) => new URL(s);
    assert.equal(bypassesProxy(u('https://api.anthropic.com/v1'), ['*']), true);
    assert.equal(bypassesProxy(u('https://api.anthropic.com'), ['anthropic.com']), true);
    assert.equal(bypassesProxy(u('https://notanthropic.com'), ['anthropic.com']), false);
    assert.equal(bypassesProxy(u('https://a.b.example.org'), ['.example.org']), true);
    assert.equal(bypassesProxy(u('https://a.b.example.org'), ['*.example.org']), true);
    assert.equal(bypassesProxy(u('http://127.0.0.1:11434'), ['127.0.0.1:11434']), true);
    assert.equal(bypassesProxy(u('http://127.0.0.1:8080'), ['127.0.0.1:11434']), false);
    assert.equal(bypassesProxy(u('https://host.example'), ['host.example:443']), true);
    assert.equal(bypassesProxy(u('http://[::1]:80/'), ['::1']), true);
    assert.equal(bypassesProxy(u('https://api.openai.com'), []), false);
  });

  it('picks the proxy by scheme and never proxies an exempt host', () => {
    const s = { httpProxy: 'http://h:1', httpsProxy: 'http://s:2', noProxy: ['skip.example'] };
    assert.equal(proxyFor('https://api.x.ai/v1', s), 'http://s:2');
    assert.equal(proxyFor('http://gateway.local/v1', s), 'http://h:1');
    assert.equal(proxyFor('https://skip.example/v1', s), undefined);
    assert.equal(proxyFor('https://api.x.ai', { httpProxy: 'http://h:1' }), undefined, 'HTTP_PROXY does not cover https');
  });

  it('keeps proxy credentials out of messages', () => {
    assert.equal(redactProxy('http://alice:s3cret@proxy.corp:3128'), 'http://…@proxy.corp:3128');
    assert.doesNotMatch(redactProxy('http://alice:s3cret@proxy.corp:3128'), /s3cret|alice/);
  });

  it('falls back to the extension-wide proxy (VS Code http.proxy) when the config names none', async () => {
    setDefaultProxy({ url: 'http://vs:8080' });
    try {
      const withDefault = await withProxy({}, {});
      assert.equal(withDefault.transport?.settings.httpsProxy, 'http://vs:8080');
      const own = await withProxy({ proxy: { url: 'http://own:1' } }, {});
      assert.equal(own.transport?.settings.httpsProxy, 'http://own:1');
    } finally {
      setDefaultProxy(undefined);
    }
    assert.equal((await withProxy({}, {})).transport, undefined);
  });

  it('adds no transport (and loads no proxy library) without a proxy, or when NO_PROXY is *', async () => {
    assert.equal((await withProxy({}, {})).transport, undefined);
    assert.equal((await withProxy({}, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' })).transport, undefined);
    assert.ok((await withProxy({}, { HTTPS_PROXY: 'http://p:1' })).transport);
  });
});

interface Case {
  id: ProviderId;
  config: (baseUrl: string) => ProviderConfig;
  reply: () => ScriptedResponse;
}

const CASES: Case[] = [
  { id: 'anthropic', config: (baseUrl) => ({ apiKey: 'k', baseUrl }), reply: () => anthropicWire.text(['via proxy']) },
  { id: 'openai', config: (baseUrl) => ({ apiKey: 'k', baseUrl }), reply: () => openaiWire.text(['via proxy']) },
  { id: 'grok', config: (baseUrl) => ({ apiKey: 'k', baseUrl }), reply: () => openaiWire.text(['via proxy']) },
  { id: 'azure', config: (baseUrl) => ({ apiKey: 'k', baseUrl, deployment: 'd' }), reply: () => openaiWire.text(['via proxy']) },
  { id: 'gemini', config: (baseUrl) => ({ apiKey: 'k', baseUrl }), reply: () => geminiWire.text(['via proxy']) },
  { id: 'ollama', config: (baseUrl) => ({ baseUrl }), reply: () => ollamaWire.text(['via proxy']) },
  { id: 'bedrock', config: (baseUrl) => ({ baseUrl, region: 'us-east-1', apiKey: 'k' }), reply: () => bedrockWire.text(['via proxy']) },
];

describe('providers through an HTTP proxy (HTTP_PROXY / NO_PROXY)', () => {
  let server: FakeServer;
  let proxy: RecordingProxy;
  let saved: Record<string, string | undefined>;

  beforeEach(async () => {
    saved = Object.fromEntries(PROXY_VARS.map((k) => [k, process.env[k]]));
    for (const k of PROXY_VARS) delete process.env[k];
    server = await startFakeServer();
    proxy = await startRecordingProxy();
  });
  afterEach(async () => {
    for (const k of PROXY_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await server.close();
    await proxy.close();
  });

  const ask = async (c: Case, extra: Partial<ProviderConfig> = {}) => {
    server.script(c.reply());
    const provider = await createProvider(c.id, { ...c.config(server.url), clock: fakeClock(), ...extra });
    const events = await collect(provider.stream({ model: 'm', system: [{ text: 'sys' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
    return events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join('');
  };
  const serverHost = () => new URL(server.url).host;

  for (const c of CASES) {
    it(`${c.id}: goes through HTTP_PROXY, and straight to the server when NO_PROXY names it`, async () => {
      process.env.HTTP_PROXY = proxy.url;
      assert.equal(await ask(c), 'via proxy');
      assert.equal(server.requests.length, 1);
      assert.ok(proxy.requests.length >= 1, 'the proxy saw the request');
      assert.ok(proxy.requests.every((r) => r.target === serverHost()), `proxied to the server: ${JSON.stringify(proxy.requests)}`);

      const seen = proxy.requests.length;
      process.env.NO_PROXY = 'localhost,127.0.0.1';
      assert.equal(await ask(c), 'via proxy');
      assert.equal(server.requests.length, 2);
      assert.equal(proxy.requests.length, seen, 'NO_PROXY: not proxied');
    });
  }

  it('uses an explicit proxy (VS Code http.proxy) without any variable, with its credentials', async () => {
    const u = new URL(proxy.url);
    u.username = 'alice';
    u.password = 'pw';
    assert.equal(await ask(CASES[0], { proxy: { url: u.toString() } }), 'via proxy');
    assert.equal(proxy.requests.length, 1);
    assert.equal(proxy.requests[0].auth, `Basic ${Buffer.from('alice:pw').toString('base64')}`);
  });

  it('reports an unreachable proxy as a network error (check the proxy), without reaching the server', async () => {
    const dead = await startRecordingProxy();
    const url = dead.url;
    await dead.close();
    process.env.HTTP_PROXY = url;
    server.script(openaiWire.text(['never']));
    const provider = await createProvider('openai', { apiKey: 'k', baseUrl: server.url, clock: fakeClock(), retries: { maxRetries: 0 } });
    const events = await collect(provider.stream({ system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
    const last = events[events.length - 1];
    assert.equal(last.type === 'error' && last.kind, 'network');
    assert.match(last.type === 'error' ? last.message : '', /proxy/);
    assert.equal(server.requests.length, 0);
  });
});
