/** encoding/json output as Go produces it: sorted map keys, HTML escaping, Go float format. */

import { isGoFloat, isGoTime, kindOf, mapGet, numValue, sortedKeys } from './values';
import { formatGoTime } from './time';

function jsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
    }
    if (cp < 0x20 || (escapeHTML && (ch === '<' || ch === '>' || ch === '&')) || cp === 0x2028 || cp === 0x2029) {
      out += '\\u' + cp.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

function jsonFloat(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-6 || a >= 1e21)) {
    // Go: 'e' format, then "e-07" -> "e-7"
    const [m, e] = n.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
  }
  return Object.is(n, -0) ? '-0' : String(n);
}

/** json.Marshal (indent '' ) or json.MarshalIndent(v, '', indent). Throws on unsupported values. */
export function goJsonMarshal(v: unknown, indent = '', escapeHTML = true, depth = 0): string {
  if (depth > 1000) throw new Error('json: unsupported value: encountered a cycle');
  const nl = indent ? '\n' + indent.repeat(depth + 1) : '';
  const end = indent ? '\n' + indent.repeat(depth) : '';
  const sep = indent ? ': ' : ':';
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return 'null';
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
      return String(numValue(v));
    case 'float':
      return jsonFloat(isGoFloat(v) ? v.value : (v as number));
    case 'string':
      return jsonString(v as string, escapeHTML);
    case 'slice': {
      const list = v as unknown[];
      if (list.length === 0) return '[]';
      return '[' + list.map((e) => nl + goJsonMarshal(e, indent, escapeHTML, depth + 1)).join(',') + end + ']';
    }
    case 'map': {
      const keys = sortedKeys(v);
      if (keys.length === 0) return '{}';
      return (
        '{' +
        keys.map((k) => nl + jsonString(k, escapeHTML) + sep + goJsonMarshal(mapGet(v, k), indent, escapeHTML, depth + 1)).join(',') +
        end +
        '}'
      );
    }
    case 'time':
      if (isGoTime(v)) return jsonString(formatGoTime(v, '2006-01-02T15:04:05.999999999Z07:00'), escapeHTML);
      return 'null';
    default:
      throw new Error(`json: unsupported type: ${typeof v}`);
  }
}
