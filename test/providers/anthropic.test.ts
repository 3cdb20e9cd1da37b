import assert from 'node:assert/strict';
import { create, toAnthropicRequest } from '../../src/providers/anthropic.lazy';
import type { TokenUsage } from '../../src/providers/types';
import { collect, fakeClock, json, sse, startFakeServer, type FakeServer, type RecordedRequest, type SseFrame } from './fakeServer';
import { describeProviderSuite, type WireAdapter } from './suite';

type Body = {
  system?: { type: string; text: string; cache_control?: unknown }[];
  tools?: { name: string; cache_control?: unknown }[];
  messages: { role: string; content: { type: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: unknown; is_error?: boolean; cache_control?: unknown }[] }[];
};
const body = (req: RecordedRequest) => req.json as Body;

function messageStart(usage?: TokenUsage): SseFrame {
  return {
    event: 'message_start',
    data: {
      type: 'message_start',
      message: {
        id: 'msg_01',
        type: 'message',
        role: 'assistant',
        model: 'test-model',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage?.inputTokens ?? 10,
          output_tokens: 1,
          cache_read_input_tokens: usage?.cacheReadTokens ?? 0,
          cache_creation_input_tokens: usage?.cacheWriteTokens ?? 0,
        },
      },
    },
  };
}

function textFrames(deltas: string[], index = 0): SseFrame[] {
  return [
    { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } } },
    ...deltas.map((text) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } } })),
  ];
}

function finish(stopReason: string, outputTokens = 5): SseFrame[] {
  return [
    { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } } },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

const resultText = (content: unknown): string =>
  typeof content === 'string' ? content : (content as { text: string }[]).map((t) => t.text).join('');

export const anthropicWire: WireAdapter = {
  text: (deltas, usage) =>
    sse([messageStart(usage), ...textFrames(deltas), { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } }, ...finish('end_turn', usage?.outputTokens)]),
  toolCalls: (calls) =>
    sse([
      messageStart(),
      ...calls.flatMap((c, index): SseFrame[] => [
        { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } } },
        ...c.argsChunks.map((partial_json) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } } })),
        { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
      ]),
      ...finish('tool_use'),
    ]),
  error: (status, message, headers) => json(status, { type: 'error', error: { type: status === 401 ? 'authentication_error' : status === 429 ? 'rate_limit_error' : 'api_error', message } }, headers),
  partial: (deltas, after) => ({ ...sse([messageStart(), ...textFrames(deltas)]), after }),
  systemText: (req) => (body(req).system ?? []).map((p) => p.text).join('\n'),
  toolUses: (req) =>
    body(req)
      .messages.flatMap((m) => m.content)
      .filter((b) => b.type === 'tool_use')
      .map((b) => ({ id: b.id!, name: b.name!, input: b.input })),
  toolResults: (req) =>
    body(req)
      .messages.flatMap((m) => m.content)
      .filter((b) => b.type === 'tool_result')
      .map((b) => ({ id: b.tool_use_id!, content: resultText(b.content), isError: b.is_error === true })),
  toolNames: (req) => (body(req).tools ?? []).map((t) => t.name),
  cacheMarkers: (req) => {
    const b = body(req);
    const lastMessage = b.messages[b.messages.length - 1];
    return {
      systemParts: (b.system ?? []).flatMap((p, i) => (p.cache_control ? [i] : [])),
      lastTool: !!b.tools?.[b.tools.length - 1].cache_control && b.tools.slice(0, -1).every((t) => !t.cache_control),
      tailMessage: !!lastMessage.content[lastMessage.content.length - 1].cache_control,
    };
  },
  streamsToolArgs: true,
  parallelToolCalls: true,
  hasToolCallIds: true,
};

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

  it('lists models', async () => {
    server.script(json(200, { data: [{ id: 'claude-a', display_name: 'Claude A', type: 'model', created_at: '2026-01-01T00:00:00Z' }], has_more: false, first_id: 'claude-a', last_id: 'claude-a' }));
    const provider = create('anthropic', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() });
    const models = await provider.listModels!();
    assert.deepEqual(models.map((m) => [m.id, m.displayName]), [['claude-a', 'Claude A']]);
  });
});
