/** Loads sql.js once per WASM location. The WASM ships as dist/sql-wasm.wasm; tests use node_modules. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

const loaded = new Map<string, Promise<SqlJsStatic>>();

/** The first of: the given path, sql-wasm.wasm beside this bundle (dist/), the sql.js package's copy. */
export function resolveWasmPath(explicit?: string): string {
  if (explicit) return explicit;
  const candidates = [path.join(__dirname, 'sql-wasm.wasm'), path.join(__dirname, '..', 'sql-wasm.wasm')];
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  // createRequire: resolved at run time (tests, tsx), not something for the bundler to inline
  return createRequire(__filename).resolve('sql.js/dist/sql-wasm.wasm');
}

export function loadSqlJs(wasmPath?: string): Promise<SqlJsStatic> {
  const resolved = resolveWasmPath(wasmPath);
  let pending = loaded.get(resolved);
  if (!pending) {
    const wasmBinary = readFileSync(resolved);
    pending = initSqlJs({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer });
    loaded.set(resolved, pending);
  }
  return pending;
}
