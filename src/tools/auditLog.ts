/**
 * The audit log: one JSON line per tool call, appended as it happens.
 * Arguments are redacted before they are written; old entries are pruned by retention_days.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Decision, Rule } from './permissionPolicy';
import { redactSecrets } from './redactSecrets';

export interface AuditEntry {
  time: string;
  session?: string;
  agent?: string;
  /** `chat`, `cli`, or the MCP client's name. */
  client: string;
  tool: string;
  args: unknown;
  decision: Decision;
  rule: Rule | 'user_allowed' | 'user_allowed_always' | 'user_denied';
  durationMs?: number;
  outcome: 'success' | 'error' | 'denied' | 'cancelled' | 'timeout';
  resultBytes?: number;
  error?: string;
}

export interface AuditLogOptions {
  /** Absolute path of the JSONL file. */
  file: string;
  retentionDays: number;
  now?: () => Date;
}

export class AuditLog {
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => Date;

  constructor(private readonly options: AuditLogOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Appends one entry (secrets redacted). Writes are serialised so lines never interleave. */
  record(entry: Omit<AuditEntry, 'time'> & { time?: string }): Promise<void> {
    const line: AuditEntry = {
      ...entry,
      time: entry.time ?? this.now().toISOString(),
      args: redactSecrets(entry.args),
      ...(entry.error !== undefined ? { error: String(redactSecrets(entry.error)) } : {}),
    };
    const text = `${JSON.stringify(line)}\n`;
    return this.enqueue(async () => {
      await mkdir(path.dirname(this.options.file), { recursive: true });
      await appendFile(this.options.file, text, { encoding: 'utf8', mode: 0o600 });
    });
  }

  /** Drops entries older than retention_days (0 keeps everything); rewrites the file atomically. */
  prune(): Promise<number> {
    return this.enqueue(async () => {
      if (this.options.retentionDays <= 0) return 0;
      let text: string;
      try {
        text = await readFile(this.options.file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw err;
      }
      const cutoff = this.now().getTime() - this.options.retentionDays * 86_400_000;
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      const kept = lines.filter((l) => {
        try {
          const t = Date.parse((JSON.parse(l) as AuditEntry).time);
          return Number.isNaN(t) || t >= cutoff;
        } catch {
          return true; // never drop what we cannot read
        }
      });
      if (kept.length === lines.length) return 0;
      const tmp = `${this.options.file}.${process.pid}.tmp`;
      await writeFile(tmp, kept.map((l) => `${l}\n`).join(''), { encoding: 'utf8', mode: 0o600 });
      await rename(tmp, this.options.file);
      return lines.length - kept.length;
    });
  }

  /** Entries in file order (for "Open Audit Log" and tests). */
  async read(): Promise<AuditEntry[]> {
    await this.queue;
    try {
      const text = await readFile(this.options.file, 'utf8');
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as AuditEntry);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
