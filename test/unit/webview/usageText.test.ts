import assert from 'node:assert/strict';
import type { UsageFigures } from '../../../src/protocol';
import { NOT_REPORTED, messageUsageText, sessionUsageText } from '../../../webview/usageText';

const figures = (over: Partial<UsageFigures>): UsageFigures => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0, unreportedResponses: 0, ...over });

describe('usage text (header and answer footers)', () => {
  it('shows the figures when every response reported usage, input counting cached tokens', () => {
    const t = sessionUsageText(figures({ inputTokens: 1000, cacheReadTokens: 200, outputTokens: 30, cost: 0.0123 }));
    assert.equal(t.state, 'reported');
    assert.equal(t.text, `${(1200).toLocaleString()} in · 30 out · $0.01`);
    assert.match(t.title, /200 cached/);
  });

  it('says "usage not reported" instead of zeros when no response reported usage', () => {
    const t = sessionUsageText(figures({ unreportedResponses: 2 }));
    assert.equal(t.state, 'not-reported');
    assert.equal(t.text, NOT_REPORTED);
    assert.match(t.title, /2 answers/);
    assert.match(t.title, /VS Code language models/);
  });

  it('a session mixing providers shows the known part and how many answers are missing', () => {
    const t = sessionUsageText(figures({ inputTokens: 100, outputTokens: 10, unreportedResponses: 1 }));
    assert.equal(t.state, 'partial');
    assert.equal(t.text, '100 in · 10 out · $0 · +1 not reported');
    assert.match(t.title, /1 answer reported none/);
    assert.match(t.title, /real use is higher/);
  });

  it('per answer: figures, "usage not reported", or nothing while it streams', () => {
    assert.equal(messageUsageText({ inputTokens: 5, outputTokens: 2, cost: 0.5 }, undefined)?.text, '5 in · 2 out · $0.50');
    assert.equal(messageUsageText({ inputTokens: 5, outputTokens: 2 }, undefined)?.text, '5 in · 2 out');
    const missing = messageUsageText(undefined, true);
    assert.equal(missing?.text, NOT_REPORTED);
    assert.equal(missing?.state, 'not-reported');
    assert.match(missing?.title ?? '', /did not report token usage/);
    assert.equal(messageUsageText(undefined, undefined), undefined);
  });
});
