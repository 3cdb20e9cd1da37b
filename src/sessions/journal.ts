/**
 * The append-only journal: one line per mutation, `<crc32> <json>\n`, written and fdatasync'd before the
 * mutation is acknowledged. Each process writes its own file, `journal-<pid>-<random>.jsonl`, so writers
 * never interleave bytes; readers take only complete lines with a valid checksum.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { crc32Hex } from './crc32';
import type { Mutation } from './mutations';

export interface JournalEntry {
  /** writer id: the journal's identity, `<pid>-<random>` */
  w: string;
  /** the writer's own counter, 1, 2, 3… */
  s: number;
  m: Mutation;
}

const JOURNAL_RE = /^journal-(\d+)-([0-9a-f]+)\.jsonl$/;

export function journalFileName(writer: string): string {
  return `journal-${writer}.jsonl`;
}

/** The writer id and pid of a journal file name, or undefined for any other file. */
export function parseJournalName(name: string): { writer: string; pid: number } | undefined {
  const match = JOURNAL_RE.exec(name);
  return match ? { writer: `${match[1]}-${match[2]}`, pid: Number(match[1]) } : undefined;
}

export function newWriterId(pid = process.pid): string {
  return `${pid}-${randomBytes(6).toString('hex')}`;
}

export function encodeEntry(entry: JournalEntry): string {
  const json = JSON.stringify(entry);
  return `${crc32Hex(json)} ${json}\n`;
}

export class JournalWriter {
  readonly file: string;
  private fd: number | undefined;
  private seq = 0;
  private size = 0;

  constructor(
    readonly dir: string,
    readonly writer: string,
  ) {
    this.file = path.join(dir, journalFileName(writer));
  }

  get bytes(): number {
    return this.size;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Writes and flushes one entry; returns it once it is on disk. Throws if it could not be made durable. */
  append(mutation: Mutation): JournalEntry {
    if (this.fd === undefined) {
      this.fd = fs.openSync(this.file, 'a', 0o600);
      fsyncDir(this.dir); // the new file's directory entry must survive a crash too
    }
    const entry: JournalEntry = { w: this.writer, s: this.seq + 1, m: mutation };
    const bytes = Buffer.from(encodeEntry(entry), 'utf8');
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
    fs.fdatasyncSync(this.fd);
    this.seq = entry.s;
    this.size += bytes.length;
    return entry;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

export interface JournalRead {
  entries: JournalEntry[];
  /** Offset just after the last complete line: where the next read starts. */
  end: number;
  /** Complete lines whose checksum or JSON is bad (never acknowledged content is lost silently). */
  corrupt: { offset: number; reason: string }[];
  /** Bytes after the last newline: a line being written now, or torn by a crash. */
  pendingBytes: number;
}

/** Reads complete lines from `offset` to the end of the file. A missing file reads as empty. */
export function readJournal(file: string, offset = 0): JournalRead {
  let data: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      data = Buffer.alloc(Math.max(0, size - offset));
      let read = 0;
      while (read < data.length) {
        const n = fs.readSync(fd, data, read, data.length - read, offset + read);
        if (n === 0) break;
        read += n;
      }
      data = data.subarray(0, read);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], end: offset, corrupt: [], pendingBytes: 0 };
    throw err;
  }
  const entries: JournalEntry[] = [];
  const corrupt: JournalRead['corrupt'] = [];
  let start = 0;
  for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
    const line = data.toString('utf8', start, nl);
    const parsed = decodeLine(line);
    if ('entry' in parsed) entries.push(parsed.entry);
    else corrupt.push({ offset: offset + start, reason: parsed.error });
    start = nl + 1;
  }
  return { entries, end: offset + start, corrupt, pendingBytes: data.length - start };
}

function decodeLine(line: string): { entry: JournalEntry } | { error: string } {
  const space = line.indexOf(' ');
  if (space !== 8) return { error: 'no checksum' };
  const json = line.slice(9);
  if (crc32Hex(json) !== line.slice(0, 8)) return { error: 'checksum mismatch' };
  try {
    const entry = JSON.parse(json) as JournalEntry;
    if (typeof entry.w !== 'string' || typeof entry.s !== 'number' || typeof entry.m !== 'object' || entry.m === null) {
      return { error: 'not a journal entry' };
    }
    return { entry };
  } catch {
    return { error: 'bad JSON' };
  }
}

export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // some platforms (Windows) cannot fsync a directory; rename is still atomic there
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
