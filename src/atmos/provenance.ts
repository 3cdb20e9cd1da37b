import type { Origin } from './diagnostics';

/**
 * Position metadata travels beside plain JS values: a WeakMap from each map/list object to the
 * origins of its entries. Merges copy it onto the objects they create, so every leaf of a merged
 * result can say which file:line set it and what it overrode (chain, winner first).
 */
export interface NodeMeta {
  /** where this map/list itself was written */
  origin?: Origin;
  /** per key: every origin that set the key, winner first */
  keys?: Map<string, Origin[]>;
  /** per list index: origins, winner first */
  items?: Origin[][];
}

// Kept in non-enumerable symbol properties (invisible to Object.keys, JSON and deep-equal), which is
// much cheaper than a WeakMap over millions of merged objects.
const META = Symbol('atmos.meta');
const APPEND = Symbol('atmos.append');

export function metaOf(node: unknown): NodeMeta | undefined {
  return typeof node === 'object' && node !== null ? (node as { [META]?: NodeMeta })[META] : undefined;
}

export function setMeta(node: object, meta: NodeMeta): void {
  if (Object.prototype.hasOwnProperty.call(node, META)) (node as { [META]?: NodeMeta })[META] = meta;
  else Object.defineProperty(node, META, { value: meta, writable: true, configurable: true, enumerable: false });
}

/** the origin chain (winner first) of `key` in the map `node` */
export function keyChain(node: unknown, key: string): Origin[] {
  return metaOf(node)?.keys?.get(key) ?? [];
}

/** marks a list written with the `!append` tag: it extends the inherited list whatever the strategy */
export function markAppend(list: unknown[]): void {
  Object.defineProperty(list, APPEND, { value: true, enumerable: false });
}

export function isAppendList(list: unknown): boolean {
  return typeof list === 'object' && list !== null && (list as { [APPEND]?: boolean })[APPEND] === true;
}

export function formatOrigin(o: Origin, relativeTo?: (file: string) => string): string {
  return `${relativeTo ? relativeTo(o.file) : o.file}:${o.line}:${o.col}`;
}
