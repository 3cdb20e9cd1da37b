import assert from 'node:assert/strict';
import windows from '../../../src/providers/contextWindows.json';
import { CONTEXT_WINDOWS_AS_OF, contextWindowOf } from '../../../src/providers/contextWindow';

describe('context windows (src/providers/contextWindows.json)', () => {
  it('is dated, and every figure is a positive whole number of tokens', () => {
    assert.match(CONTEXT_WINDOWS_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
    for (const [provider, models] of Object.entries(windows.providers)) {
      for (const [model, tokens] of Object.entries(models as Record<string, number>)) {
        assert.ok(Number.isInteger(tokens) && tokens >= 1000, `${provider}/${model}: ${tokens}`);
      }
    }
  });

  it('finds a listed model, a dated snapshot of it, and the Azure and Bedrock spellings', () => {
    assert.equal(contextWindowOf('openai', 'gpt-4o'), 128_000);
    assert.equal(contextWindowOf('openai', 'GPT-4o-2024-08-06'), 128_000);
    assert.equal(contextWindowOf('openai', 'gpt-4o-mini'), 128_000, 'the longest listed prefix wins');
    assert.equal(contextWindowOf('azure', 'gpt-5'), 400_000);
    assert.equal(contextWindowOf('bedrock', 'us.anthropic.claude-sonnet-4-5-20250929'), 200_000);
  });

  it('does not guess: unknown models, unknown providers and no model give undefined', () => {
    assert.equal(contextWindowOf('openai', 'scripted-model'), undefined);
    assert.equal(contextWindowOf('openai', 'gpt-4o-turbo-ultra'), undefined, 'a different model that shares a prefix');
    assert.equal(contextWindowOf('ollama', 'llama3'), undefined);
    assert.equal(contextWindowOf('anthropic', ''), undefined);
  });
});
