/** Go RE2 regular expressions on top of JS RegExp: syntax translation and Go's `$name` replacement expansion. */

import { goQuote } from './lexer';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();

/** Go's quote() in regexp.MustCompile panics: backquoted when possible. */
function quoteRe(s: string): string {
  return !s.includes('`') && ![...s].some((c) => c < ' ' && c !== '\t') ? '`' + s + '`' : goQuote(s);
}

/** RE2's wording for the common syntax errors JS reports differently. */
function re2Error(re: string, jsMessage: string): string {
  if (/Unterminated character class/.test(jsMessage)) return `missing closing ]: \`${re.slice(re.lastIndexOf('['))}\``;
  if (/Unterminated group/.test(jsMessage)) return `missing closing ): \`${re}\``;
  if (/Unmatched '\)'/.test(jsMessage)) return `unexpected ): \`${re}\``;
  if (/Nothing to repeat/.test(jsMessage)) return `missing argument to repetition operator: \`${/[*+?{]/.exec(re)?.[0] ?? ''}\``;
  return `invalid regexp: ${jsMessage.replace(/^Invalid regular expression: /, '')}`;
}

/**
 * Compiles an RE2 pattern. Invalid patterns throw Go's texts: `regexp.Compile`'s
 * `error parsing regexp: ...` when `must` (Sprig's must* functions return that error), else the
 * `regexp: Compile(...)` panic of MustCompile that the other Sprig regex functions hit.
 */
export function compileGoRegexp(re: string, extraFlags = '', must = false): RegExp {
  const key = re + '\u0000' + extraFlags;
  const hit = cache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let src = re;
  let flags = extraFlags;
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    src = src.slice(lead[0].length);
    for (const f of lead[1]) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  src = src
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '(?![\\s\\S])')
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => (POSIX[name] ? (neg ? `^${POSIX[name]}` : POSIX[name]) : m));
  if (/\\[pP]/.test(src) && !flags.includes('u')) flags += 'u';
  try {
    const r = new RegExp(src, flags);
    if (cache.size > 256) cache.clear();
    cache.set(key, r);
    return r;
  } catch (e) {
    const parse = `error parsing regexp: ${re2Error(re, e instanceof Error ? e.message : String(e))}`;
    throw new Error(must ? parse : `regexp: Compile(${quoteRe(re)}): ${parse}`, { cause: e });
  }
}

/** Go's Regexp.Expand for `$1`, `${1}`, `$name`, `${name}`, `$$`, given a String.replace callback's arguments. */
export function expandGoReplacement(template: string, replaceArgs: unknown[]): string {
  const last = replaceArgs[replaceArgs.length - 1];
  const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
  const groupCount = replaceArgs.length - (named ? 3 : 2);
  const groups = replaceArgs.slice(0, groupCount) as (string | undefined)[];
  let out = '';
  for (let k = 0; k < template.length; k++) {
    const c = template[k];
    if (c !== '$' || k + 1 >= template.length) {
      out += c;
      continue;
    }
    const rest = template.slice(k + 1);
    if (rest[0] === '$') {
      out += '$';
      k++;
      continue;
    }
    let name: string | undefined;
    let used = 0;
    const braced = /^\{([A-Za-z0-9_]+)\}/.exec(rest);
    if (braced) {
      name = braced[1];
      used = braced[0].length;
    } else {
      const bare = /^[A-Za-z0-9_]+/.exec(rest);
      if (bare) {
        name = bare[0];
        used = bare[0].length;
      }
    }
    if (name === undefined) {
      out += c;
      continue;
    }
    k += used;
    if (/^\d+$/.test(name)) out += groups[Number(name)] ?? '';
    else out += named?.[name] ?? '';
  }
  return out;
}
