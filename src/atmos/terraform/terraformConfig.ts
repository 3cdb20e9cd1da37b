/**
 * `component_info.terraform_config` as Atmos prints it: terraform-config-inspect's `tfconfig.Module`
 * through Go's encoders. JSON follows the struct's json tags (omitempty on optional fields); YAML
 * (yaml.v3 ignores json tags) lowercases the Go field names and prints every field.
 */
import type { FileSystemPort } from '../fs';
import { hclParserIfLoaded } from './hclParser';
import { loadTerraformModule, type ProviderRef, type TerraformModule, type TerraformProblem } from './module';

type Plain = Record<string, unknown>;

const byName = <T>(m: Map<string, T>, f: (v: T) => Plain): Plain => Object.fromEntries([...m.keys()].sort().map((k) => [k, f(m.get(k)!)]));
const pos = (x: { file: string; range: { line: number } }): Plain => ({ filename: x.file, line: x.range.line });
const ref = (r: ProviderRef): Plain => (r.alias ? { name: r.name, alias: r.alias } : { name: r.name });

/** The JSON shape (`atmos describe component --format json`). */
export function terraformConfigJson(m: TerraformModule): Plain {
  const out: Plain = {
    path: m.path,
    variables: byName(m.variables, (v) => ({
      name: v.name,
      ...(v.type ? { type: v.type } : {}),
      ...(v.description ? { description: v.description } : {}),
      default: v.hasDefault ? v.default : null,
      required: v.required,
      ...(v.sensitive ? { sensitive: true } : {}),
      ...(v.deprecated ? { deprecated: v.deprecated } : {}),
      pos: pos(v),
    })),
    outputs: byName(m.outputs, (o) => ({
      name: o.name,
      ...(o.description ? { description: o.description } : {}),
      ...(o.sensitive ? { sensitive: true } : {}),
      ...(o.deprecated ? { deprecated: o.deprecated } : {}),
      pos: pos(o),
      ...(o.type ? { type: o.type } : {}),
    })),
  };
  if (m.requiredCore.length > 0) out.required_core = [...m.requiredCore];
  out.required_providers = byName(m.requiredProviders, (p) => ({
    ...(p.source ? { source: p.source } : {}),
    ...(p.versionConstraints.length > 0 ? { version_constraints: [...p.versionConstraints] } : {}),
    ...(p.aliases.length > 0 ? { aliases: p.aliases.map(ref) } : {}),
  }));
  if (m.providerConfigs.size > 0) out.provider_configs = byName(m.providerConfigs, ref);
  const resource = (r: TerraformModule['managedResources'] extends Map<string, infer R> ? R : never): Plain => ({ mode: r.mode, type: r.type, name: r.name, provider: ref(r.provider), pos: pos(r) });
  out.managed_resources = byName(m.managedResources, resource);
  out.data_resources = byName(m.dataResources, resource);
  out.module_calls = byName(m.moduleCalls, (c) => ({ name: c.name, source: c.source, ...(c.version ? { version: c.version } : {}), pos: pos(c) }));
  // `diagnostics` (omitempty) would hold warnings only: every problem we find is an error, and Atmos prints no config then
  return out;
}

/** The YAML shape (`--format yaml`): Go field names lowercased, zero values printed, resource mode as its rune. */
export function terraformConfigGoYaml(m: TerraformModule): Plain {
  const p = (x: { file: string; range: { line: number } }): Plain => ({ filename: x.file, line: x.range.line });
  const r = (x: ProviderRef): Plain => ({ name: x.name, alias: x.alias ?? '' });
  const resource = (x: { mode: 'managed' | 'data'; type: string; name: string; provider: ProviderRef; file: string; range: { line: number } }): Plain => ({
    mode: x.mode === 'managed' ? 77 : 68, // Go's ResourceMode is a rune: 'M' / 'D'
    type: x.type,
    name: x.name,
    provider: r(x.provider),
    pos: p(x),
  });
  return {
    path: m.path,
    variables: byName(m.variables, (v) => ({ name: v.name, type: v.type ?? '', description: v.description ?? '', default: v.hasDefault ? v.default : null, required: v.required, sensitive: v.sensitive, deprecated: v.deprecated ?? '', pos: p(v) })),
    outputs: byName(m.outputs, (o) => ({ name: o.name, description: o.description ?? '', sensitive: o.sensitive, deprecated: o.deprecated ?? '', pos: p(o), type: o.type ?? '' })),
    requiredcore: [...m.requiredCore],
    requiredproviders: byName(m.requiredProviders, (x) => ({ source: x.source ?? '', versionconstraints: x.versionConstraints.length > 0 ? [...x.versionConstraints] : [], configurationaliases: x.aliases.map(r) })),
    providerconfigs: byName(m.providerConfigs, r),
    managedresources: byName(m.managedResources, resource),
    dataresources: byName(m.dataResources, resource),
    modulecalls: byName(m.moduleCalls, (c) => ({ name: c.name, source: c.source, version: c.version ?? '', pos: p(c) })),
    diagnostics: [],
  };
}

