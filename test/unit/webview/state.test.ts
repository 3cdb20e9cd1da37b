import assert from 'node:assert/strict';
import type { ChatItem, ChatSnapshot } from '../../../src/protocol';
import { initialState, pendingApproval, reduce } from '../../../webview/state';

const settings = { provider: 'openai', providerLabel: 'OpenAI', model: '', agent: 'general', agents: [], providers: [] };
const context = { usedTokens: 0, windowTokens: 128_000, provider: 'openai', model: 'gpt-4o', asOf: '2026-11-25' };
const snapshot = (items: ChatItem[]): ChatSnapshot => ({ session: null, items, hiddenItems: 0, busy: false, settings, usage: initialState.usage, context });

describe('webview chat state', () => {
  it('ignores events until the first snapshot (the snapshot already contains them)', () => {
    const s = reduce(initialState, { type: 'itemAdded', payload: { item: { kind: 'notice', id: 'a', text: 'x' } } });
    assert.equal(s, initialState);
  });

  it('appends batched deltas to the streaming item and replaces only the changed item object', () => {
    const user: ChatItem = { kind: 'user', id: 'u', text: 'q' };
    let s = reduce(initialState, { type: 'snapshot', snapshot: snapshot([user, { kind: 'assistant', id: 'a', text: 'Hel', streaming: true }]) });
    s = reduce(s, { type: 'textDeltas', deltas: new Map([['a', 'lo']]) });
    assert.equal(s.items[0], user, 'untouched items keep their identity (no re-render)');
    assert.equal((s.items[1] as Extract<ChatItem, { kind: 'assistant' }>).text, 'Hello');
    // The closing update may carry the host's text; deltas already applied are not lost.
    s = reduce(s, { type: 'itemUpdated', payload: { item: { kind: 'assistant', id: 'a', text: 'Hello', streaming: false } } });
    assert.deepEqual(s.items[1], { kind: 'assistant', id: 'a', text: 'Hello', streaming: false });
  });

  it('an item added twice (snapshot race) is updated, not duplicated', () => {
    let s = reduce(initialState, { type: 'snapshot', snapshot: snapshot([{ kind: 'notice', id: 'n', text: 'a' }]) });
    s = reduce(s, { type: 'itemAdded', payload: { item: { kind: 'notice', id: 'n', text: 'b' } } });
    assert.deepEqual(s.items, [{ kind: 'notice', id: 'n', text: 'b' }]);
  });

  it('prepends earlier items once, keeping the newer ones', () => {
    const n = (id: string): ChatItem => ({ kind: 'notice', id, text: id });
    let s = reduce(initialState, { type: 'snapshot', snapshot: { ...snapshot([n('c'), n('d')]), hiddenItems: 2 } });
    s = reduce(s, { type: 'earlier', items: [n('a'), n('b'), n('c')], hiddenItems: 0 });
    assert.deepEqual(s.items.map((i) => i.id), ['a', 'b', 'c', 'd']);
    assert.equal(s.hiddenItems, 0);
  });

  it('finds the newest card waiting for approval', () => {
    const card = (callId: string, status: 'running' | 'awaiting_approval'): ChatItem => ({ kind: 'tool', id: callId, card: { callId, tool: 't', args: {}, status } });
    assert.equal(pendingApproval([card('a', 'awaiting_approval'), card('b', 'running')]), 'a');
    assert.equal(pendingApproval([card('a', 'running')]), undefined);
  });

  it('appends thinking deltas apart from the answer text, and an update with shorter thinking keeps what streamed', () => {
    let s = reduce(initialState, { type: 'snapshot', snapshot: snapshot([{ kind: 'assistant', id: 'a', text: '', streaming: true }]) });
    s = reduce(s, { type: 'textDeltas', deltas: new Map(), thinking: new Map([['a', 'Let me ']]) });
    s = reduce(s, { type: 'textDeltas', deltas: new Map([['a', 'Answer']]), thinking: new Map([['a', 'check.']]) });
    let item = s.items[0] as Extract<ChatItem, { kind: 'assistant' }>;
    assert.equal(item.thinking, 'Let me check.');
    assert.equal(item.text, 'Answer');
    s = reduce(s, { type: 'itemUpdated', payload: { item: { kind: 'assistant', id: 'a', text: 'Answer', streaming: false, thinking: 'Let' } } });
    item = s.items[0] as Extract<ChatItem, { kind: 'assistant' }>;
    assert.equal(item.thinking, 'Let me check.');
    assert.equal(item.streaming, false);
  });
});
