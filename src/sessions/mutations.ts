/**
 * Every change to the store is a Mutation, journaled first and then applied. Applying is idempotent
 * (replaying an entry twice changes nothing) and order-tolerant across writers: creates are plain
 * inserts, field updates are last-writer-wins on a (ts, writer, seq) clock, deletes leave tombstones,
 * and an entry whose session (or archived messages) has not arrived yet is deferred, not dropped.
 */
import type { Database } from 'sql.js';
import { blocksToText, type ContentBlock } from './content';
import type { JournalEntry } from './journal';

export type Role = 'user' | 'assistant' | 'system';

export interface SessionRecord {
  id: string;
  name: string;
  projectPath: string;
  provider: string;
  model: string;
  agent: string;
  createdAt: number;
  metadata: Record<string, unknown>;
}

export type SessionFields = Partial<Pick<SessionRecord, 'name' | 'projectPath' | 'provider' | 'model' | 'agent' | 'metadata'>>;

export interface MessageRecord {
  id: string;
  sessionId: string;
  role: Role;
  content: ContentBlock[];
  createdAt: number;
  archived?: boolean;
}

export interface UsageRecord {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cost: number;
}

export interface SummaryRecord {
  id: string;
  content: string;
  firstMessageId: string;
  lastMessageId: string;
  messageCount: number;
}

export type Mutation =
  | { op: 'session.create'; session: SessionRecord }
  | { op: 'session.update'; id: string; ts: number; fields: SessionFields }
  | { op: 'session.delete'; id: string; ts: number }
  | { op: 'message.append'; message: MessageRecord; usage?: UsageRecord }
  | { op: 'messages.compact'; sessionId: string; ts: number; archive: string[]; summary: SummaryRecord };

export type ApplyResult = 'applied' | 'deferred';

export function applyEntry(db: Database, entry: JournalEntry): ApplyResult {
  const m = entry.m;
  switch (m.op) {
    case 'session.create':
      return createSession(db, m.session);
    case 'session.update':
      return updateSession(db, m.id, m.fields, clock(m.ts, entry.w, entry.s));
    case 'session.delete':
      return deleteSession(db, m.id, m.ts);
    case 'message.append':
      return appendMessage(db, m.message, m.usage, entry.w, entry.s);
    case 'messages.compact':
      return compactMessages(db, m.sessionId, m.ts, m.archive, m.summary);
    default:
      // an entry written by a newer version: keep going, the rest of the journal still counts
      return 'applied';
  }
}

function clock(ts: number, writer: string, seq: number): string {
  return `${String(ts).padStart(15, '0')}:${writer}:${String(seq).padStart(12, '0')}`;
}

function scalar(db: Database, sql: string, params: (string | number)[]): unknown {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    return statement.step() ? statement.get()[0] : undefined;
  } finally {
    statement.free();
  }
}

function isDeleted(db: Database, id: string): boolean {
  return scalar(db, 'SELECT 1 FROM deleted_sessions WHERE id = ?', [id]) !== undefined;
}

function sessionExists(db: Database, id: string): boolean {
  return scalar(db, 'SELECT 1 FROM sessions WHERE id = ?', [id]) !== undefined;
}