export type TerraformConfigResult =
  /** the parser is not loaded yet (a sync caller before any async open): leave the key out */
  | { status: 'unavailable' }
  | { status: 'ok'; config: Plain | null; module?: TerraformModule }
  /** syntax or value errors: Atmos refuses the component; we print null and say where */
  | { status: 'invalid'; config: null; problems: TerraformProblem[] };

/** `component_info.terraform_config` for the component folder `dir` (absolute). */
export function terraformConfigFor(fs: FileSystemPort, dir: string): TerraformConfigResult {
  const parser = hclParserIfLoaded();
  if (!parser) return { status: 'unavailable' };
  const module = loadTerraformModule(fs, dir, parser);
  if (!module) return { status: 'ok', config: null };
  if (module.problems.length > 0) return { status: 'invalid', config: null, problems: module.problems };
  return { status: 'ok', config: terraformConfigJson(module), module };
}

/** `file:line:col: message` for the first problems of an unreadable component. */
export function describeProblems(problems: TerraformProblem[], max = 3): string {
  const shown = problems.slice(0, max).map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
  return problems.length > max ? `${shown.join('; ')} (and ${problems.length - max} more)` : shown.join('; ');
}

/**
 * The engine's hook: sets `info.terraform_config` for the Terraform component folder `dir`, and
 * returns an unresolved entry when the folder's HCL does not parse (Atmos refuses such a component;
 * we show the rest of it with `terraform_config: null` and say where the HCL breaks).
 */
export function addTerraformConfig(info: Plain, fs: FileSystemPort, dir: string): { path: string; expression: string; reason: string } | undefined {
  const r = terraformConfigFor(fs, dir);
  if (r.status === 'unavailable') return undefined;
  info.terraform_config = r.config;
  if (r.status === 'invalid') return { path: 'component_info.terraform_config', expression: dir, reason: `invalid HCL: ${describeProblems(r.problems)}` };
  return undefined;
}

/**
 * The YAML shape from the JSON shape (what the engine puts in `component_info`), for `--format yaml`:
 * `describe component` output as Atmos prints it. Returns the section itself when there is nothing to change.
 */
export function withGoYamlTerraformConfig(section: Plain): Plain {
  const info = section.component_info;
  if (!info || typeof info !== 'object' || Array.isArray(info)) return section;
  const tc = (info as Plain).terraform_config;
  if (!tc || typeof tc !== 'object' || Array.isArray(tc)) return section;
  return { ...section, component_info: { ...(info as Plain), terraform_config: terraformConfigJsonToGoYaml(tc as Plain) } };
}

type JsonPos = { filename: string; line: number };
const obj = (v: unknown): Record<string, Plain> => (v && typeof v === 'object' ? (v as Record<string, Plain>) : {});
const refYaml = (r: unknown): Plain => {
  const x = (r ?? {}) as Plain;
  return { name: String(x.name ?? ''), alias: String(x.alias ?? '') };
};

export function terraformConfigJsonToGoYaml(j: Plain): Plain {
  const map = (v: unknown, f: (x: Plain) => Plain): Plain => Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, f(x)]));
  const pos = (x: Plain): Plain => ({ filename: (x.pos as JsonPos).filename, line: (x.pos as JsonPos).line });
  const resource = (x: Plain): Plain => ({ mode: x.mode === 'managed' ? 77 : 68, type: x.type, name: x.name, provider: refYaml(x.provider), pos: pos(x) });
  return {
    path: j.path,
    variables: map(j.variables, (v) => ({ name: v.name, type: v.type ?? '', description: v.description ?? '', default: v.default ?? null, required: v.required, sensitive: v.sensitive ?? false, deprecated: v.deprecated ?? '', pos: pos(v) })),
    outputs: map(j.outputs, (o) => ({ name: o.name, description: o.description ?? '', sensitive: o.sensitive ?? false, deprecated: o.deprecated ?? '', pos: pos(o), type: o.type ?? '' })),
    requiredcore: Array.isArray(j.required_core) ? [...(j.required_core as string[])] : [],
    requiredproviders: map(j.required_providers, (p) => ({ source: p.source ?? '', versionconstraints: Array.isArray(p.version_constraints) ? [...(p.version_constraints as string[])] : [], configurationaliases: Array.isArray(p.aliases) ? (p.aliases as unknown[]).map(refYaml) : [] })),
    providerconfigs: map(j.provider_configs, refYaml),
    managedresources: map(j.managed_resources, resource),
    dataresources: map(j.data_resources, resource),
    modulecalls: map(j.module_calls, (c) => ({ name: c.name, source: c.source, version: c.version ?? '', pos: pos(c) })),
    diagnostics: [],
  };
}
