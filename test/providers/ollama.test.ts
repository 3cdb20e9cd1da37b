import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { create } from '../../src/providers/ollama.lazy';
import { displayHost } from '../../src/providers/ollamaWire';
import type { ChatMessage, ChatProvider, ChatRequest, ProviderEvent } from '../../src/providers/types';
import { collect, fakeClock, json, ndjson, startFakeServer, type FakeClock, type FakeServer } from './fakeServer';
import { describeProviderSuite } from './suite';
import { body, line, ollamaWire, tags } from './wire/ollama';

const make = (baseUrl: string, clock: FakeClock) => create('ollama', { baseUrl, clock });

describeProviderSuite('ollama', { make, wire: ollamaWire, authHint: /OLLAMA_API_KEY/ });

const ofType = <T extends ProviderEvent['type']>(events: ProviderEvent[], type: T) =>
  events.filter((e): e is Extract<ProviderEvent, { type: T }> => e.type === type);
const last = (events: ProviderEvent[]) => events[events.length - 1];

function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'qwen3:8b',
    system: [{ text: 'You are Atmos AI.', cache: true }, { text: 'Repo: 3 stacks.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    tools: [{ name: 'list_stacks', description: 'List the stacks', inputSchema: { type: 'object', properties: {} } }],
    ...extra,
  };
}

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('ollama: wire specifics', () => {
  let server: FakeServer;
  let clock: FakeClock;
  let provider: ChatProvider;

  beforeEach(async () => {
    server = await startFakeServer();
    clock = fakeClock();
    provider = create('ollama', { baseUrl: server.url, clock });
  });
  afterEach(() => server.close());

  it('posts a streaming /api/chat with one system message, tools and options', async () => {
    server.script(ollamaWire.text(['ok']));
    await collect(provider.stream(request({ maxTokens: 300, temperature: 0.2 })));
    const sent = server.requests[0];
    assert.equal(sent.method, 'POST');
    assert.equal(sent.path, '/api/chat');
    const b = body(sent);
    assert.equal(b.model, 'qwen3:8b');
    assert.equal(b.stream, true);
    assert.deepEqual(b.messages, [
      { role: 'system', content: 'You are Atmos AI.\n\nRepo: 3 stacks.' },
      { role: 'user', content: 'hi' },
    ]);
    assert.deepEqual(b.tools, [{ type: 'function', function: { name: 'list_stacks', description: 'List the stacks', parameters: { type: 'object', properties: {} } } }]);
    assert.deepEqual(b.options, { num_predict: 300, temperature: 0.2 });
  });

  it('takes two calls from one line, synthesises ids when the server sends none, and replays by tool_name', async () => {
    server.script(
      ndjson([
        line({ tool_calls: [{ function: { name: 'list_stacks', arguments: {} } }, { function: { name: 'list_stacks', arguments: { page: 2 } } }] }),
        line({}, { done_reason: 'stop', prompt_eval_count: 3, eval_count: 4 }),
      ]),
    );
    const events = await collect(provider.stream(request()));
    const ends = ofType(events, 'tool_call_end');
    assert.equal(ends.length, 2);
    assert.notEqual(ends[0].id, ends[1].id);
    assert.deepEqual(ends[1].input, { page: 2 });
    assert.deepEqual(last(events), { type: 'stop', reason: 'tool_use' });

    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: ends.map((e) => ({ type: 'tool_use' as const, id: e.id, name: e.name, input: e.input })) },
      { role: 'user', content: [...ends.map((e, i) => ({ type: 'tool_result' as const, toolUseId: e.id, content: `page ${i + 1}` })), { type: 'text', text: 'and?' }] },
    ];
    server.script(ollamaWire.text(['done']));
    await collect(provider.stream(request({ messages })));
    const sent = body(server.requests[1]).messages;
    assert.deepEqual(sent.slice(2), [
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'list_stacks', arguments: {} } }, { function: { name: 'list_stacks', arguments: { page: 2 } } }],
      },
      { role: 'tool', content: 'page 1', tool_name: 'list_stacks' },
      { role: 'tool', content: 'page 2', tool_name: 'list_stacks' },
      { role: 'user', content: 'and?' },
    ]);
  });

  it('reports usage from prompt_eval_count / eval_count and maps done_reason "length"', async () => {
    server.script(ndjson([line({ content: 'a' }), line({}, { done_reason: 'length', prompt_eval_count: 42, eval_count: 7 })]));
    const events = await collect(provider.stream(request()));
    assert.deepEqual(ofType(events, 'usage'), [{ type: 'usage', inputTokens: 42, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0 }]);
    assert.deepEqual(last(events), { type: 'stop', reason: 'max_tokens' });
  });

  it('says "Ollama is not running at …" when nothing listens', async () => {
    const port = await closedPort();
    const down = create('ollama', { baseUrl: `http://127.0.0.1:${port}`, clock });
    const events = await collect(down.stream(request()));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'network');
    assert.equal(err.message, `Ollama is not running at http://127.0.0.1:${port} — start it with \`ollama serve\`, or set OLLAMA_HOST / the base URL to where it runs.`);
    assert.deepEqual(clock.sleeps, [], 'no point retrying a server that is not there');
  });

  it('turns a 404 for the model into "model X not found; available: …" from /api/tags', async () => {
    server.script(json(404, { error: 'model "qwen3:8b" not found, try pulling it first' }), tags(['llama3.1:latest', 'gemma3:4b']));
    const events = await collect(provider.stream(request()));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'model_not_found');
    assert.equal(err.message, "Ollama: model 'qwen3:8b' not found; available: gemma3:4b, llama3.1:latest — pick one, or run `ollama pull qwen3:8b`.");
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      ['POST /api/chat', 'GET /api/tags'],
    );
  });

  it('explains a model without tool support', async () => {
    server.script(json(400, { error: 'registry.ollama.ai/library/gemma:2b does not support tools' }));
    const events = await collect(provider.stream(request({ model: 'gemma:2b' })));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'bad_request');
    assert.match(err.message, /^Ollama model 'gemma:2b' does not support tools — pick a model with tool support/);
    assert.equal(server.requests.length, 1);
  });

  it('reports an {"error": …} line inside the stream', async () => {
    server.script(ndjson([line({ content: 'so far' }), { error: 'model runner has unexpectedly stopped' }]));
    const events = await collect(provider.stream(request()));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'server');
    assert.match(err.message, /model runner has unexpectedly stopped/);
    assert.equal(server.requests.length, 1, 'no retry after text was delivered');
  });

  it('treats a stream without its done line as broken', async () => {
    server.script(ndjson([line({ content: 'half' })]));
    const events = await collect(provider.stream(request()));
    const err = last(events);
    assert.equal(err.type, 'error');
    assert.equal(err.kind, 'network');
    assert.match(err.message, /"done" line/);
  });

  it('reads a non-JSON error body quietly (a proxy 502) and retries it', async () => {
    const logged: unknown[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => void logged.push(args);
    try {
      server.script({ status: 502, headers: { 'content-type': 'text/plain' }, chunks: [{ data: 'Bad Gateway' }] }, ollamaWire.text(['fine']));
      const events = await collect(provider.stream(request()));
      assert.equal(last(events).type, 'stop');
      assert.equal(clock.sleeps.length, 1);
    } finally {
      console.log = original;
    }
    assert.deepEqual(logged, [], 'nothing printed to stdout');
  });

  it('sends an API key as a bearer token (ollama.com or a proxy) and extra headers', async () => {
    const keyed = create('ollama', { baseUrl: server.url, apiKey: 'ollama-test-key', headers: { 'x-gateway-tenant': 'atmos' }, clock });
    server.script(ollamaWire.text(['ok']));
    await collect(keyed.stream(request()));
    assert.equal(server.requests[0].headers.authorization, 'Bearer ollama-test-key');
    assert.equal(server.requests[0].headers['x-gateway-tenant'], 'atmos');
  });

  it('lists the installed models from /api/tags', async () => {
    server.script(tags(['qwen3:8b', 'llama3.1:latest']));
    const models = await provider.listModels!();
    assert.deepEqual(models, [{ id: 'llama3.1:latest' }, { id: 'qwen3:8b' }]);
    assert.equal(server.requests[0].path, '/api/tags');
  });

  it('writes OLLAMA_HOST forms as URLs', () => {
    assert.equal(displayHost('localhost'), 'http://localhost:11434');
    assert.equal(displayHost('0.0.0.0:11500'), 'http://0.0.0.0:11500');
    assert.equal(displayHost('https://ollama.example.com/'), 'https://ollama.example.com');
  });
});

describe('ollama: a base URL that is not Ollama', () => {
  it('says to check the base URL on a bare 404, instead of blaming the model', async () => {
    const server = await startFakeServer();
    try {
      server.script({ status: 404, headers: { 'content-type': 'text/plain' }, chunks: [{ data: '404 page not found' }] });
      const events = await collect(create('ollama', { baseUrl: server.url, clock: fakeClock() }).stream(request()));
      const err = last(events);
      assert.equal(err.type, 'error');
      assert.equal(err.kind, 'bad_request');
      assert.match(err.message, /check the base URL/);
      assert.equal(server.requests.length, 1, 'no /api/tags lookup');
    } finally {
      await server.close();
    }
  });
});
