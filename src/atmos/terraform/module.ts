/**
 * What a Terraform component folder declares — variables, outputs, required providers and core
 * version, provider configurations, resources, module calls — read as HashiCorp's
 * terraform-config-inspect reads it (the library Atmos uses for `component_info.terraform_config`):
 * `*.tf` files of the folder in name order, `override.tf` / `*_override.tf` last, hidden and editor
 * backup files skipped. Each file is parsed once per content (cache below).
 */
import * as path from 'node:path';
import type { FileSystemPort } from '../fs';
import type { HclParser } from './hclParser';
import { parseHcl, type HclAttribute, type HclBlock, type HclFile, type HclRange } from './hclSyntax';

export interface SourcePos {
  file: string;
  range: HclRange;
}

export interface TerraformVariable extends SourcePos {
  name: string;
  /** the type expression as written (`map(object({…}))`), or the legacy quoted keyword */
  type?: string;
  description?: string;
  /** the default value (JSON-like); undefined when the variable has no default */
  default?: unknown;
  hasDefault: boolean;
  required: boolean;
  sensitive: boolean;
  deprecated?: string;
}

export interface TerraformOutput extends SourcePos {
  name: string;
  description?: string;
  sensitive: boolean;
  deprecated?: string;
  type?: string;
}

export interface ProviderRef {
  name: string;
  alias?: string;
}

export interface ProviderRequirement {
  source?: string;
  versionConstraints: string[];
  aliases: ProviderRef[];
}

export interface TerraformResource extends SourcePos {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  provider: ProviderRef;
}

export interface TerraformModuleCall extends SourcePos {
  name: string;
  source: string;
  version?: string;
}

export interface TerraformProblem extends HclRange {
  file: string;
  message: string;
  /**
   * syntax: the file does not parse; value: an attribute terraform-config-inspect cannot decode (a default
   * that needs evaluation, a description that is not a string…); unsupported: a file we do not read (.tf.json).
   * Each makes Atmos refuse the component; the editor still uses a folder with value problems.
   */
  kind: 'syntax' | 'value' | 'unsupported';
}

export interface TerraformModule {
  /** the folder, absolute */
  path: string;
  /** the configuration files read, in load order */
  files: string[];
  variables: Map<string, TerraformVariable>;
  outputs: Map<string, TerraformOutput>;
  requiredCore: string[];
  requiredProviders: Map<string, ProviderRequirement>;
  providerConfigs: Map<string, ProviderRef>;
  managedResources: Map<string, TerraformResource>;
  dataResources: Map<string, TerraformResource>;
  moduleCalls: Map<string, TerraformModuleCall>;
  /** syntax errors (file:line:col) and values that could not be read */
  problems: TerraformProblem[];
}

