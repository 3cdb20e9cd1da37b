/**
 * Versioned schema migrations. Each runs once, in order, inside a transaction, and is recorded in
 * `schema_migrations`. Never edit a released migration: add the next one.
 */
import type { Database } from 'sql.js';
import { blocksToText, type ContentBlock } from './content';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema: sessions, messages, usage, message_summaries',
    up(db) {
      db.run(`
        CREATE TABLE sessions (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          project_path TEXT NOT NULL DEFAULT '',
          provider TEXT NOT NULL DEFAULT '',
          model TEXT NOT NULL DEFAULT '',
          agent TEXT NOT NULL DEFAULT '',
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          metadata TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX sessions_updated ON sessions(updated_at DESC);
        CREATE TABLE messages (
          id TEXT PRIMARY KEY,
          session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          sequence INTEGER NOT NULL,
          role TEXT NOT NULL,
          content TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          input_tokens INTEGER NOT NULL DEFAULT 0,
          output_tokens INTEGER NOT NULL DEFAULT 0,
          archived INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX messages_session ON messages(session_id, sequence);
        CREATE TABLE usage (
          message_id TEXT PRIMARY KEY,
          session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          provider TEXT NOT NULL DEFAULT '',
          model TEXT NOT NULL DEFAULT '',
          input_tokens INTEGER NOT NULL DEFAULT 0,
          output_tokens INTEGER NOT NULL DEFAULT 0,
          cache_read_tokens INTEGER NOT NULL DEFAULT 0,
          cache_write_tokens INTEGER NOT NULL DEFAULT 0,
          cost REAL NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX usage_session ON usage(session_id);
        CREATE TABLE message_summaries (
          id TEXT PRIMARY KEY,
          session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          content TEXT NOT NULL,
          first_message_id TEXT NOT NULL,
          last_message_id TEXT NOT NULL,
          message_count INTEGER NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX summaries_session ON message_summaries(session_id);
      `);
    },
  },
  {
    version: 2,
    name: 'multi-writer journal: writer ordering, journal marks, tombstones, field clocks',
    up(db) {
      // Order within a session becomes (created_at, writer, sequence); `sequence` is the writer's own counter.
      db.run(`
        ALTER TABLE messages ADD COLUMN writer TEXT NOT NULL DEFAULT '';
        DROP INDEX messages_session;
        CREATE INDEX messages_order ON messages(session_id, created_at, writer, sequence);
        ALTER TABLE sessions ADD COLUMN fields_clock TEXT NOT NULL DEFAULT '';
        CREATE TABLE journal_marks (writer TEXT PRIMARY KEY, seq INTEGER NOT NULL);
        CREATE TABLE deleted_sessions (id TEXT PRIMARY KEY, deleted_at INTEGER NOT NULL);
      `);
    },
  },
  {
    version: 3,
    name: 'full-text index over message text (FTS4)',
    up(db) {
      db.run(`CREATE VIRTUAL TABLE message_text USING fts4(message_id, session_id, body, notindexed=message_id, notindexed=session_id)`);
      // docid = the message's rowid, so deleting a session's messages finds their text rows
      const select = db.prepare('SELECT rowid, id, session_id, content FROM messages');
      const insert = db.prepare('INSERT INTO message_text (docid, message_id, session_id, body) VALUES (?, ?, ?, ?)');
      try {
        while (select.step()) {
          const [rowid, id, sessionId, content] = select.get() as [number, string, string, string];
          insert.run([rowid, id, sessionId, blocksToText(parseBlocks(content))]);
        }
      } finally {
        select.free();
        insert.free();
      }
    },
  },
  {
    version: 4,
    name: 'message count kept on the session row (listing without counting)',
    up(db) {
      db.run(`
        ALTER TABLE sessions ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
        UPDATE sessions SET message_count = (SELECT COUNT(*) FROM messages m WHERE m.session_id = sessions.id);
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function currentVersion(db: Database): number {
  db.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const result = db.exec('SELECT COALESCE(MAX(version), 0) FROM schema_migrations');
  return Number(result[0]?.values[0]?.[0] ?? 0);
}

/** Applies every migration above the DB's version (up to `to`); returns the versions applied. */
export function migrate(db: Database, options: { to?: number; now?: () => number } = {}): number[] {
  const target = options.to ?? LATEST_VERSION;
  const now = options.now ?? Date.now;
  const from = currentVersion(db);
  if (from > LATEST_VERSION) throw new Error(`session database schema v${from} is newer than this version of Atmos AI supports (v${LATEST_VERSION})`);
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= from || migration.version > target) continue;
    db.run('BEGIN');
    try {
      migration.up(db);
      db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, now()]);
      db.run('COMMIT');
    } catch (err) {
      db.run('ROLLBACK');
      throw new Error(`session schema migration v${migration.version} (${migration.name}) failed: ${(err as Error).message}`, { cause: err });
    }
    applied.push(migration.version);
  }
  return applied;
}

/** Content as stored: a JSON array of blocks. A legacy plain string becomes one text block. */
export function parseBlocks(content: string): ContentBlock[] {
  try {
    const parsed: unknown = JSON.parse(content);
    if (Array.isArray(parsed)) return parsed as ContentBlock[];
    if (typeof parsed === 'string') return [{ type: 'text', text: parsed }];
  } catch {
    // not JSON: a plain-text message
  }
  return [{ type: 'text', text: content }];
}
