/**
 * Go's fmt package as templates see it: Sprint / Sprintln / Sprintf with the
 * common verbs and flags, Go's float formatting (%v is %g shortest, `1e+06`),
 * map printing `map[a:1 b:2]` with sorted keys, and fmt's error notations
 * (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA ...)`).
 */

import { goQuote } from './lexer';
import { formatGoTime } from './time';
import { goTypeName, isGoFloat, isGoTime, kindOf, numValue, sortedKeys, mapGet } from './values';

/** strconv.FormatFloat(f, 'g', -1, 64) with Go's %v exponent rule. */
export function formatFloatShortest(n: number, expThreshold = 21, forV = true): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mant, expStr] = n.toExponential().split('e');
  const exp = Number(expStr);
  const eprec = forV ? 6 : expThreshold;
  if (exp < -4 || exp >= eprec) return `${mant}e${expSign(exp)}`;
  return n.toString().includes('e') ? toFixedFull(n) : n.toString();
}

function expSign(exp: number): string {
  const a = Math.abs(exp);
  return (exp < 0 ? '-' : '+') + (a < 10 ? '0' + a : String(a));
}

function toFixedFull(n: number): string {
  // numbers JS prints in exponent form but Go prints in fixed form (only small exponents reach here)
  return n.toFixed(20).replace(/\.?0+$/, '');
}

function formatInt(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  const n = numValue(v);
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
}

/** fmt's %v for one value. */
export function formatV(v: unknown, plus = false): string {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return '<nil>';
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
      return formatInt(v);
    case 'float':
      return formatFloatShortest(numValue(v));
    case 'string':
      return v as string;
    case 'slice':
      return '[' + (v as unknown[]).map((e) => formatV(e, plus)).join(' ') + ']';
    case 'map':
      return 'map[' + sortedKeys(v).map((k) => `${k}:${formatV(mapGet(v, k), plus)}`).join(' ') + ']';
    case 'time':
      return formatGoTime(v as never, '2006-01-02 15:04:05.999999999 -0700 MST');
    case 'func':
      return '0x0';
    case 'struct':
      return '{}';
  }
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  let prevString = false;
  args.forEach((a, i) => {
    const isString = typeof a === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += formatV(a);
    prevString = isString;
  });
  return out;
}

/** fmt.Sprintln: always spaces between operands, newline at the end. */
export function sprintln(args: unknown[]): string {
  return args.map((a) => formatV(a)).join(' ') + '\n';
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | null;
  prec: number | null;
}

function pad(s: string, spec: Spec, allowZero = true): string {
  if (spec.width === null) return s;
  const len = [...s].length;
  if (len >= spec.width) return s;
  const fill = spec.width - len;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && allowZero) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  return ' '.repeat(fill) + s;
}

