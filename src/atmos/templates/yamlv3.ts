/**
 * YAML output the way Go's gopkg.in/yaml.v3 encoder writes it (what Gomplate's
 * toYAML produces, with SetIndent(2)): yaml.v3's map key order (natural,
 * digit-aware), its scalar style choice (plain, then 'single', then "double";
 * literal blocks for multi-line strings) and libyaml's scalar analysis.
 */

import { formatFloatShortest } from './fmt';
import { formatGoTime } from './time';
import { isGoFloat, isGoTime, kindOf, mapGet, mapKeys, numValue } from './values';

/** yaml.v3's keyList.Less for string keys: letters and digit runs compared naturally. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  let digits = false;
  const isDigit = (c: string): boolean => /^\p{Nd}$/u.test(c);
  const isLetter = (c: string): boolean => /^\p{L}$/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return digits ? al : bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

export function yamlSortedKeys(v: unknown): string[] {
  return mapKeys(v).sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

// ---- scalar analysis (libyaml's yaml_emitter_analyze_scalar) -------------------

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  single: boolean;
  block: boolean;
}

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x85 ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
  // yaml.v3 treats 4-byte UTF-8 characters (emoji, ...) as non-printable: they force "\U...." escapes
}

const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isSpace = (c: string | undefined): boolean => c === ' ';
const isBlankZ = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || isBreak(c);

function analyze(s: string): Analysis {
  if (s === '') return { multiline: false, blockPlain: true, single: true, block: false };
  const cs = [...s];
  let blockInd = false;
  if ((s.startsWith('---') || s.startsWith('...')) && isBlankZ(cs[3])) blockInd = true;
  let special = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWs = true;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    const followedByWs = isBlankZ(cs[i + 1]);
    if (i === 0) {
      // (flow-context indicators do not matter: we only write block style)
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockInd = true;
      if ((c === '?' || c === ':') && followedByWs) blockInd = true;
      if (c === '-' && followedByWs) blockInd = true;
    } else {
      if (c === ':' && followedByWs) blockInd = true;
      if (c === '#' && precededByWs) blockInd = true;
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === cs.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === cs.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankZ(c);
  }
  let blockPlain = true;
  let single = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) {
    blockPlain = false;
    single = false;
  }
  if (spaceBreak || special) {
    blockPlain = false;
    single = false;
    block = false;
  }
  if (lineBreaks) blockPlain = false;
  if (blockInd) blockPlain = false;
  return { multiline: lineBreaks, blockPlain, single, block };
}

// ---- what yaml.v3's resolver would read a plain scalar as -----------------------

const OLD_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

function resolvesToNonString(s: string): boolean {
  if (['', '~', 'null', 'Null', 'NULL'].includes(s)) return true;
  if (['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].includes(s)) return true;
  if (['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN'].includes(s)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return true;
  // strconv.ParseInt / ParseUint with base 0 (underscores allowed)
  if (/^[-+]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/.test(s) && !/__|_$/.test(s)) return true;
  if (/^[-+]?0b[01_]+$/.test(s)) return true;
  // timestamps
  if (/^\d{4}-\d\d?-\d\d?(([Tt]|[ \t]+)\d\d?:\d\d:\d\d(\.\d*)?([ \t]*(Z|[-+]\d\d?(:\d\d)?))?)?$/.test(s)) return true;
  return false;
}

function isBase60Float(s: string): boolean {
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

// ---- scalar writers ----------------------------------------------------------------

function doubleQuoted(s: string): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    switch (c) {
      case '\0':
        out += '\\0';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\v':
        out += '\\v';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x1b':
        out += '\\e';
        continue;
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\u0085':
        out += '\\N';
        continue;
      case '\u00a0':
        out += '\\_';
        continue;
      case '\u2028':
        out += '\\L';
        continue;
      case '\u2029':
        out += '\\P';
        continue;
    }
    if (isPrintable(c) && cp !== 0xfeff) out += c;
    else if (cp <= 0xff) out += '\\x' + cp.toString(16).toUpperCase().padStart(2, '0');
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
    else out += '\\U' + cp.toString(16).toUpperCase().padStart(8, '0');
  }
  return out + '"';
}

function literal(s: string, indent: number): string {
  let hints = '|';
  if (s[0] === ' ' || isBreak(s[0])) hints += '2';
  const last = s[s.length - 1];
  if (!isBreak(last)) hints += '-';
  else if (s.length === 1 || isBreak(s[s.length - 2])) hints += '+';
  const pad = ' '.repeat(indent);
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  return hints + '\n' + body.split('\n').map((l) => (l === '' ? '' : pad + l)).join('\n') + (s.endsWith('\n') ? '\n' : '\n');
}

/** A string scalar in yaml.v3's style; `indent` is where a literal block's lines go. */
function stringScalar(s: string, indent: number, isKey: boolean): string {
  const a = analyze(s);
  if (s.includes('\n')) {
    if (!a.block || isKey) return doubleQuoted(s);
    return literal(s, indent);
  }
  const plainOk = !resolvesToNonString(s) && !isBase60Float(s) && !OLD_BOOLS.has(s);
  if (plainOk && a.blockPlain && !(isKey && a.multiline)) return s;
  if (!plainOk) return doubleQuoted(s);
  if (a.single) return "'" + s.replace(/'/g, "''") + "'";
  return doubleQuoted(s);
}

function scalar(v: unknown, indent: number, isKey = false): string {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return 'null';
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
      return typeof v === 'bigint' ? v.toString() : String(numValue(v));
    case 'float': {
      const n = isGoFloat(v) ? v.value : numValue(v);
      if (Number.isNaN(n)) return '.nan';
      if (n === Infinity) return '.inf';
      if (n === -Infinity) return '-.inf';
      return formatFloatShortest(n);
    }
    case 'string':
      return stringScalar(v as string, indent, isKey);
    case 'time':
      return isGoTime(v) ? formatGoTime(v, '2006-01-02T15:04:05.999999999Z07:00') : 'null';
    default:
      return stringScalar(String(v), indent, isKey);
  }
}

