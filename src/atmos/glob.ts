import * as path from 'node:path';
import picomatch from 'picomatch';
import type { FileSystemPort } from './fs';

/** Every file under `dir` (recursive), absolute, in lexical order of relative paths. */
export function walkFiles(fs: FileSystemPort, dir: string, out: string[] = []): string[] {
  for (const name of fs.readDir(dir).sort()) {
    if (name === '.git' || name === 'node_modules') continue;
    const p = path.join(dir, name);
    const kind = fs.stat(p);
    if (kind === 'dir') walkFiles(fs, p, out);
    else if (kind === 'file') out.push(p);
  }
  return out;
}

/**
 * Files under `baseDir` matching any of `patterns` (doublestar semantics, relative to baseDir;
 * absolute patterns allowed), sorted lexically like Go's doublestar results.
 */
export function globFiles(fs: FileSystemPort, baseDir: string, patterns: string[]): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const abs = path.isAbsolute(pattern) ? pattern : path.join(baseDir, pattern);
    const scan = picomatch.scan(abs);
    if (!scan.isGlob) {
      if (fs.stat(abs) === 'file') found.add(abs);
      continue;
    }
    const root = scan.base || '/';
    const isMatch = picomatch(abs, { dot: true });
    for (const f of walkFiles(fs, root)) if (isMatch(f)) found.add(f);
  }
  return [...found].sort();
}

export function globMatcher(patterns: string[], baseDir: string): (absFile: string) => boolean {
  const ms = patterns.map((p) => picomatch(path.isAbsolute(p) ? p : path.join(baseDir, p), { dot: true }));
  return (f) => ms.some((m) => m(f));
}

export function isGlob(p: string): boolean {
  return picomatch.scan(p).isGlob;
}
