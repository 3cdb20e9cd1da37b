/** The files an `import:` entry of a stack manifest resolves to (globs, `./` relative paths, extensions). */
import type { AtmosEngine } from '../atmos/engine';
import { ParseCache, resolveImportPath } from '../atmos/manifest';

export function importTargets(engine: AtmosEngine, manifest: string, importPath: string): string[] {
  if (/^[a-z0-9+]+::|^https?:\/\//i.test(importPath)) return [];
  const env = { config: engine.config, fs: engine.fs, cache: new ParseCache(), mergeOptions: { listMergeStrategy: engine.config.listMergeStrategy } };
  try {
    return resolveImportPath(env, manifest, importPath);
  } catch {
    return [];
  }
}

/** The import path of an entry: a string, or the `path` of an object entry. */
export function importEntryPath(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object' && typeof (entry as { path?: unknown }).path === 'string') return (entry as { path: string }).path;
  return undefined;
}
