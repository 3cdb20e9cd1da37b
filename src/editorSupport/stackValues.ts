/**
 * For a key of a stack manifest: its resolved value in every stack the file reaches, and which file:line
 * won. Feeds the hover in stack files.
 */
import type { Origin } from '../atmos/diagnostics';
import type { AtmosEngine } from '../atmos/engine';
import type { ComponentIndex } from './componentIndex';
import type { DescribeCache } from './describeCache';
import { valueAt } from './provenanceAt';
import type { StackKey } from './stackKeyPath';

export interface ValueRow {
  stack: string;
  component: string;
  value: unknown;
  /** every origin, winner first */
  origins: Origin[];
  /** the winning origin is this very key of this file */
  thisWins: boolean;
}

export interface ValueReport {
  rows: ValueRow[];
  /** stacks the file reaches (rows may be fewer: limit, or components without the key) */
  stackCount: number;
  truncated: boolean;
}

type ValueKey = Extract<StackKey, { kind: 'component-value' | 'type-value' | 'global-value' }>;

const reachedMemo = new WeakMap<AtmosEngine, { generation: number; byFile: Map<string, string[]> }>();

/**
 * Logical stack names built from the manifests `file` feeds. Remembered until the engine rebuilds a stack:
 * a catalog file can reach a thousand stacks, and every hover and lens on it asks again.
 */
export function stacksOfFile(engine: AtmosEngine, file: string): string[] {
  let memo = reachedMemo.get(engine);
  if (!memo || memo.generation !== engine.generation) reachedMemo.set(engine, (memo = { generation: engine.generation, byFile: new Map() }));
  let names = memo.byFile.get(file);
  if (!names) {
    const files = new Set(engine.stacksReachedBy(file));
    names = [...new Set(engine.stackEntries().filter((s) => files.has(s.stackFile)).flatMap((s) => s.names))].sort();
    memo.byFile.set(file, names);
  }
  return names.slice();
}

export function stackValueReport(
  engine: AtmosEngine,
  cache: DescribeCache,
  index: ComponentIndex | undefined,
  file: string,
  line: number,
  key: ValueKey,
  limit = 12,
): ValueReport {
  const stacks = stacksOfFile(engine, file);
  const rows: ValueRow[] = [];
  const inheritors = key.kind === 'component-value' && index ? index.inheritorsOf(key.type, key.component) : new Set<string>();
  let truncated = false;
  for (const stack of stacks) {
    if (rows.length >= limit) {
      truncated = true;
      break;
    }
    const listed = engine.listComponents(stack).filter((c) => key.kind === 'global-value' || c.type === key.type);
    let candidates: string[];
    let firstOnly = false;
    if (key.kind === 'component-value') {
      const self = listed.find((c) => c.component === key.component);
      candidates = listed.filter((c) => inheritors.has(c.component) && !c.abstract).map((c) => c.component);
      if (self && (!self.abstract || candidates.length === 0)) candidates.unshift(self.component);
    } else {
      candidates = [...listed.filter((c) => !c.abstract), ...listed.filter((c) => c.abstract)].map((c) => c.component);
      firstOnly = true;
    }
    for (const component of candidates) {
      const d = cache.get(engine, component, stack);
      if (!d) continue;
      const at = valueAt(d.section, key.sectionPath);
      if (!at.found) continue;
      const winner = at.origins[0];
      rows.push({ stack, component, value: at.value, origins: at.origins, thisWins: !!winner && winner.file === file && winner.line === line });
      if (firstOnly || rows.length >= limit) break;
    }
  }
  return { rows, stackCount: stacks.length, truncated };
}
