/**
 * The HCL parser: web-tree-sitter with the tree-sitter HCL grammar (both WASM). Loading is async
 * (WASM compilation), parsing is sync, so callers await `loadHclParser()` once at an async edge
 * (engine open) and the sync engine reads `hclParserIfLoaded()`. Nothing loads at import time.
 *
 * The WASM files ship beside the bundle (dist/web-tree-sitter.wasm, dist/tree-sitter-hcl.wasm);
 * tests and tsx runs read them from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Node as TsNode, Tree } from 'web-tree-sitter';

export type HclNode = TsNode;

export interface HclParser {
  /** Parses HCL text; the caller must `delete()` the tree (it lives in WASM memory). */
  parse(text: string): Tree;
}

const RUNTIME_WASM = { file: 'web-tree-sitter.wasm', pkg: 'web-tree-sitter/web-tree-sitter.wasm' };
const GRAMMAR_WASM = { file: 'tree-sitter-hcl.wasm', pkg: '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm' };

/** The first of: beside this bundle (dist/ or dist/lazy/), the npm package's copy. */
export function resolveHclWasm(which: 'runtime' | 'grammar'): string {
  const w = which === 'runtime' ? RUNTIME_WASM : GRAMMAR_WASM;
  for (const candidate of [path.join(__dirname, w.file), path.join(__dirname, '..', w.file)]) if (existsSync(candidate)) return candidate;
  // createRequire: resolved at run time (tests, tsx), not something for the bundler to inline
  return createRequire(__filename).resolve(w.pkg);
}

let pending: Promise<HclParser> | undefined;
let ready: HclParser | undefined;

/** Loads the parser once per process (about 30 ms); later calls return the same promise. */
export function loadHclParser(): Promise<HclParser> {
  pending ??= (async () => {
    const { createHclParser } = await import('./hclRuntime.lazy');
    ready = await createHclParser(readFileSync(resolveHclWasm('runtime')), readFileSync(resolveHclWasm('grammar')));
    return ready;
  })();
  pending.catch(() => {
    pending = undefined; // a failed load (missing WASM) may be retried
  });
  return pending;
}

/** The parser when `loadHclParser()` has finished; undefined before (sync callers then skip HCL). */
export function hclParserIfLoaded(): HclParser | undefined {
  return ready;
}
