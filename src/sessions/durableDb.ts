/**
 * An in-memory sql.js database made durable by a per-process journal plus atomic snapshots, and kept
 * in step with other processes writing the same directory. See README.md for the design and its proof.
 *
 * Files in `dir`:
 *   sessions.sqlite                 the last snapshot (sql.js export), with `journal_marks` (writer → seq)
 *   journal-<pid>-<random>.jsonl    one per writing process; entries above the snapshot's mark replay on open
 *   compact.lock                    held only while writing a snapshot and retiring journals
 *   sessions.sqlite.corrupt-<time>  an unreadable snapshot moved aside (never deleted)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomInt } from 'node:crypto';
import type { Database, SqlJsStatic } from 'sql.js';
import { FileLock, pidIsAlive } from './lock';
import { JournalWriter, fsyncDir, newWriterId, parseJournalName, readJournal, type JournalEntry } from './journal';
import { migrate } from './migrations';
import { applyEntry, type Mutation } from './mutations';

export const SNAPSHOT_FILE = 'sessions.sqlite';
export const LOCK_FILE = 'compact.lock';

export interface StoreDiagnostic {
  kind: 'corrupt-snapshot' | 'corrupt-journal-line' | 'snapshot-failed' | 'journal-write-failed';
  message: string;
  file: string;
  /** Where an unreadable snapshot was moved. */
  movedTo?: string;
}

export interface DurableDbOptions {
  dir: string;
  SQL: SqlJsStatic;
  now?: () => number;
  /** Snapshot once this process's journal passes this size. Default 4 MiB. */
  snapshotAfterBytes?: number;
  onDiagnostic?: (diagnostic: StoreDiagnostic) => void;
  /** Liveness of a pid on this host (tests inject it). */
  isAlive?: (pid: number) => boolean;
}

interface Tail {
  offset: number;
  writer: string;
  pid: number;
}

export class DurableDb {
  readonly dir: string;
  readonly diagnostics: StoreDiagnostic[] = [];
  private readonly SQL: SqlJsStatic;
  private readonly snapshotFile: string;
  private readonly lock: FileLock;
  private readonly now: () => number;
  private readonly isAlive: (pid: number) => boolean;
  private database!: Database;
  private journal: JournalWriter;
  private readonly tails = new Map<string, Tail>();
  /** Highest seq seen per writer (applied or deferred). */
  private readonly marks = new Map<string, number>();
  /** Entries waiting for something another writer's journal has not shown us yet. */
  private pending: JournalEntry[] = [];
  private loadedSnapshot: string | undefined;
  private readonly reported = new Set<string>();
  private closed = false;
  private lockHeld = false;
  private changes = 0;

  private constructor(private readonly options: DurableDbOptions) {
    this.dir = options.dir;
    this.SQL = options.SQL;
    this.snapshotFile = path.join(this.dir, SNAPSHOT_FILE);
    this.now = options.now ?? Date.now;
    this.isAlive = options.isAlive ?? pidIsAlive;
    this.lock = new FileLock(path.join(this.dir, LOCK_FILE), { now: this.now, isAlive: this.isAlive });
    this.journal = new JournalWriter(this.dir, newWriterId());
  }

  static open(options: DurableDbOptions): DurableDb {
    fs.mkdirSync(options.dir, { recursive: true });
    const store = new DurableDb(options);
    store.load();
    if (store.shouldCheckpointOnOpen()) store.checkpoint();
    return store;
  }

  /** The live database. Read freely; change it only through `write`. Re-read after any call here (a reload swaps it). */
  get db(): Database {
    return this.database;
  }

  get writer(): string {
    return this.journal.writer;
  }

  /** Grows whenever the database content may have changed (a write, new journal lines, a reload). */
  get changeCount(): number {
    return this.changes;
  }

