/** Plain data as the engine holds it: YAML maps are objects, lists arrays, YAML functions `YamlFunction` leaves. */
export type PlainMap = Record<string, unknown>;

/** A YAML function tag (`!env`, `!terraform.output`, …) kept for evaluation after the merge. */
export interface YamlFunction {
  readonly kind: 'yaml-function';
  /** the tag with its leading `!`, e.g. `!terraform.output` */
  readonly tag: string;
  /** the tagged scalar text (arguments) */
  readonly arg: string;
}

export function yamlFunction(tag: string, arg: string): YamlFunction {
  return Object.freeze({ kind: 'yaml-function' as const, tag, arg });
}

export function isYamlFunction(v: unknown): v is YamlFunction {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'yaml-function';
}

export function isMap(v: unknown): v is PlainMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isYamlFunction(v);
}

export function asMap(v: unknown): PlainMap {
  return isMap(v) ? v : {};
}

export function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Reads a dotted path (`vars.tags.team`, numeric segments index lists). */
export function getPath(root: unknown, dotted: string): { found: boolean; value: unknown } {
  let cur: unknown = root;
  if (dotted === '' || dotted === '.') return { found: true, value: root };
  for (const seg of dotted.replace(/^\./, '').split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(seg) && Number(seg) < cur.length) cur = cur[Number(seg)];
    else if (isMap(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) cur = cur[seg];
    else return { found: false, value: undefined };
  }
  return { found: true, value: cur };
}
