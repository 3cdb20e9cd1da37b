import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { create } from '../../src/providers/bedrock.lazy';
import { MAX_CACHE_POINTS } from '../../src/providers/bedrockWire';
import type { ChatProvider, ChatRequest, ProviderConfig, ProviderEvent } from '../../src/providers/types';
import { collect, fakeClock, startFakeServer, type FakeClock, type FakeServer } from './fakeServer';
import { describeProviderSuite } from './suite';
import { bedrockWire, body, event, exception, httpError, stream, textFrames } from './wire/bedrock';

// A Bedrock API key (bearer) keeps the shared suite independent of the AWS credential chain; SigV4 is tested below.
const make = (baseUrl: string, clock: FakeClock) => create('bedrock', { baseUrl, region: 'us-east-1', apiKey: 'bedrock-test-key', clock });

describeProviderSuite('bedrock', { make, wire: bedrockWire, authHint: /aws sso login|AWS_ACCESS_KEY_ID/ });

const ofType = <T extends ProviderEvent['type']>(events: ProviderEvent[], type: T) =>
  events.filter((e): e is Extract<ProviderEvent, { type: T }> => e.type === type);
const last = (events: ProviderEvent[]) => events[events.length - 1];
const cachePoints = (blocks: Record<string, unknown>[] | undefined) => (blocks ?? []).filter((b) => 'cachePoint' in b).length;

function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'anthropic.claude-test-v1:0',
    system: [{ text: 'You are Atmos AI.', cache: true }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    tools: [{ name: 'list_stacks', description: 'List the stacks', inputSchema: { type: 'object', properties: {} } }],
    ...extra,
  };
}