/** fmt's `%!verb(type=value)`: the value is printed with %v under the same flags and width. */
function badVerb(verb: string, v: unknown, spec?: Spec): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${spec ? formatVerb(v, 'v', spec) : formatV(v)})`;
}

function signed(s: string, neg: boolean, spec: Spec): string {
  if (neg) return '-' + s;
  if (spec.plus) return '+' + s;
  if (spec.space) return ' ' + s;
  return s;
}

function formatIntVerb(v: unknown, verb: string, spec: Spec): string {
  const big = typeof v === 'bigint' ? v : BigInt(numValue(v));
  const neg = big < 0n;
  const abs = neg ? -big : big;
  let s: string;
  switch (verb) {
    case 'd':
    case 'v':
      s = abs.toString();
      break;
    case 'b':
      s = abs.toString(2);
      break;
    case 'o':
      s = abs.toString(8);
      if (spec.sharp && s !== '0') s = '0' + s;
      break;
    case 'O':
      s = '0o' + abs.toString(8);
      break;
    case 'x':
      s = (spec.sharp ? '0x' : '') + abs.toString(16);
      break;
    case 'X':
      s = (spec.sharp ? '0X' : '') + abs.toString(16).toUpperCase();
      break;
    case 'c':
      return pad(runeOrError(big), spec, false);
    case 'q':
      return pad(quoteRune(Number(big)), spec, false);
    case 'U':
      return pad('U+' + abs.toString(16).toUpperCase().padStart(4, '0'), spec, false);
    default:
      return badVerb(verb, v, spec);
  }
  if (spec.prec !== null) {
    s = s.padStart(spec.prec, '0');
    if (spec.prec === 0 && abs === 0n) s = '';
    return pad(signed(s, neg, spec), spec, false);
  }
  if (spec.zero && !spec.minus && spec.width !== null) {
    const signLen = neg || spec.plus || spec.space ? 1 : 0;
    s = s.padStart(spec.width - signLen, '0');
  }
  return pad(signed(s, neg, spec), spec, false);
}

/** A code point as a character; invalid ones (negative, too large, surrogates) become U+FFFD like Go. */
function runeOrError(big: bigint): string {
  const n = Number(big);
  if (n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(n);
}

function quoteRune(cp: number): string {
  const ch = runeOrError(BigInt(cp));
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  const q = goQuote(ch);
  return "'" + q.slice(1, -1) + "'";
}

/** strconv.FormatFloat(n, 'x', -1, 64): shortest hexadecimal mantissa and a binary exponent. */
export function formatHexFloat(n: number, upper: boolean): string {
  let s: string;
  if (n === 0) s = (Object.is(n, -0) ? '-' : '') + '0x0p+00';
  else {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, n);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    const neg = hi >>> 31 === 1;
    let exp = (hi >>> 20) & 0x7ff;
    let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (exp === 0) {
      // subnormal: normalize so the leading 1 is implicit
      exp = 1;
      while ((mant & (1n << 52n)) === 0n) {
        mant <<= 1n;
        exp--;
      }
      mant &= (1n << 52n) - 1n;
    }
    const e = exp - 1023;
    const frac = mant.toString(16).padStart(13, '0').replace(/0+$/, '');
    const a = Math.abs(e);
    s = `${neg ? '-' : ''}0x1${frac ? '.' + frac : ''}p${e < 0 ? '-' : '+'}${a < 10 ? '0' + a : a}`;
  }
  return upper ? s.toUpperCase() : s;
}

/** toFixed with Go's round-half-to-even on exact binary ties (JS rounds them up). */
export function toFixedEven(a: number, p: number): string {
  const s = a.toFixed(p);
  if (a >= 1e21 || p >= 99) return s;
  const exact = a.toFixed(Math.min(100, p + 60));
  const tail = exact.slice(exact.length - (Math.min(100, p + 60) - p));
  if (!/^50*$/.test(tail)) return s;
  let kept = exact.slice(0, exact.length - tail.length);
  if (kept.endsWith('.')) kept = kept.slice(0, -1);
  const last = kept.replace('.', '').slice(-1);
  return Number(last) % 2 === 0 ? kept : s;
}

/** toExponential with round-half-to-even on exact ties. */
export function toExponentialEven(a: number, p: number): string {
  const s = a.toExponential(p);
  if (a === 0 || p >= 99) return s;
  const exact = a.toPrecision(Math.min(100, p + 60));
  const m = /^(\d)\.?(\d*)(?:e([+-]\d+))?$/.exec(exact);
  if (!m || exact.includes('e')) return s;
  // digits of the exact value, without the decimal point, starting at the first significant digit
  const digits = exact.replace('.', '').replace(/^0+/, '');
  const tail = digits.slice(p + 1);
  if (!/^50*$/.test(tail)) return s;
  const lastKept = Number(digits[p]);
  if (lastKept % 2 !== 0) return s;
  const exp = Math.floor(Math.log10(a));
  const mant = digits[0] + (p > 0 ? '.' + digits.slice(1, p + 1) : '');
  return `${mant}e${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
}

/** strconv-style float formatting for %e %f %g. */
function formatFloatVerb(n: number, verb: string, spec: Spec): string {
  if (!Number.isFinite(n)) {
    const s = Number.isNaN(n) ? 'NaN' : n > 0 ? (spec.plus ? '+Inf' : 'Inf') : '-Inf';
    return pad(Number.isNaN(n) && spec.plus ? '+NaN' : s, spec, false);
  }
  const neg = n < 0 || Object.is(n, -0);
  const a = Math.abs(n);
  let s: string;
  switch (verb) {
    case 'e':
    case 'E': {
      const p = spec.prec ?? 6;
      const [m, e] = toExponentialEven(a, p).split('e');
      s = `${m}e${expSign(Number(e))}`;
      if (verb === 'E') s = s.toUpperCase();
      break;
    }
    case 'f':
    case 'F':
      s = toFixedEven(a, spec.prec ?? 6);
      break;
    case 'x':
    case 'X':
      if (spec.prec !== null) return badVerb(verb, n, spec);
      s = formatHexFloat(a, verb === 'X').replace(/^-/, '');
      break;
    case 'g':
    case 'G':
    case 'v': {
      if (spec.prec === null) s = formatFloatShortest(a);
      else {
        const p = spec.prec === 0 ? 1 : spec.prec;
        const [m, e] = toExponentialEven(a, p - 1).split('e');
        const exp = Number(e);
        if (exp < -4 || exp >= p) s = `${stripZeros(m, spec.sharp)}e${expSign(exp)}`;
        else s = stripZeros(toFixedEven(a, Math.max(0, p - 1 - exp)), spec.sharp);
      }
      if (verb === 'G') s = s.toUpperCase();
      break;
    }
    default:
      return badVerb(verb, n, spec);
  }
  if (spec.zero && !spec.minus && spec.width !== null) {
    const signLen = neg || spec.plus || spec.space ? 1 : 0;
    s = s.padStart(spec.width - signLen, '0');
  }
  return pad(signed(s, neg, spec), spec, false);
}

