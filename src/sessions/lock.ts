/**
 * The compaction lock: a file created with O_EXCL, holding `{pid, writer, at}`. Held only while a
 * process writes a snapshot and retires journals. A lock whose pid is gone (same host) or that is older
 * than `staleAfterMs` is stale and may be broken.
 */
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';

export interface LockOwner {
  pid: number;
  writer: string;
  at: number;
}

export interface LockOptions {
  staleAfterMs?: number;
  now?: () => number;
  isAlive?: (pid: number) => boolean;
}

export function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class FileLock {
  private held: string | undefined;

  constructor(
    readonly file: string,
    private readonly options: LockOptions = {},
  ) {}

  /** Takes the lock if it is free or stale; false if another live process holds it. Never waits. */
  tryAcquire(writer: string): boolean {
    const owner: LockOwner = { pid: process.pid, writer, at: (this.options.now ?? Date.now)() };
    const text = JSON.stringify(owner);
    for (let attempt = 0; attempt < 2; attempt++) {
      // write the owner to a private file, then link it into place: link fails if the lock exists (like
      // O_EXCL), and the lock is never seen empty or half-written
      const draft = `${this.file}.${owner.pid}-${randomBytes(4).toString('hex')}`;
      fs.writeFileSync(draft, text, { mode: 0o600 });
      try {
        fs.linkSync(draft, this.file);
        this.held = text;
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (!this.breakIfStale()) return false;
      } finally {
        fs.rmSync(draft, { force: true });
      }
    }
    return false;
  }

  /** True while the lock file still holds what we wrote (a guard before irreversible steps). */
  stillHeld(): boolean {
    return this.held !== undefined && readText(this.file) === this.held;
  }

  release(): void {
    if (this.held !== undefined && readText(this.file) === this.held) fs.rmSync(this.file, { force: true });
    this.held = undefined;
  }

  private breakIfStale(): boolean {
    const seen = readText(this.file);
    if (seen === undefined) return true; // released meanwhile
    if (!this.isStale(seen)) return false;
    // Move the stale file aside under a unique name, then check that what we moved is what we judged
    // stale; if another process had replaced it meanwhile, put theirs back (link fails if taken).
    const aside = `${this.file}.stale-${randomBytes(4).toString('hex')}`;
    try {
      fs.renameSync(this.file, aside);
    } catch {
      return true; // someone else moved it first: just retry the create
    }
    if (readText(aside) !== seen) {
      try {
        fs.linkSync(aside, this.file);
      } catch {
        // a third process took the lock meanwhile; nothing more to restore
      }
      fs.rmSync(aside, { force: true });
      return false;
    }
    fs.rmSync(aside, { force: true });
    return true;
  }

  private isStale(text: string): boolean {
    const now = (this.options.now ?? Date.now)();
    const staleAfter = this.options.staleAfterMs ?? 5 * 60_000;
    let owner: Partial<LockOwner> | undefined;
    try {
      owner = JSON.parse(text) as Partial<LockOwner>;
    } catch {
      owner = undefined;
    }
    if (!owner || typeof owner.pid !== 'number' || typeof owner.at !== 'number') {
      // created but not yet written, or garbage: stale once it is old enough that no writer is mid-write
      const age = now - (statMtime(this.file) ?? now);
      return age > 10_000;
    }
    if (!(this.options.isAlive ?? pidIsAlive)(owner.pid)) return true;
    return now - owner.at > staleAfter;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function statMtime(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
