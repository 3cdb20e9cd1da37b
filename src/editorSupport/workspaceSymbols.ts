/**
 * Workspace symbols of an Atmos repository: each logical stack (at the manifest that defines it) and each
 * component definition (at its key), filtered and ranked by a fuzzy match on the query.
 */
import * as path from 'node:path';
import type { ComponentDefinition } from './componentIndex';

export interface AtmosSymbol {
  kind: 'stack' | 'component';
  name: string;
  /** what to show beside the name */
  detail: string;
  file: string;
  /** 1-based */
  line: number;
  col: number;
}

/**
 * Fuzzy score of `query` against `name`: the query's characters in order (case-insensitive), consecutive runs and
 * word starts (after `-`, `/`, `_`, `.`) count more; undefined when they are not all there. An empty query matches.
 */
export function fuzzyScore(query: string, name: string): number | undefined {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (!q) return 0;
  const n = name.toLowerCase();
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const i = n.indexOf(ch, from);
    if (i < 0) return undefined;
    score += 1;
    if (i === previous + 1) score += 2;
    if (i === 0 || /[-/_.]/.test(n[i - 1])) score += 3;
    previous = i;
    from = i + 1;
  }
  if (n === q) score += 10;
  else if (n.startsWith(q)) score += 5;
  return score - name.length / 100;
}

export function atmosSymbols(input: {
  stacks: Array<{ file: string; names: string[] }>;
  definitions: ComponentDefinition[];
  stacksBasePath: string;
  query: string;
  limit?: number;
}): AtmosSymbol[] {
  const rel = (f: string) => path.relative(input.stacksBasePath, f).split(path.sep).join('/');
  const all: AtmosSymbol[] = [];
  for (const s of input.stacks) for (const name of new Set(s.names)) all.push({ kind: 'stack', name, detail: `stack · ${rel(s.file)}`, file: s.file, line: 1, col: 1 });
  for (const d of input.definitions) all.push({ kind: 'component', name: d.name, detail: `${d.type} component · ${rel(d.file)}`, file: d.file, line: d.line, col: d.col });
  const scored = all.map((s) => ({ s, score: fuzzyScore(input.query, s.name) })).filter((x): x is { s: AtmosSymbol; score: number } => x.score !== undefined);
  scored.sort((a, b) => b.score - a.score || a.s.name.localeCompare(b.s.name) || a.s.file.localeCompare(b.s.file));
  return scored.slice(0, input.limit ?? 500).map((x) => x.s);
}
