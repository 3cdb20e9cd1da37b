import * as path from 'node:path';
import { Document, isMap as isYamlMap, isPair, isScalar, isSeq, stringify, type Node as YamlNode } from 'yaml';
import type { Origin } from './diagnostics';
import { metaOf } from './provenance';
import { isMap, isYamlFunction } from './values';

/** Plain, key-sorted copy for printing (Atmos prints map keys alphabetically in YAML and JSON). */
export function sortedPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedPlain);
  if (isYamlFunction(v)) return `${v.tag} ${v.arg}`.trim();
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortedPlain(v[k]);
    return out;
  }
  return v;
}

export function toJson(v: unknown): string {
  return JSON.stringify(sortedPlain(v), null, 2) + '\n';
}

export function toYaml(v: unknown): string {
  return stringify(sortedPlain(v), { indent: 2, indentSeq: true, lineWidth: 0, aliasDuplicateObjects: false });
}

/** The keys `describe component` prints with the default `schema` filter (Atmos FilterComputedFields). */
export const SCHEMA_KEYS = ['vars', 'settings', 'env', 'backend', 'metadata', 'overrides', 'providers', 'imports', 'dependencies', 'component', 'hooks'];

export function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);
}

export function schemaFilter(section: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SCHEMA_KEYS) if (k in section) out[k] = section[k];
  return out;
}

export interface ProvenanceRenderInput {
  section: Record<string, unknown>;
  stackFile: string;
  stacksBasePath: string;
  depth: Map<string, number>;
  manifestKeys: Set<string>;
}

/**
 * The annotated view of `describe component --provenance`: Atmos's legend, then YAML with
 * `# ● [1] file:line` (top-level manifest) or `# ○ [N] file:line` (imported N levels deep) per value.
 */
export function renderProvenanceYaml(input: ProvenanceRenderInput): string {
  // The sections Atmos's provenance view shows: `import` and `vars`, and the other schema sections
  // when a manifest writes them at the top level or inside `overrides` (providers: also in a type
  // section) — the paths its merge records. Empty ones are left out. (Matched against the atmos CLI.)
  const keys = ['imports', 'vars', 'settings', 'providers', 'env', 'backend', 'overrides', 'hooks', 'dependencies'];
  const data: Record<string, unknown> = {};
  for (const k of keys) {
    const v = input.section[k];
    if (isEmptyValue(v)) continue;
    const recorded = k === 'imports' || k === 'vars' || input.manifestKeys.has(k) || (k === 'providers' && [...input.manifestKeys].some((m) => m.endsWith('.providers')));
    if (!recorded) continue;
    data[k === 'imports' ? 'import' : k] = v;
  }
  const doc = new Document(sortedPlain(data), { aliasDuplicateObjects: false });
  const label = (o: Origin): string => {
    const depth = input.depth.get(o.file) ?? 2;
    const rel = path.relative(input.stacksBasePath, o.file).split(path.sep).join('/');
    return depth <= 1 ? ` ● [1] ${rel}:${o.line}` : ` ○ [${depth}] ${rel}:${o.line}`;
  };
  const annotate = (node: YamlNode | null | undefined, source: unknown): void => {
    if (isYamlMap(node) && isMap(source)) {
      const meta = metaOf(source);
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const origin = meta?.keys?.get(key)?.[0];
        const value = pair.value as YamlNode | null;
        if (origin && isScalar(value)) value.comment = label(origin);
        else if (origin && pair.key) (pair.key as YamlNode).comment = undefined;
        annotate(value, source[key]);
      }
    } else if (isSeq(node) && Array.isArray(source)) {
      const items = metaOf(source)?.items;
      node.items.forEach((item, i) => {
        const origin = items?.[i]?.[0];
        if (origin && isScalar(item)) (item as YamlNode).comment = label(origin);
        annotate(item as YamlNode, source[i]);
      });
    }
  };
  if (isYamlMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      annotate(pair.value as YamlNode, data[key]);
    }
  }
  const legend = [
    '# Provenance Legend:',
    '#   ● [1] Defined in parent stack',
    '#   ○ [N] Inherited/imported (N=2+ levels deep)',
    '#   ∴ Computed/templated',
    '',
    `# Stack: ${input.stackFile}`,
    '',
  ].join('\n');
  return `${legend}\n${doc.toString({ indent: 2, indentSeq: true, lineWidth: 0 })}`;
}

/**
 * `atmos_cli_config` as Atmos prints it in JSON: Go's encoding/json writes zero-valued struct fields
 * that its YAML encoder omits, so the JSON view carries a few more (empty) keys.
 */
export function withGoJsonZeroFields(cliConfig: unknown): unknown {
  if (!isMap(cliConfig)) return cliConfig;
  const out: Record<string, unknown> = { ...cliConfig };
  const components = isMap(out.components) ? { ...out.components } : {};
  const tf = isMap(components.terraform) ? { ...components.terraform } : {};
  tf.lint ??= {};
  tf.planfiles ??= { default: '' };
  tf.ci ??= {};
  tf.workspace ??= {};
  components.terraform = tf;
  components.list ??= { format: '', columns: null };
  components.Plugins ??= null;
  out.components = components;
  if (isMap(out.stacks)) out.stacks = { list: { format: '', columns: null }, included_paths: null, excluded_paths: null, ...out.stacks };
  if (isMap(out.workflows)) {
    const wf = { ...out.workflows };
    if (isMap(wf.list) && Array.isArray(wf.list.columns) && wf.list.columns.length === 0) wf.list = { ...wf.list, columns: null };
    out.workflows = wf;
  }
  return out;
}

/** `atmos_cli_config` as Atmos prints it in YAML: unset path lists print as `[]`. */
export function withGoYamlZeroFields(cliConfig: unknown): unknown {
  if (!isMap(cliConfig) || !isMap(cliConfig.stacks)) return cliConfig;
  return { ...cliConfig, stacks: { included_paths: [], excluded_paths: [], ...cliConfig.stacks } };
}