/** Sets environment variables for one test and puts the old values back. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined) delete process.env[k];
      else process.env[k] = val;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

describe('bedrock: wire specifics', () => {
  let server: FakeServer;
  let clock: FakeClock;
  let provider: ChatProvider;
  const config = (extra: Partial<ProviderConfig> = {}): ProviderConfig => ({ baseUrl: server.url, region: 'us-east-1', apiKey: 'bedrock-test-key', clock, ...extra });

  beforeEach(async () => {
    server = await startFakeServer();
    clock = fakeClock();
    provider = create('bedrock', config());
  });
  afterEach(() => server.close());

  it('posts ConverseStream to /model/{id}/converse-stream with system, toolConfig and inferenceConfig, bearer key', async () => {
    server.script(bedrockWire.text(['ok']));
    await collect(provider.stream(request({ maxTokens: 400, temperature: 0.3 })));
    const sent = server.requests[0];
    assert.equal(sent.method, 'POST');
    assert.equal(decodeURIComponent(sent.path), '/model/anthropic.claude-test-v1:0/converse-stream');
    assert.equal(sent.headers.authorization, 'Bearer bedrock-test-key');
    const b = body(sent);
    assert.deepEqual(b.system, [{ text: 'You are Atmos AI.' }, { cachePoint: { type: 'default' } }]);
    assert.deepEqual(b.toolConfig, {
      tools: [{ toolSpec: { name: 'list_stacks', description: 'List the stacks', inputSchema: { json: { type: 'object', properties: {} } } } }, { cachePoint: { type: 'default' } }],
    });
    assert.deepEqual(b.inferenceConfig, { maxTokens: 400, temperature: 0.3 });
  });

  it('signs with SigV4 from the AWS credential chain when there is no API key', async () => {
    await withEnv({ AWS_ACCESS_KEY_ID: 'AKIDATMOSTEST', AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined, AWS_BEARER_TOKEN_BEDROCK: undefined }, async () => {
      const signed = create('bedrock', config({ apiKey: undefined }));
      server.script(bedrockWire.text(['signed']));
      const events = await collect(signed.stream(request()));
      assert.equal(last(events).type, 'stop');
    });
    const auth = String(server.requests[0].headers.authorization);
    assert.match(auth, /^AWS4-HMAC-SHA256 Credential=AKIDATMOSTEST\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=.*, Signature=[0-9a-f]{64}$/);
    assert.ok(server.requests[0].headers['x-amz-date']);
  });

  it('keeps at most four cache points: tools, the latest marked messages, then system parts', async () => {
    server.script(bedrockWire.text(['ok']));
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'one' }], cache: true },
      { role: 'assistant', content: [{ type: 'text', text: 'two' }], cache: true },
      { role: 'user', content: [{ type: 'text', text: 'three' }], cache: true },
    ];
    await collect(provider.stream(request({ system: [{ text: 'a', cache: true }, { text: 'b', cache: true }], messages })));
    const b = body(server.requests[0]);
    const total = cachePoints(b.system) + cachePoints(b.toolConfig?.tools) + b.messages.reduce((n, m) => n + cachePoints(m.content), 0);
    assert.equal(total, MAX_CACHE_POINTS);
    assert.equal(cachePoints(b.toolConfig?.tools), 1);
    assert.deepEqual(
      b.messages.map((m) => cachePoints(m.content)),
      [1, 1, 1],
    );
    assert.deepEqual(b.system, [{ text: 'a' }, { text: 'b' }], 'system parts lose out when the budget is spent');
  });

  it('sends the request again without cache points when the model rejects them, and remembers that', async () => {
    server.script(httpError(400, 'This model does not support prompt caching (cachePoint).'), bedrockWire.text(['plain']), bedrockWire.text(['again']));
    const events = await collect(provider.stream(request({ model: 'meta.llama-test-v1:0' })));
    assert.equal(ofType(events, 'text').map((e) => e.delta).join(''), 'plain');
    assert.ok(cachePoints(body(server.requests[0]).system) > 0);
    assert.equal(cachePoints(body(server.requests[1]).system), 0);
    assert.equal(cachePoints(body(server.requests[1]).toolConfig?.tools), 0);
    assert.deepEqual(clock.sleeps, [], 'not a retry: no backoff');
    await collect(provider.stream(request({ model: 'meta.llama-test-v1:0' })));
    assert.equal(cachePoints(body(server.requests[2]).system), 0, 'the model is remembered');
  });

  it('maps an exception frame inside the stream, without retrying once text was delivered', async () => {
    server.script(stream([event('messageStart', { role: 'assistant' }), ...textFrames(['partial ']), exception('throttlingException', 'Too many tokens, please wait')]));
    const events = await collect(provider.stream(request()));
    assert.equal(ofType(events, 'text')[0].delta, 'partial ');
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'rate_limited');
    assert.match(err.message, /Too many tokens/);
    assert.equal(server.requests.length, 1);
  });

  it('retries a modelStreamErrorException that comes before any event', async () => {
    server.script(stream([exception('modelStreamErrorException', 'model hiccup')]), bedrockWire.text(['fine']));
    const events = await collect(provider.stream(request()));
    assert.equal(ofType(events, 'text').map((e) => e.delta).join(''), 'fine');
    assert.equal(server.requests.length, 2);
    assert.equal(clock.sleeps.length, 1);
  });

  it('treats a stream that ends before messageStop as broken', async () => {
    server.script(stream([event('messageStart', { role: 'assistant' }), ...textFrames(['half'])]));
    const events = await collect(provider.stream(request()));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'network');
    assert.match(err.message, /before messageStop/);
  });

  it('maps 403 AccessDeniedException to auth with the AWS set-up hint', async () => {
    server.script(httpError(403, "You don't have access to the model with the specified model ID."));
    const events = await collect(provider.stream(request()));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'auth');
    assert.equal(err.status, 403);
    assert.match(err.message, /enabled for your account in this region/);
  });

  it('sends images as bytes and tool errors with status "error"', async () => {
    server.script(bedrockWire.text(['seen']));
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, { type: 'text', text: 'what is this?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'tooluse_X', name: 'list_stacks', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 'tooluse_X', content: 'boom', isError: true }] },
    ];
    await collect(provider.stream(request({ messages })));
    const b = body(server.requests[0]);
    assert.deepEqual(b.messages[0].content[0], { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } });
    assert.deepEqual(b.messages[2].content[0], { toolResult: { toolUseId: 'tooluse_X', content: [{ text: 'boom' }], status: 'error' } });
  });

  it('declares the tools a history used when the request has none (Bedrock requires toolConfig with tool blocks)', async () => {
    server.script(bedrockWire.text(['ok']));
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'tooluse_1', name: 'list_stacks', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 'tooluse_1', content: 'dev' }] },
    ];
    await collect(provider.stream(request({ tools: undefined, messages })));
    const tools = body(server.requests[0]).toolConfig?.tools ?? [];
    assert.deepEqual(
      tools.map((t) => (t.toolSpec as { name: string }).name),
      ['list_stacks'],
    );
  });

  it('adds configured extra headers (gateways)', async () => {
    const gw = create('bedrock', config({ headers: { 'x-gateway-tenant': 'atmos' } }));
    server.script(bedrockWire.text(['ok']));
    await collect(gw.stream(request()));
    assert.equal(server.requests[0].headers['x-gateway-tenant'], 'atmos');
  });

  it('says to set a region when none is configured anywhere', async () => {
    await withEnv({ AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/nonexistent/aws-config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials' }, async () => {
      const regionless = create('bedrock', config({ region: undefined }));
      const events = await collect(regionless.stream(request()));
      const err = last(events);
      assert.equal(err.type, 'error');
      assert.equal(err.kind, 'bad_request');
      assert.match(err.message, /AWS_REGION/);
    });
    assert.equal(server.requests.length, 0);
  });
});

describe('bedrock: default transport (HTTP/2, no endpoint override)', () => {
  // Real AWS endpoints are reached over HTTP/2 (the SDK default). The shared fake server speaks HTTP/1.1, so this
  // uses a small h2c server, found through the SDK's own AWS_ENDPOINT_URL_BEDROCK_RUNTIME variable.
  it('streams over HTTP/2 and cancels by resetting the stream', async () => {
    const server = http2.createServer();
    const closed: Promise<boolean> = new Promise((resolve) => {
      server.on('stream', (stream) => {
        stream.on('close', () => resolve(stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR));
        stream.on('data', () => undefined);
        stream.on('end', () => {
          stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream' });
          stream.write(event('messageStart', { role: 'assistant' }));
          for (const frame of textFrames(['Thinking', '...'])) stream.write(frame);
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const events = await withEnv({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: `http://127.0.0.1:${port}`, AWS_ENDPOINT_URL: undefined }, async () => {
        const provider = create('bedrock', { region: 'us-east-1', apiKey: 'bedrock-test-key', clock: fakeClock() });
        const ac = new AbortController();
        const out: ProviderEvent[] = [];
        for await (const ev of provider.stream(request({ signal: ac.signal }))) {
          out.push(ev);
          if (ev.type === 'text') ac.abort();
        }
        return out;
      });
      assert.deepEqual(events, [
        { type: 'text', delta: 'Thinking' },
        { type: 'stop', reason: 'cancelled' },
      ]);
      assert.equal(await closed, true, 'the client reset the HTTP/2 stream');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
