import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The engine's only window on the disk, so it can run over an in-memory tree in tests and editors. */
export interface FileSystemPort {
  /** file text, or undefined when it does not exist or is not a file */
  readFile(absPath: string): string | undefined;
  /** 'file' | 'dir' | undefined */
  stat(absPath: string): 'file' | 'dir' | undefined;
  /** names of the entries of a directory (not recursive); [] when absent */
  readDir(absPath: string): string[];
  /** file size in bytes, undefined when absent */
  size?(absPath: string): number | undefined;
}

export const nodeFileSystem: FileSystemPort = {
  readFile(p) {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  stat(p) {
    try {
      const s = statSync(p);
      return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  },
  readDir(p) {
    try {
      return readdirSync(p);
    } catch {
      return [];
    }
  },
  size(p) {
    try {
      return statSync(p).size;
    } catch {
      return undefined;
    }
  },
};

/** An in-memory tree keyed by absolute path; for tests and for unsaved editor buffers. */
export class MemoryFileSystem implements FileSystemPort {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [p, text] of Object.entries(files)) this.write(p, text);
  }

  write(absPath: string, text: string): void {
    this.files.set(path.resolve(absPath), text);
  }

  delete(absPath: string): void {
    this.files.delete(path.resolve(absPath));
  }

  readFile(p: string): string | undefined {
    return this.files.get(path.resolve(p));
  }

  stat(p: string): 'file' | 'dir' | undefined {
    const abs = path.resolve(p);
    if (this.files.has(abs)) return 'file';
    const prefix = abs.endsWith(path.sep) ? abs : abs + path.sep;
    for (const f of this.files.keys()) if (f.startsWith(prefix)) return 'dir';
    return undefined;
  }

  readDir(p: string): string[] {
    const abs = path.resolve(p);
    const prefix = abs.endsWith(path.sep) ? abs : abs + path.sep;
    const names = new Set<string>();
    for (const f of this.files.keys()) if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split(path.sep)[0]);
    return [...names].sort();
  }

  size(p: string): number | undefined {
    const t = this.readFile(p);
    return t === undefined ? undefined : Buffer.byteLength(t);
  }
}

export function fileExists(fs: FileSystemPort, p: string): boolean {
  return fs.stat(p) === 'file';
}


/**
 * Remembers `stat` and `readDir` answers until `clear()` (the engine clears it whenever files change),
 * so resolving a thousand stacks does not ask the disk the same question a thousand times.
 */
export class CachingFileSystem implements FileSystemPort {
  private readonly stats = new Map<string, 'file' | 'dir' | undefined>();
  private readonly dirs = new Map<string, string[]>();

  constructor(readonly inner: FileSystemPort) {}

  clear(): void {
    this.stats.clear();
    this.dirs.clear();
  }

  /**
   * Takes note that `p` changed on disk. An edit of a file we already knew as a file leaves every directory
   * listing valid, so the cache is kept (a keystroke-save must not re-stat the whole repository); a created,
   * deleted or never-seen path may change listings and globs, so everything is forgotten.
   * Returns whether the tree's shape may have changed.
   */
  refresh(p: string): boolean {
    const before = this.stats.get(p);
    if (before === 'file' && this.inner.stat(p) === 'file') return false;
    this.clear();
    return true;
  }

  readFile(p: string): string | undefined {
    return this.inner.readFile(p);
  }

  stat(p: string): 'file' | 'dir' | undefined {
    if (this.stats.has(p)) return this.stats.get(p);
    const s = this.inner.stat(p);
    this.stats.set(p, s);
    return s;
  }

  readDir(p: string): string[] {
    let d = this.dirs.get(p);
    if (!d) {
      d = this.inner.readDir(p);
      this.dirs.set(p, d);
    }
    return d;
  }

  size(p: string): number | undefined {
    return this.inner.size?.(p);
  }
}
