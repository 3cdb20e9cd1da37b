/**
 * Sprig v3 functions (github.com/Masterminds/sprig) with Go's argument orders
 * and edge cases. Non-deterministic functions (uuidv4, rand*, shuffle) and the
 * crypto/network ones are deliberately absent; `env`/`expandenv` exist only
 * when the caller supplies an environment port, and `now` reads the injected clock.
 */

import { createHash } from 'node:crypto';
import { posix as path } from 'node:path';
import { formatV } from './fmt';
import { type FuncMap, type GoFunc, type ParamType, fn, TemplateLimitError } from './functions';
import { type DecOp, decimalFold } from './decimal';
import { goJsonMarshal } from './gojson';
import { goQuote } from './lexer';
import { compileGoRegexp, expandGoReplacement } from './regexp';
import { formatGoTime, parseGoTime } from './time';
import { GoFloat, GoTime, goTypeName, isGoTime, kindOf, makeFloat, mapGet, mapHas, mapKeys, numValue, setKey } from './values';

export interface Ports {
  env?: (name: string) => string | undefined;
  now: () => Date;
}

type Dict = Record<string, unknown>;

/** strings.ToUpper maps rune by rune: characters without a one-rune upper case (ß) stay. */
export function goUpper(x: string): string {
  let out = '';
  for (const c of x) {
    const u = c.toUpperCase();
    out += [...u].length === 1 ? u : c;
  }
  return out;
}

export function goLower(x: string): string {
  let out = '';
  for (const c of x) {
    const l = c.toLowerCase();
    out += [...l].length === 1 ? l : c === '\u0130' ? 'i' : c;
  }
  return out;
}

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
function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

/** Sprig's list functions: a list, a Go nil-pointer panic for nil, else `Cannot <op> on type <kind>`. */
function asList(v: unknown, fname: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) throw new Error(NIL_DEREF);
  throw new Error(`Cannot ${fname} on type ${reflectKind(v)}`);
}

function checkLength(n: number, max: number): void {
  if (n > max) throw new TemplateLimitError(`result too large (${n} characters)`);
}

function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

function isSeparator(c: string): boolean {
  if (/^[A-Za-z0-9_]$/.test(c)) return false;
  if (c.codePointAt(0)! < 0x80) return true;
  if (/^[\p{L}\p{Nd}]$/u.test(c)) return false;
  return /^\s$/u.test(c);
}

function untitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += /\s/u.test(prev) ? ch.toLowerCase() : ch;
    prev = ch;
  }
  return out;
}

function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** s[start:end] on UTF-8 bytes, with Go's panic texts for bad bounds. */
function byteSlice(s: string, start: number, end?: number): string {
  const b = Buffer.from(s, 'utf8');
  const len = b.length;
  if (end === undefined) {
    if (start < 0 || start > len) throw new Error(`runtime error: slice bounds out of range [${start}:${len}]`);
  } else {
    if (end < 0 || end > len) throw new Error(`runtime error: slice bounds out of range [:${end}] with length ${len}`);
    if (start < 0 || start > end) throw new Error(`runtime error: slice bounds out of range [${start}:${end}]`);
  }
  return b.subarray(start, end).toString('utf8');
}

function trunc(c: number, s: string): string {
  const len = Buffer.byteLength(s);
  if (c < 0 && len + c > 0) return byteSlice(s, len + c);
  if (c >= 0 && len > c) return byteSlice(s, 0, c);
  return s;
}

function substr(start: number, end: number, s: string): string {
  if (start < 0) return byteSlice(s, 0, end);
  const len = Buffer.byteLength(s);
  if (end < 0 || end > len) return byteSlice(s, start);
  return byteSlice(s, start, end);
}

function mergeInto(dst: Dict, src: Dict, overwrite: boolean): Dict {
  for (const k of Object.keys(src)) {
    const sv = src[k];
    const dv = mapHas(dst, k) ? dst[k] : undefined;
    if (kindOf(sv) === 'map' && kindOf(dv) === 'map') {
      mergeInto(dv as Dict, sv as Dict, overwrite);
      continue;
    }
    if (overwrite || !mapHas(dst, k) || empty(dv)) setKey(dst, k, sv);
  }
  return dst;
}

