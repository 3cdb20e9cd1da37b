import './vscodeFake/register';
import assert from 'node:assert/strict';
import { createVsCodeLmProvider } from '../../src/vscode/vscodeLmProvider';
import { collect, fakeClock, startFakeServer, type FakeServer } from './fakeServer';
import { describeProviderSuite } from './suite';
import { configureFakeLm, LanguageModelChatMessageRole, LanguageModelTextPart, LanguageModelToolCallPart, LanguageModelToolResultPart } from './vscodeFake/fakeVscode';
import { vscodeLmWire } from './vscodeLmWire';

describeProviderSuite('vscode-lm', {
  make: (baseUrl, clock) => {
    configureFakeLm({ baseUrl, models: [{ id: 'other-model', vendor: 'acme' }, { id: 'test-model', vendor: 'acme' }] });
    return createVsCodeLmProvider({ clock });
  },
  wire: vscodeLmWire,
  authHint: /consent|sign in|Select Provider/,
});

describe('vscode-lm: specifics', () => {
  let server: FakeServer;
  beforeEach(async () => (server = await startFakeServer()));
  afterEach(() => server.close());
  const hi = { system: [{ text: 'sys' }], messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };

  it('passes real LanguageModel parts: tool calls and results share call ids, the system prompt leads as a user message', async () => {
    const lm = configureFakeLm({ baseUrl: server.url, models: [{ id: 'm1' }] });
    server.script(vscodeLmWire.text(['ok']));
    await collect(
      createVsCodeLmProvider({ clock: fakeClock() }).stream({
        system: [{ text: 'You are Atmos AI.' }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'go' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'list_stacks', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', toolUseId: 'c1', content: 'dev' }] },
        ],
        tools: [{ name: 'list_stacks', description: 'List', inputSchema: { type: 'object', properties: {} } }],
        maxTokens: 99,
      }),
    );
    const [call] = lm.calls;
    assert.deepEqual(call.messages.map((m) => m.role), [LanguageModelChatMessageRole.User, LanguageModelChatMessageRole.User, LanguageModelChatMessageRole.Assistant, LanguageModelChatMessageRole.User]);
    assert.ok(call.messages[0].content[0] instanceof LanguageModelTextPart);
    const use = call.messages[2].content[0];
    const result = call.messages[3].content[0];
    assert.ok(use instanceof LanguageModelToolCallPart && result instanceof LanguageModelToolResultPart);
    assert.equal(result.callId, use.callId);
    assert.equal((result.content[0] as LanguageModelTextPart).value, 'dev');
    assert.deepEqual(call.options.modelOptions, { max_tokens: 99 });
    assert.deepEqual((call.options.tools as { name: string }[]).map((t) => t.name), ['list_stacks']);
  });

  it('names the available models when the one asked for is missing, without calling any', async () => {
    configureFakeLm({ baseUrl: server.url, models: [{ id: 'gpt-x' }, { id: 'claude-y' }] });
    const events = await collect(createVsCodeLmProvider({ clock: fakeClock() }).stream({ ...hi, model: 'nope' }));
    const last = events[events.length - 1];
    assert.equal(last.type === 'error' && last.kind, 'model_not_found');
    assert.match(last.type === 'error' ? last.message : '', /nope.*gpt-x, claude-y/);
    assert.equal(server.requests.length, 0);
  });

  it('says how to get a model when VS Code has none', async () => {
    configureFakeLm({ baseUrl: server.url, models: [] });
    const events = await collect(createVsCodeLmProvider({ clock: fakeClock() }).stream(hi));
    const last = events[events.length - 1];
    assert.equal(last.type === 'error' && last.kind, 'model_not_found');
    assert.match(last.type === 'error' ? last.message : '', /Copilot/);
  });

  it('prefers a Copilot model when none is named, and matches a family name', async () => {
    const lm = configureFakeLm({ baseUrl: server.url, models: [{ id: 'a', vendor: 'acme' }, { id: 'b', vendor: 'copilot', family: 'gpt-fam' }, { id: 'c', vendor: 'acme', family: 'c-fam' }] });
    server.script(vscodeLmWire.text(['1']), vscodeLmWire.text(['2']));
    await collect(createVsCodeLmProvider({ clock: fakeClock() }).stream(hi));
    await collect(createVsCodeLmProvider({ clock: fakeClock() }).stream({ ...hi, model: 'c-fam' }));
    assert.deepEqual(lm.calls.map((c) => c.model), ['b', 'c']);
  });

  it('treats a vendor error that says "rate limit" as rate_limited, retried with backoff', async () => {
    configureFakeLm({ baseUrl: server.url, models: [{ id: 'm' }] });
    const limited = () => vscodeLmWire.error(500, 'Sorry, you have been rate-limited. Please wait.');
    server.script(limited());
    const once = await collect(createVsCodeLmProvider({ clock: fakeClock(), retries: { maxRetries: 0 } }).stream(hi));
    const last = once[once.length - 1];
    assert.equal(last.type === 'error' && last.kind, 'rate_limited');
    assert.equal(last.type === 'error' && last.retryable, true);
    server.script(limited(), vscodeLmWire.text(['after']));
    const clock = fakeClock();
    const events = await collect(createVsCodeLmProvider({ clock }).stream(hi));
    assert.equal(events.filter((e) => e.type === 'text').map((e) => (e.type === 'text' ? e.delta : '')).join(''), 'after');
    assert.equal(clock.sleeps.length, 1);
  });

  it('lists the models VS Code offers, with vendor and context window', async () => {
    configureFakeLm({ baseUrl: server.url, models: [{ id: 'm', name: 'Model M', vendor: 'acme', maxInputTokens: 64000 }] });
    const models = await createVsCodeLmProvider({}).listModels!();
    assert.deepEqual(models, [{ id: 'm', displayName: 'Model M (acme)', contextWindow: 64000 }]);
  });
});
