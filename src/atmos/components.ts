import type { AtmosConfig } from './config';
import { AtmosError, type Origin } from './diagnostics';
import { cloneDeep, mergeMaps, parseListMergeStrategy, shallowCopy, type MergeOptions } from './merge';
import { keyChain } from './provenance';
import { isMap, asMap, asString, type PlainMap } from './values';

export const COMPONENT_TYPES = ['terraform', 'helmfile', 'packer', 'ansible', 'kubernetes', 'helm'] as const;

/** One component of one stack after the global → type → base → component → overrides merge. */
export interface ResolvedComponent {
  type: string;
  name: string;
  section: PlainMap;
  /** base components, most recently applied first (Atmos `inheritance`) */
  inheritance: string[];
  abstract: boolean;
  enabled: boolean;
  /** where the component is defined (its key in the winning manifest) */
  origin?: Origin;
}

const MAP_SECTIONS = ['vars', 'settings', 'env', 'auth', 'secrets', 'dependencies', 'locals', 'providers', 'required_providers', 'hooks', 'generate', 'source', 'provision', 'retry', 'test', 'mocks', 'backend', 'remote_state_backend'] as const;

interface Base {
  sections: Record<string, PlainMap>;
  metadata: PlainMap;
  command: string;
  requiredVersion: string;
  backendType: string;
  remoteStateBackendType: string;
  finalName: string;
  chain: string[];
}

function emptyBase(): Base {
  return { sections: {}, metadata: {}, command: '', requiredVersion: '', backendType: '', remoteStateBackendType: '', finalName: '', chain: [] };
}

function strategyFrom(base: MergeOptions, ...settingsLayers: unknown[]): MergeOptions {
  let s = base.listMergeStrategy;
  for (const l of settingsLayers) s = parseListMergeStrategy(asMap(l).list_merge_strategy) ?? s;
  return s === base.listMergeStrategy ? base : { listMergeStrategy: s };
}

