/**
 * The function library (builtins, Gomplate, Sprig) is built once per
 * combination of switches and reused across renders: building it costs far
 * more than rendering a small template. Functions that need the environment or
 * the clock read them through a holder that each render points at its own
 * ports (renders are synchronous; nested renders restore the outer ports).
 */

import { builtinFuncs } from './builtins';
import { type FuncMap, type GoFunc, jsFunc } from './functions';
import { gomplateFuncs } from './gomplate';
import type { Ports } from './sprig';
import { sprigFuncs } from './sprig';

export interface FuncLookup {
  get(name: string): GoFunc | undefined;
  has(name: string): boolean;
}

export interface LibrarySwitches {
  sprig: boolean;
  gomplate: boolean;
  env: boolean;
}

const current: { env?: (name: string) => string | undefined; now: () => Date } = { now: () => new Date() };
const holderPorts: Ports = {
  env: (name) => current.env?.(name),
  now: () => current.now(),
};
const cache = new Map<string, FuncMap>();

function library(sw: LibrarySwitches): FuncMap {
  const key = `${sw.sprig}|${sw.gomplate}|${sw.env}`;
  let lib = cache.get(key);
  if (lib) return lib;
  lib = new Map();
  const ports: Ports = { now: holderPorts.now, env: sw.env ? holderPorts.env : undefined };
  // Atmos assigns Gomplate first, then Sprig over it; text/template consults its builtins last.
  if (sw.gomplate) for (const [k, f] of gomplateFuncs(ports)) lib.set(k, f);
  if (sw.sprig) for (const [k, f] of sprigFuncs(ports)) lib.set(k, f);
  for (const [k, f] of builtinFuncs()) if (!lib.has(k)) lib.set(k, f);
  cache.set(key, lib);
  return lib;
}

/** Caller functions first (they may shadow anything, as a Go FuncMap may), then the shared library. */
export function funcLookup(sw: LibrarySwitches, callerFunctions?: Record<string, (...args: unknown[]) => unknown>): FuncLookup {
  const lib = library(sw);
  const entries = Object.entries(callerFunctions ?? {});
  if (entries.length === 0) return lib;
  const own = new Map(entries.map(([k, f]) => [k, jsFunc(f)]));
  return {
    get: (name) => own.get(name) ?? lib.get(name),
    has: (name) => own.has(name) || lib.has(name),
  };
}

/** Runs `body` with the environment and clock ports of one render, restoring the previous ones after. */
export function withPorts<T>(ports: { env?: (name: string) => string | undefined; now?: () => Date }, body: () => T): T {
  const saved = { env: current.env, now: current.now };
  current.env = ports.env;
  current.now = ports.now ?? (() => new Date());
  try {
    return body();
  } finally {
    current.env = saved.env;
    current.now = saved.now;
  }
}
