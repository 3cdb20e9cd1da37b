import assert from 'node:assert/strict';
import type { ChatEvent } from '../../../src/chat/chatEvents';
import { UsageTally } from '../../../src/vscode/chat/usageTally';

const answer: ChatEvent = { type: 'message', message: { role: 'assistant', content: [{ type: 'text', text: 'a' }] } };
const toolResults: ChatEvent = { type: 'message', message: { role: 'user', content: [{ type: 'tool_result', toolUseId: 'c', content: 'r' }] } };

describe('session usage tally (header figures)', () => {
  it('adds reported usage and counts responses that reported none', () => {
    const tally = new UsageTally();
    tally.startTurn();
    assert.equal(tally.apply({ type: 'usage', provider: 'ollama', inputTokens: 100, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 0 }), true);
    assert.equal(tally.apply(answer), false, 'a response with usage adds no unreported count');
    assert.equal(tally.apply(toolResults), false);
    assert.equal(tally.apply(answer), true, 'the next response came without usage');
    assert.deepEqual(tally.figures, { inputTokens: 100, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 0, cost: 0, unreportedResponses: 1 });
  });

  it('a provider that never reports usage leaves the tokens at zero and counts every response', () => {
    const tally = new UsageTally();
    for (let i = 0; i < 3; i++) {
      tally.startTurn();
      tally.apply({ type: 'text', delta: 'x' });
      tally.apply(answer);
    }
    assert.equal(tally.figures.unreportedResponses, 3);
    assert.equal(tally.figures.inputTokens + tally.figures.outputTokens, 0);
  });

  it('prices usage from the provider of the event', () => {
    const tally = new UsageTally();
    tally.apply({ type: 'usage', provider: 'anthropic', model: 'claude-sonnet-4-5', inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
    assert.ok(tally.figures.cost > 0, `a priced model costs something (got ${tally.figures.cost})`);
  });

  it('a stored session: the store totals plus the assistant messages stored without any token figures', () => {
    const totals = { inputTokens: 12, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0.5 };
    const tally = UsageTally.fromStored(totals, [
      { role: 'user', inputTokens: 0, outputTokens: 0 },
      { role: 'assistant', inputTokens: 0, outputTokens: 0 },
      { role: 'assistant', inputTokens: 12, outputTokens: 4 },
      { role: 'assistant' },
    ]);
    assert.deepEqual(tally.figures, { ...totals, unreportedResponses: 2 });
  });
});
