/** Sprig's value conversions and helpers shared by its function groups. */

import { formatV } from '../fmt';
import { TemplateLimitError } from '../functions';
import { GoFloat, isGoInt64, kindOf, mapGet, mapHas, mapKeys, numValue, setKey } from '../values';
import type { Dict } from './registry';

/** sprig's strval: fmt %v of anything, strings as is. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  return formatV(v === undefined ? null : v);
}

/** sprig's empty. */
export function empty(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return true;
    case 'string':
      return (v as string).length === 0;
    case 'slice':
      return (v as unknown[]).length === 0;
    case 'map':
      return mapKeys(v).length === 0;
    case 'bool':
      return !v;
    case 'int':
    case 'float':
      return numValue(v) === 0;
    default:
      return false;
  }
}

/** spf13/cast ToInt64 as Sprig uses it: lenient, 0 on failure. */
export function toInt64(v: unknown): number {
  switch (kindOf(v)) {
    case 'int':
      return numValue(v);
    case 'float':
      return Math.trunc(numValue(v));
    case 'bool':
      return v ? 1 : 0;
    case 'string': {
      let s = (v as string).trim() === v ? (v as string) : '';
      if (/^[+-]?\d+\.0*$/.test(s)) s = s.replace(/\.0*$/, '');
      const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[1-9][0-9_]*|0)$/.exec(s);
      if (!m) return 0;
      let body = m[2].replace(/_/g, '');
      let n: number;
      if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
      else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
      else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
      else if (body.length > 1 && body[0] === '0') {
        body = body.slice(1);
        n = parseInt(body, 8);
      } else n = parseInt(body, 10);
      return m[1] === '-' ? -n : n;
    }
    default:
      return 0;
  }
}

export function toFloat64(v: unknown): number {
  switch (kindOf(v)) {
    case 'int':
    case 'float':
      return numValue(v);
    case 'bool':
      return v ? 1 : 0;
    case 'string': {
      const s = v as string;
      if (/^[+-]?(\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s.replace(/_/g, ''));
      if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
      return 0;
    }
    default:
      return 0;
  }
}

/** sprig's strslice: a list of strings from anything, nils dropped. */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

export const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

/** Sprig's list functions: a list, a Go nil-pointer panic for nil, else `Cannot <op> on type <kind>`. */
export function asList(v: unknown, fname: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) throw new Error(NIL_DEREF);
  throw new Error(`Cannot ${fname} on type ${reflectKind(v)}`);
}

export function checkLength(n: number, max: number): void {
  if (n > max) throw new TemplateLimitError(`result too large (${n} characters)`);
}

export function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (kindOf(v) === 'map') {
    const out: Dict = {};
    for (const k of mapKeys(v)) setKey(out, k, deepCopy(mapGet(v, k)));
    return out;
  }
  return v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  if (ka === 'slice') {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((e, i) => deepEqual(e, y[i]));
  }
  if (ka === 'map') {
    const kx = mapKeys(a);
    return kx.length === mapKeys(b).length && kx.every((k) => mapHas(b, k) && deepEqual(mapGet(a, k), mapGet(b, k)));
  }
  if (ka === 'int' || ka === 'float') return numValue(a) === numValue(b) && (a instanceof GoFloat) === (b instanceof GoFloat);
  return a === b;
}

export function reflectKind(v: unknown): string {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return 'invalid';
    case 'float':
      return 'float64';
    case 'int':
      return isGoInt64(v) ? 'int64' : 'int';
    case 'slice':
      return 'slice';
    case 'map':
      return 'map';
    case 'time':
    case 'struct':
      return 'struct';
    default:
      return kindOf(v);
  }
}

export function tryOr<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