/** terraform-config-inspect's file selection: `.tf` and `.tf.json` (JSON syntax is reported, not read). */
export function terraformFiles(fs: FileSystemPort, dir: string): string[] {
  const primary: string[] = [];
  const override: string[] = [];
  for (const name of [...fs.readDir(dir)].sort()) {
    if (!/\.tf(\.json)?$/.test(name) || name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'))) continue;
    const full = path.join(dir, name);
    if (fs.stat(full) !== 'file') continue;
    const base = name.replace(/\.tf(\.json)?$/, '');
    (base === 'override' || base.endsWith('_override') ? override : primary).push(full);
  }
  return [...primary, ...override];
}

// ------------------------------------------------------------------ caches

const FILE_CACHE_LIMIT = 4000;
const fileCache = new Map<string, { text: string; parsed: HclFile }>();
const moduleCache = new Map<string, { texts: string[]; files: string[]; module: TerraformModule }>();

/** Parses `text` (the content of `file`), reusing the last parse of that file while its content is the same. */
export function parseHclFileCached(parser: HclParser, file: string, text: string): HclFile {
  const hit = fileCache.get(file);
  if (hit && hit.text === text) return hit.parsed;
  const parsed = parseHcl(parser, text);
  fileCache.delete(file);
  fileCache.set(file, { text, parsed });
  if (fileCache.size > FILE_CACHE_LIMIT) fileCache.delete(fileCache.keys().next().value!);
  return parsed;
}

/** Forgets every cached parse (tests and benchmarks measure cold reads with it). */
export function clearTerraformCaches(): void {
  fileCache.clear();
  moduleCache.clear();
}

/**
 * Reads the Terraform configuration in `dir`. Undefined when the folder does not exist (Atmos
 * then prints `terraform_config: null`). Cheap when no file changed: same texts → same object.
 */
export function loadTerraformModule(fs: FileSystemPort, dir: string, parser: HclParser): TerraformModule | undefined {
  const abs = path.resolve(dir);
  if (fs.stat(abs) !== 'dir') return undefined;
  const files = terraformFiles(fs, abs);
  const texts = files.map((f) => fs.readFile(f) ?? '');
  const hit = moduleCache.get(abs);
  if (hit && hit.files.length === files.length && hit.files.every((f, i) => f === files[i] && hit.texts[i] === texts[i])) return hit.module;
  const module = buildModule(abs, files, texts, parser);
  moduleCache.set(abs, { texts, files, module });
  return module;
}

function buildModule(dir: string, files: string[], texts: string[], parser: HclParser): TerraformModule {
  const m: TerraformModule = {
    path: dir,
    files,
    variables: new Map(),
    outputs: new Map(),
    requiredCore: [],
    requiredProviders: new Map(),
    providerConfigs: new Map(),
    managedResources: new Map(),
    dataResources: new Map(),
    moduleCalls: new Map(),
    problems: [],
  };
  files.forEach((file, i) => {
    if (file.endsWith('.json')) {
      m.problems.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, kind: 'unsupported', message: 'Terraform JSON syntax (.tf.json) is not read by atmos-ai' });
      return;
    }
    const parsed = parseHclFileCached(parser, file, texts[i]);
    for (const p of parsed.problems) m.problems.push({ ...p, file, kind: 'syntax' });
    for (const block of parsed.body.blocks) readTopLevelBlock(m, file, block);
  });
  // resources imply an (unversioned) requirement on their provider, as terraform-config-inspect adds
  for (const r of [...m.managedResources.values(), ...m.dataResources.values()]) {
    if (!m.requiredProviders.has(r.provider.name)) m.requiredProviders.set(r.provider.name, { versionConstraints: [], aliases: [] });
  }
  return m;
}

function attrs(block: HclBlock): Map<string, HclAttribute> {
  return new Map(block.body.attributes.map((a) => [a.name, a]));
}

/** A string attribute (terraform-config-inspect decodes these as strings); problems otherwise. */
function stringAttr(m: TerraformModule, file: string, a: HclAttribute | undefined): string | undefined {
  if (!a) return undefined;
  if (a.value.known && (typeof a.value.value === 'string' || typeof a.value.value === 'number' || typeof a.value.value === 'boolean')) return String(a.value.value);
  m.problems.push({ file, ...a.exprRange, kind: 'value', message: `${a.name}: a string is required (${a.value.known ? 'not a string' : a.value.reason})` });
  return undefined;
}

/** A bool attribute; anything else is an error, as terraform-config-inspect decodes it into a Go bool. */
function boolAttr(m: TerraformModule, file: string, a: HclAttribute | undefined): boolean {
  if (!a) return false;
  if (a.value.known && (typeof a.value.value === 'boolean' || a.value.value === 'true' || a.value.value === 'false')) return a.value.value === true || a.value.value === 'true';
  const have = !a.value.known ? a.value.reason : Array.isArray(a.value.value) ? 'a tuple' : a.value.value === null ? 'null' : `a ${typeof a.value.value}`;
  m.problems.push({ file, ...a.exprRange, kind: 'value', message: `${a.name}: a bool is required, but have ${have}` });
  return false;
}

