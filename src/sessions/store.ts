/**
 * The session store: sessions, their messages (typed content blocks), token usage and compaction
 * summaries, durable across crashes and shared between processes (see durableDb.ts and README.md).
 * Headless: the caller passes the data directory (the extension's globalStorage, the CLI's data dir).
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { Database, SqlValue } from 'sql.js';
import type { ContentBlock } from './content';
import { DurableDb, type StoreDiagnostic } from './durableDb';
import type { MessageRecord, Role, SessionFields, UsageRecord } from './mutations';
import { parseBlocks } from './migrations';
import { loadSqlJs } from './sqljs';

export type { StoreDiagnostic } from './durableDb';
export type { Role, UsageRecord } from './mutations';

export interface SessionStoreOptions {
  /** The data directory; the store lives in `<dataDir>/sessions/`. */
  dataDir: string;
  /** sql-wasm.wasm location. Default: beside the bundle (dist/), else the sql.js package's copy. */
  wasmPath?: string;
  now?: () => number;
  /** Snapshot once this process's journal passes this size. Default 4 MiB. */
  snapshotAfterBytes?: number;
  /** Told when a damaged file was moved aside or a line skipped (show it to the user). */
  onDiagnostic?: (diagnostic: StoreDiagnostic) => void;
  isAlive?: (pid: number) => boolean;
}

export interface SessionInfo {
  id: string;
  name: string;
  projectPath: string;
  provider: string;
  model: string;
  agent: string;
  createdAt: number;
  updatedAt: number;
  metadata: Record<string, unknown>;
  messageCount: number;
}

export interface StoredMessage {
  id: string;
  sessionId: string;
  /** 1-based position in the session, in (created_at, writer, writer's seq) order. */
  sequence: number;
  role: Role;
  content: ContentBlock[];
  createdAt: number;
  inputTokens: number;
  outputTokens: number;
  archived: boolean;
}

export interface NewMessage {
  role: Role;
  content: ContentBlock[];
  usage?: Partial<UsageRecord>;
  /** Kept as given (imports); default now, never before the session's last message. */
  createdAt?: number;
  archived?: boolean;
}

export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cost: number;
}

export interface SearchHit {
  sessionId: string;
  sessionName: string;
  messageId: string;
  role: Role;
  createdAt: number;
  snippet: string;
}

export interface MessageSummary {
  id: string;
  content: string;
  firstMessageId: string;
  lastMessageId: string;
  messageCount: number;
  createdAt: number;
}

/** What changed, told to `onDidChangeSession` listeners in the process that made the change. */
export type SessionChange = { kind: 'updated'; session: SessionInfo } | { kind: 'deleted'; id: string };

export class SessionStore {
  private readonly sessionListeners = new Set<(change: SessionChange) => void>();

  private constructor(
    private readonly durable: DurableDb,
    private readonly now: () => number,
  ) {}

  static async open(options: SessionStoreOptions): Promise<SessionStore> {
    const SQL = await loadSqlJs(options.wasmPath);
    const now = options.now ?? Date.now;
    const durable = DurableDb.open({
      dir: path.join(options.dataDir, 'sessions'),
      SQL,
      now,
      snapshotAfterBytes: options.snapshotAfterBytes,
      onDiagnostic: options.onDiagnostic,
      isAlive: options.isAlive,
    });
    return new SessionStore(durable, now);
  }

  get diagnostics(): readonly StoreDiagnostic[] {
    return this.durable.diagnostics;
  }

  get directory(): string {
    return this.durable.dir;
  }

  /** Picks up what other processes (other VS Code windows, the CLI) wrote. Reads call it themselves. */
  refresh(): void {
    this.durable.refresh();
  }

