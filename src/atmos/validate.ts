import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { AtmosDiagnostic, Origin } from './diagnostics';
import type { AtmosEngine } from './engine';
import { globMatcher, walkFiles } from './glob';
import { metaOf } from './provenance';
import { isMap, isYamlFunction, type PlainMap } from './values';
import { loadYaml } from './yamlLoad';

export interface ValidateOptions {
  /** JSON Schema for manifests; default `schemas.atmos.manifest` from atmos.yaml (none: schema check skipped) */
  schemaPath?: string;
}

/**
 * `atmos validate stacks`: every manifest under the stacks folder parses and (when a manifest schema is
 * configured) matches it; every top-level stack resolves (imports, inheritance, backends); deprecated
 * fields are warnings. Every finding is located (file:line:col).
 */
export function validateStacks(engine: AtmosEngine, opts: ValidateOptions = {}): AtmosDiagnostic[] {
  const out = stackPreconditions(engine);
  if (out.some((d) => d.code === 'stacks-folder-missing')) return out;
  const config = engine.config;
  const excluded = globMatcher(config.excludedPaths, config.stacksBasePath);
  const files = engine.fs.stat(config.stacksBasePath) === 'dir' ? walkFiles(engine.fs, config.stacksBasePath) : [];
  const schema = loadManifestSchema(engine, opts.schemaPath ?? config.manifestSchema, out);
  for (const f of files) {
    if (!/\.ya?ml$/.test(f) || excluded(f)) continue;
    const text = engine.fs.readFile(f);
    if (text === undefined) continue;
    const { value, diagnostics } = loadYaml(text, f);
    out.push(...diagnostics);
    if (diagnostics.some((d) => d.severity === 'error') || !isMap(value)) continue;
    if (schema) out.push(...schemaDiagnostics(schema, value, f));
    out.push(...deprecatedFields(value, f));
  }
  const seen = new Set(out.map((d) => `${d.file}:${d.line}:${d.message}`));
  for (const d of engine.diagnostics()) {
    const key = `${d.file}:${d.line}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

/** What Atmos checks before validating: the stacks folder exists, a stack name setting, stack names that resolve. */
export function stackPreconditions(engine: AtmosEngine): AtmosDiagnostic[] {
  const out: AtmosDiagnostic[] = [];
  const config = engine.config;
  const folder = engine.stacksFolderProblem();
  if (folder) return [{ severity: 'error', code: 'stacks-folder-missing', message: folder }];
  if (!config.nameTemplate && !config.namePattern) {
    out.push({ severity: 'error', code: 'stack-name-config', message: "'stacks.name_template' (or the deprecated 'stacks.name_pattern') needs to be specified in 'atmos.yaml'" });
  }
  for (const s of engine.stackEntries()) for (const m of s.nameErrors) out.push({ severity: 'error', code: 'stack-name', message: m, file: s.file });
  return out;
}

/** One schema violation: a JSON pointer into the manifest, and for unknown keys the key. */
export interface SchemaViolation {
  pointer: string;
  message: string;
  /** the offending key of an `additionalProperties` violation */
  property?: string;
}

/** A compiled manifest schema: the violations of one manifest's plain value (at most 20, the most specific). */
export type ManifestSchema = (value: unknown) => SchemaViolation[];

const compiledSchemas = new Map<string, { text: string; schema: ManifestSchema }>();

/**
 * The manifest JSON Schema at `schemaPath` (absolute, or relative to the base path or the working directory;
 * URLs are not fetched), compiled once per text. Problems loading it are warnings in `out`.
 */
export function loadManifestSchema(engine: Pick<AtmosEngine, 'config' | 'fs'>, schemaPath: string, out: AtmosDiagnostic[]): ManifestSchema | undefined {
  if (!schemaPath || /^https?:\/\//.test(schemaPath)) return undefined;
  const config = engine.config;
  const candidates = path.isAbsolute(schemaPath) ? [schemaPath] : [path.resolve(config.basePath, schemaPath), path.resolve(config.cwd, schemaPath)];
  const file = candidates.find((c) => engine.fs.stat(c) === 'file');
  if (!file) {
    out.push({ severity: 'warning', code: 'schema-not-found', message: `manifest schema '${schemaPath}' not found; schema validation skipped` });
    return undefined;
  }
  const text = engine.fs.readFile(file) ?? '{}';
  const hit = compiledSchemas.get(file);
  if (hit && hit.text === text) return hit.schema;
  let validate: ReturnType<Ajv2020['compile']>;
  try {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(text));
  } catch (err) {
    out.push({ severity: 'warning', code: 'schema-invalid', message: `manifest schema '${schemaPath}' could not be loaded: ${String(err)}`, file });
    return undefined;
  }
  const schema: ManifestSchema = (value) => {
    if (validate(toJsonData(value))) return [];
    const errors = validate.errors ?? [];
    // the deepest errors say the most: drop the "must match a schema in anyOf/oneOf" wrappers and the
    // errors of the alternative branches above a deeper error (every section may also be an `!include` string)
    let specific = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
    if (specific.length === 0) specific = errors;
    specific = specific.filter((e) => e.keyword !== 'type' || !specific.some((o) => o.instancePath.startsWith(e.instancePath + '/') || (o.instancePath === e.instancePath && o.keyword !== 'type')));
    const out: SchemaViolation[] = [];
    for (const e of specific) {
      // the alternatives' type errors at one place read as one: "must be object or string"
      const sameType = e.keyword === 'type' ? out.find((o) => o.pointer === e.instancePath && o.message.startsWith('must be ')) : undefined;
      if (sameType) {
        sameType.message += ` or ${String(e.params.type)}`;
        continue;
      }
      out.push({
        pointer: e.instancePath,
        message: e.keyword === 'type' ? `must be ${String(e.params.type)}` : e.message ?? 'is invalid',
        ...(e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string' ? { property: e.params.additionalProperty } : {}),
      });
    }
    return out.slice(0, 20);
  };
  compiledSchemas.set(file, { text, schema });
  return schema;
}

function schemaDiagnostics(schema: ManifestSchema, value: PlainMap, manifest: string): AtmosDiagnostic[] {
  return schema(value).map((e) => {
    const at = originAt(value, e.pointer) ?? { file: manifest, line: 1, col: 1 };
    return { severity: 'error' as const, code: 'schema', message: `${e.pointer || '/'} ${e.message}`, file: manifest, line: at.line, col: at.col };
  });
}

/** YAML functions validate as their string form, as in Atmos. */
function toJsonData(v: unknown): unknown {
  if (isYamlFunction(v)) return `${v.tag} ${v.arg}`.trim();
  if (Array.isArray(v)) return v.map(toJsonData);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonData(x)]));
  return v;
}

function originAt(root: unknown, pointer: string): Origin | undefined {
  const segs = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur: unknown = root;
  let found: Origin | undefined = metaOf(root)?.origin;
  for (const seg of segs) {
    const meta = metaOf(cur);
    if (Array.isArray(cur)) {
      found = meta?.items?.[Number(seg)]?.[0] ?? found;
      cur = cur[Number(seg)];
    } else if (isMap(cur)) {
      found = meta?.keys?.get(seg)?.[0] ?? found;
      cur = cur[seg];
    } else break;
  }
  return found;
}

/** Fields the Atmos manifest schema marks `deprecated`, with their replacement. */
const DEPRECATED: Array<{ path: (string | '*')[]; replacement: string }> = [
  { path: ['components', '*', '*', 'depends_on'], replacement: 'dependencies.components' },
  { path: ['components', '*', '*', 'settings', 'depends_on'], replacement: 'dependencies.components' },
  { path: ['settings', 'depends_on'], replacement: 'dependencies.components' },
];

/**
 * Deprecated fields of one manifest, at their keys: the value's provenance says where, or `keyAt` (the key's
 * range, for callers that located the keys themselves).
 */
export function deprecatedFields(value: PlainMap, file: string, keyAt?: (path: string[]) => { line: number; col: number; endLine?: number; endCol?: number } | undefined): AtmosDiagnostic[] {
  const out: AtmosDiagnostic[] = [];
  const walk = (node: unknown, pattern: (string | '*')[], trail: string[], origin?: Origin): void => {
    if (pattern.length === 0) {
      const rule = DEPRECATED.find((r) => r.path.length === trail.length && r.path.every((p, i) => p === '*' || p === trail[i]));
      const o = keyAt?.(trail) ?? origin ?? { file, line: 1, col: 1 };
      out.push({ severity: 'warning', code: 'deprecated', message: `\`${trail.join('.')}\` is deprecated; use \`${rule?.replacement}\``, file, ...o, line: o.line, col: o.col });
      return;
    }
    if (!isMap(node)) return;
    const [head, ...rest] = pattern;
    for (const key of head === '*' ? Object.keys(node) : [head]) {
      if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
      walk(node[key], rest, [...trail, key], metaOf(node)?.keys?.get(key)?.[0]);
    }
  };
  for (const rule of DEPRECATED) walk(value, rule.path, []);
  return out;
}