function readTopLevelBlock(m: TerraformModule, file: string, block: HclBlock): void {
  const a = attrs(block);
  const label = block.labels[0];
  switch (block.type) {
    case 'terraform': {
      const core = stringAttr(m, file, a.get('required_version'));
      if (core !== undefined) m.requiredCore.push(core);
      for (const inner of block.body.blocks) if (inner.type === 'required_providers') readRequiredProviders(m, file, inner);
      return;
    }
    case 'variable': {
      if (label === undefined) return;
      const type = a.get('type');
      const def = a.get('default');
      if (def && !def.value.known) m.problems.push({ file, ...def.exprRange, kind: 'value', message: `default of variable '${label}' is not a literal value (${def.value.reason})` });
      m.variables.set(label, {
        name: label,
        type: type ? (type.value.known && typeof type.value.value === 'string' ? type.value.value : type.exprText) : undefined,
        description: stringAttr(m, file, a.get('description')),
        default: def ? (def.value.known ? def.value.value : null) : undefined,
        hasDefault: def !== undefined,
        required: def === undefined,
        sensitive: boolAttr(m, file, a.get('sensitive')),
        deprecated: stringAttr(m, file, a.get('deprecated')),
        file,
        range: block.range,
      });
      return;
    }
    case 'output': {
      if (label === undefined) return;
      const type = a.get('type');
      m.outputs.set(label, {
        name: label,
        description: stringAttr(m, file, a.get('description')),
        sensitive: boolAttr(m, file, a.get('sensitive')),
        deprecated: stringAttr(m, file, a.get('deprecated')),
        type: type ? (type.value.known && typeof type.value.value === 'string' ? type.value.value : type.exprText) : undefined,
        file,
        range: block.range,
      });
      return;
    }
    case 'provider': {
      if (label === undefined) return;
      const req = requirement(m, label);
      const version = stringAttr(m, file, a.get('version'));
      if (version !== undefined) req.versionConstraints.push(version);
      const alias = stringAttr(m, file, a.get('alias'));
      m.providerConfigs.set(alias ? `${label}.${alias}` : label, alias ? { name: label, alias } : { name: label });
      return;
    }
    case 'resource':
    case 'data': {
      if (block.labels.length < 2) return;
      const [type, name] = block.labels;
      const providerAttr = a.get('provider');
      const provider = providerAttr ? providerRef(providerAttr.value.known && typeof providerAttr.value.value === 'string' ? providerAttr.value.value : providerAttr.exprText) : { name: type.split('_')[0] };
      const mode = block.type === 'resource' ? 'managed' : 'data';
      const r: TerraformResource = { mode, type, name, provider, file, range: block.range };
      if (mode === 'managed') m.managedResources.set(`${type}.${name}`, r);
      else m.dataResources.set(`data.${type}.${name}`, r);
      return;
    }
    case 'module': {
      if (label === undefined) return;
      const previous = m.moduleCalls.get(label)?.source ?? '';
      const source = a.get('source');
      const version = a.get('version');
      const asText = (x: HclAttribute) => (x.value.known && typeof x.value.value === 'string' ? x.value.value : x.exprText);
      m.moduleCalls.set(label, { name: label, source: (source ? asText(source) : '') || previous, version: version ? asText(version) : undefined, file, range: block.range });
      return;
    }
    default:
  }
}

function requirement(m: TerraformModule, name: string): ProviderRequirement {
  let req = m.requiredProviders.get(name);
  if (!req) m.requiredProviders.set(name, (req = { versionConstraints: [], aliases: [] }));
  return req;
}

/** `aws.west` (a traversal, or the legacy quoted form) → { name: 'aws', alias: 'west' } */
function providerRef(text: string): ProviderRef {
  const [name, alias] = text.replace(/^"|"$/g, '').trim().split('.');
  return alias ? { name, alias } : { name };
}

function readRequiredProviders(m: TerraformModule, file: string, block: HclBlock): void {
  for (const attr of block.body.attributes) {
    const name = attr.name;
    if (attr.value.known && typeof attr.value.value === 'string') {
      // the pre-0.13 form: `aws = "~> 5.0"`
      const req = m.requiredProviders.get(name);
      if (req) req.versionConstraints.push(attr.value.value);
      else m.requiredProviders.set(name, { versionConstraints: [attr.value.value], aliases: [] });
      continue;
    }
    if (!attr.items) {
      m.problems.push({ file, ...attr.exprRange, kind: 'value', message: `required_providers.${name}: entries must be strings or objects` });
      continue;
    }
    const req: ProviderRequirement = { versionConstraints: [], aliases: [] };
    for (const item of attr.items) {
      if (item.key === 'version' && item.value.known && typeof item.value.value === 'string') req.versionConstraints.push(item.value.value);
      else if (item.key === 'source' && item.value.known && typeof item.value.value === 'string') req.source = item.value.value;
      else if (item.key === 'configuration_aliases') {
        for (const ref of item.exprText.match(/[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)?/g) ?? []) req.aliases.push(providerRef(ref));
      }
    }
    const existing = m.requiredProviders.get(name);
    if (!existing) m.requiredProviders.set(name, req);
    else {
      if (req.source) {
        if (existing.source && existing.source !== req.source) m.problems.push({ file, ...block.range, kind: 'value', message: `Multiple provider source attributes for provider ${name}: "${existing.source}", "${req.source}"` });
        else existing.source = req.source;
      }
      existing.versionConstraints.push(...req.versionConstraints);
    }
  }
}
