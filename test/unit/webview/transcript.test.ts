import assert from 'node:assert/strict';
import type { ChatEvent } from '../../../src/chat/chatEvents';
import type { ChatItem } from '../../../src/protocol';
import { Transcript, fixActionsFor, type TranscriptSink } from '../../../src/vscode/chat/transcript';

function recordingSink() {
  const log: string[] = [];
  const sink: TranscriptSink = {
    added: (item) => log.push(`added ${item.kind} ${item.id}`),
    updated: (item) => log.push(`updated ${item.kind} ${item.id}${item.kind === 'tool' ? ` ${item.card.status}` : ''}`),
    delta: (id, delta) => log.push(`delta ${id} ${JSON.stringify(delta)}`),
    thinking: (id, delta) => log.push(`thinking ${id} ${JSON.stringify(delta)}`),
  };
  return { log, sink };
}

const user = (text: string): ChatEvent => ({ type: 'message', message: { role: 'user', content: [{ type: 'text', text }] } });

describe('chat transcript (host view of a session)', () => {
  it('streams text into one assistant item and closes it with the usage when the message completes', () => {
    const { log, sink } = recordingSink();
    const t = new Transcript(sink, 't');
    const ids: string[] = [];
    t.apply(user('where is the cidr set?'), (id) => ids.push(id));
    t.apply({ type: 'text', delta: 'The value ' });
    t.apply({ type: 'text', delta: 'is 10.0.0.0/16.' });
    t.apply({ type: 'usage', provider: 'openai', inputTokens: 100, outputTokens: 7, cacheReadTokens: 50, cacheWriteTokens: 0 });
    t.apply({ type: 'message', message: { role: 'assistant', content: [{ type: 'text', text: 'The value is 10.0.0.0/16.' }] } });
    t.apply({ type: 'done', reason: 'end_turn' });
    assert.deepEqual(ids, ['t1']);
    assert.deepEqual(log, ['added user t1', 'added assistant t2', 'delta t2 "The value "', 'delta t2 "is 10.0.0.0/16."', 'updated assistant t2']);
    const answer = t.items[1] as Extract<ChatItem, { kind: 'assistant' }>;
    assert.equal(answer.text, 'The value is 10.0.0.0/16.');
    assert.equal(answer.streaming, false);
    assert.equal(answer.usage?.inputTokens, 150);
    assert.equal(answer.usage?.outputTokens, 7);
  });

  it('prices each answer from the usage its provider reported', () => {
    const { sink } = recordingSink();
    const t = new Transcript(sink, 't');
    t.apply({ type: 'text', delta: 'x' });
    t.apply({ type: 'usage', provider: 'anthropic', model: 'claude-sonnet-4-5', inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
    t.apply({ type: 'done', reason: 'end_turn' });
    const usage = (t.items[0] as Extract<ChatItem, { kind: 'assistant' }>).usage;
    assert.ok(usage?.cost !== undefined && usage.cost > 0, `a priced model gets a cost (got ${JSON.stringify(usage)})`);
    t.apply({ type: 'text', delta: 'y' });
    t.apply({ type: 'usage', provider: 'ollama', inputTokens: 10, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 });
    t.apply({ type: 'done', reason: 'end_turn' });
    assert.equal((t.items[1] as Extract<ChatItem, { kind: 'assistant' }>).usage?.cost, 0);
  });

  it('takes a tool card through approval to its result', () => {
    const { log, sink } = recordingSink();
    const t = new Transcript(sink, 't');
    t.apply({ type: 'tool_call', callId: 'c1', tool: 'file_write', args: { path: 'a.yaml' } });
    t.apply({ type: 'tool_decision', callId: 'c1', decision: 'ask', rule: 'restricted', reason: 'file_write is restricted' });
    t.apply({ type: 'approval_request', request: { callId: 'c1', tool: 'file_write', args: { path: 'a.yaml' }, reason: 'file_write is restricted', preview: { diff: '+x' } } });
    t.apply({ type: 'approval_answer', callId: 'c1', answer: 'allow_once' });
    t.apply({ type: 'tool_result', callId: 'c1', tool: 'file_write', content: 'wrote a.yaml', isError: false, outcome: 'success', durationMs: 12, truncated: false });
    assert.deepEqual(log, ['added tool t1', 'updated tool t1 running', 'updated tool t1 awaiting_approval', 'updated tool t1 running', 'updated tool t1 success']);
    const card = (t.items[0] as Extract<ChatItem, { kind: 'tool' }>).card;
    assert.equal(card.answer, 'allow_once');
    assert.equal(card.result, 'wrote a.yaml');
    assert.equal(card.durationMs, 12);
    assert.deepEqual(card.preview, { diff: '+x' });
  });

  it('a denial ends the card as denied; a stop cancels waiting cards and says the partial answer is kept', () => {
    const { sink } = recordingSink();
    const t = new Transcript(sink, 't');
    t.apply({ type: 'tool_call', callId: 'c1', tool: 'file_write', args: {} });
    t.apply({ type: 'approval_request', request: { callId: 'c1', tool: 'file_write', args: {}, reason: 'r' } });
    t.apply({ type: 'approval_answer', callId: 'c1', answer: 'deny' });
    assert.equal((t.items[0] as Extract<ChatItem, { kind: 'tool' }>).card.status, 'denied');
    t.apply({ type: 'tool_call', callId: 'c2', tool: 'atmos_where', args: {} });
    t.apply({ type: 'text', delta: 'partial' });
    t.apply({ type: 'done', reason: 'cancelled' });
    const kinds = t.items.map((i) => (i.kind === 'tool' ? `tool:${i.card.status}` : i.kind));
    assert.deepEqual(kinds, ['tool:denied', 'tool:cancelled', 'assistant', 'notice']);
    assert.equal((t.items[2] as Extract<ChatItem, { kind: 'assistant' }>).streaming, false);
  });

  it('errors become an error item with the actions that fix them; a cancellation is not an error', () => {
    const { sink } = recordingSink();
    const t = new Transcript(sink, 't');
    t.apply({ type: 'error', error: { kind: 'cancelled', message: 'stopped', retryable: false } });
    assert.equal(t.items.length, 0);
    t.apply({ type: 'error', error: { kind: 'auth', message: 'OpenAI rejected the API key', retryable: false, status: 401 } });
    assert.deepEqual(t.items[0], { kind: 'error', id: 't1', message: 'OpenAI rejected the API key', errorKind: 'auth', actions: ['setApiKey', 'selectProvider', 'openSettings'] });
    assert.deepEqual(fixActionsFor('rate_limited'), ['retry', 'selectProvider']);
    assert.deepEqual(fixActionsFor('model_not_found'), ['selectModel', 'openSettings']);
  });

  it('rebuilds the items of a stored session, with tool results on their cards and user message positions', () => {
    const { log, sink } = recordingSink();
    const { transcript, userIndex } = Transcript.fromMessages(
      [
        { role: 'user', content: [{ type: 'text', text: 'q1' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'looking' }, { type: 'tool_use', id: 'c1', name: 'atmos_where', input: { path: 'vars.cidr' } }], inputTokens: 10, outputTokens: 3 },
        { role: 'user', content: [{ type: 'tool_result', toolUseId: 'c1', content: '10.0.0.0/16' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'c2', name: 'file_write', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', toolUseId: 'c2', content: 'The user denied this tool call.', isError: true }] },
        { role: 'assistant', content: [{ type: 'text', text: 'It is 10.0.0.0/16.' }] },
        { role: 'user', content: [{ type: 'text', text: 'q2' }] },
      ],
      sink,
      'r',
    );
    assert.deepEqual(log, [], 'a rebuilt transcript goes out as one snapshot, not as events');
    const shape = transcript.items.map((i) => (i.kind === 'tool' ? `tool:${i.card.tool}:${i.card.status}:${i.card.result}` : `${i.kind}:${'text' in i ? i.text : ''}`));
    assert.deepEqual(shape, ['user:q1', 'assistant:looking', 'tool:atmos_where:success:10.0.0.0/16', 'tool:file_write:denied:The user denied this tool call.', 'assistant:It is 10.0.0.0/16.', 'user:q2']);
    assert.deepEqual([...userIndex.entries()], [['r1', 0], ['r6', 6]]);
    assert.deepEqual((transcript.items[1] as Extract<ChatItem, { kind: 'assistant' }>).usage, { inputTokens: 10, outputTokens: 3 });
  });

  it('turns answered error cards into a notice in place (same id), leaving other errors alone', () => {
    const { log, sink } = recordingSink();
    const t = new Transcript(sink, 'k');
    const noKey = t.add({ kind: 'error', message: 'No API key is set for OpenAI.', errorKind: 'no_key', actions: fixActionsFor('no_key') });
    const other = t.add({ kind: 'error', message: 'Server error', errorKind: 'server', actions: fixActionsFor('server') });
    log.length = 0;
    assert.equal(t.resolveErrors(['no_key', 'auth'], 'The API key for OpenAI is set.'), 1);
    assert.deepEqual(log, [`updated notice ${noKey.id}`]);
    assert.deepEqual(t.get(noKey.id), { kind: 'notice', id: noKey.id, text: 'The API key for OpenAI is set.' });
    assert.equal(t.get(other.id)?.kind, 'error');
    assert.equal(t.resolveErrors(['no_key'], 'again'), 0, 'nothing left to resolve');
  });
});

describe('chat transcript: thinking and unreported usage', () => {
  it('streams thinking into the answer item apart from its text, and the stored message holds only the answer', () => {
    const { log, sink } = recordingSink();
    const t = new Transcript(sink, 't');
    t.apply({ type: 'thinking', delta: 'Check the <b>dev</b> ' });
    t.apply({ type: 'thinking', delta: 'defaults.' });
    t.apply({ type: 'text', delta: 'It is 10.0.0.0/16.' });
    t.apply({ type: 'usage', provider: 'openai', inputTokens: 10, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0 });
    t.apply({ type: 'message', message: { role: 'assistant', content: [{ type: 'text', text: 'It is 10.0.0.0/16.' }] } });
    assert.deepEqual(log, ['added assistant t1', 'thinking t1 "Check the <b>dev</b> "', 'thinking t1 "defaults."', 'delta t1 "It is 10.0.0.0/16."', 'updated assistant t1']);
    const answer = t.items[0] as Extract<ChatItem, { kind: 'assistant' }>;
    assert.equal(answer.thinking, 'Check the <b>dev</b> defaults.');
    assert.equal(answer.text, 'It is 10.0.0.0/16.');
    assert.equal(answer.usageNotReported, undefined);
    // Reloaded from the store: the answer only, no thinking.
    const { transcript } = Transcript.fromMessages([{ role: 'assistant', content: [{ type: 'text', text: answer.text }], inputTokens: 10, outputTokens: 3 }], sink);
    assert.equal((transcript.items[0] as Extract<ChatItem, { kind: 'assistant' }>).thinking, undefined);
  });

  it('opens an answer item for thinking that arrives before any text (a response of tool calls only keeps it too)', () => {
    const { sink } = recordingSink();
    const t = new Transcript(sink, 't');
    t.apply({ type: 'thinking', delta: 'I should call atmos_where.' });
    t.apply({ type: 'tool_call', callId: 'c1', tool: 'atmos_where', args: {} });
    assert.deepEqual(
      t.items.map((i) => i.kind),
      ['assistant', 'tool'],
    );
    const thought = t.items[0] as Extract<ChatItem, { kind: 'assistant' }>;
    assert.equal(thought.text, '');
    assert.equal(thought.thinking, 'I should call atmos_where.');
    assert.equal(thought.streaming, false);
  });

  it('marks an answer whose provider reported no usage, and does not lend it the usage of an earlier tool-call response', () => {
    const { sink } = recordingSink();
    const t = new Transcript(sink, 't');
    // A response of tool calls only, with usage; then an answer from a provider that reports none.
    t.apply({ type: 'usage', provider: 'openai', inputTokens: 50, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 });
    t.apply({ type: 'message', message: { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'atmos_where', input: {} }] } });
    t.apply({ type: 'text', delta: 'Done.' });
    t.apply({ type: 'message', message: { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] } });
    const answer = t.items[0] as Extract<ChatItem, { kind: 'assistant' }>;
    assert.equal(answer.usage, undefined);
    assert.equal(answer.usageNotReported, true);
  });

  it('marks stored answers that carry no token figures as not reported, and keeps the figures of those that do', () => {
    const { sink } = recordingSink();
    const { transcript } = Transcript.fromMessages(
      [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'from vscode.lm' }], inputTokens: 0, outputTokens: 0 },
        { role: 'assistant', content: [{ type: 'text', text: 'from openai' }], inputTokens: 12, outputTokens: 4 },
      ],
      sink,
    );
    const [, lm, openai] = transcript.items as Extract<ChatItem, { kind: 'assistant' }>[];
    assert.equal(lm.usageNotReported, true);
    assert.equal(lm.usage, undefined);
    assert.deepEqual(openai.usage, { inputTokens: 12, outputTokens: 4 });
    assert.equal(openai.usageNotReported, undefined);
  });
});
