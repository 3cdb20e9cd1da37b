import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { historyForRequest, selectForCompaction, shouldCompact, truncationSummary, DEFAULT_COMPACTION, type CompactableMessage } from '../../src/sessions/compaction';
import { SessionStore } from '../../src/sessions/store';

const say = (id: string, role = 'user', archived = false): CompactableMessage => ({ id, role, content: [{ type: 'text', text: `text of ${id}` }], archived });
const call = (id: string, toolId: string): CompactableMessage => ({ id, role: 'assistant', content: [{ type: 'tool_use', id: toolId, name: 'atmos_where', input: {} }] });
const answer = (id: string, toolId: string): CompactableMessage => ({ id, role: 'user', content: [{ type: 'tool_result', toolUseId: toolId, content: 'ok' }] });

describe('sessions: compaction selection', () => {
  it('takes the oldest share and keeps preserve_recent', () => {
    const messages = Array.from({ length: 20 }, (_, i) => say(`m${i}`, i % 2 ? 'assistant' : 'user'));
    assert.deepEqual(selectForCompaction(messages, { compactRatio: 0.4, preserveRecent: 10 }), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    assert.deepEqual(selectForCompaction(messages, { compactRatio: 0.9, preserveRecent: 15 }), ['m0', 'm1', 'm2', 'm3', 'm4']);
    assert.deepEqual(selectForCompaction(messages.slice(0, 8), { compactRatio: 0.5, preserveRecent: 10 }), []);
  });

  it('never splits a tool_use from its tool_result', () => {
    const messages = [say('u0'), call('a1', 't1'), answer('r1', 't1'), say('a2', 'assistant'), say('u3'), call('a4', 't2'), answer('r4', 't2'), say('a5', 'assistant'), say('u6'), say('a7', 'assistant')];
    // 0.6 * 10 = 6 would cut between a4 (call) and r4 (result): the cut moves before a4
    assert.deepEqual(selectForCompaction(messages, { compactRatio: 0.6, preserveRecent: 2 }), ['u0', 'a1', 'r1', 'a2', 'u3']);
    // 0.2 * 10 = 2 would separate a1 and r1: only u0 goes
    assert.deepEqual(selectForCompaction(messages, { compactRatio: 0.2, preserveRecent: 2 }), ['u0']);
    const chosen = selectForCompaction(messages, { compactRatio: 0.7, preserveRecent: 0 });
    assert.deepEqual(chosen, ['u0', 'a1', 'r1', 'a2', 'u3', 'a4', 'r4']);
  });

  it('handles parallel calls answered together', () => {
    const both: CompactableMessage = { id: 'a1', role: 'assistant', content: [{ type: 'tool_use', id: 'x', name: 'n', input: {} }, { type: 'tool_use', id: 'y', name: 'n', input: {} }] };
    const results: CompactableMessage = { id: 'r1', role: 'user', content: [{ type: 'tool_result', toolUseId: 'x', content: '1' }, { type: 'tool_result', toolUseId: 'y', content: '2' }] };
    const messages = [say('u0'), both, results, say('a2', 'assistant'), say('u3'), say('a3', 'assistant')];
    assert.deepEqual(selectForCompaction(messages, { compactRatio: 0.3, preserveRecent: 1 }), ['u0']);
    assert.deepEqual(selectForCompaction(messages, { compactRatio: 0.5, preserveRecent: 1 }), ['u0', 'a1', 'r1']);
  });

  it('ignores messages already archived', () => {
    const messages = [say('old1', 'user', true), say('old2', 'assistant', true), ...Array.from({ length: 10 }, (_, i) => say(`m${i}`))];
    assert.deepEqual(selectForCompaction(messages, { compactRatio: 0.3, preserveRecent: 2 }), ['m0', 'm1', 'm2']);
  });

  it('triggers on context fill and on message count, only when enabled', () => {
    const on = { ...DEFAULT_COMPACTION, enabled: true, maxMessages: 100 };
    assert.equal(shouldCompact({ activeMessages: 30, contextTokens: 150_000, contextWindow: 200_000 }, on), true);
    assert.equal(shouldCompact({ activeMessages: 30, contextTokens: 100_000, contextWindow: 200_000 }, on), false);
    assert.equal(shouldCompact({ activeMessages: 101, contextTokens: 0, contextWindow: 200_000 }, on), true);
    assert.equal(shouldCompact({ activeMessages: 5, contextTokens: 199_000, contextWindow: 200_000 }, on), false, 'nothing beyond preserve_recent');
    assert.equal(shouldCompact({ activeMessages: 30, contextTokens: 190_000, contextWindow: 200_000 }, DEFAULT_COMPACTION), false);
  });

  it('summarises by truncation', () => {
    const long = say('x');
    long.content = [{ type: 'text', text: 'a'.repeat(500) }];
    const summary = truncationSummary([say('m0'), long], 50);
    assert.match(summary, /\(2 messages, shortened\)/);
    assert.match(summary, /- user: text of m0\n- user: a{50}…$/);
  });
});

describe('sessions: compaction end to end with the store', () => {
  it('archives the chosen messages and the next request carries the summary and the rest, pairs whole', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-compact-'));
    const store = await SessionStore.open({ dataDir });
    try {
      const s = store.createSession();
      for (let turn = 0; turn < 6; turn++) {
        store.appendMessage(s.id, { role: 'user', content: [{ type: 'text', text: `question ${turn}` }] });
        store.appendMessage(s.id, { role: 'assistant', content: [{ type: 'tool_use', id: `t${turn}`, name: 'atmos_where', input: { turn } }] });
        store.appendMessage(s.id, { role: 'user', content: [{ type: 'tool_result', toolUseId: `t${turn}`, content: `result ${turn}` }] });
        store.appendMessage(s.id, { role: 'assistant', content: [{ type: 'text', text: `answer ${turn}` }] });
      }
      const settings = { ...DEFAULT_COMPACTION, enabled: true, compactRatio: 0.4, preserveRecent: 6 };
      const before = store.getMessages(s.id);
      assert.equal(shouldCompact({ activeMessages: before.length, contextTokens: 80, contextWindow: 100 }, settings), true);
      const chosen = selectForCompaction(before, settings);
      assert.equal(chosen.length, 9); // ceil(24 * 0.4) = 10 would split turn 2's tool call from its result
      store.compactMessages(s.id, chosen, truncationSummary(before.filter((m) => chosen.includes(m.id))));

      const history = historyForRequest(store.getMessages(s.id), store.getSummaries(s.id));
      const first = history[0].content[0];
      assert.equal(first.type, 'text');
      assert.match(first.type === 'text' ? first.text : '', /^<conversation-summary>\nEarlier in this session \(9 messages/);
      const blocks = history.flatMap((m) => m.content);
      const uses = new Set(blocks.flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])));
      const results = blocks.flatMap((b) => (b.type === 'tool_result' ? [b.toolUseId] : []));
      assert.ok(results.every((id) => uses.has(id)), 'a tool_result without its tool_use');
      assert.ok([...uses].every((id) => results.includes(id)), 'a tool_use without its tool_result');
      assert.ok(!blocks.some((b) => b.type === 'text' && b.text === 'question 0'), 'archived message sent again');
      for (let i = 1; i < history.length; i++) assert.notEqual(history[i].role, history[i - 1].role);
      // originals stay, archived, for export
      assert.equal(store.getMessages(s.id).filter((m) => m.archived).length, 9);
    } finally {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
