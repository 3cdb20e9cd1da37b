import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compactIfNeeded, sessionHistory, type AutoCompactSettings } from '../../../src/chat/compactSession';
import { runTurn } from '../../../src/chat/runTurn';
import { SessionRecorder } from '../../../src/chat/sessionRecorder';
import { SessionStore } from '../../../src/sessions/store';
import { ToolRegistry } from '../../../src/tools/toolRegistry';
import { say, ScriptedProvider } from './scriptedProvider';

const settings: AutoCompactSettings = { enabled: true, triggerThreshold: 0.75, compactRatio: 0.4, preserveRecent: 4, maxMessages: 0, useAiSummary: true };

describe('auto-compaction driven by the chat', function () {
  this.timeout(30_000);
  let dir: string;
  let store: SessionStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'atmos-ai-compact-'));
    store = await SessionStore.open({ dataDir: dir });
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const fill = (sessionId: string, turns: number) => {
    for (let i = 0; i < turns; i++) {
      store.appendMessage(sessionId, { role: 'user', content: [{ type: 'text', text: `question ${i}` }] });
      if (i === 2) {
        store.appendMessage(sessionId, { role: 'assistant', content: [{ type: 'tool_use', id: 'call-2', name: 'atmos_where', input: { component: 'vpc' } }] });
        store.appendMessage(sessionId, { role: 'user', content: [{ type: 'tool_result', toolUseId: 'call-2', content: '10.130.0.0/16' }] });
      }
      store.appendMessage(sessionId, { role: 'assistant', content: [{ type: 'text', text: `answer ${i}` }] });
    }
  };

  it('summarises the oldest share with the summary model; the next request carries the summary, not the originals', async () => {
    const session = store.createSession({ name: 't', provider: 'openai', model: 'm' });
    fill(session.id, 10); // 22 messages
    const summaryProvider = new ScriptedProvider([say('- vpc gets 10.130.0.0/16 in plat-ue2-prod (set in plat/prod/_defaults.yaml)')]);
    const result = await compactIfNeeded({ store, sessionId: session.id, settings, contextTokens: 90_000, contextWindow: 100_000, summaryProvider });
    assert.equal(result.method, 'ai');
    assert.equal(result.archived, Math.ceil(22 * 0.4));
    assert.match(JSON.stringify(summaryProvider.requests[0].messages), /question 0/);

    // archived, not deleted
    assert.equal(store.getMessages(session.id, { includeArchived: true }).length, 22);
    assert.equal(store.getMessages(session.id, { includeArchived: false }).length, 22 - result.archived);

    const chat = new ScriptedProvider([say('It is 10.130.0.0/16.')]);
    const recorder = new SessionRecorder(store, session.id, 'm');
    for await (const e of runTurn({
      provider: chat,
      system: [{ text: 'sys' }],
      history: sessionHistory(store, session.id),
      user: { role: 'user', content: [{ type: 'text', text: 'and the CIDR again?' }] },
      maxIterations: 2,
      signal: new AbortController().signal,
      tools: { registry: new ToolRegistry(), policy: { allowed: [], restricted: [], blocked: [], yolo: false, requireConfirmation: true }, agent: { name: 'general' }, always: { has: () => false }, rememberAlways: async () => undefined, approvals: { request: async () => 'deny' }, client: 'test', timeoutMs: 1000, maxOutputChars: 1000 },
    })) recorder.record(e);

    const sent = chat.requests[0].messages;
    assert.match(JSON.stringify(sent[0].content), /<conversation-summary>[\s\S]*10\.130\.0\.0\/16 in plat-ue2-prod/);
    const texts = JSON.stringify(sent);
    assert.ok(!texts.includes('question 0'), 'an archived message was sent');
    assert.ok(texts.includes('question 9'), 'a recent message was dropped');
    for (let i = 1; i < sent.length; i++) assert.notEqual(sent[i].role, sent[i - 1].role, 'roles alternate');
    // tool_use and tool_result were never split: either both archived or both sent
    const hasUse = texts.includes('"call-2"') && texts.includes('"tool_use"');
    const hasResult = texts.includes('"toolUseId":"call-2"');
    assert.equal(hasUse, hasResult);
  });

  it('falls back to truncation when the summary model fails, and does nothing below the threshold', async () => {
    const session = store.createSession({ name: 't' });
    fill(session.id, 10);
    assert.equal((await compactIfNeeded({ store, sessionId: session.id, settings, contextTokens: 10_000, contextWindow: 100_000 })).archived, 0);
    const failing = new ScriptedProvider([[{ type: 'error', kind: 'server', message: 'boom', retryable: false }]]);
    const result = await compactIfNeeded({ store, sessionId: session.id, settings, contextTokens: 80_000, contextWindow: 100_000, summaryProvider: failing });
    assert.equal(result.method, 'truncation');
    assert.match(result.summary ?? '', /Earlier in this session .* shortened/);
    assert.equal((await compactIfNeeded({ store, sessionId: session.id, settings: { ...settings, enabled: false }, contextTokens: 99_000, contextWindow: 100_000 })).archived, 0);
  });
});