  /**
   * Polls for changes made by other processes (other windows, the CLI) and calls `listener` after each
   * one; returns a function that stops it. The timer does not keep the process alive.
   */
  watch(listener: () => void, intervalMs = 1000): () => void {
    let seen = this.durable.changeCount;
    const timer = setInterval(() => {
      try {
        this.durable.refresh();
      } catch {
        return; // a transient read error: try again on the next tick
      }
      if (this.durable.changeCount !== seen) {
        seen = this.durable.changeCount;
        listener();
      }
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Calls `listener` right after this store object renames, updates or deletes a session (one part of a process
   * hears about another's change, e.g. the Sessions tree and the chat); returns a function that stops it. Changes
   * from other processes come through `watch`.
   */
  onDidChangeSession(listener: (change: SessionChange) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  private changed(change: SessionChange): void {
    for (const listener of [...this.sessionListeners]) {
      try {
        listener(change);
      } catch {
        // a listener's failure is its own; the write has happened
      }
    }
  }

  /** Writes a snapshot now (normally automatic). False if another process is doing it. */
  checkpoint(): boolean {
    return this.durable.checkpoint();
  }

  close(): void {
    this.durable.close();
  }

  sizes(): { snapshot: number; journals: number } {
    return this.durable.sizes();
  }

  // -- sessions ----------------------------------------------------------------------------------

  createSession(init: Partial<Omit<SessionInfo, 'id' | 'updatedAt' | 'messageCount'>> & { id?: string } = {}): SessionInfo {
    const createdAt = init.createdAt ?? this.now();
    const id = init.id ?? randomUUID();
    this.durable.write({
      op: 'session.create',
      session: {
        id,
        name: init.name ?? `Session ${new Date(createdAt).toISOString().slice(0, 16).replace('T', ' ')}`,
        projectPath: init.projectPath ?? '',
        provider: init.provider ?? '',
        model: init.model ?? '',
        agent: init.agent ?? '',
        createdAt,
        metadata: init.metadata ?? {},
      },
    });
    return this.getSession(id)!;
  }

  getSession(id: string): SessionInfo | undefined {
    this.refresh();
    return this.querySessions('WHERE s.id = ?', [id])[0];
  }

  /** The session whose id is `idOrPrefix`, or starts with it when exactly one does. */
  resolveSession(idOrPrefix: string): SessionInfo | undefined {
    const exact = this.getSession(idOrPrefix);
    if (exact) return exact;
    const matches = this.querySessions("WHERE s.id LIKE ? ESCAPE '\\'", [`${escapeLike(idOrPrefix)}%`]);
    if (matches.length > 1) throw new Error(`'${idOrPrefix}' matches ${matches.length} sessions; give more of the id`);
    return matches[0];
  }

  /** Most recently updated first. */
  listSessions(filter: { provider?: string; projectPath?: string; limit?: number } = {}): SessionInfo[] {
    this.refresh();
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.provider) {
      where.push('s.provider = ?');
      params.push(filter.provider);
    }
    if (filter.projectPath) {
      where.push('s.project_path = ?');
      params.push(filter.projectPath);
    }
    const limit = filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '';
    return this.querySessions(`${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.updated_at DESC, s.id${limit}`, params);
  }

  renameSession(id: string, name: string): SessionInfo {
    return this.updateSession(id, { name });
  }

  updateSession(id: string, fields: SessionFields): SessionInfo {
    this.requireSession(id);
    this.durable.write({ op: 'session.update', id, ts: this.now(), fields });
    const session = this.getSession(id)!;
    this.changed({ kind: 'updated', session });
    return session;
  }

  /** Deletes the session and everything in it. False if there was no such session. */
  deleteSession(id: string): boolean {
    if (!this.getSession(id)) return false;
    this.durable.write({ op: 'session.delete', id, ts: this.now() });
    this.changed({ kind: 'deleted', id });
    return true;
  }

  /**
   * Removes sessions beyond `maxSessions` (least recent first) and those not updated for
   * `retentionDays` (0 or undefined: no limit). Returns the removed ids.
   */
  cleanup(policy: { maxSessions?: number; retentionDays?: number }): string[] {
    const sessions = this.listSessions();
    const doomed = new Set<string>();
    if (policy.retentionDays && policy.retentionDays > 0) {
      const cutoff = this.now() - policy.retentionDays * 86_400_000;
      for (const s of sessions) if (s.updatedAt < cutoff) doomed.add(s.id);
    }
    if (policy.maxSessions !== undefined && policy.maxSessions >= 0) {
      for (const s of sessions.slice(policy.maxSessions)) doomed.add(s.id);
    }
    for (const id of doomed) this.durable.write({ op: 'session.delete', id, ts: this.now() });
    return [...doomed];
  }

  // -- messages ----------------------------------------------------------------------------------

  /** Appends a message (and its usage); durable when this returns. */
  appendMessage(sessionId: string, message: NewMessage): StoredMessage {
    this.refresh();
    if (this.scalar('SELECT 1 FROM sessions WHERE id = ?', [sessionId]) === undefined) throw new Error(`no session '${sessionId}'`);
    const last = Number(this.scalar('SELECT COALESCE(MAX(created_at), 0) FROM messages WHERE session_id = ?', [sessionId]));
    // never before what is already there, so a reply always sorts after what it answers
    const createdAt = message.createdAt ?? Math.max(this.now(), last + 1);
    const record: MessageRecord = {
      id: randomUUID(),
      sessionId,
      role: message.role,
      content: message.content,
      createdAt,
      ...(message.archived ? { archived: true } : {}),
    };
    const usage = message.usage ? normaliseUsage(message.usage) : undefined;
    this.durable.write({ op: 'message.append', message: record, ...(usage ? { usage } : {}) });
    return this.getMessage(record.id)!;
  }

  getMessages(sessionId: string, options: { includeArchived?: boolean } = {}): StoredMessage[] {
    this.refresh();
    const rows = this.rows(
      `SELECT id, session_id, role, content, created_at, input_tokens, output_tokens, archived FROM messages
       WHERE session_id = ? ORDER BY created_at, writer, sequence`,
      [sessionId],
    );
    const all = rows.map((row, i) => toMessage(row, i + 1));
    return options.includeArchived === false ? all.filter((m) => !m.archived) : all;
  }

  getMessage(id: string): StoredMessage | undefined {
    const row = this.rows(
      `SELECT id, session_id, role, content, created_at, input_tokens, output_tokens, archived, writer, sequence FROM messages WHERE id = ?`,
      [id],
    )[0];
    if (!row) return undefined;
    const before = this.scalar(
      'SELECT COUNT(*) FROM messages WHERE session_id = ? AND (created_at, writer, sequence) < (?, ?, ?)',
      [row[1], row[4], row[8], row[9]],
    );
    return toMessage(row, Number(before) + 1);
  }

  /**
   * Marks `archiveIds` archived (kept, exported, no longer sent to the model) and records the summary
   * that replaces them.
   */
  compactMessages(sessionId: string, archiveIds: string[], summary: string): MessageSummary {
    this.requireSession(sessionId);
    const id = randomUUID();
    this.durable.write({
      op: 'messages.compact',
      sessionId,
      ts: this.now(),
      archive: archiveIds,
      summary: { id, content: summary, firstMessageId: archiveIds[0] ?? '', lastMessageId: archiveIds[archiveIds.length - 1] ?? '', messageCount: archiveIds.length },
    });
    return this.getSummaries(sessionId).find((s) => s.id === id)!;
  }

  getSummaries(sessionId: string): MessageSummary[] {
    this.refresh();
    return this.rows(
      'SELECT id, content, first_message_id, last_message_id, message_count, created_at FROM message_summaries WHERE session_id = ? ORDER BY created_at, id',
      [sessionId],
    ).map(([id, content, first, last, count, createdAt]) => ({
      id: String(id),
      content: String(content),
      firstMessageId: String(first),
      lastMessageId: String(last),
      messageCount: Number(count),
      createdAt: Number(createdAt),
    }));
  }

  /**
   * Full-text search over message text (FTS4; words match by prefix, every word must occur), newest
   * first. Text without any word characters falls back to a substring match.
   */
  search(text: string, options: { sessionId?: string; limit?: number } = {}): SearchHit[] {
    this.refresh();
    const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
    const limit = Math.max(1, Math.floor(options.limit ?? 50));
    const sessionFilter = options.sessionId ? ' AND m.session_id = ?' : '';
    const params: SqlValue[] = [];
    let match: string;
    if (words.length > 0) {
      match = 'message_text MATCH ?';
      params.push(words.map((w) => `${w}*`).join(' '));
    } else {
      match = "t.body LIKE ? ESCAPE '\\'";
      params.push(`%${escapeLike(text)}%`);
    }
    if (options.sessionId) params.push(options.sessionId);
    const rows = this.rows(
      `SELECT m.session_id, s.name, m.id, m.role, m.created_at, snippet(message_text, '[', ']', '…', 2, 16)
       FROM message_text t JOIN messages m ON m.rowid = t.docid JOIN sessions s ON s.id = m.session_id
       WHERE ${match}${sessionFilter} ORDER BY m.created_at DESC LIMIT ${limit}`,
      params,
    );
    return rows.map(([sessionId, name, messageId, role, createdAt, snippet]) => ({
      sessionId: String(sessionId),
      sessionName: String(name),
      messageId: String(messageId),
      role: String(role) as Role,
      createdAt: Number(createdAt),
      snippet: String(snippet),
    }));
  }

  // -- usage -------------------------------------------------------------------------------------

  /** Token and cost totals of one session, or of every session. */
  totals(sessionId?: string): UsageTotals {
    this.refresh();
    const row = this.rows(
      `SELECT COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cache_read_tokens), 0),
              COALESCE(SUM(cache_write_tokens), 0), COALESCE(SUM(cost), 0) FROM usage${sessionId ? ' WHERE session_id = ?' : ''}`,
      sessionId ? [sessionId] : [],
    )[0];
    return {
      inputTokens: Number(row[0]),
      outputTokens: Number(row[1]),
      cacheReadTokens: Number(row[2]),
      cacheWriteTokens: Number(row[3]),
      cost: Number(row[4]),
    };
  }

  /** For tests and diagnostics: SQLite's own integrity check of the live database. */
  integrityCheck(): string {
    return String(this.durable.db.exec('PRAGMA integrity_check')[0]?.values[0]?.[0]);
  }

  // -- helpers -----------------------------------------------------------------------------------

  private requireSession(id: string): SessionInfo {
    const session = this.getSession(id);
    if (!session) throw new Error(`no session '${id}'`);
    return session;
  }

  private querySessions(tail: string, params: SqlValue[]): SessionInfo[] {
    return this.rows(
      `SELECT s.id, s.name, s.project_path, s.provider, s.model, s.agent, s.created_at, s.updated_at, s.metadata, s.message_count
       FROM sessions s ${tail}`,
      params,
    ).map(([id, name, projectPath, provider, model, agent, createdAt, updatedAt, metadata, count]) => ({
      id: String(id),
      name: String(name),
      projectPath: String(projectPath),
      provider: String(provider),
      model: String(model),
      agent: String(agent),
      createdAt: Number(createdAt),
      updatedAt: Number(updatedAt),
      metadata: parseObject(String(metadata)),
      messageCount: Number(count),
    }));
  }

  private rows(sql: string, params: SqlValue[]): SqlValue[][] {
    const db: Database = this.durable.db;
    const statement = db.prepare(sql);
    try {
      statement.bind(params);
      const out: SqlValue[][] = [];
      while (statement.step()) out.push(statement.get());
      return out;
    } finally {
      statement.free();
    }
  }

  private scalar(sql: string, params: SqlValue[]): SqlValue | undefined {
    return this.rows(sql, params)[0]?.[0];
  }
}

function toMessage(row: SqlValue[], sequence: number): StoredMessage {
  const [id, sessionId, role, content, createdAt, inputTokens, outputTokens, archived] = row;
  return {
    id: String(id),
    sessionId: String(sessionId),
    sequence,
    role: String(role) as Role,
    content: parseBlocks(String(content)),
    createdAt: Number(createdAt),
    inputTokens: Number(inputTokens),
    outputTokens: Number(outputTokens),
    archived: Number(archived) === 1,
  };
}

function normaliseUsage(usage: Partial<UsageRecord>): UsageRecord {
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  return {
    provider: usage.provider ?? '',
    model: usage.model ?? '',
    inputTokens: n(usage.inputTokens),
    outputTokens: n(usage.outputTokens),
    cacheReadTokens: n(usage.cacheReadTokens),
    cacheWriteTokens: n(usage.cacheWriteTokens),
    cost: n(usage.cost),
  };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
