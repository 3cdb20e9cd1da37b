/** Sprig's hashes, base64/base32, JSON and RE2 regular expression functions. */

import { goJsonMarshal } from '../gojson';
import { compileGoRegexp, expandGoReplacement } from '../regexp';
import { makeFloat, setKey, stringList } from '../values';
import { createHash } from 'node:crypto';
import { type Dict, type Registrar, a, i, s } from './registry';
import { tryOr } from './convert';

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

export function registerEncoding(r: Registrar): void {
  const { def } = r;
  // --- hashes and encodings
  def('b32enc', [s], (x: string) => base32Encode(Buffer.from(x, 'utf8')));
  def('b32dec', [s], (x: string) => base32Decode(x));
  def('sha1sum', [s], (x: string) => createHash('sha1').update(x).digest('hex'));
  def('sha256sum', [s], (x: string) => createHash('sha256').update(x).digest('hex'));
  def('sha512sum', [s], (x: string) => createHash('sha512').update(x).digest('hex'));
  def('adler32sum', [s], (x: string) => String(adler32(Buffer.from(x, 'utf8'))));
  def('b64enc', [s], (x: string) => Buffer.from(x, 'utf8').toString('base64'));
  def('b64dec', [s], (x: string) => {
    const err = base64Error(x);
    return err ?? Buffer.from(x, 'base64').toString('utf8');
  });

  // --- JSON
  def('toJson', [a], (v: unknown) => tryOr(() => goJsonMarshal(v), ''));
  def('toPrettyJson', [a], (v: unknown) => tryOr(() => goJsonMarshal(v, '  '), ''));
  def('toRawJson', [a], (v: unknown) => tryOr(() => goJsonMarshal(v, '', false), ''));
  def('mustToJson', [a], (v: unknown) => goJsonMarshal(v));
  def('mustToPrettyJson', [a], (v: unknown) => goJsonMarshal(v, '  '));
  def('mustToRawJson', [a], (v: unknown) => goJsonMarshal(v, '', false));
  def('fromJson', [s], (x: string) => tryOr(() => fromJson(x), null));
  def('mustFromJson', [s], (x: string) => fromJson(x));

  // --- regular expressions (Go RE2 syntax)
  for (const must of [false, true]) {
    const pre = (name: string): string => (must ? 'must' + name[0].toUpperCase() + name.slice(1) : name);
    const re = (src: string, flags = ''): RegExp => compileGoRegexp(src, flags, must);
    // regexMatch alone swallows a bad pattern (false); the others panic like regexp.MustCompile
    def(pre('regexMatch'), [s, s], (r: string, x: string) => (must ? re(r).test(x) : tryOr(() => re(r).test(x), false)));
    def(pre('regexFind'), [s, s], (r: string, x: string) => re(r).exec(x)?.[0] ?? '');
    def(pre('regexFindAll'), [s, s, i], (r: string, x: string, n: number) => {
      const all = [...x.matchAll(re(r, 'g'))].map((mm) => mm[0]);
      return stringList(n < 0 ? all : all.slice(0, n));
    });
    def(pre('regexReplaceAll'), [s, s, s], (r: string, x: string, repl: string) => x.replace(re(r, 'g'), (...mm) => expandGoReplacement(repl, mm)));
    def(pre('regexReplaceAllLiteral'), [s, s, s], (r: string, x: string, repl: string) => x.replace(re(r, 'g'), () => repl));
    def(pre('regexSplit'), [s, s, i], (r: string, x: string, n: number) => stringList(goRegexSplit(re(r, 'g'), x, n)));
  }
  def('regexQuoteMeta', [s], (x: string) => x.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'));

}
