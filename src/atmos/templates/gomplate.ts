/**
 * The cheap part of Gomplate v3's function set, as Atmos registers it
 * underneath Sprig: the `strings`, `conv`, `data`, `test` (and, with an
 * environment port, `env`) namespaces plus their top-level aliases that
 * Sprig does not shadow (toJSON, toYAML, required, getenv, ...). Datasources,
 * network, cloud and file functions are not provided.
 */

import { parse as parseYAML } from 'yaml';
import { formatV } from './fmt';
import { type FuncMap, type GoFunc, jsFunc, method } from './functions';
import { goJsonMarshal } from './gojson';
import { goQuote } from './lexer';
import { goSplit, goSplitN, strval, toFloat64, toInt64, type Ports } from './sprig';
import { goStruct, isTrue, kindOf, makeFloat, mapHas } from './values';
import { goYamlMarshal } from './yamlv3';

function str(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  return strval(v);
}

/** gomplate conv.ToBool: "1", "t", "true", "yes" (any case) or a number equal to 1. */
function toBool(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'bool':
      return v as boolean;
    case 'int':
    case 'float':
      return toFloat64(v) === 1;
    case 'string': {
      const s = (v as string).toLowerCase();
      return ['1', 't', 'true', 'yes'].includes(s) || toFloat64(s) === 1;
    }
    default:
      return false;
  }
}

