/** Sprig's string functions (Go's strings package semantics: bytes for lengths, rune-wise case mapping). */

import { formatV } from '../fmt';
import { goQuote } from '../lexer';
import { goTyped, int64, makeFloat, stringList } from '../values';
import { type CallContext, TemplateLimitError } from '../functions';
import { type Dict, type Registrar, a, i, s } from './registry';
import { checkLength, strslice, strval, toFloat64, toInt64 } from './convert';

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

/** strings.Split: empty separator splits into UTF-8 characters. */
export function goSplit(x: string, sep: string): string[] {
  return stringList(sep === '' ? [...x] : x.split(sep));
}

export function goSplitN(x: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  const parts = goSplit(x, sep);
  if (n < 0 || parts.length <= n) return parts;
  return stringList([...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)]);
}

/** strings.Replace with an empty `old`: inserts `n` before every character and at the end. */
function goReplaceEmpty(src: string, n: string): string {
  return n + [...src].join(n) + (src.length ? n : '');
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

export function registerStrings(r: Registrar): void {
  const { def, withCtx } = r;
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

  // --- conversions
  def('atoi', [s], (x: string) => (/^[+-]?\d+$/.test(x) ? Number.parseInt(x, 10) : 0));
  def('int', [a], (v: unknown) => toInt64(v));
  def('int64', [a], (v: unknown) => int64(toInt64(v)));
  def('float64', [a], (v: unknown) => makeFloat(toFloat64(v)));
  def('toStrings', [a], (v: unknown) => stringList(strslice(v)));
  def('toDecimal', [a], (v: unknown) => {
    const n = Number.parseInt(strval(v), 8);
    return int64(Number.isNaN(n) ? 0 : n);
  });
  def('split', [s, s], (sep: string, x: string) => {
    const out: Dict = goTyped({}, 'map[string]string');
    goSplit(x, sep).forEach((p, idx) => (out[`_${idx}`] = p));
    return out;
  });
  def('splitList', [s, s], (sep: string, x: string) => goSplit(x, sep));
  def('splitn', [s, i, s], (sep: string, n: number, x: string) => {
    const out: Dict = goTyped({}, 'map[string]string');
    goSplitN(x, sep, n).forEach((p, idx) => (out[`_${idx}`] = p));
    return out;
  });
  def('join', [s, a], (sep: string, v: unknown) => strslice(v).join(sep));
  def('sortAlpha', [a], (v: unknown) => stringList(strslice(v).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))));
  withCtx('until', {
    params: [i],
    call: ([n], ctx) => {
      const c = n as number;
      const step = c < 0 ? -1 : 1;
      ctx.charge(Math.ceil(Math.abs(c) / 100));
      if (Math.abs(c) > ctx.maxStringLength) throw new TemplateLimitError(`result too large (${Math.abs(c)} elements)`);
      const out: number[] = [];
      for (let x = 0; x !== c; x += step) out.push(x);
      return goTyped(out, '[]int');
    },
  });
  withCtx('untilStep', {
    params: [i, i, i],
    call: ([start, stop, step], ctx) => goTyped(untilStep(start as number, stop as number, step as number, ctx), '[]int'),
  });
  // seq is shell-like: "1 2 3", as one string
  withCtx('seq', {
    params: [],
    variadic: i,
    call: (params, ctx) => {
      const p = params as number[];
      let start: number;
      let end: number;
      let step: number;
      if (p.length === 1) [start, end, step] = [1, p[0], p[0] < 1 ? -1 : 1];
      else if (p.length === 2) [start, end, step] = [p[0], p[1], p[1] < p[0] ? -1 : 1];
      else if (p.length === 3) {
        [start, step, end] = [p[0], p[1], p[2]];
        if (end < start && step > 0) return '';
      } else return '';
      const inc = end < start ? -1 : 1;
      return untilStep(start, end + inc, step, ctx).join(' ');
    },
  });

}

/** Sprig's untilStep: counts from start toward stop (exclusive) by step; an empty list when step points away. */
function untilStep(start: number, stop: number, step: number, ctx: CallContext): number[] {
  const out: number[] = [];
  const add = (x: number): void => {
    // building lists is cheap: charge the budget per 100 elements, cap the size like strings
    if (out.length % 100 === 0) ctx.charge(1);
    if (out.length >= ctx.maxStringLength) throw new TemplateLimitError(`result too large (${out.length} elements)`);
    out.push(x);
  };
  if (stop < start) {
    if (step >= 0) return out;
    for (let x = start; x > stop; x += step) add(x);
    return out;
  }
  if (step <= 0) return out;
  for (let x = start; x < stop; x += step) add(x);
  return out;
}
