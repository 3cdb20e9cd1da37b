import type { Origin } from './diagnostics';
import { isAppendList, markAppend, metaOf, setMeta, type NodeMeta } from './provenance';
import { isMap, isYamlFunction, type PlainMap } from './values';

export type ListMergeStrategy = 'replace' | 'append' | 'merge';

export interface MergeOptions {
  listMergeStrategy: ListMergeStrategy;
}

export const defaultMergeOptions: MergeOptions = { listMergeStrategy: 'replace' };

/** Deep copy of plain data that carries the provenance metadata along. */
export function cloneDeep<T>(v: T): T {
  if (Array.isArray(v)) {
    const out = v.map((x) => cloneDeep(x));
    const m = metaOf(v);
    if (m) setMeta(out, { origin: m.origin, items: m.items ? m.items.slice() : undefined });
    if (isAppendList(v)) markAppend(out);
    return out as T;
  }
  if (isMap(v)) {
    const out: PlainMap = {};
    for (const k of Object.keys(v)) assign(out, k, cloneDeep(v[k]));
    const m = metaOf(v);
    if (m) setMeta(out, { origin: m.origin, keys: m.keys ? new Map(m.keys) : undefined });
    return out as T;
  }
  return v;
}

function assign(target: PlainMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function ownMeta(node: object): NodeMeta {
  let m = metaOf(node);
  if (!m) {
    m = {};
    setMeta(node, m);
  }
  return m;
}

/** A one-level copy of a map with its provenance metadata (the values are shared). */
export function shallowCopy(m: PlainMap): PlainMap {
  const out: PlainMap = {};
  for (const k of Object.keys(m)) assign(out, k, m[k]);
  const meta = metaOf(m);
  setMeta(out, { origin: meta?.origin, keys: new Map(meta?.keys ?? []) });
  return out;
}

/**
 * Atmos deep merge (pkg/merge): maps merge recursively, later scalars win (also false/0/""), a later
 * `null` replaces, type changes replace, lists follow the strategy (`!append` lists always append),
 * `!unset` deletes the key. Every key of the result keeps its origin chain, winner first.
 *
 * Copy-on-write: the result shares every subtree it did not have to change with its inputs, so merged
 * data must be treated as immutable (clone it with `cloneDeep` before editing).
 */
export function mergeMaps(layers: readonly unknown[], opts: MergeOptions = defaultMergeOptions): PlainMap {
  const out: PlainMap = {};
  setMeta(out, { keys: new Map() });
  const owned = new WeakSet<object>([out]);
  for (const layer of layers) if (isMap(layer)) mergeInto(out, layer, opts, owned);
  return out;
}

/** Merges `src` into `dst`; `owned` holds the objects this merge created (the only ones it may edit). */
export function mergeInto(dst: PlainMap, src: PlainMap, opts: MergeOptions, owned: WeakSet<object> = new WeakSet([dst])): void {
  const dmeta = ownMeta(dst);
  if (!dmeta.keys) dmeta.keys = new Map();
  if (!dmeta.origin) dmeta.origin = metaOf(src)?.origin;
  const smeta = metaOf(src);
  for (const k of Object.keys(src)) {
    const sv = src[k];
    const schain: Origin[] = smeta?.keys?.get(k) ?? [];
    if (isYamlFunction(sv) && sv.tag === '!unset') {
      delete dst[k];
      dmeta.keys.delete(k);
      continue;
    }
    const has = Object.prototype.hasOwnProperty.call(dst, k);
    const dchain = has ? (dmeta.keys.get(k) ?? []) : [];
    if (has) {
      const dv = dst[k];
      if (isMap(dv) && isMap(sv)) {
        let target = dv;
        if (!owned.has(dv)) {
          target = shallowCopy(dv);
          owned.add(target);
          assign(dst, k, target);
        }
        mergeInto(target, sv, opts, owned);
      } else if (Array.isArray(dv) && Array.isArray(sv)) assign(dst, k, mergeLists(dv, sv, opts, owned));
      else assign(dst, k, sv);
    } else {
      assign(dst, k, sv);
    }
    dmeta.keys.set(k, schain.length > 0 || dchain.length > 0 ? [...schain, ...dchain] : []);
  }
}

function mergeLists(dv: unknown[], sv: unknown[], opts: MergeOptions, owned: WeakSet<object>): unknown[] {
  const dItems = metaOf(dv)?.items ?? [];
  const sItems = metaOf(sv)?.items ?? [];
  if (isAppendList(sv) || opts.listMergeStrategy === 'append') {
    const out = [...dv, ...sv];
    setMeta(out, { origin: metaOf(sv)?.origin, items: [...padItems(dItems, dv.length), ...padItems(sItems, sv.length)] });
    if (isAppendList(sv)) markAppend(out);
    return out;
  }
  if (opts.listMergeStrategy === 'merge') {
    const n = Math.max(dv.length, sv.length);
    const out: unknown[] = [];
    const items: Origin[][] = [];
    for (let i = 0; i < n; i++) {
      if (i >= sv.length) {
        out.push(dv[i]);
        items.push(dItems[i] ?? []);
      } else if (i >= dv.length) {
        out.push(sv[i]);
        items.push(sItems[i] ?? []);
      } else if (isMap(dv[i]) && isMap(sv[i])) {
        const m = shallowCopy(dv[i] as PlainMap);
        owned.add(m);
        mergeInto(m, sv[i] as PlainMap, opts, owned);
        out.push(m);
        items.push([...(sItems[i] ?? []), ...(dItems[i] ?? [])]);
      } else {
        // scalars at the same index: the earlier value is kept (Atmos `merge` strategy)
        out.push(dv[i]);
        items.push(dItems[i] ?? []);
      }
    }
    setMeta(out, { origin: metaOf(dv)?.origin, items });
    return out;
  }
  return sv;
}

function padItems(items: Origin[][], n: number): Origin[][] {
  const out = items.slice(0, n);
  while (out.length < n) out.push([]);
  return out;
}

export function parseListMergeStrategy(v: unknown): ListMergeStrategy | undefined {
  return v === 'replace' || v === 'append' || v === 'merge' ? v : undefined;
}
