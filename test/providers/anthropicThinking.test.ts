/**
 * Anthropic extended thinking through the whole turn loop: the real SDK against the fake server, runTurn on top.
 * Thinking streams as its own events and stays out of the answer; the signed block goes back at the head of
 * the assistant turn that called the tool, as the API requires.
 */
import assert from 'node:assert/strict';
import type { ChatEvent } from '../../src/chat/chatEvents';
import { runTurn } from '../../src/chat/runTurn';
import { create } from '../../src/providers/anthropic.lazy';
import { ToolRegistry } from '../../src/tools/toolRegistry';
import { anthropicWire, messageStart, textFrames } from './anthropicWire';
import { fakeClock, sse, startFakeServer, type FakeServer, type SseFrame } from './fakeServer';

const thinkingFrames = (index: number, parts: string[], signature: string): SseFrame[] => [
  { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } } },
  ...parts.map((p) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: p } } })),
  { event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } } },
  { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
];

describe('anthropic: extended thinking through the turn loop', () => {
  let server: FakeServer;
  beforeEach(async () => (server = await startFakeServer()));
  afterEach(() => server.close());

  it('streams thinking apart from the answer and replays the signed block with the tool results', async () => {
    server.script(
      sse([
        messageStart(),
        ...thinkingFrames(0, ['The user wants ', 'the stacks.'], 'EqSig=='),
        { event: 'content_block_start', data: { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_9', name: 'list_stacks', input: {} } } },
        { event: 'content_block_delta', data: { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } } },
        { event: 'content_block_stop', data: { type: 'content_block_stop', index: 1 } },
        { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } } },
        { event: 'message_stop', data: { type: 'message_stop' } },
      ]),
      sse([messageStart(), ...thinkingFrames(0, ['Two stacks.'], 'Sig2=='), ...textFrames(['dev and ', 'prod'], 1), { event: 'content_block_stop', data: { type: 'content_block_stop', index: 1 } }, { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } } }, { event: 'message_stop', data: { type: 'message_stop' } }]),
    );
    const registry = new ToolRegistry([
      { name: 'list_stacks', description: 'List the stacks', readOnly: true, inputSchema: { type: 'object', properties: {} }, run: async () => ({ content: 'dev, prod' }) },
    ]);
    const events: ChatEvent[] = [];
    for await (const e of runTurn({
      provider: create('anthropic', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() }),
      system: [{ text: 'You are Atmos AI.' }],
      history: [],
      user: { role: 'user', content: [{ type: 'text', text: 'Which stacks?' }] },
      maxIterations: 4,
      signal: new AbortController().signal,
      tools: {
        registry,
        policy: { allowed: [{ pattern: 'list_stacks', source: 'settings' }], restricted: [], blocked: [], yolo: false, requireConfirmation: true },
        agent: { name: 'general' },
        always: { has: () => false },
        rememberAlways: async () => undefined,
        approvals: { request: async () => 'deny' },
        client: 'test',
        timeoutMs: 2000,
        maxOutputChars: 10_000,
      },
    })) {
      events.push(e);
    }

    const thinking = events.flatMap((e) => (e.type === 'thinking' ? [e.delta] : []));
    assert.deepEqual(thinking, ['The user wants ', 'the stacks.', 'Two stacks.']);
    assert.equal(events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join(''), 'dev and prod');
    const stored = JSON.stringify(events.filter((e) => e.type === 'message').map((e) => (e.type === 'message' ? e.message.content.filter((b) => b.type === 'text') : [])));
    assert.doesNotMatch(stored, /user wants|Two stacks/, 'thinking is never stored as answer text');
    assert.deepEqual(events[events.length - 1], { type: 'done', reason: 'end_turn' });

    const second = server.requests[1].json as { messages: { role: string; content: { type: string; thinking?: string; signature?: string; tool_use_id?: string }[] }[] };
    const assistant = second.messages[1];
    assert.deepEqual(assistant.content.map((b) => b.type), ['thinking', 'tool_use']);
    assert.equal(assistant.content[0].thinking, 'The user wants the stacks.');
    assert.equal(assistant.content[0].signature, 'EqSig==');
    assert.equal(second.messages[2].content[0].tool_use_id, 'toolu_9');
  });

  it('keeps a plain answer clean when thinking comes first', async () => {
    server.script(sse([messageStart(), ...thinkingFrames(0, ['hmm'], 's'), ...textFrames(['answer'], 1), { event: 'content_block_stop', data: { type: 'content_block_stop', index: 1 } }, { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } } }, { event: 'message_stop', data: { type: 'message_stop' } }]));
    const provider = create('anthropic', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() });
    const types: string[] = [];
    for await (const e of provider.stream({ system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] })) types.push(e.type === 'text' || e.type === 'thinking' ? `${e.type}:${e.delta}` : e.type);
    assert.deepEqual(types, ['thinking:hmm', 'text:answer', 'usage', 'stop']);
    assert.equal(anthropicWire.systemText(server.requests[0]), '');
  });
});
