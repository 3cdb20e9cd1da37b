import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LATEST_VERSION, MIGRATIONS, currentVersion, migrate } from '../../src/sessions/migrations';
import { loadSqlJs } from '../../src/sessions/sqljs';
import { SessionStore } from '../../src/sessions/store';

describe('sessions: schema migrations', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-migrate-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('numbers migrations 1..N without gaps', () => {
    assert.deepEqual(
      MIGRATIONS.map((m) => m.version),
      Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1),
    );
    assert.equal(LATEST_VERSION, MIGRATIONS.length);
  });

  it('migrates a store written with the first schema, keeping its sessions, messages and order', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    assert.deepEqual(migrate(db, { to: 1 }), [1]);
    db.run(`INSERT INTO sessions (id, name, project_path, provider, model, agent, created_at, updated_at, metadata)
            VALUES ('s1', 'old session', '/repo', 'anthropic', 'claude', 'general', 1000, 3000, '{"k":1}')`);
    const rows: [string, number, string, string, number][] = [
      ['m1', 1, 'user', JSON.stringify([{ type: 'text', text: 'what does vpc-flow-logs do' }]), 1000],
      ['m2', 2, 'assistant', 'a legacy plain-text answer about subnets', 1000],
      ['m3', 3, 'user', JSON.stringify([{ type: 'text', text: 'thanks' }]), 3000],
    ];
    for (const [id, seq, role, content, at] of rows) {
      db.run('INSERT INTO messages (id, session_id, sequence, role, content, created_at) VALUES (?, ?, ?, ?, ?, ?)', [id, 's1', seq, role, content, at]);
    }
    db.run(`INSERT INTO usage (message_id, session_id, provider, model, input_tokens, output_tokens, cost, created_at) VALUES ('m2', 's1', 'anthropic', 'claude', 100, 20, 0.5, 1000)`);
    assert.equal(currentVersion(db), 1);
    mkdirSync(path.join(dataDir, 'sessions'));
    writeFileSync(path.join(dataDir, 'sessions', 'sessions.sqlite'), db.export());
    db.close();

    const store = await SessionStore.open({ dataDir });
    try {
      const session = store.getSession('s1');
      assert.equal(session?.name, 'old session');
      assert.equal(session?.messageCount, 3, 'v4 counted the messages already there');
      assert.deepEqual(session?.metadata, { k: 1 });
      const messages = store.getMessages('s1');
      assert.deepEqual(messages.map((m) => [m.id, m.sequence]), [['m1', 1], ['m2', 2], ['m3', 3]]);
      assert.deepEqual(messages[1].content, [{ type: 'text', text: 'a legacy plain-text answer about subnets' }]);
      assert.deepEqual(store.search('subnets').map((h) => h.messageId), ['m2']);
      assert.equal(store.totals('s1').inputTokens, 100);
      // new writes land after the migrated ones
      const added = store.appendMessage('s1', { role: 'assistant', content: [{ type: 'text', text: 'you are welcome' }] });
      assert.equal(added.sequence, 4);
    } finally {
      store.close();
    }
    const reopened = await SessionStore.open({ dataDir });
    try {
      assert.equal(reopened.getMessages('s1').length, 4);
      assert.equal(reopened.getSession('s1')?.messageCount, 4);
    } finally {
      reopened.close();
    }
  });

  it('records each migration once and is a no-op when up to date', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    assert.deepEqual(migrate(db), MIGRATIONS.map((m) => m.version));
    assert.deepEqual(migrate(db), []);
    const recorded = db.exec('SELECT version FROM schema_migrations ORDER BY version')[0].values.map((r) => r[0]);
    assert.deepEqual(recorded, MIGRATIONS.map((m) => m.version));
  });

  it('refuses a database from a newer version instead of touching it', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrate(db);
    db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [LATEST_VERSION + 1, 'future', 0]);
    assert.throws(() => migrate(db), /newer/);
  });

  it('rolls back a failing migration and names it', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrate(db, { to: 1 });
    db.run('CREATE TABLE journal_marks (x)'); // migration 2 will collide with it
    assert.throws(() => migrate(db), /migration v2/);
    assert.equal(currentVersion(db), 1);
    assert.equal(db.exec("SELECT COUNT(*) FROM pragma_table_info('messages') WHERE name = 'writer'")[0].values[0][0], 0);
  });
});
