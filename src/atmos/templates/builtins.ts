/** The text/template builtin functions, with Go's semantics and error texts. */

import { sprint, sprintf, sprintln } from './fmt';
import type { FuncMap, GoFunc } from './functions';
import { byteLength, compareStrings, goTypeName, isTrue, kindOf, mapGet, mapHas, mapKeys, numValue } from './values';

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(v: unknown): BasicKind {
  const k = kindOf(v);
  return k === 'bool' || k === 'int' || k === 'float' || k === 'string' ? k : 'invalid';
}

/** Go's type name of a reflect.Value in comparison errors (nil inside an interface is `<nil>`). */
function valueType(v: unknown): string {
  return v === null || v === undefined ? '<nil>' : goTypeName(v);
}

function eq(arg1: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const a = arg1 === null ? undefined : arg1;
  const k1 = basicKind(a);
  for (const raw of rest) {
    const b = raw === null ? undefined : raw;
    const k2 = basicKind(b);
    let truth = false;
    if (k1 !== k2) {
      if (a !== undefined && b !== undefined) {
        throw new Error(`incompatible types for comparison: ${valueType(a)} and ${valueType(b)}`);
      }
    } else if (k1 === 'invalid') {
      if (a === undefined || b === undefined) truth = a === b;
      else throw new Error(`non-comparable type ${sprintf('%s', [b])}: ${goTypeName(b)}`);
    } else if (k1 === 'int' || k1 === 'float') {
      truth = numValue(a) === numValue(b);
    } else {
      truth = a === b;
    }
    if (truth) return true;
  }
  return false;
}

function lt(arg1: unknown, arg2: unknown): boolean {
  const a = arg1 === null ? undefined : arg1;
  const b = arg2 === null ? undefined : arg2;
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new Error('invalid type for comparison');
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error(`incompatible types for comparison: ${valueType(a)} and ${valueType(b)}`);
  switch (k1) {
    case 'bool':
      throw new Error('invalid type for comparison');
    case 'string':
      return compareStrings(a as string, b as string) < 0;
    default:
      return numValue(a) < numValue(b);
  }
}

function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, b);
}

function length(item: unknown): number {
  if (item === null) throw new Error('len of nil pointer');
  switch (kindOf(item)) {
    case 'string':
      return byteLength(item as string);
    case 'slice':
      return (item as unknown[]).length;
    case 'map':
      return mapKeys(item).length;
    case 'invalid':
      throw new Error('reflect: call of reflect.Value.Type on zero Value');
    default:
      throw new Error(`len of type ${goTypeName(item)}`);
  }
}

function indexArg(index: unknown, cap: number): number {
  const k = kindOf(index);
  if (k === 'invalid' || k === 'nil') throw new Error('cannot index slice/array with nil');
  if (k !== 'int') throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
  const x = numValue(index);
  if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`);
  return x;
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  let cur = item;
  if (cur === undefined || (cur === null && indexes.length === 0)) throw new Error('index of untyped nil');
  if (cur === null) throw new Error('index of untyped nil');
  for (const idx of indexes) {
    if (cur === null) throw new Error('index of nil pointer');
    switch (kindOf(cur)) {
      case 'slice': {
        const list = cur as unknown[];
        const x = indexArg(idx, list.length);
        if (x === list.length) throw new Error(`reflect: slice index out of range`);
        cur = list[x] === undefined ? null : list[x];
        break;
      }
      case 'string': {
        const bytes = Buffer.from(cur as string, 'utf8');
        const x = indexArg(idx, bytes.length);
        if (x === bytes.length) throw new Error(`reflect: string index out of range`);
        cur = bytes[x];
        break;
      }
      case 'map': {
        if (idx === null || idx === undefined) throw new Error('value is nil; should be of type string');
        if (typeof idx !== 'string') throw new Error(`value has type ${goTypeName(idx)}; should be string`);
        cur = mapHas(cur, idx) ? (mapGet(cur, idx) ?? null) : null;
        break;
      }
      default:
        throw new Error(`can't index item of type ${goTypeName(cur)}`);
    }
  }
  return cur;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined || item === null) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  const k = kindOf(item);
  let len: number;
  if (k === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    len = byteLength(item as string);
  } else if (k === 'slice') len = (item as unknown[]).length;
  else throw new Error(`can't slice item of type ${goTypeName(item)}`);
  const idx = [0, len, len];
  indexes.forEach((x, i) => (idx[i] = indexArg(x, len)));
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (k === 'string') return Buffer.from(item as string, 'utf8').subarray(idx[0], idx[1]).toString('utf8');
  return (item as unknown[]).slice(idx[0], idx[1]);
}

/** text/template's evalArgs: one string argument as is, else fmt.Sprint of all. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  // printableValue turns a nil argument into the string "<no value>"
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (cp < 0x20) out += '\\u00' + cp.toString(16).toUpperCase().padStart(2, '0');
    else if (cp >= 0x80 && !/[\p{L}\p{M}\p{N}\p{P}\p{S}\u0020]/u.test(ch)) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function callFn(name: string, f: unknown, ...args: unknown[]): unknown {
  if (f === undefined || f === null) throw new Error('call of nil');
  if (typeof f !== 'function') throw new Error(`non-function ${name} of type ${goTypeName(f)}`);
  return (f as (...a: unknown[]) => unknown)(...args.map((a) => (a === undefined ? null : a)));
}

const v = 'value' as const;

export function builtinFuncs(): FuncMap {
  const m: FuncMap = new Map<string, GoFunc>();
  const add = (name: string, f: GoFunc): void => void m.set(name, { ...f, builtin: true });
  // and / or are special-cased (short-circuit) by the executor; declared here for arity.
  add('and', { params: [v], variadic: v, call: () => undefined });
  add('or', { params: [v], variadic: v, call: () => undefined });
  add('not', { params: [v], call: ([a]) => !isTrue(a) });
  add('len', { params: [v], call: ([a]) => length(a) });
  add('index', { params: [v], variadic: v, call: ([a, ...rest]) => index(a, ...rest) });
  add('slice', { params: [v], variadic: v, call: ([a, ...rest]) => slice(a, ...rest) });
  add('print', { params: [], variadic: 'any', call: (args) => sprint(args) });
  add('println', { params: [], variadic: 'any', call: (args) => sprintln(args) });
  add('printf', { params: ['string'], variadic: 'any', call: ([f, ...args]) => sprintf(f as string, args) });
  add('eq', { params: [v], variadic: v, call: ([a, ...rest]) => eq(a, ...rest) });
  add('ne', { params: [v, v], call: ([a, b]) => !eq(a, b) });
  add('lt', { params: [v, v], call: ([a, b]) => lt(a, b) });
  add('le', { params: [v, v], call: ([a, b]) => le(a, b) });
  add('gt', { params: [v, v], call: ([a, b]) => !le(a, b) });
  add('ge', { params: [v, v], call: ([a, b]) => !lt(a, b) });
  add('html', { params: [], variadic: 'any', call: (args) => htmlEscape(evalArgs(args)) });
  add('js', { params: [], variadic: 'any', call: (args) => jsEscape(evalArgs(args)) });
  add('urlquery', { params: [], variadic: 'any', call: (args) => queryEscape(evalArgs(args)) });
  add('call', { params: [v], variadic: v, call: ([name, f, ...args]) => callFn(name as string, f, ...args) });
  return m;
}