function isCollection(v: unknown): 'map' | 'seq' | null {
  const k = kindOf(v);
  if (k === 'map') return 'map';
  if (k === 'slice') return 'seq';
  return null;
}

function isEmptyCollection(v: unknown): boolean {
  const c = isCollection(v);
  if (c === 'map') return mapKeys(v).length === 0;
  if (c === 'seq') return (v as unknown[]).length === 0;
  return false;
}

/** Text after `key:` or `-`: a scalar on the same line, or a nested block on the next lines. */
function after(v: unknown, indent: number, inSeq: boolean): string {
  const c = isCollection(v);
  if (!c || isEmptyCollection(v)) {
    if (c === 'map') return ' {}\n';
    if (c === 'seq') return ' []\n';
    const s = scalar(v, indent + 2);
    return ' ' + s + (s.endsWith('\n') ? '' : '\n');
  }
  if (inSeq) {
    // a nested block starts on the dash's line
    const body = c === 'map' ? mapping(v, indent + 2) : sequence(v, indent + 2);
    return ' ' + body.slice(indent + 2);
  }
  return '\n' + (c === 'map' ? mapping(v, indent + 2) : sequence(v, indent + 2));
}

function mapping(v: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const k of yamlSortedKeys(v)) {
    const key = scalar(k, indent, true);
    out += pad + key + ':' + after(mapGet(v, k), indent, false);
  }
  return out;
}

function sequence(v: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  return (v as unknown[]).map((item) => pad + '-' + after(item, indent, true)).join('');
}

/** yaml.v3 Marshal with SetIndent(2). */
export function goYamlMarshal(v: unknown): string {
  const c = isCollection(v);
  if (c === 'map') return isEmptyCollection(v) ? '{}\n' : mapping(v, 0);
  if (c === 'seq') return isEmptyCollection(v) ? '[]\n' : sequence(v, 0);
  const s = scalar(v, 2);
  return s.endsWith('\n') ? s : s + '\n';
}