function stripZeros(s: string, keep: boolean): string {
  if (keep || !s.includes('.')) return s;
  return s.replace(/\.?0+$/, '');
}

function formatStringVerb(s: string, verb: string, spec: Spec): string {
  switch (verb) {
    case 's':
    case 'v': {
      const t = spec.prec !== null ? [...s].slice(0, spec.prec).join('') : s;
      return pad(t, spec);
    }
    case 'q': {
      if (spec.sharp && !s.includes('`') && ![...s].some((c) => (c < ' ' && c !== '\t') || c === '\x7f')) return pad('`' + s + '`', spec);
      return pad(goQuote(spec.prec !== null ? [...s].slice(0, spec.prec).join('') : s), spec);
    }
    case 'x':
    case 'X': {
      let h = Buffer.from(s, 'utf8').toString('hex');
      if (verb === 'X') h = h.toUpperCase();
      return pad(h, spec);
    }
    default:
      return badVerb(verb, s, spec);
  }
}

/** Formats one operand for one verb (recursing into slices and maps like fmt does). */
export function formatVerb(v: unknown, verb: string, spec: Spec, depth = 0): string {
  if (verb === 'T') return pad(v === undefined || v === null ? '<nil>' : goTypeName(v), spec);
  const kind = kindOf(v);
  switch (kind) {
    case 'invalid':
    case 'nil':
      // fmt prints a nil element of a slice or map as <nil> whatever the verb
      // a nil element of a slice or map prints as a bare <nil> whatever the verb and width
      if (depth > 0) return '<nil>';
      return verb === 'v' ? pad('<nil>', spec) : badVerb(verb, null);
    case 'bool':
      return verb === 't' || verb === 'v' ? pad(v ? 'true' : 'false', spec) : badVerb(verb, v, spec);
    case 'int':
      if ('eEfFgG'.includes(verb)) return badVerb(verb, v, spec);
      if (verb === 's' || verb === 't') return badVerb(verb, v, spec);
      return formatIntVerb(v, verb, spec);
    case 'float':
      if (!'eEfFgGvxX'.includes(verb)) return badVerb(verb, v, spec);
      return formatFloatVerb(numValue(v), verb, spec);
    case 'string':
      return formatStringVerb(v as string, verb, spec);
    case 'slice':
      return '[' + (v as unknown[]).map((e) => formatVerb(e, verb, spec, depth + 1)).join(' ') + ']';
    case 'map':
      return (
        'map[' +
        sortedKeys(v)
          .map((k) => `${formatVerb(k, verb, spec, depth + 1)}:${formatVerb(mapGet(v, k), verb, spec, depth + 1)}`)
          .join(' ') +
        ']'
      );
    case 'time':
      return verb === 'v' || verb === 's' ? pad(formatV(v), spec) : badVerb(verb, v, spec);
    default:
      return verb === 'v' ? pad(formatV(v), spec) : badVerb(verb, v, spec);
  }
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  const n = format.length;
  while (i < n) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false, width: null, prec: null };
    flags: for (; i < n; i++) {
      switch (format[i]) {
        case '-':
          spec.minus = true;
          spec.zero = false;
          break;
        case '+':
          spec.plus = true;
          break;
        case '#':
          spec.sharp = true;
          break;
        case ' ':
          spec.space = true;
          break;
        case '0':
          spec.zero = !spec.minus;
          break;
        default:
          break flags;
      }
    }
    if (format[i] === '*') {
      i++;
      const a = args[argi++];
      if (kindOf(a) === 'int') {
        spec.width = numValue(a);
        if (spec.width < 0) {
          spec.minus = true;
          spec.width = -spec.width;
        }
      } else out += '%!(BADWIDTH)';
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        spec.width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        i++;
        const a = args[argi++];
        if (kindOf(a) === 'int') spec.prec = Math.max(0, numValue(a));
        else out += '%!(BADPREC)';
      } else {
        const m = /^\d+/.exec(format.slice(i));
        spec.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    if (i >= n) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argi++];
    if (verb === 'v' && spec.plus) spec.plus = false;
    out += formatVerb(arg, verb, spec);
  }
  if (argi < args.length) {
    out +=
      '%!(EXTRA ' +
      args
        .slice(argi)
        .map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${formatV(a)}`))
        .join(', ') +
      ')';
  }
  return out;
}

export { isGoFloat, isGoTime };