function createSession(db: Database, s: SessionRecord): ApplyResult {
  if (isDeleted(db, s.id)) return 'applied';
  db.run(
    `INSERT OR IGNORE INTO sessions (id, name, project_path, provider, model, agent, created_at, updated_at, metadata)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [s.id, s.name, s.projectPath, s.provider, s.model, s.agent, s.createdAt, s.createdAt, JSON.stringify(s.metadata ?? {})],
  );
  // messages that arrived first (another writer's journal read earlier) now count toward recency
  db.run('UPDATE sessions SET updated_at = MAX(updated_at, COALESCE((SELECT MAX(created_at) FROM messages WHERE session_id = ?), 0)) WHERE id = ?', [
    s.id,
    s.id,
  ]);
  return 'applied';
}

const FIELD_COLUMNS: Record<keyof SessionFields, string> = {
  name: 'name',
  projectPath: 'project_path',
  provider: 'provider',
  model: 'model',
  agent: 'agent',
  metadata: 'metadata',
};

function updateSession(db: Database, id: string, fields: SessionFields, fieldsClock: string): ApplyResult {
  if (isDeleted(db, id)) return 'applied';
  if (!sessionExists(db, id)) return 'deferred';
  const sets: string[] = [];
  const params: (string | number)[] = [];
  for (const [key, column] of Object.entries(FIELD_COLUMNS) as [keyof SessionFields, string][]) {
    const value = fields[key];
    if (value === undefined) continue;
    sets.push(`${column} = ?`);
    params.push(key === 'metadata' ? JSON.stringify(value) : String(value));
  }
  if (sets.length === 0) return 'applied';
  db.run(`UPDATE sessions SET ${sets.join(', ')}, fields_clock = ? WHERE id = ? AND fields_clock < ?`, [...params, fieldsClock, id, fieldsClock]);
  return 'applied';
}

function deleteSession(db: Database, id: string, ts: number): ApplyResult {
  db.run('INSERT OR IGNORE INTO deleted_sessions (id, deleted_at) VALUES (?, ?)', [id, ts]);
  db.run('DELETE FROM message_text WHERE docid IN (SELECT rowid FROM messages WHERE session_id = ?)', [id]);
  db.run('DELETE FROM messages WHERE session_id = ?', [id]);
  db.run('DELETE FROM usage WHERE session_id = ?', [id]);
  db.run('DELETE FROM message_summaries WHERE session_id = ?', [id]);
  db.run('DELETE FROM sessions WHERE id = ?', [id]);
  return 'applied';
}

function appendMessage(db: Database, msg: MessageRecord, usage: UsageRecord | undefined, writer: string, seq: number): ApplyResult {
  if (isDeleted(db, msg.sessionId)) return 'applied';
  if (!sessionExists(db, msg.sessionId)) return 'deferred';
  db.run(
    `INSERT OR IGNORE INTO messages (id, session_id, sequence, writer, role, content, created_at, input_tokens, output_tokens, archived)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      msg.id,
      msg.sessionId,
      seq,
      writer,
      msg.role,
      JSON.stringify(msg.content),
      msg.createdAt,
      usage?.inputTokens ?? 0,
      usage?.outputTokens ?? 0,
      msg.archived ? 1 : 0,
    ],
  );
  if (db.getRowsModified() === 0) return 'applied'; // replayed twice
  // FTS4 docid = the message's rowid, so a delete can find its text rows
  db.run('INSERT INTO message_text (docid, message_id, session_id, body) VALUES ((SELECT rowid FROM messages WHERE id = ?), ?, ?, ?)', [
    msg.id,
    msg.id,
    msg.sessionId,
    blocksToText(msg.content),
  ]);
  if (usage) {
    db.run(
      `INSERT OR IGNORE INTO usage (message_id, session_id, provider, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        msg.id,
        msg.sessionId,
        usage.provider,
        usage.model,
        usage.inputTokens,
        usage.outputTokens,
        usage.cacheReadTokens,
        usage.cacheWriteTokens,
        usage.cost,
        msg.createdAt,
      ],
    );
  }
  db.run('UPDATE sessions SET updated_at = MAX(updated_at, ?), message_count = message_count + 1 WHERE id = ?', [msg.createdAt, msg.sessionId]);
  return 'applied';
}

function compactMessages(db: Database, sessionId: string, ts: number, archive: string[], summary: SummaryRecord): ApplyResult {
  if (isDeleted(db, sessionId)) return 'applied';
  if (!sessionExists(db, sessionId)) return 'deferred';
  const placeholders = archive.map(() => '?').join(',');
  if (archive.length > 0) {
    const present = Number(scalar(db, `SELECT COUNT(*) FROM messages WHERE session_id = ? AND id IN (${placeholders})`, [sessionId, ...archive]));
    if (present < archive.length) return 'deferred';
    db.run(`UPDATE messages SET archived = 1 WHERE session_id = ? AND id IN (${placeholders})`, [sessionId, ...archive]);
  }
  db.run(
    `INSERT OR IGNORE INTO message_summaries (id, session_id, content, first_message_id, last_message_id, message_count, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [summary.id, sessionId, summary.content, summary.firstMessageId, summary.lastMessageId, summary.messageCount, ts],
  );
  return 'applied';
}
