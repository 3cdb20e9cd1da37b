/** How the Sprig modules register their functions. */

import { type FuncMap, type GoFunc, type ParamType, fn } from '../functions';

export interface Ports {
  env?: (name: string) => string | undefined;
  now: () => Date;
}

export type Dict = Record<string, unknown>;

export interface Registrar {
  m: FuncMap;
  ports: Ports;
  /** Declares a function with Go parameter types (see ParamType). */
  def(name: string, params: ParamType[], call: (...args: never[]) => unknown, variadic?: ParamType): void;
  /** Declares a function that also receives the call context (step budget, size limit). */
  withCtx(name: string, f: GoFunc): void;
}

export function registrar(m: FuncMap, ports: Ports): Registrar {
  return {
    m,
    ports,
    def: (name, params, call, variadic) => void m.set(name, fn(params, call, variadic)),
    withCtx: (name, f) => void m.set(name, f),
  };
}

export const a = 'any' as const;
export const s = 'string' as const;
export const i = 'int' as const;
