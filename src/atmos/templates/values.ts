/**
 * The Go value model used by the template engine. Template data is plain
 * JSON-like JS (what the YAML parser produces); this module maps it onto the
 * Go types Atmos sees (map[string]interface {}, []interface {}, int, float64,
 * string, bool, nil) so truthiness, comparison, type names in errors and
 * printing follow Go.
 *
 * - `undefined` is Go's invalid reflect.Value ("no value": a missing map key).
 * - `null` is a nil interface (a YAML `~`).
 * - a JS number is an `int` when integral, else a `float64`; `GoFloat` marks
 *   an integral float64 (e.g. the literal `2.0`, or `float64 3`) so it prints
 *   as Go would (`1e+06`, not `1000000`).
 * - a `GoTime` is a time.Time.
 */

export class GoFloat {
  readonly goFloat = true;
  constructor(readonly value: number) {}
}

export class GoTime {
  readonly goTime = true;
  /** `offsetMinutes` east of UTC and the zone abbreviation, as Go's Location would print them. */
  constructor(
    readonly date: Date,
    readonly zone = 'UTC',
    readonly offsetMinutes = 0,
  ) {}
}

/** An int64 (what Sprig's math returns): prints like an int, but Go's type checks tell it apart. */
export class GoInt64 {
  readonly goInt64 = true;
  constructor(readonly value: number) {}
}

export function isGoInt64(v: unknown): v is GoInt64 {
  return typeof v === 'object' && v !== null && (v as GoInt64).goInt64 === true;
}

export function int64(n: number): GoInt64 {
  return new GoInt64(n);
}

const GO_TYPE = Symbol.for('atmos-ai.templates.goType');

/** Records the Go type of a list or map a function built (`[]string`, `[]int`, `map[string]string`), for errors and typeOf. */
export function goTyped<T extends object>(value: T, typeName: string): T {
  Object.defineProperty(value, GO_TYPE, { value: typeName });
  return value;
}

/** Marks a list as Go's []string (what splitList, keys, ... return). */
export function stringList(list: string[]): string[] {
  return goTyped(list, '[]string');
}

/** Builds a float64 value: a plain number when non-integral, else a GoFloat box. */
export function makeFloat(n: number): number | GoFloat {
  return Number.isInteger(n) ? new GoFloat(n) : n;
}

export type Kind = 'invalid' | 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'struct' | 'func' | 'time';

export function isGoFloat(v: unknown): v is GoFloat {
  return typeof v === 'object' && v !== null && (v as GoFloat).goFloat === true && v instanceof Object && 'value' in v;
}

export function isGoTime(v: unknown): v is GoTime {
  return typeof v === 'object' && v !== null && (v as GoTime).goTime === true;
}

export function isPlainMap(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || isGoFloat(v) || isGoTime(v) || isGoInt64(v)) return false;
  return !isStruct(v);
}

const STRUCT_TYPE = Symbol.for('atmos-ai.templates.structType');

/**
 * Builds a Go-struct-like namespace object (e.g. Gomplate's `strings`, Atmos's `atmos`): its function
 * members are methods, and an unknown member is an error (`can't evaluate field X in type T`) instead
 * of the `<no value>` a plain object (a map to the template) would give.
 */
export function goStruct<T extends object>(typeName: string, members: T): T {
  const proto = Object.create(Object.prototype, { [STRUCT_TYPE]: { value: typeName } }) as object;
  return Object.assign(Object.create(proto) as object, members) as T;
}

/** A class instance acts like a Go struct (its methods callable from templates); plain objects are maps. */
export function isStruct(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  if (v instanceof Map) return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return !isGoFloat(v) && !isGoTime(v) && !isGoInt64(v);
  return false;
}

/**
 * A callable member of an object: a function-valued own property (namespace objects such as
 * `{ Component: fn }`) or a class method. Never Object.prototype's members.
 */
export function methodOf(v: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Map) return undefined;
  if (name in Object.prototype) return undefined;
  const member = (v as Record<string, unknown>)[name];
  return typeof member === 'function' ? (member as (...args: unknown[]) => unknown) : undefined;
}

export function kindOf(v: unknown): Kind {
  if (v === undefined) return 'invalid';
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
  }
  if (Array.isArray(v)) return 'slice';
  if (isGoFloat(v)) return 'float';
  if (isGoInt64(v)) return 'int';
  if (isGoTime(v)) return 'time';
  if (isStruct(v)) return 'struct';
  return 'map';
}

/** The Go type name shown in errors and by %T. */
export function goTypeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return '<nil>';
    case 'bool':
      return 'bool';
    case 'int':
      return isGoInt64(v) ? 'int64' : 'int';
    case 'float':
      return 'float64';
    case 'string':
      return 'string';
    case 'slice':
      return ((v as unknown as Record<symbol, string | undefined>)[GO_TYPE]) ?? '[]interface {}';
    case 'map':
      return ((v as Record<symbol, string | undefined>)[GO_TYPE]) ?? 'map[string]interface {}';
    case 'time':
      return 'time.Time';
    case 'func':
      return 'func(...interface {}) (interface {}, error)';
    case 'struct':
      return ((v as Record<symbol, unknown>)[STRUCT_TYPE] as string | undefined) ?? 'struct';
  }
}

/** Numeric value of an int or float64. */
export function numValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (isGoFloat(v)) return v.value;
  if (isGoInt64(v)) return v.value;
  return NaN;
}

/** Go's isTrue for if / with / and / or / not. */
export function isTrue(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return false;
    case 'bool':
      return v as boolean;
    case 'int':
    case 'float':
      return numValue(v) !== 0;
    case 'string':
      return (v as string).length > 0;
    case 'slice':
      return (v as unknown[]).length > 0;
    case 'map':
      return mapKeys(v).length > 0;
    default:
      return true;
  }
}

export function mapKeys(v: unknown): string[] {
  if (v instanceof Map) return [...v.keys()].map(String);
  return Object.keys(v as object);
}

export function mapGet(v: unknown, key: string): unknown {
  if (v instanceof Map) return v.has(key) ? v.get(key) : undefined;
  const o = v as Record<string, unknown>;
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

export function mapHas(v: unknown, key: string): boolean {
  if (v instanceof Map) return v.has(key);
  return Object.prototype.hasOwnProperty.call(v as object, key);
}

/** Sets a map entry as an own property, even for keys such as `__proto__` (no prototype pollution). */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Map keys in Go's printing / range order (sorted). */
export function sortedKeys(v: unknown): string[] {
  return mapKeys(v).sort(compareStrings);
}

/** Byte-wise string comparison, like Go's `<` on strings. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ba, bb);
}

/** Go's `len` of a string counts UTF-8 bytes. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
