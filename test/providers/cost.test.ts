import assert from 'node:assert/strict';
import { costOf, priceOf, PRICES_AS_OF, sessionCost } from '../../src/providers/cost';
import prices from '../../src/providers/prices.json';

describe('provider cost table', () => {
  it('is dated and every row has input and output rates', () => {
    assert.match(PRICES_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
    for (const [provider, table] of Object.entries(prices.providers)) {
      for (const [model, row] of Object.entries(table as Record<string, { input: number; output: number }>)) {
        assert.ok(row.input >= 0 && row.output >= row.input, `${provider}/${model}`);
      }
    }
  });

  it('prices input, output, cache reads and cache writes at their own rates', () => {
    const row = priceOf('anthropic', 'claude-sonnet-5-5')!;
    const usage = { inputTokens: 1_000_000, outputTokens: 2_000_000, cacheReadTokens: 3_000_000, cacheWriteTokens: 4_000_000 };
    const expected = row.input + 2 * row.output + 3 * row.cacheRead! + 4 * row.cacheWrite!;
    assert.ok(Math.abs(costOf(usage, 'anthropic', 'claude-sonnet-5-5')! - expected) < 1e-9);
  });

  it('uses the input rate for cache writes where the provider has no write price', () => {
    const row = priceOf('openai', 'gpt-5.5')!;
    assert.equal(row.cacheWrite, undefined);
    assert.equal(costOf({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 1_000_000 }, 'openai', 'gpt-5.5'), row.input);
  });

  it('matches dated snapshots and Bedrock ids, never a different model', () => {
    assert.deepEqual(priceOf('openai', 'gpt-5-mini-2025-08-07'), priceOf('openai', 'gpt-5-mini'));
    assert.deepEqual(priceOf('anthropic', 'claude-haiku-4-5-20251001'), priceOf('anthropic', 'claude-haiku-4-5'));
    assert.deepEqual(priceOf('bedrock', 'us.anthropic.claude-sonnet-5-5-v1:0'), priceOf('anthropic', 'claude-sonnet-5-5'));
    assert.deepEqual(priceOf('azure', 'gpt-5.4-mini'), priceOf('openai', 'gpt-5.4-mini'));
    assert.equal(priceOf('openai', 'gpt-5.3-codex'), undefined);
    assert.equal(priceOf('anthropic', 'claude-opus-5-6'), undefined);
  });

  it('prices Gemini models by their own row; a -lite model never takes the flash price', () => {
    const usage = { inputTokens: 2_000_000, outputTokens: 1_000_000, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const flash = priceOf('gemini', 'gemini-2.5-flash')!;
    const lite = priceOf('gemini', 'gemini-2.5-flash-lite')!;
    assert.notDeepEqual(flash, lite);
    assert.ok(Math.abs(costOf(usage, 'gemini', 'gemini-2.5-flash-lite')! - (2 * lite.input + lite.output)) < 1e-9);
  });

  it('says unknown instead of guessing, and local models are free', () => {
    const usage = { inputTokens: 10, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 };
    assert.equal(costOf(usage, 'openai', 'my-finetune'), undefined);
    assert.equal(costOf(usage, 'gemini', 'gemini-x'), undefined);
    assert.equal(costOf(usage, 'ollama', 'llama3.1'), 0);
  });

  it('sums a session and counts the messages it could not price', () => {
    const u = { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const total = sessionCost([
      { usage: u, provider: 'anthropic', model: 'claude-haiku-4-5' },
      { usage: u, provider: 'openai', model: 'gpt-5.4-nano' },
      { usage: u, provider: 'openai', model: 'mystery' },
    ]);
    assert.ok(Math.abs(total.usd - (priceOf('anthropic', 'claude-haiku-4-5')!.input + priceOf('openai', 'gpt-5.4-nano')!.input)) < 1e-9);
    assert.equal(total.unpriced, 1);
  });
});