/** x/text cases.Title: each word's first letter upper-cased, the rest lower-cased. */
function titleCase(s: string): string {
  return s.replace(/[\p{L}\p{N}_'’]+/gu, (w) => {
    const chars = [...w];
    const first = chars.findIndex((c) => /\p{L}/u.test(c));
    if (first !== 0) return w.toLowerCase();
    return chars[0].toUpperCase() + chars.slice(1).join('').toLowerCase();
  });
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** Gomplate's toYAML: yaml.v3 with an indent of 2. */
export function toYAML(v: unknown): string {
  return goYamlMarshal(v);
}

function parseYAMLValue(s: string): unknown {
  return parseYAML(s) as unknown;
}

function required(...args: unknown[]): unknown {
  let message = '';
  let value: unknown;
  if (args.length === 1) value = args[0];
  else if (args.length === 2) {
    if (typeof args[0] !== 'string') throw new Error(`at <1>: expected string; found ${kindOf(args[0])}`);
    message = args[0];
    value = args[1];
  } else throw new Error(`wrong number of args: want 1 or 2, got ${args.length}`);
  if (value === null || value === undefined || value === '') {
    throw new Error(message || 'can not render template: a required value was not set');
  }
  return value;
}

function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** Gives every member Go's arity checks; the named ones take `...` arguments. */
function methods<T extends Record<string, (...args: never[]) => unknown>>(obj: T, variadic: string[] = []): T {
  for (const [k, f] of Object.entries(obj)) method(f, variadic.includes(k));
  return obj;
}

export function gomplateFuncs(ports: Ports): FuncMap {
  const strings = {
    Contains: (sub: unknown, s: unknown) => str(s).includes(str(sub)),
    HasPrefix: (p: unknown, s: unknown) => str(s).startsWith(str(p)),
    HasSuffix: (p: unknown, s: unknown) => str(s).endsWith(str(p)),
    Split: (sep: unknown, s: unknown) => goSplit(str(s), str(sep)),
    SplitN: (sep: unknown, n: unknown, s: unknown) => goSplitN(str(s), str(sep), toInt64(n)),
    ShellQuote: (v: unknown) => (Array.isArray(v) ? v.map((x) => shellQuote(str(x))).join(' ') : shellQuote(str(v))),
    Quote: (s: unknown) => goQuote(str(s)),
    Squote: (s: unknown) => `'${str(s).replace(/'/g, "''")}'`,
    Repeat: (n: unknown, s: unknown) => {
      const count = toInt64(n);
      if (count < 0) throw new Error(`negative count ${count}`);
      return str(s).repeat(count);
    },
    ReplaceAll: (o: unknown, n: unknown, s: unknown) => str(s).split(str(o)).join(str(n)),
    Title: (s: unknown) => titleCase(str(s)),
    ToLower: (s: unknown) => str(s).toLowerCase(),
    ToUpper: (s: unknown) => str(s).toUpperCase(),
    TrimSpace: (s: unknown) => str(s).trim(),
    Trim: (cut: unknown, s: unknown) => {
      const set = new Set([...str(cut)]);
      const c = [...str(s)];
      let a = 0;
      let b = c.length;
      while (a < b && set.has(c[a])) a++;
      while (b > a && set.has(c[b - 1])) b--;
      return c.slice(a, b).join('');
    },
    TrimPrefix: (p: unknown, s: unknown) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
    TrimSuffix: (p: unknown, s: unknown) => (str(p) && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s)),
    Trunc: (n: unknown, s: unknown) => [...str(s)].slice(0, Math.max(0, toInt64(n))).join(''),
    Indent: (...args: unknown[]) => {
      const s = str(args[args.length - 1]);
      const width = args.length >= 2 && kindOf(args[0]) === 'int' ? toInt64(args[0]) : 1;
      const ind = args.length === 3 ? str(args[1]) : args.length === 2 && kindOf(args[0]) !== 'int' ? str(args[0]) : ' ';
      const pad = ind.repeat(width);
      return s
        .split('\n')
        .map((l) => (l === '' ? l : pad + l))
        .join('\n');
    },
    CamelCase: (s: unknown) => words(str(s)).map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join(''),
    SnakeCase: (s: unknown) => words(str(s)).map((w) => w.toLowerCase()).join('_'),
    KebabCase: (s: unknown) => words(str(s)).map((w) => w.toLowerCase()).join('-'),
    RuneCount: (...args: unknown[]) => [...args.map(str).join('')].length,
  };
  const conv = {
    ToBool: (v: unknown) => toBool(v),
    ToInt: (v: unknown) => toInt64(v),
    ToInt64: (v: unknown) => toInt64(v),
    ToFloat64: (v: unknown) => makeFloat(toFloat64(v)),
    ToString: (v: unknown) => str(v),
    Default: (d: unknown, v: unknown) => (isTrue(v) ? v : d),
    Join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.map((x) => formatV(x)).join(str(sep)) : str(list)),
    Has: (m: unknown, k: unknown) => (kindOf(m) === 'map' ? mapHas(m, str(k)) : Array.isArray(m) ? m.includes(k) : false),
  };
  const data = {
    // ugorji's canonical JSON handle: sorted keys, < > & escaped like encoding/json
    ToJSON: (v: unknown) => goJsonMarshal(v),
    ToJSONPretty: (indent: unknown, v: unknown) => goJsonMarshal(v, str(indent)),
    ToYAML: (v: unknown) => toYAML(v),
    JSON: (s: unknown) => JSON.parse(str(s)) as unknown,
    YAML: (s: unknown) => parseYAMLValue(str(s)),
  };
  methods(strings, ['Indent', 'RuneCount']);
  methods(conv);
  methods(data);
  const test = methods({ Required: required }, ['Required']);
  const m: FuncMap = new Map<string, GoFunc>();
  const ns = (name: string, obj: object): void => void m.set(name, { params: [], call: () => obj });
  ns('strings', goStruct('*funcs.StringFuncs', strings));
  ns('conv', goStruct('*funcs.ConvFuncs', conv));
  ns('data', goStruct('*funcs.DataFuncs', data));
  ns('test', goStruct('*funcs.TestFuncs', test));
  const alias = (name: string, f: (...a: never[]) => unknown): void => void m.set(name, jsFunc(f as (...a: unknown[]) => unknown));
  alias('toJSON', data.ToJSON);
  alias('toJSONPretty', data.ToJSONPretty);
  alias('toYAML', data.ToYAML);
  alias('json', data.JSON);
  alias('yaml', data.YAML);
  alias('required', required);
  alias('toBool', conv.ToBool);
  alias('toInt', conv.ToInt);
  alias('toInt64', conv.ToInt64);
  alias('toFloat64', conv.ToFloat64);
  alias('toUpper', strings.ToUpper);
  alias('toLower', strings.ToLower);
  alias('trimSpace', strings.TrimSpace);
  alias('replaceAll', strings.ReplaceAll);
  alias('shellQuote', strings.ShellQuote);
  // legacy alias with the non-pipelinable argument order
  alias('splitN', method((s: unknown, sep: unknown, n: unknown) => goSplitN(str(s), str(sep), toInt64(n))));
  if (ports.env) {
    const env = ports.env;
    const getenv = (k: unknown, ...d: unknown[]) => {
      const v = env(str(k));
      return v === undefined || v === '' ? (d.length ? str(d[0]) : '') : v;
    };
    ns('env', goStruct('*funcs.EnvFuncs', methods({ Getenv: getenv }, ['Getenv'])));
    alias('getenv', getenv);
  }
  return m;
}
