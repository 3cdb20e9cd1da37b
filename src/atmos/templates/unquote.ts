/** Go's strconv.Unquote / UnquoteChar for template string and char literals. */

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** Decodes one (possibly escaped) character of a quoted literal; null on bad syntax. */
export function unquoteChar(s: string, quote: string): { code: number; tail: string; byte?: boolean } | null {
  if (s === '') return null;
  const first = s.codePointAt(0)!;
  const c = String.fromCodePoint(first);
  if (c === quote && (quote === "'" || quote === '"')) return null;
  if (c !== '\\') {
    if (first === 10 && quote !== '`') return null;
    return { code: first, tail: s.slice(c.length) };
  }
  if (s.length < 2) return null;
  const e = s[1];
  let tail = s.slice(2);
  if (e in SIMPLE) return { code: SIMPLE[e], tail };
  if (e === "'" || e === '"') {
    if (e !== quote) return null;
    return { code: e.charCodeAt(0), tail };
  }
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    const hex = tail.slice(0, n);
    if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) return null;
    const v = parseInt(hex, 16);
    tail = tail.slice(n);
    if (e === 'x') return { code: v, tail, byte: true };
    if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return null;
    return { code: v, tail };
  }
  if (e >= '0' && e <= '7') {
    const oct = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(oct)) return null;
    const v = parseInt(oct, 8);
    if (v > 255) return null;
    return { code: v, tail: s.slice(4), byte: true };
  }
  return null;
}

/** Unquotes a "double-quoted" or `raw` Go string literal; null on bad syntax. */
export function unquoteGoString(quoted: string): string | null {
  if (quoted.length < 2) return null;
  const q = quoted[0];
  if (quoted[quoted.length - 1] !== q) return null;
  const body = quoted.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) return null;
    return body.replace(/\r/g, '');
  }
  if (q !== '"') return null;
  if (!body.includes('\\')) return body.includes('"') || body.includes('\n') ? null : body;
  // \x and octal escapes are raw bytes: collect bytes, then decode as UTF-8 like Go's string
  const bytes: number[] = [];
  let s = body;
  while (s.length > 0) {
    const r = unquoteChar(s, '"');
    if (!r) return null;
    if (r.byte) bytes.push(r.code);
    else for (const b of Buffer.from(String.fromCodePoint(r.code), 'utf8')) bytes.push(b);
    s = r.tail;
  }
  return Buffer.from(bytes).toString('utf8');
}