  /** Journals the mutation (durable on return), then applies it. Throws if it could not be made durable. */
  write(mutation: Mutation): JournalEntry {
    if (this.closed) throw new Error('session store is closed');
    let entry: JournalEntry;
    try {
      entry = this.journal.append(mutation);
    } catch (err) {
      // never append after a possibly torn line: continue in a fresh journal
      this.report({ kind: 'journal-write-failed', message: (err as Error).message, file: this.journal.file });
      this.journal.close();
      this.journal = new JournalWriter(this.dir, newWriterId());
      throw err;
    }
    this.tails.set(path.basename(this.journal.file), { offset: this.journal.bytes, writer: this.journal.writer, pid: process.pid });
    this.applyBatch([entry]);
    if (this.journal.bytes >= (this.options.snapshotAfterBytes ?? 4 * 1024 * 1024)) this.checkpoint();
    return entry;
  }

  /**
   * Takes in what other processes wrote since the last look: new journal lines, or a new snapshot
   * (then reloads). Cheap when nothing changed: one stat and one readdir.
   */
  refresh(): void {
    if (this.closed) return;
    if (snapshotIdentity(this.snapshotFile) !== this.loadedSnapshot) {
      this.load();
      return;
    }
    this.tailJournals();
  }

  /**
   * Writes a snapshot of everything seen so far and retires the journals it covers (this process's own,
   * and those of dead processes). Returns false when another process holds the lock (it is doing the same).
   */
  checkpoint(): boolean {
    if (this.closed) return false;
    if (this.lockHeld || !this.lock.tryAcquire(this.journal.writer)) return false;
    this.lockHeld = true;
    try {
      // Who is dead is decided BEFORE reading: a process found dead only after we read its journal may
      // have appended (and acknowledged) lines in between, and those must not be retired unread.
      const deadBeforeRead = new Set(
        this.journalNames()
          .map((n) => parseJournalName(n)!)
          .filter((j) => j.pid !== process.pid && !this.isAlive(j.pid))
          .map((j) => j.writer),
      );
      this.refresh();
      const journalNames = this.journalNames();
      const present = new Set(journalNames.map((n) => parseJournalName(n)!.writer));
      const pendingFloor = new Map<string, number>();
      for (const entry of this.pending) pendingFloor.set(entry.w, Math.min(pendingFloor.get(entry.w) ?? Infinity, entry.s));
      const db = this.database;
      this.inTransaction(db, () => {
        db.run('DELETE FROM journal_marks');
        for (const [writer, seq] of this.marks) {
          // a writer whose journal is gone can never add lines again: its mark is no longer needed
          if (!present.has(writer)) continue;
          const floor = pendingFloor.get(writer);
          db.run('INSERT INTO journal_marks (writer, seq) VALUES (?, ?)', [writer, floor === undefined ? seq : Math.min(seq, floor - 1)]);
        }
      });
      db.run(`PRAGMA user_version = ${randomInt(1, 2 ** 31 - 1)}`); // the snapshot's nonce, see snapshotIdentity
      const bytes = db.export();
      tuneInMemory(db); // export() reopens the database, which resets pragmas
      const tmp = `${this.snapshotFile}.tmp-${this.journal.writer}`;
      writeFileDurably(tmp, bytes);
      // fencing: nobody else replaced the snapshot since we loaded it, and the lock is still ours
      if (snapshotIdentity(this.snapshotFile) !== this.loadedSnapshot || !this.lock.stillHeld()) {
        fs.rmSync(tmp, { force: true });
        return false;
      }
      fs.renameSync(tmp, this.snapshotFile);
      fsyncDir(this.dir);
      this.loadedSnapshot = snapshotIdentity(this.snapshotFile);
      this.retireJournals(pendingFloor, deadBeforeRead);
      this.removeDeadTempFiles();
      return true;
    } catch (err) {
      this.report({ kind: 'snapshot-failed', message: (err as Error).message, file: this.snapshotFile });
      return false;
    } finally {
      this.lockHeld = false;
      this.lock.release();
    }
  }

  close(): void {
    if (this.closed) return;
    if (this.journal.lastSeq > 0) this.checkpoint();
    this.journal.close();
    this.database.close();
    this.closed = true;
  }

  /** Bytes on disk: the snapshot and every journal. */
  sizes(): { snapshot: number; journals: number } {
    const size = (f: string) => {
      try {
        return fs.statSync(path.join(this.dir, f)).size;
      } catch {
        return 0;
      }
    };
    return { snapshot: size(SNAPSHOT_FILE), journals: this.journalNames().reduce((sum, n) => sum + size(n), 0) };
  }

  // ------------------------------------------------------------------------------------------

