import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CheckpointError, exportSession, importCheckpoint, parseCheckpoint, type Checkpoint } from '../../src/sessions/checkpoint';
import { SessionStore } from '../../src/sessions/store';

/** What upstream `atmos ai session export` writes (Go encoding/json of Checkpoint, RFC 3339 nano times). */
const UPSTREAM_JSON = `{
  "version": "1.0",
  "exported_at": "2025-01-15T10:30:00.123456789-05:00",
  "exported_by": "alice",
  "session": {
    "name": "vpc-review",
    "provider": "anthropic",
    "model": "claude-sonnet-4-5",
    "skill": "stack-analyzer",
    "project_path": "/home/alice/infra",
    "created_at": "2025-01-15T09:00:00Z",
    "updated_at": "2025-01-15T10:00:00Z",
    "metadata": { "ticket": "OPS-1" }
  },
  "messages": [
    { "role": "user", "content": "Why two NAT gateways?", "created_at": "2025-01-15T09:00:01Z" },
    { "role": "assistant", "content": "Because max_nat_gateways is 2.", "created_at": "2025-01-15T09:00:05Z", "archived": true },
    { "role": "system", "content": "summary", "created_at": "2025-01-15T09:00:06Z" }
  ],
  "context": { "working_directory": "/home/alice/infra" },
  "statistics": { "message_count": 3, "user_messages": 1, "assistant_messages": 1, "total_tokens": 1234 }
}
`;

describe('sessions: export and import (Atmos checkpoint v1.0)', () => {
  let dataDir: string;
  let store: SessionStore;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-checkpoint-'));
    store = await SessionStore.open({ dataDir });
  });
  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function sample(): string {
    const s = store.createSession({ name: 'audit', provider: 'openai', model: 'gpt-5', agent: 'security-auditor', projectPath: '/repo' });
    store.appendMessage(s.id, { role: 'user', content: [{ type: 'text', text: 'audit plat-ue2-prod' }] });
    store.appendMessage(s.id, {
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'c1', name: 'atmos_describe_stacks', input: { stack: 'plat-ue2-prod' }, providerData: { thoughtSignature: 'sig' } }],
      usage: { inputTokens: 30, outputTokens: 12 },
    });
    store.appendMessage(s.id, { role: 'user', content: [{ type: 'tool_result', toolUseId: 'c1', content: 'ok', isError: false }] });
    return s.id;
  }

  it('exports JSON in upstream’s shape and imports it back with typed blocks intact', () => {
    const id = sample();
    const json = exportSession(store, id, 'json');
    const c = JSON.parse(json) as Checkpoint;
    assert.equal(c.version, '1.0');
    assert.deepEqual(Object.keys(c.session).sort(), ['created_at', 'model', 'name', 'project_path', 'provider', 'skill', 'updated_at']);
    assert.equal(c.session.skill, 'security-auditor');
    assert.equal(typeof c.messages[1].content, 'string');
    assert.match(c.messages[1].content, /atmos_describe_stacks/);
    assert.deepEqual(c.statistics, { message_count: 3, user_messages: 2, assistant_messages: 1, total_tokens: 42, tool_calls: 1 });
    assert.ok(!Number.isNaN(Date.parse(c.messages[0].created_at)));

    const imported = importCheckpoint(store, parseCheckpoint(json));
    assert.notEqual(imported.id, id);
    assert.equal(imported.agent, 'security-auditor');
    assert.deepEqual(store.getMessages(imported.id).map((m) => m.content), store.getMessages(id).map((m) => m.content));
    assert.deepEqual((store.getMessages(imported.id)[1].content[0] as { providerData?: unknown }).providerData, { thoughtSignature: 'sig' });
  });

  it('round-trips YAML', () => {
    const id = sample();
    const yaml = exportSession(store, id, 'yaml');
    assert.equal((parseYaml(yaml) as Checkpoint).session.name, 'audit');
    const imported = importCheckpoint(store, parseCheckpoint(yaml), { name: 'copy' });
    assert.equal(imported.name, 'copy');
    assert.equal(imported.messageCount, 3);
  });

  it('renders Markdown like upstream', () => {
    const id = sample();
    const md = exportSession(store, id, 'md');
    assert.match(md, /^# Atmos AI Session: audit\n/);
    assert.match(md, /\*\*Provider:\*\* openai/);
    assert.match(md, /### Message 2 - ASSISTANT\n/);
    assert.match(md, /- Tool Calls: 1/);
  });

  it('imports a checkpoint written by upstream atmos (text content, nanosecond times, archived)', () => {
    const s = importCheckpoint(store, parseCheckpoint(UPSTREAM_JSON));
    assert.equal(s.name, 'vpc-review');
    assert.equal(s.provider, 'anthropic');
    assert.equal(s.agent, 'stack-analyzer');
    assert.deepEqual(s.metadata, { ticket: 'OPS-1' });
    const messages = store.getMessages(s.id);
    assert.deepEqual(messages.map((m) => [m.role, m.archived]), [['user', false], ['assistant', true], ['system', false]]);
    assert.deepEqual(messages[1].content, [{ type: 'text', text: 'Because max_nat_gateways is 2.' }]);
    assert.equal(messages[0].createdAt, Date.parse('2025-01-15T09:00:01Z'));
  });

  it('reports invalid fields with their line and column', () => {
    const bad = UPSTREAM_JSON.replace('"role": "system"', '"role": "tool"').replace('"version": "1.0"', '"version": "2.0"');
    assert.throws(
      () => parseCheckpoint(bad),
      (err: unknown) => {
        assert.ok(err instanceof CheckpointError);
        const byMessage = new Map(err.problems.map((p) => [p.message.split(' ')[0], p]));
        assert.deepEqual(byMessage.get('version'), { message: 'version must be "1.0"', line: 2, col: 14 });
        const role = byMessage.get('messages.2.role');
        assert.equal(role?.line, 18);
        assert.match(role!.message, /user/);
        return true;
      },
    );
  });

  it('reports a count mismatch, bad blocks and unparsable text with locations', () => {
    const mismatch = UPSTREAM_JSON.replace('"message_count": 3', '"message_count": 4');
    assert.throws(() => parseCheckpoint(mismatch), / 21:\d+: statistics\.message_count is 4 but the file has 3 messages/);
    const badBlock = UPSTREAM_JSON.replace('"content": "summary",', '"content": "summary", "blocks": [{ "type": "tool_use", "id": "x" }],');
    assert.throws(() => parseCheckpoint(badBlock), / 18:\d+: messages\.2\.blocks\.0 must have required property 'name'/m);
    assert.throws(() => parseCheckpoint('{ "version": "1.0", '), (err: unknown) => err instanceof CheckpointError && err.problems[0].line !== undefined);
    assert.throws(() => parseCheckpoint('version: "1.0"\nsession: {}\n'), /session must have required property 'name'/);
  });
});