/** Atmos processBaseComponentConfigInternal: folds `baseName` (and its own bases first) into `acc`. */
function applyBase(all: PlainMap, component: string, baseName: string, stack: string, acc: Base, opts: MergeOptions, visited: Set<string>, config: AtmosConfig, dirExists: (name: string) => boolean): void {
  if (component === baseName) return;
  const visitKey = `${component}:${baseName}`;
  if (visited.has(visitKey)) throw new AtmosError('inherits-cycle', `circular component inheritance: '${component}' -> '${baseName}' in the stack '${stack}'`);
  visited.add(visitKey);
  try {
    const baseMap = all[baseName];
    if (!isMap(baseMap)) {
      // a base named by `component:` may be just the Terraform folder, not an Atmos component
      if (dirExists(baseName)) return;
      throw new AtmosError('inherits-unknown', `the component '${component}' in the stack '${stack}' inherits from '${baseName}', but '${baseName}' is not defined in any of the config files for the stack '${stack}'`);
    }
    const isAbstract = asMap(baseMap.metadata).type === 'abstract';
    if (!isAbstract && typeof baseMap.component === 'string') applyBase(all, baseName, baseMap.component, stack, acc, opts, visited, config, dirExists);
    const meta = asMap(baseMap.metadata);
    if (Array.isArray(meta.inherits)) {
      for (const b of meta.inherits) {
        if (typeof b !== 'string') throw new AtmosError('inherits-invalid', `'${component}.metadata.inherits' must be a list of component names (stack '${stack}')`);
        if (!isMap(all[b])) throw new AtmosError('inherits-unknown', `the component '${component}' in the stack manifest '${stack}' inherits from '${b}' (using 'metadata.inherits'), but '${b}' is not defined in any of the config files for the stack '${stack}'`);
        applyBase(all, component, b, stack, acc, opts, visited, config, dirExists);
      }
    }
    if (!acc.finalName) acc.finalName = baseName;
    const level = strategyFrom(opts, baseMap.settings);
    for (const s of MAP_SECTIONS) {
      if (baseMap[s] === undefined) continue;
      acc.sections[s] = mergeMaps([acc.sections[s], asMap(baseMap[s])], s === 'secrets' ? opts : level);
    }
    if (config.inheritMetadata) {
      const m: PlainMap = {};
      for (const [k, v] of Object.entries(meta)) if (k !== 'inherits' && k !== 'type') m[k] = v;
      acc.metadata = mergeMaps([acc.metadata, m], level);
    }
    if (typeof baseMap.required_version === 'string' && baseMap.required_version) acc.requiredVersion = baseMap.required_version;
    acc.command = asString(baseMap.command);
    acc.backendType = asString(baseMap.backend_type);
    acc.remoteStateBackendType = asString(baseMap.remote_state_backend_type);
    acc.chain = unique([baseName, ...acc.chain]);
  } finally {
    visited.delete(visitKey);
  }
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Resolves every component of a stack's merged manifest (Atmos ProcessStackConfig). */
export function resolveStackComponents(config: AtmosConfig, stackFile: string, stackMap: PlainMap, baseOptions: MergeOptions, onError: (type: string, name: string, err: unknown) => void, dirExists: (type: string, name: string) => boolean): ResolvedComponent[] {
  const out: ResolvedComponent[] = [];
  const components = asMap(stackMap.components);
  for (const type of Object.keys(components)) {
    const all = asMap(components[type]);
    const typeSec = asMap(stackMap[type]);
    const g = (s: string): PlainMap => asMap(stackMap[s]);
    const t = (s: string): PlainMap => asMap(typeSec[s]);
    const globalSettings = mergeMaps([g('settings'), t('settings')], baseOptions);
    // the stack-wide layer of a section (global, then the component type's) is the same for every
    // component of the type: merge it once per stack, not once per component (merges never mutate inputs)
    const globals = new Map<string, PlainMap>();
    const globalLayer = (section: string): PlainMap => {
      let m = globals.get(section);
      if (!m) {
        m = mergeMaps(section === 'env' ? [config.env, g('env'), t('env')] : [g(section), t(section)], baseOptions);
        globals.set(section, m);
      }
      return m;
    };
    for (const name of Object.keys(all).sort()) {
      const comp = all[name];
      if (!isMap(comp)) continue;
      try {
        out.push(resolveComponent(config, stackFile, stackMap, type, name, comp, all, globalSettings, globalLayer, baseOptions, (n) => dirExists(type, n)));
      } catch (err) {
        onError(type, name, err);
      }
    }
    void t;
  }
  return out;
}

function resolveComponent(config: AtmosConfig, stackFile: string, stackMap: PlainMap, type: string, name: string, comp: PlainMap, all: PlainMap, globalSettings: PlainMap, globalLayer: (section: string) => PlainMap, baseOptions: MergeOptions, dirExists: (name: string) => boolean): ResolvedComponent {
  const typeSec = asMap(stackMap[type]);
  const g = (s: string): PlainMap => asMap(stackMap[s]);
  const t = (s: string): PlainMap => asMap(typeSec[s]);
  const overrides = asMap(comp.overrides);
  const metadata = asMap(comp.metadata);

  // inheritance: legacy top-level `component:` first, then metadata.inherits in order
  const base = emptyBase();
  const visited = new Set<string>();
  const inheritOpts = strategyFrom(baseOptions, comp.settings, overrides.settings);
  if (comp.component !== undefined) {
    if (typeof comp.component !== 'string') throw new AtmosError('component-invalid', `'components.${type}.${name}.component' must be a string (stack '${stackFile}')`);
    applyBase(all, name, comp.component, stackFile, base, inheritOpts, visited, config, dirExists);
  }
  let baseComponentName = base.finalName;
  const fromTopLevel = baseComponentName;
  let explicit = '';
  if (metadata.component !== undefined) {
    if (typeof metadata.component !== 'string') throw new AtmosError('component-invalid', `'components.${type}.${name}.metadata.component' must be a string (stack '${stackFile}')`);
    explicit = metadata.component;
  }
  if (metadata.inherits !== undefined) {
    if (!Array.isArray(metadata.inherits)) throw new AtmosError('inherits-invalid', `'components.${type}.${name}.metadata.inherits' must be a list (stack '${stackFile}')`);
    for (const b of metadata.inherits) {
      if (typeof b !== 'string') throw new AtmosError('inherits-invalid', `'components.${type}.${name}.metadata.inherits' must be a list of names (stack '${stackFile}')`);
      if (!isMap(all[b])) throw new AtmosError('inherits-unknown', `the component '${name}' in the stack manifest '${stackFile}' inherits from '${b}' (using 'metadata.inherits'), but '${b}' is not defined in any of the config files for the stack '${stackFile}'`);
      applyBase(all, name, b, stackFile, base, inheritOpts, visited, config, dirExists);
    }
  }
  baseComponentName = explicit || fromTopLevel || name;
  // list_merge_strategy from any layer, the bases' settings included (Atmos effectiveAtmosConfig)
  const opts = strategyFrom(baseOptions, globalSettings, base.sections.settings, comp.settings, overrides.settings);

  const section: PlainMap = {};
  const layer = (s: string, global: PlainMap): PlainMap => mergeMaps([global, base.sections[s], asMap(comp[s]), asMap(overrides[s])], opts);
  section.vars = layer('vars', globalLayer('vars'));
  section.settings = layer('settings', globalSettings);
  applyGithubIntegration(config, section.settings as PlainMap, opts);
  section.env = layer('env', globalLayer('env'));
  const auth = layer('auth', globalLayer('auth'));
  section.auth = mergeMaps([asMap(config.raw.auth), auth], opts);

  let command = config.componentCommands[type] || type;
  for (const c of [asString(typeSec.command), base.command, asString(comp.command), asString(overrides.command)]) if (c) command = c;
  section.command = command;
  section.inheritance = base.chain;

  const globalMetadata = g('metadata');
  section.metadata = Object.keys(globalMetadata).length > 0 || (config.inheritMetadata && Object.keys(base.metadata).length > 0)
    ? mergeMaps([globalMetadata, config.inheritMetadata ? base.metadata : {}, metadata], opts)
    : cloneDeep(metadata);
  section.overrides = cloneDeep(overrides);
  if (['terraform', 'kubernetes', 'helm', 'helmfile'].includes(type)) section.hooks = layer('hooks', globalLayer('hooks'));
  const deps = mergeMaps([globalLayer('dependencies'), base.sections.dependencies, asMap(comp.dependencies)], opts);
  if (Object.keys(deps).length > 0) section.dependencies = deps;
  const locals = mergeMaps([base.sections.locals, asMap(comp.locals)], opts);
  if (Object.keys(locals).length > 0) section.locals = locals;
  const retry = mergeMaps([base.sections.retry, asMap(comp.retry), asMap(overrides.retry)], baseOptions);
  if (Object.keys(retry).length > 0) section.retry = retry;
  const secrets = mergeMaps([g('secrets'), base.sections.secrets, asMap(comp.secrets), asMap(overrides.secrets)], opts);
  if (Object.keys(secrets).length > 0) section.secrets = secrets;

  if (type === 'terraform') {
    section.providers = layer('providers', t('providers'));
    section.required_providers = layer('required_providers', t('required_providers'));
    let rv = asString(typeSec.required_version);
    for (const v of [base.requiredVersion, asString(comp.required_version), asString(overrides.required_version)]) if (v) rv = v;
    section.required_version = rv;
    const test = mergeMaps([base.sections.test, asMap(comp.test)], opts);
    if (Object.keys(test).length > 0) section.test = test;
    const mocks = mergeMaps([base.sections.mocks, asMap(comp.mocks)], opts);
    if (Object.keys(mocks).length > 0) section.mocks = mocks;
    section.generate = layer('generate', globalLayer('generate'));
    resolveBackend(config, section, { name, baseComponentName, stackFile, typeSec, base, comp, opts });
    const settings = section.settings as PlainMap;
    if (asMap(comp.metadata).type === 'abstract' && isMap(settings.spacelift)) {
      const spacelift = shallowCopy(settings.spacelift);
      delete spacelift.workspace_enabled;
      settings.spacelift = spacelift;
    }
  } else if (type === 'kubernetes' || type === 'helm') {
    section.generate = layer('generate', globalLayer('generate'));
  }
  if (['terraform', 'helmfile', 'packer', 'kubernetes', 'helm'].includes(type)) {
    section.source = mergeMaps([globalLayer('source'), base.sections.source, asMap(comp.source)], opts);
    section.provision = mergeMaps([globalLayer('provision'), base.sections.provision, asMap(comp.provision)], opts);
  }
  section.component = baseComponentName;
  const origin = keyChain(all, name)[0];
  return {
    type, name, section, inheritance: base.chain,
    abstract: metadata.type === 'abstract',
    enabled: metadata.enabled !== false,
    origin,
  };
}

function applyPrefixSeparator(s: string, sep: string): string {
  return s.replace(/\//g, sep);
}

function resolveBackend(config: AtmosConfig, section: PlainMap, c: { name: string; baseComponentName: string; stackFile: string; typeSec: PlainMap; base: Base; comp: PlainMap; opts: MergeOptions }): void {
  let backendType = asString(c.typeSec.backend_type);
  if (c.base.backendType) backendType = c.base.backendType;
  if (asString(c.comp.backend_type)) backendType = asString(c.comp.backend_type);
  const globalBackend = asMap(c.typeSec.backend);
  const compBackend = asMap(c.comp.backend);
  const all = mergeMaps([globalBackend, c.base.sections.backend, compBackend], c.opts);
  let backend: PlainMap = {};
  if (backendType && isMap(all[backendType])) backend = shallowCopy(all[backendType] as PlainMap);
  else if (backendType && Object.keys(all).length > 0) {
    const keys = Object.keys(all).sort().join(', ');
    throw new AtmosError('backend-type-mismatch', `backend type mismatch: component "${c.name}" in stack "${c.stackFile}": backend_type is "${backendType}" but backend: only configures ${keys}`);
  }
  const metadata = asMap(section.metadata);
  const sep = config.workspacePrefixSeparator;
  const prefixName = asString(metadata.name) || c.baseComponentName || c.name;
  if (backendType === 's3' && !asString(backend.workspace_key_prefix)) backend.workspace_key_prefix = applyPrefixSeparator(prefixName, sep);
  if (backendType === 'gcs' && !asString(backend.prefix)) backend.prefix = applyPrefixSeparator(prefixName, sep);
  if (backendType === 'azurerm' && !asString(asMap(compBackend.azurerm).key)) {
    const globalKey = asMap(globalBackend.azurerm).key;
    const existing = asString(backend.key);
    const preserve = existing !== '' && (typeof globalKey !== 'string' || globalKey !== existing);
    if (!preserve) backend.key = [...(typeof globalKey === 'string' ? [globalKey] : []), `${applyPrefixSeparator(prefixName, sep)}.terraform.tfstate`].join('/');
  }
  section.backend_type = backendType;
  section.backend = backend;

  let rsType = backendType;
  for (const v of [asString(c.typeSec.remote_state_backend_type), c.base.remoteStateBackendType, asString(c.comp.remote_state_backend_type)]) if (v) rsType = v;
  const rsAll = mergeMaps([asMap(c.typeSec.remote_state_backend), c.base.sections.remote_state_backend, asMap(c.comp.remote_state_backend)], c.opts);
  if (Object.keys(rsAll).length > 0 && rsType && !(rsType in rsAll)) {
    const keys = Object.keys(rsAll).sort().join(', ');
    throw new AtmosError('remote-state-backend-type-mismatch', `backend type mismatch: component "${c.name}" in stack "${c.stackFile}": remote_state_backend_type is "${rsType}" but remote_state_backend: only configures ${keys}. Add a "${rsType}" key under remote_state_backend:, or change remote_state_backend_type to match.`);
  }
  const rsBase = rsType === backendType ? backend : {};
  section.remote_state_backend_type = rsType;
  section.remote_state_backend = mergeMaps([rsBase, asMap(rsAll[rsType])], c.opts);
}

/** atmos.yaml `integrations.github` is merged under every component's `settings.integrations.github`. */
function applyGithubIntegration(config: AtmosConfig, settings: PlainMap, opts: MergeOptions): void {
  const integrations = shallowCopy(asMap(settings.integrations));
  const merged = mergeMaps([asMap(asMap(config.raw.integrations).github), asMap(integrations.github)], opts);
  if (Object.keys(merged).length === 0) return;
  integrations.github = merged;
  settings.integrations = integrations;
}