  /** Snapshot + every journal above its marks, as one consistent view. */
  private load(): void {
    for (let attempt = 0; attempt < 5; attempt++) if (this.tryLoad()) return;
    // snapshots keep being replaced while we read: load while holding the lock, when nobody can
    this.withLock(() => {
      if (!this.tryLoad()) throw new Error('the session snapshot changed while the compaction lock was held');
    });
  }

  /**
   * False when the snapshot was replaced while we read it and the journals (a journal retired
   * meanwhile could have been missed): the caller tries again.
   */
  private tryLoad(): boolean {
    const before = snapshotIdentity(this.snapshotFile);
    const db = this.readSnapshot(before);
    if (!db) return false;
    this.database?.close();
    this.database = db;
    this.marks.clear();
    this.tails.clear();
    this.pending = [];
    const marks = db.exec('SELECT writer, seq FROM journal_marks')[0]?.values ?? [];
    for (const [writer, seq] of marks) this.marks.set(String(writer), Number(seq));
    this.tailJournals();
    const after = snapshotIdentity(this.snapshotFile);
    if (before !== after) return false;
    this.loadedSnapshot = after;
    this.changes++;
    return true;
  }

  /** The snapshot as a database; a fresh one when there is none; undefined when it changed under us. */
  private readSnapshot(identity: string | undefined): Database | undefined {
    let bytes: Buffer | undefined;
    try {
      bytes = fs.readFileSync(this.snapshotFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return this.moveAsideAndStartFresh(identity, err as Error);
    }
    if (!bytes) return this.fresh();
    let db: Database | undefined;
    try {
      db = new this.SQL.Database(bytes);
      const check = db.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
      if (check !== 'ok') throw new Error(`integrity check: ${String(check)}`);
    } catch (err) {
      db?.close();
      return this.moveAsideAndStartFresh(identity, err as Error);
    }
    migrate(db, { now: this.now }); // a newer schema throws: never move a newer version's file aside
    tuneInMemory(db);
    return db;
  }

  /** Runs `work` holding the compaction lock, waiting for it (up to ~10 s) if another process has it. */
  private withLock<T>(work: () => T): T {
    if (this.lockHeld) return work();
    for (let waited = 0; !this.lock.tryAcquire(this.journal.writer); waited += 20) {
      if (waited > 10_000) throw new Error(`the session store is locked by another process (${path.join(this.dir, LOCK_FILE)})`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
    this.lockHeld = true;
    try {
      return work();
    } finally {
      this.lockHeld = false;
      this.lock.release();
    }
  }

  private fresh(): Database {
    const db = new this.SQL.Database();
    migrate(db, { now: this.now });
    tuneInMemory(db);
    return db;
  }

  /**
   * Moves an unreadable snapshot aside (under the lock, and only if it is still the file we read: a
   * good snapshot another process just wrote must not be mistaken for it), then starts fresh.
   */
  private moveAsideAndStartFresh(identity: string | undefined, cause: Error): Database | undefined {
    const moved = this.withLock(() => {
      if (snapshotIdentity(this.snapshotFile) !== identity) return false;
      const movedTo = `${this.snapshotFile}.corrupt-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
      fs.renameSync(this.snapshotFile, movedTo);
      fsyncDir(this.dir);
      this.report({
        kind: 'corrupt-snapshot',
        message: `the session database could not be read (${cause.message}); it was moved to ${path.basename(movedTo)} and a new one started`,
        file: this.snapshotFile,
        movedTo,
      });
      return true;
    });
    return moved ? this.fresh() : undefined;
  }

  private journalNames(): string[] {
    return fs.readdirSync(this.dir).filter((name) => parseJournalName(name) !== undefined);
  }

  private tailJournals(): void {
    const batch: JournalEntry[] = [];
    for (const name of this.journalNames()) {
      const parsed = parseJournalName(name)!;
      const tail = this.tails.get(name) ?? { offset: 0, writer: parsed.writer, pid: parsed.pid };
      const read = readJournal(path.join(this.dir, name), tail.offset);
      for (const bad of read.corrupt) {
        this.report({ kind: 'corrupt-journal-line', message: `skipped a damaged journal line at byte ${bad.offset} (${bad.reason})`, file: path.join(this.dir, name) });
      }
      tail.offset = read.end;
      this.tails.set(name, tail);
      batch.push(...read.entries);
    }
    if (batch.length > 0 || this.pending.length > 0) this.applyBatch(batch);
  }

  private applyBatch(entries: JournalEntry[]): void {
    const db = this.database;
    this.changes++;
    this.inTransaction(db, () => {
      for (const entry of entries) {
        if (entry.s <= (this.marks.get(entry.w) ?? 0)) continue;
        this.marks.set(entry.w, entry.s);
        if (applyEntry(db, entry) === 'deferred') this.pending.push(entry);
      }
      // retry deferred entries until nothing more can be applied
      for (let progress = true; progress && this.pending.length > 0; ) {
        const waiting = this.pending;
        this.pending = waiting.filter((entry) => applyEntry(db, entry) === 'deferred');
        progress = this.pending.length < waiting.length;
      }
    });
  }

  private inTransaction(db: Database, body: () => void): void {
    db.run('BEGIN');
    try {
      body();
      db.run('COMMIT');
    } catch (err) {
      db.run('ROLLBACK');
      throw err;
    }
  }

  private retireJournals(pendingFloor: Map<string, number>, deadBeforeRead: Set<string>): void {
    for (const [name, tail] of this.tails) {
      if (pendingFloor.has(tail.writer) || !this.lock.stillHeld()) continue;
      const own = tail.writer === this.journal.writer;
      if (own) {
        // every line of our own journal was applied before the snapshot was taken
        this.journal.close();
        this.journal = new JournalWriter(this.dir, newWriterId());
      } else {
        // another writer's journal only when its process was already gone before we read it to the end,
        // and nothing complete has appeared since (belt and braces)
        if (!deadBeforeRead.has(tail.writer)) continue;
        if (readJournal(path.join(this.dir, name), tail.offset).entries.length > 0) continue;
      }
      fs.rmSync(path.join(this.dir, name), { force: true });
      this.tails.delete(name);
    }
    fsyncDir(this.dir);
  }

  private removeDeadTempFiles(): void {
    for (const name of fs.readdirSync(this.dir)) {
      // snapshot drafts and lock drafts of processes that died before cleaning up
      const match = /^(?:sessions\.sqlite\.tmp-|compact\.lock\.)(\d+)-[0-9a-f]+$/.exec(name);
      if (match && !this.isAlive(Number(match[1]))) fs.rmSync(path.join(this.dir, name), { force: true });
    }
  }

  private shouldCheckpointOnOpen(): boolean {
    const limit = this.options.snapshotAfterBytes ?? 4 * 1024 * 1024;
    let total = 0;
    for (const tail of this.tails.values()) {
      if (!this.isAlive(tail.pid)) return true; // a crashed process's journal waits to be folded in
      total += tail.offset;
      if (total >= limit) return true;
    }
    return false;
  }

  private report(diagnostic: StoreDiagnostic): void {
    const key = `${diagnostic.kind}:${diagnostic.file}:${diagnostic.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(diagnostic);
    this.options.onDiagnostic?.(diagnostic);
  }
}

/**
 * The database lives in sql.js's in-memory file system and the journal is our durability, so SQLite's
 * own rollback journal only needs to support ROLLBACK: keep it in memory and skip its syncs.
 */
function tuneInMemory(db: Database): void {
  db.run('PRAGMA journal_mode = MEMORY');
  db.run('PRAGMA synchronous = OFF');
}

/**
 * Identity of the snapshot file: changes whenever a new snapshot is renamed into place. Inode, size and
 * mtime alone are not enough: file times tick only every few ms and inodes are reused, so two
 * snapshots in a row can match. Each snapshot also carries a random nonce in the SQLite header's
 * user_version field (bytes 60..63), written by `checkpoint`.
 */
function snapshotIdentity(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const st = fs.fstatSync(fd);
    const header = Buffer.alloc(4);
    const n = fs.readSync(fd, header, 0, 4, 60);
    return `${st.ino}:${st.size}:${st.mtimeMs}:${n === 4 ? header.readUInt32BE(0) : '-'}`;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function writeFileDurably(file: string, bytes: Uint8Array): void {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
