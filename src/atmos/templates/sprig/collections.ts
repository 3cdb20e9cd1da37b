/** Sprig's list and dict functions. */

import { kindOf, mapGet, mapHas, mapKeys, setKey, stringList, goTypeName } from '../values';
import { type Dict, type Registrar, a, i, s } from './registry';
import { asList, deepEqual, empty, NIL_DEREF, reflectKind, strval, toInt64 } from './convert';

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

export function registerCollections(r: Registrar): void {
  const { def, m } = r;
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
  def('keys', [], (...ds: (Dict | null)[]) => stringList(ds.flatMap((d) => (d ? mapKeys(d) : []))), 'map');
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
  // dig's Go type assertions panic on a non-map dict (at any depth) or a non-string key
  const assertion = (v: unknown, want: string): Error =>
    new Error(`interface conversion: interface {} is ${v === null || v === undefined ? 'nil' : goTypeName(v)}, not ${want}`);
  def('dig', [a], (...args: unknown[]) => {
    if (args.length < 3) throw new Error('dig needs at least three arguments');
    let cur: unknown = args[args.length - 1];
    const dflt = args[args.length - 2];
    const keys = args.slice(0, -2).map((k) => {
      if (typeof k !== 'string') throw assertion(k, 'string');
      return k;
    });
    for (const k of keys) {
      if (kindOf(cur) !== 'map' || goTypeName(cur) !== 'map[string]interface {}') throw assertion(cur, 'map[string]interface {}');
      if (!mapHas(cur, k)) return dflt;
      cur = mapGet(cur, k);
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
    if (l === null || l === undefined) throw new Error(NIL_DEREF);
    if (!Array.isArray(l)) throw new Error(`list should be type of slice or array but ${reflectKind(l)}`);
    const list = l as unknown[];
    if (list.length === 0) return null;
    const start = idx.length > 0 ? toInt64(idx[0]) : 0;
    const end = idx.length > 1 ? toInt64(idx[1]) : list.length;
    if (start < 0 || end > list.length || start > end) throw new Error(`runtime error: slice bounds out of range [${start}:${end}]`);
    return list.slice(start, end);
  }, a);
  def('chunk', [i, a], (size: number, l: unknown) => {
    if (l === null || l === undefined) throw new Error(NIL_DEREF);
    if (!Array.isArray(l)) throw new Error(`Cannot chunk type ${reflectKind(l)}`);
    const list = l as unknown[];
    const out: unknown[][] = [];
    for (let k = 0; k < list.length; k += Math.max(1, size)) out.push(list.slice(k, k + size));
    return out;
  });

  // must* list variants return the error instead of panicking: same messages
  for (const n of ['compact', 'first', 'last', 'rest', 'initial', 'reverse', 'uniq', 'without', 'has', 'slice', 'chunk', 'prepend', 'push']) {
    m.set('must' + n[0].toUpperCase() + n.slice(1), m.get(n)!);
  }

}
