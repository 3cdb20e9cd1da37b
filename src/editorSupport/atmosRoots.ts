/**
 * Several Atmos roots in one workspace (multi-root workspaces, or nested folders with their own atmos.yaml):
 * the order they are listed in, and which one a file belongs to (the deepest root that contains it).
 */
import * as path from 'node:path';

/** Distinct roots, shallowest first, then by path. */
export function orderRoots(dirs: string[]): string[] {
  const depth = (d: string) => path.resolve(d).split(path.sep).length;
  return [...new Set(dirs.map((d) => path.resolve(d)))].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
}

/** The deepest root that contains `file` (or is it), else undefined. */
export function rootForFile(roots: string[], file: string): string | undefined {
  const abs = path.resolve(file);
  let best: string | undefined;
  for (const r of roots) {
    const inside = abs === r || abs.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
    if (inside && (!best || r.length > best.length)) best = r;
  }
  return best;
}

/** A short label for a root: relative to the workspace folder that holds it, else its folder name. */
export function rootLabel(root: string, workspaceFolders: string[]): string {
  const folder = rootForFile(workspaceFolders, root);
  if (!folder) return path.basename(root);
  const rel = path.relative(folder, root).split(path.sep).join('/');
  return workspaceFolders.length > 1 ? `${path.basename(folder)}${rel ? `/${rel}` : ''}` : rel || path.basename(folder);
}