function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (kindOf(v) === 'map') {
    const out: Dict = {};
    for (const k of mapKeys(v)) setKey(out, k, deepCopy(mapGet(v, k)));
    return out;
  }
  return v;
}

function deepEqual(a: unknown, b: unknown): boolean {
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

function reflectKind(v: unknown): string {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return 'invalid';
    case 'float':
      return 'float64';
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

/** Go's time.Duration String(). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const neg = seconds < 0;
  let s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  let out = '';
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  out += `${s}s`;
  return (neg ? '-' : '') + out;
}

/** Sprig formatDate: any time shown in the local zone, which we model as UTC; non-times mean now. */
function toGoTime(v: unknown, now: () => Date): GoTime {
  if (isGoTime(v)) return new GoTime(v.date);
  if (kindOf(v) === 'int') return new GoTime(new Date(numValue(v) * 1000));
  return new GoTime(now());
}

function zeroTime(): GoTime {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(1);
  return new GoTime(d);
}

const a = 'any' as const;
const s = 'string' as const;
const i = 'int' as const;

export function sprigFuncs(ports: Ports): FuncMap {
  const m: FuncMap = new Map<string, GoFunc>();
  const def = (name: string, params: ParamType[], call: (...args: never[]) => unknown, variadic?: ParamType): void => {
    m.set(name, fn(params, call, variadic));
  };
  const withCtx = (name: string, f: GoFunc): void => void m.set(name, f);

  // --- defaults and flow
  def('default', [a], (d: unknown, ...given: unknown[]) => (given.length === 0 || empty(given[0]) ? d : given[0]), a);
  def('empty', [a], (v: unknown) => empty(v));
  def('coalesce', [], (...v: unknown[]) => v.find((x) => !empty(x)) ?? null, a);
  def('all', [], (...v: unknown[]) => v.every((x) => !empty(x)), a);
  def('any', [], (...v: unknown[]) => v.some((x) => !empty(x)), a);
  def('compact', [a], (l: unknown) => asList(l, 'compact').filter((x) => !empty(x)));
  def('ternary', [a, a, 'bool'], (vt: unknown, vf: unknown, c: boolean) => (c ? vt : vf));
  def('fail', [s], (msg: string) => {
    throw new Error(msg);
  });

  // --- strings
  def('trim', [s], (x: string) => x.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, ''));
  def('upper', [s], (x: string) => goUpper(x));
  def('lower', [s], (x: string) => goLower(x));
  def('title', [s], (x: string) => title(x));
  def('untitle', [s], (x: string) => untitle(x));
  def('substr', [i, i, s], substr);
  withCtx('repeat', {
    params: [i, s],
    call: ([count, str], ctx) => {
      const c = count as number;
      if (c < 0) throw new Error('strings: negative Repeat count');
      checkLength(c * (str as string).length, ctx.maxStringLength);
      return (str as string).repeat(c);
    },
  });
  const trimAll = (cut: string, x: string): string => {
    const set = new Set([...cut]);
    const chars = [...x];
    let st = 0;
    let en = chars.length;
    while (st < en && set.has(chars[st])) st++;
    while (en > st && set.has(chars[en - 1])) en--;
    return chars.slice(st, en).join('');
  };
  def('trimAll', [s, s], trimAll);
  def('trimall', [s, s], trimAll);
  def('trimSuffix', [s, s], (suf: string, x: string) => (suf && x.endsWith(suf) ? x.slice(0, -suf.length) : x));
  def('trimPrefix', [s, s], (pre: string, x: string) => (x.startsWith(pre) ? x.slice(pre.length) : x));
  // goutils.DeleteWhiteSpace walks bytes and turns each kept byte into a rune: non-ASCII text comes out as Latin-1
  def('nospace', [s], (x: string) => {
    let out = '';
    for (const b of Buffer.from(x, 'utf8')) if (!' \t\n\v\f\r\u0085\u00a0'.includes(String.fromCharCode(b))) out += String.fromCharCode(b);
    return out;
  });
  def('initials', [s], (x: string) => x.split(/\s+/).filter(Boolean).map((w) => [...w][0]).join(''));
  def('swapcase', [s], (x: string) => [...x].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''));
  def('snakecase', [s], (x: string) => words(x).map((w) => w.toLowerCase()).join('_'));
  def('kebabcase', [s], (x: string) => words(x).map((w) => w.toLowerCase()).join('-'));
  def('camelcase', [s], (x: string) => words(x).map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join(''));
  def('trunc', [i, s], trunc);
  def('abbrev', [i, s], (w: number, x: string) => (w < 4 || x.length <= w ? x : x.slice(0, w - 3) + '...'));
  def('contains', [s, s], (sub: string, x: string) => x.includes(sub));
  def('hasPrefix', [s, s], (p: string, x: string) => x.startsWith(p));
  def('hasSuffix', [s, s], (p: string, x: string) => x.endsWith(p));
  def('quote', [], (...v: unknown[]) => v.filter((x) => x !== null && x !== undefined).map((x) => goQuote(strval(x))).join(' '), a);
  def('squote', [], (...v: unknown[]) => v.filter((x) => x !== null && x !== undefined).map((x) => `'${strval(x)}'`).join(' '), a);
  def('cat', [], (...v: unknown[]) => v.filter((x) => x !== null && x !== undefined).map((x) => formatV(x)).join(' '), a);
  const indent = (n: number, x: string): string => {
    const pad = ' '.repeat(Math.max(0, n));
    return pad + x.replace(/\n/g, '\n' + pad);
  };
  def('indent', [i, s], indent);
  def('nindent', [i, s], (n: number, x: string) => '\n' + indent(n, x));
  def('replace', [s, s, s], (o: string, n: string, src: string) => (o === '' ? goReplaceEmpty(src, n) : src.split(o).join(n)));
  def('plural', [s, s, i], (one: string, many: string, c: number) => (c === 1 ? one : many));
  def('toString', [a], (v: unknown) => strval(v));
  def('wrap', [i, s], (l: number, x: string) => wrap(x, l, '\n', false));
  def('wrapWith', [i, s, s], (l: number, sep: string, x: string) => wrap(x, l, sep, true));

  // --- hashes and encodings
  def('sha1sum', [s], (x: string) => createHash('sha1').update(x).digest('hex'));
  def('sha256sum', [s], (x: string) => createHash('sha256').update(x).digest('hex'));
  def('sha512sum', [s], (x: string) => createHash('sha512').update(x).digest('hex'));
  def('adler32sum', [s], (x: string) => String(adler32(Buffer.from(x, 'utf8'))));
  def('b64enc', [s], (x: string) => Buffer.from(x, 'utf8').toString('base64'));
  def('b64dec', [s], (x: string) => {
    const err = base64Error(x);
    return err ?? Buffer.from(x, 'base64').toString('utf8');
  });

  // --- conversions
  def('atoi', [s], (x: string) => (/^[+-]?\d+$/.test(x) ? Number.parseInt(x, 10) : 0));
  def('int', [a], (v: unknown) => toInt64(v));
  def('int64', [a], (v: unknown) => toInt64(v));
  def('float64', [a], (v: unknown) => makeFloat(toFloat64(v)));
  def('toStrings', [a], (v: unknown) => strslice(v));
  def('toDecimal', [a], (v: unknown) => {
    const n = Number.parseInt(strval(v), 8);
    return Number.isNaN(n) ? 0 : n;
  });
  def('split', [s, s], (sep: string, x: string) => {
    const out: Dict = {};
    goSplit(x, sep).forEach((p, idx) => (out[`_${idx}`] = p));
    return out;
  });
  def('splitList', [s, s], (sep: string, x: string) => goSplit(x, sep));
  def('splitn', [s, i, s], (sep: string, n: number, x: string) => {
    const out: Dict = {};
    goSplitN(x, sep, n).forEach((p, idx) => (out[`_${idx}`] = p));
    return out;
  });
  def('join', [s, a], (sep: string, v: unknown) => strslice(v).join(sep));
  def('sortAlpha', [a], (v: unknown) => strslice(v).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  withCtx('until', {
    params: [i],
    call: ([n], ctx) => {
      const c = n as number;
      const step = c < 0 ? -1 : 1;
      ctx.charge(Math.abs(c));
      const out: number[] = [];
      for (let x = 0; x !== c; x += step) out.push(x);
      return out;
    },
  });
  withCtx('untilStep', {
    params: [i, i, i],
    call: ([start, stop, step], ctx) => {
      const out: number[] = [];
      const st = step as number;
      if (st === 0) return out;
      for (let x = start as number; st > 0 ? x < (stop as number) : x > (stop as number); x += st) {
        ctx.charge(1);
        out.push(x);
      }
      return out;
    },
  });

  // --- math (int64)
  def('add1', [a], (x: unknown) => toInt64(x) + 1);
  def('add', [], (...v: unknown[]) => v.reduce<number>((acc, x) => acc + toInt64(x), 0), a);
  def('sub', [a, a], (x: unknown, y: unknown) => toInt64(x) - toInt64(y));
  def('mul', [a], (x: unknown, ...v: unknown[]) => v.reduce<number>((acc, y) => acc * toInt64(y), toInt64(x)), a);
  def('div', [a, a], (x: unknown, y: unknown) => {
    const d = toInt64(y);
    if (d === 0) throw new Error('runtime error: integer divide by zero');
    return Math.trunc(toInt64(x) / d);
  });
  def('mod', [a, a], (x: unknown, y: unknown) => {
    const d = toInt64(y);
    if (d === 0) throw new Error('runtime error: integer divide by zero');
    return toInt64(x) % d;
  });
  def('max', [a], (x: unknown, ...v: unknown[]) => v.reduce<number>((acc, y) => Math.max(acc, toInt64(y)), toInt64(x)), a);
  def('biggest', [a], (x: unknown, ...v: unknown[]) => v.reduce<number>((acc, y) => Math.max(acc, toInt64(y)), toInt64(x)), a);
  def('min', [a], (x: unknown, ...v: unknown[]) => v.reduce<number>((acc, y) => Math.min(acc, toInt64(y)), toInt64(x)), a);
  // --- math (float64)
  const fold = (op: DecOp, first: unknown, rest: unknown[]): unknown => makeFloat(decimalFold(toFloat64(first), rest.map(toFloat64), op));
  def('add1f', [a], (x: unknown) => fold('add', x, [1]));
  def('addf', [], (...v: unknown[]) => fold('add', 0, v), a);
  def('subf', [a], (x: unknown, ...v: unknown[]) => fold('sub', x, v), a);
  def('mulf', [a], (x: unknown, ...v: unknown[]) => fold('mul', x, v), a);
  def('divf', [a], (x: unknown, ...v: unknown[]) => fold('div', x, v), a);
  def('maxf', [a], (x: unknown, ...v: unknown[]) => makeFloat(v.reduce<number>((acc, y) => Math.max(acc, toFloat64(y)), toFloat64(x))), a);
  def('minf', [a], (x: unknown, ...v: unknown[]) => makeFloat(v.reduce<number>((acc, y) => Math.min(acc, toFloat64(y)), toFloat64(x))), a);
  def('ceil', [a], (x: unknown) => makeFloat(Math.ceil(toFloat64(x))));
  def('floor', [a], (x: unknown) => makeFloat(Math.floor(toFloat64(x))));
  def('round', [a, i], (x: unknown, p: number, ...r: unknown[]) => {
    const roundOn = r.length > 0 ? toFloat64(r[0]) : 0.5;
    const pow = 10 ** p;
    const digit = toFloat64(x) * pow;
    const frac = digit - Math.trunc(digit);
    const rounded = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
    return makeFloat(rounded / pow);
  }, a);

  // --- JSON
  def('toJson', [a], (v: unknown) => tryOr(() => goJsonMarshal(v), ''));
  def('toPrettyJson', [a], (v: unknown) => tryOr(() => goJsonMarshal(v, '  '), ''));
  def('toRawJson', [a], (v: unknown) => tryOr(() => goJsonMarshal(v, '', false), ''));
  def('mustToJson', [a], (v: unknown) => goJsonMarshal(v));
  def('mustToPrettyJson', [a], (v: unknown) => goJsonMarshal(v, '  '));
  def('mustToRawJson', [a], (v: unknown) => goJsonMarshal(v, '', false));
  def('fromJson', [s], (x: string) => tryOr(() => fromJson(x), null));
  def('mustFromJson', [s], (x: string) => fromJson(x));

  // --- reflection
  def('typeOf', [a], (v: unknown) => (v === null ? '<nil>' : goTypeName(v)));
  def('typeIs', [s, a], (t: string, v: unknown) => t === (v === null ? '<nil>' : goTypeName(v)));
  def('kindOf', [a], (v: unknown) => reflectKind(v));
  def('kindIs', [s, a], (t: string, v: unknown) => t === reflectKind(v));
  def('deepEqual', [a, a], (x: unknown, y: unknown) => deepEqual(x, y));
  def('deepCopy', [a], (v: unknown) => deepCopy(v));
  def('mustDeepCopy', [a], (v: unknown) => deepCopy(v));

  // --- paths
  def('base', [s], (x: string) => (x === '' ? '.' : path.basename(x.replace(/\/+$/, '')) || '/'));
  def('dir', [s], (x: string) => path.dirname(x));
  def('clean', [s], (x: string) => (x === '' ? '.' : path.normalize(x).replace(/(.)\/$/, '$1')));
  def('ext', [s], (x: string) => path.extname(x));
  def('isAbs', [s], (x: string) => x.startsWith('/'));
  // filepath.* on a POSIX system are the path.* functions
  for (const n of ['base', 'dir', 'clean', 'ext', 'isAbs']) m.set('os' + n[0].toUpperCase() + n.slice(1), m.get(n)!);
  def('hello', [], () => 'Hello!');
  def('b32enc', [s], (x: string) => base32Encode(Buffer.from(x, 'utf8')));
  def('b32dec', [s], (x: string) => base32Decode(x));

  // --- dicts
  def('dict', [], (...v: unknown[]) => {
    const out: Dict = {};
    for (let k = 0; k < v.length; k += 2) setKey(out, strval(v[k]), k + 1 < v.length ? v[k + 1] : '');
    return out;
  }, a);
  def('get', ['map', s], (d: Dict | null, k: string) => (d && mapHas(d, k) ? mapGet(d, k) : ''));
  def('set', ['map', s, a], (d: Dict | null, k: string, v: unknown) => {
    if (!d) throw new Error('assignment to entry in nil map');
    setKey(d, k, v);
    return d;
  });
  def('unset', ['map', s], (d: Dict | null, k: string) => {
    if (d) delete d[k];
    return d ?? {};
  });
  def('hasKey', ['map', s], (d: Dict | null, k: string) => !!d && mapHas(d, k));
  def('keys', [], (...ds: (Dict | null)[]) => ds.flatMap((d) => (d ? mapKeys(d) : [])), 'map');
  def('values', ['map'], (d: Dict | null) => (d ? mapKeys(d).map((k) => mapGet(d, k)) : []));
  def('pluck', [s], (k: string, ...ds: (Dict | null)[]) => ds.filter((d) => d && mapHas(d, k)).map((d) => mapGet(d, k)), 'map');
  def('pick', ['map'], (d: Dict | null, ...ks: string[]) => {
    const out: Dict = {};
    for (const k of ks) if (d && mapHas(d, k)) setKey(out, k, mapGet(d, k));
    return out;
  }, s);
  def('omit', ['map'], (d: Dict | null, ...ks: string[]) => {
    const out: Dict = {};
    for (const k of d ? mapKeys(d) : []) if (!ks.includes(k)) setKey(out, k, mapGet(d, k));
    return out;
  }, s);
  def('merge', ['map'], (dst: Dict | null, ...srcs: (Dict | null)[]) => srcs.reduce<Dict>((acc, src) => (src ? mergeInto(acc, src, false) : acc), dst ?? {}), 'map');
  def('mustMerge', ['map'], (dst: Dict | null, ...srcs: (Dict | null)[]) => srcs.reduce<Dict>((acc, src) => (src ? mergeInto(acc, src, false) : acc), dst ?? {}), 'map');
  def('mergeOverwrite', ['map'], (dst: Dict | null, ...srcs: (Dict | null)[]) => srcs.reduce<Dict>((acc, src) => (src ? mergeInto(acc, src, true) : acc), dst ?? {}), 'map');
  def('mustMergeOverwrite', ['map'], (dst: Dict | null, ...srcs: (Dict | null)[]) => srcs.reduce<Dict>((acc, src) => (src ? mergeInto(acc, src, true) : acc), dst ?? {}), 'map');
  def('dig', [a], (...args: unknown[]) => {
    if (args.length < 3) throw new Error('dig needs at least three arguments');
    const dict = args[args.length - 1];
    const dflt = args[args.length - 2];
    let cur: unknown = dict;
    for (const k of args.slice(0, -2)) {
      if (kindOf(cur) !== 'map' || !mapHas(cur, strval(k))) return dflt;
      cur = mapGet(cur, strval(k));
    }
    return cur;
  }, a);

  // --- lists
  def('list', [], (...v: unknown[]) => v, a);
  def('tuple', [], (...v: unknown[]) => v, a);
  const push = (l: unknown, v: unknown): unknown[] => [...asList(l, 'append'), v];
  def('append', [a, a], push);
  def('push', [a, a], push);
  def('mustAppend', [a, a], push);
  def('prepend', [a, a], (l: unknown, v: unknown) => [v, ...asList(l, 'prepend')]);
  def('first', [a], (l: unknown) => (asList(l, 'find first').length ? asList(l, 'find first')[0] : null));
  def('last', [a], (l: unknown) => {
    const x = asList(l, 'find last');
    return x.length ? x[x.length - 1] : null;
  });
  def('rest', [a], (l: unknown) => (asList(l, 'find rest').length ? asList(l, 'find rest').slice(1) : null));
  def('initial', [a], (l: unknown) => (asList(l, 'find initial').length ? asList(l, 'find initial').slice(0, -1) : null));
  def('reverse', [a], (l: unknown) => [...asList(l, 'find reverse')].reverse());
  def('uniq', [a], (l: unknown) => {
    const out: unknown[] = [];
    for (const x of asList(l, 'find uniq')) if (!out.some((y) => deepEqual(x, y))) out.push(x);
    return out;
  });
  def('without', [a], (l: unknown, ...omit: unknown[]) => asList(l, 'find without').filter((x) => !omit.some((y) => deepEqual(x, y))), a);
  def('has', [a, a], (needle: unknown, hay: unknown) => (hay === null ? false : asList(hay, 'find has').some((x) => deepEqual(x, needle))));
  def('concat', [], (...ls: unknown[]) =>
    ls.flatMap((l) => {
      if (Array.isArray(l)) return l;
      if (l === null || l === undefined) throw new Error(NIL_DEREF);
      throw new Error(`Cannot concat type ${reflectKind(l)} as list`);
    }), a);
  def('slice', [a], (l: unknown, ...idx: unknown[]) => {
    const list = asList(l, 'slice');
    const start = idx.length > 0 ? toInt64(idx[0]) : 0;
    const end = idx.length > 1 ? toInt64(idx[1]) : list.length;
    if (start < 0 || end > list.length || start > end) throw new Error(`runtime error: slice bounds out of range [${start}:${end}]`);
    return list.slice(start, end);
  }, a);
  def('chunk', [i, a], (size: number, l: unknown) => {
    const list = asList(l, 'chunk');
    const out: unknown[][] = [];
    for (let k = 0; k < list.length; k += Math.max(1, size)) out.push(list.slice(k, k + size));
    return out;
  });

  // must* list variants return the error instead of panicking: same messages
  for (const n of ['compact', 'first', 'last', 'rest', 'initial', 'reverse', 'uniq', 'without', 'has', 'slice', 'chunk', 'prepend', 'push']) {
    m.set('must' + n[0].toUpperCase() + n.slice(1), m.get(n)!);
  }

  // --- regular expressions (Go RE2 syntax)
  for (const must of [false, true]) {
    const pre = (name: string): string => (must ? 'must' + name[0].toUpperCase() + name.slice(1) : name);
    const re = (src: string, flags = ''): RegExp => compileGoRegexp(src, flags, must);
    // regexMatch alone swallows a bad pattern (false); the others panic like regexp.MustCompile
    def(pre('regexMatch'), [s, s], (r: string, x: string) => (must ? re(r).test(x) : tryOr(() => re(r).test(x), false)));
    def(pre('regexFind'), [s, s], (r: string, x: string) => re(r).exec(x)?.[0] ?? '');
    def(pre('regexFindAll'), [s, s, i], (r: string, x: string, n: number) => {
      const all = [...x.matchAll(re(r, 'g'))].map((mm) => mm[0]);
      return n < 0 ? all : all.slice(0, n);
    });
    def(pre('regexReplaceAll'), [s, s, s], (r: string, x: string, repl: string) => x.replace(re(r, 'g'), (...mm) => expandGoReplacement(repl, mm)));
    def(pre('regexReplaceAllLiteral'), [s, s, s], (r: string, x: string, repl: string) => x.replace(re(r, 'g'), () => repl));
    def(pre('regexSplit'), [s, s, i], (r: string, x: string, n: number) => goRegexSplit(re(r, 'g'), x, n));
  }
  def('regexQuoteMeta', [s], (x: string) => x.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'));

  // --- dates (the clock is a port)
  def('now', [], () => new GoTime(ports.now()));
  def('date', [s, a], (layout: string, d: unknown) => formatGoTime(toGoTime(d, ports.now), layout));
  def('dateInZone', [s, a, s], (layout: string, d: unknown, zone: string) => {
    if (zone !== 'UTC' && zone !== '') throw new Error(`unknown time zone ${zone}`);
    return formatGoTime(toGoTime(d, ports.now), layout);
  });
  def('date_in_zone', [s, a, s], (layout: string, d: unknown) => formatGoTime(toGoTime(d, ports.now), layout));
  def('htmlDate', [a], (d: unknown) => formatGoTime(toGoTime(d, ports.now), '2006-01-02'));
  def('htmlDateInZone', [a, s], (d: unknown, zone: string) => {
    if (zone !== 'UTC' && zone !== '') throw new Error(`unknown time zone ${zone}`);
    return formatGoTime(toGoTime(d, ports.now), '2006-01-02');
  });
  def('ago', [a], (d: unknown) => {
    const t = toGoTime(d, ports.now);
    return formatDuration(Math.round((ports.now().getTime() - t.date.getTime()) / 1000));
  });
  for (const [name, must] of [['dateModify', false], ['date_modify', false], ['mustDateModify', true], ['must_date_modify', true]] as const) {
    def(name, [s, a], (fmt: string, d: unknown) => {
      const t = isGoTime(d) ? d : toGoTime(d, ports.now);
      const ms = parseGoDuration(fmt);
      if (ms === null) {
        if (must) throw new Error(`time: invalid duration ${goQuote(fmt)}`);
        return t;
      }
      return new GoTime(new Date(t.date.getTime() + ms), t.zone, t.offsetMinutes);
    });
  }
  def('toDate', [s, s], (layout: string, x: string) => parseGoTime(layout, x) ?? zeroTime());
  def('mustToDate', [s, s], (layout: string, x: string) => {
    const t = parseGoTime(layout, x);
    if (!t) throw new Error(`parsing time ${goQuote(x)} as ${goQuote(layout)}: cannot parse`);
    return t;
  });
  def('unixEpoch', [a], (d: unknown) => String(Math.floor(toGoTime(d, ports.now).date.getTime() / 1000)));
  // Sprig only converts strings and int64 here; a template int is not int64, so it yields 0s as in Go.
  def('duration', [a], (sec: unknown) => formatDuration(typeof sec === 'string' && /^[+-]?\d+$/.test(sec) ? Number(sec) : 0));

  // --- environment (only with a port)
  if (ports.env) {
    const env = ports.env;
    def('env', [s], (k: string) => env(k) ?? '');
    def('expandenv', [s], (x: string) => x.replace(/\$\{([^}]*)\}|\$([A-Za-z0-9_]+)/g, (_mm, a1, a2) => env(a1 ?? a2) ?? ''));
  }
  return m;
}

/** regexp.Split(s, n): at most n pieces, the last holding the unsplit remainder. */
function goRegexSplit(re: RegExp, x: string, n: number): string[] {
  if (n === 0) return [];
  if (re.source === '(?:)' && x.length > 0) return [...x].slice(0, n < 0 ? undefined : n);
  const out: string[] = [];
  let beg = 0;
  for (const m of x.matchAll(re)) {
    if (n > 0 && out.length === n - 1) break;
    const end = m.index ?? 0;
    if (m[0].length === 0 && (end === 0 || end === x.length)) continue;
    out.push(x.slice(beg, end));
    beg = end + m[0].length;
  }
  out.push(x.slice(beg));
  return out;
}

/** time.ParseDuration to milliseconds (sub-millisecond parts are dropped); null when invalid. */
function parseGoDuration(s: string): number | null {
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (s === '0') return 0;
  if (!m) return null;
  let total = 0;
  for (const part of s.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * unit[part[2]];
  return m[1] === '-' ? -total : total;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Encode(buf: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of buf) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

/** base32 StdEncoding decode; like Sprig, a bad input returns the error text. */
function base32Decode(s: string): string {
  const clean = s.replace(/=+$/, '');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (let k = 0; k < clean.length; k++) {
    const v = B32.indexOf(clean[k]);
    if (v < 0) return `illegal base32 data at input byte ${k}`;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function tryOr<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

function fromJson(x: string): unknown {
  const parsed: unknown = JSON.parse(x);
  const conv = (v: unknown): unknown => {
    if (typeof v === 'number') return makeFloat(v);
    if (Array.isArray(v)) return v.map(conv);
    if (v && typeof v === 'object') {
      const out: Dict = {};
      for (const [k, e] of Object.entries(v)) setKey(out, k, conv(e));
      return out;
    }
    return v;
  };
  return conv(parsed);
}

/** strings.Split: empty separator splits into UTF-8 characters. */
export function goSplit(x: string, sep: string): string[] {
  if (sep === '') return [...x];
  return x.split(sep);
}

export function goSplitN(x: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  const parts = goSplit(x, sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** strings.Replace with an empty `old`: inserts `n` before every character and at the end. */
function goReplaceEmpty(src: string, n: string): string {
  return n + [...src].join(n) + (src.length ? n : '');
}

function adler32(buf: Buffer): number {
  let a1 = 1;
  let b1 = 0;
  for (const byte of buf) {
    a1 = (a1 + byte) % 65521;
    b1 = (b1 + a1) % 65521;
  }
  return ((b1 << 16) | a1) >>> 0;
}

function base64Error(x: string): string | null {
  const clean = x;
  for (let k = 0; k < clean.length; k++) {
    if (!/[A-Za-z0-9+/=]/.test(clean[k])) return `illegal base64 data at input byte ${k}`;
  }
  if (clean.length % 4 !== 0) return `illegal base64 data at input byte ${clean.length - (clean.length % 4)}`;
  return null;
}

/** goutils WrapCustom(str, width, sep, wrapLongWords), simplified to whitespace word wrapping. */
function wrap(x: string, width: number, sep: string, wrapLong: boolean): string {
  if (width < 1) width = 1;
  const lines: string[] = [];
  for (const para of x.split('\n')) {
    let line = '';
    for (const w of para.split(' ').filter((p) => p !== '')) {
      let word = w;
      while (wrapLong && word.length > width) {
        if (line) {
          lines.push(line);
          line = '';
        }
        lines.push(word.slice(0, width));
        word = word.slice(width);
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ' ' + word;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines.join(sep);
}
