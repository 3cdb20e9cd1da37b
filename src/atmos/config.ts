import * as path from 'node:path';
import picomatch from 'picomatch';
import { AtmosError, type AtmosDiagnostic } from './diagnostics';
import type { FileSystemPort } from './fs';
import { globFiles } from './glob';
import { cloneDeep, mergeMaps, parseListMergeStrategy, type ListMergeStrategy } from './merge';
import { isMap, asMap, asString, type PlainMap } from './values';
import { loadYaml } from './yamlLoad';

/** The part of atmos.yaml the engine works from, with every path made absolute. */
export interface AtmosConfig {
  /** the merged atmos.yaml (defaults + files + env), as `describe config` shows it */
  raw: PlainMap;
  cwd: string;
  /** absolute base path */
  basePath: string;
  stacksBasePath: string;
  includedPaths: string[];
  excludedPaths: string[];
  namePattern: string;
  nameTemplate: string;
  /** absolute components base path per component type */
  componentBasePaths: Record<string, string>;
  /** `components.<type>.command` from atmos.yaml */
  componentCommands: Record<string, string>;
  listMergeStrategy: ListMergeStrategy;
  templatesEnabled: boolean;
  templateDelimiters: [string, string];
  templateEvaluations: number;
  ignoreMissingTemplateValues: boolean;
  /** atmos.yaml top-level `env:` */
  env: PlainMap;
  inheritMetadata: boolean;
  workspacesEnabled: boolean;
  workspacePrefixSeparator: string;
  describeProvenance: boolean;
  describeFilter: 'schema' | 'full';
  includeEmpty: boolean;
  manifestSchema: string;
  /** the atmos.yaml files that were loaded, in order */
  files: string[];
  /** directory holding the main atmos.yaml (or cwd) */
  configDir: string;
  gitRoot?: string;
}

export interface LoadConfigOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  fs: FileSystemPort;
  /** `--config` values (files or dirs) */
  configPaths?: string[];
  /** `--base-path` */
  basePath?: string;
  homeDir?: string;
}

const COMPONENT_TYPES = ['terraform', 'helmfile', 'packer', 'ansible', 'kubernetes', 'helm'];

/** Built-in defaults (Atmos pkg/config/default.go), as far as they show in describe output. */
function defaultConfig(): PlainMap {
  return {
    base_path: '',
    components: {
      terraform: {
        base_path: '', apply_auto_approve: false, append_user_agent: 'Atmos (Cloud Posse; +https://atmos.tools)',
        deploy_run_init: false, init_run_reconfigure: false, auto_generate_backend_file: false, auto_generate_files: false,
        command: '', shell: { prompt: '' }, init: { pass_vars: false }, plan: { skip_planfile: false }, plugin_cache: true,
        auto_provision_workdir_for_outputs: true,
      },
      helmfile: {
        base_path: '', use_eks: false, kubeconfig_path: '', helm_aws_profile_pattern: '', cluster_name_pattern: '',
        cluster_name_template: '', cluster_name: '', command: '', auto_generate_files: false,
      },
      packer: { base_path: '', command: '', auto_generate_files: false },
      ansible: { base_path: '', command: '', auto_generate_files: false },
      kubernetes: { base_path: '', provider: '', auto_generate_files: false },
      helm: { base_path: '', auto_generate_files: false },
    },
    stacks: { base_path: '', name_pattern: '', name_template: '', inherit: { metadata: true } },
    workflows: { base_path: '', list: { format: '', columns: [] } },
  };
}

const LOCAL_CONFIG_MARKERS = ['atmos.yaml', '.atmos.yaml', '.atmos', '.atmos.d', 'atmos.d'];

function hasLocalConfig(fs: FileSystemPort, dir: string): boolean {
  return LOCAL_CONFIG_MARKERS.some((m) => fs.stat(path.join(dir, m)) !== undefined);
}

export function findGitRoot(fs: FileSystemPort, start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (fs.stat(path.join(dir, '.git')) !== undefined) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function configFileIn(fs: FileSystemPort, dir: string): string | undefined {
  for (const name of ['atmos.yaml', '.atmos.yaml', 'atmos.yml', '.atmos.yml']) {
    const p = path.join(dir, name);
    if (fs.stat(p) === 'file') return p;
  }
  return undefined;
}

/** Loads one atmos.yaml with its `atmos.d/`, `.atmos.d/` and `import:` files (imports first, the file last). */
function loadConfigFile(fs: FileSystemPort, file: string, env: LoadConfigOptions['env'], diagnostics: AtmosDiagnostic[], loaded: string[], depth = 0): PlainMap | undefined {
  if (depth > 10 || loaded.includes(file)) return undefined;
  const text = fs.readFile(file);
  if (text === undefined) return undefined;
  loaded.push(file);
  const { value, diagnostics: d } = loadYaml(text, file);
  diagnostics.push(...d.filter((x) => x.code !== 'unknown-tag'));
  const own = resolveConfigFunctions(asMap(value), env);
  const dir = path.dirname(file);
  const layers: unknown[] = [];
  if (depth === 0) {
    for (const sub of ['atmos.d', '.atmos.d']) {
      const base = path.join(dir, sub);
      if (fs.stat(base) !== 'dir') continue;
      for (const f of globFiles(fs, base, ['**/*.{yaml,yml}'])) layers.push(loadConfigFile(fs, f, env, diagnostics, loaded, depth + 1));
    }
  }
  const imports = Array.isArray(own.import) ? own.import : typeof own.import === 'string' ? [own.import] : [];
  for (const imp of imports) {
    if (typeof imp !== 'string' || /^[a-z0-9+]+:\/\//i.test(imp)) continue;
    const abs = path.resolve(dir, imp);
    const matches = picomatch.scan(abs).isGlob ? globFiles(fs, '/', [abs.slice(1)]).filter((f) => /\.ya?ml$/.test(f)) : [fs.stat(abs) === 'file' ? abs : fs.stat(abs + '.yaml') === 'file' ? abs + '.yaml' : abs];
    for (const f of matches) {
      const layer = loadConfigFile(fs, f, env, diagnostics, loaded, depth + 1);
      if (layer) layers.push(layer);
      else if (!picomatch.scan(abs).isGlob) diagnostics.push({ severity: 'warning', code: 'config-import-not-found', message: `atmos.yaml import '${imp}' not found`, file });
    }
  }
  layers.push(own);
  return mergeMaps(layers);
}

/** `!env` / `!repo-root` / `!cwd` inside atmos.yaml are evaluated while loading. */
function resolveConfigFunctions(v: PlainMap, env: LoadConfigOptions['env']): PlainMap {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (isMap(x)) {
      for (const k of Object.keys(x)) x[k] = walk(x[k]);
      return x;
    }
    if (typeof x === 'object' && x !== null && (x as { kind?: string }).kind === 'yaml-function') {
      const f = x as { tag: string; arg: string };
      if (f.tag === '!env') {
        const [name, ...def] = f.arg.split(/\s+/);
        return env[name] ?? (def.length ? def.join(' ') : '');
      }
      return `${f.tag} ${f.arg}`.trim();
    }
    return x;
  };
  return walk(v) as PlainMap;
}

export function loadAtmosConfig(opts: LoadConfigOptions): { config: AtmosConfig; diagnostics: AtmosDiagnostic[] } {
  const { fs, env, cwd } = opts;
  const diagnostics: AtmosDiagnostic[] = [];
  const loaded: string[] = [];
  const layers: unknown[] = [defaultConfig()];
  let configDir = cwd;
  const gitRootEnabled = (env.ATMOS_GIT_ROOT_BASEPATH ?? '').toLowerCase() !== 'false';
  const gitRoot = findGitRoot(fs, cwd);
  const addFile = (file: string | undefined): boolean => {
    if (!file) return false;
    const layer = loadConfigFile(fs, file, env, diagnostics, loaded);
    if (!layer) return false;
    layers.push(layer);
    configDir = path.dirname(file);
    return true;
  };
  if (opts.configPaths && opts.configPaths.length > 0) {
    for (const p of opts.configPaths) {
      const abs = path.resolve(cwd, p);
      const file = fs.stat(abs) === 'dir' ? configFileIn(fs, abs) : abs;
      if (!addFile(file)) throw new AtmosError('config-not-found', `atmos config '${p}' not found`, { file: abs });
    }
  } else {
    addFile('/usr/local/etc/atmos/atmos.yaml');
    if (opts.homeDir) addFile(path.join(opts.homeDir, '.atmos', 'atmos.yaml'));
    const cliConfigPath = env.ATMOS_CLI_CONFIG_PATH;
    const localConfig = hasLocalConfig(fs, cwd);
    if (!cliConfigPath && !localConfig) {
      let dir = path.dirname(cwd);
      for (;;) {
        const f = configFileIn(fs, dir);
        if (f) {
          addFile(f);
          break;
        }
        const parent = path.dirname(dir);
        if (parent === dir) break;
        dir = parent;
      }
      if (gitRootEnabled && gitRoot) addFile(configFileIn(fs, gitRoot));
    }
    addFile(configFileIn(fs, cwd));
    if (cliConfigPath) {
      const abs = path.resolve(cwd, cliConfigPath);
      const file = fs.stat(abs) === 'file' ? abs : configFileIn(fs, abs);
      if (!addFile(file)) diagnostics.push({ severity: 'warning', code: 'config-not-found', message: `ATMOS_CLI_CONFIG_PATH '${cliConfigPath}' holds no atmos.yaml` });
    }
  }
  const raw = mergeMaps(layers);
  applyEnvOverrides(raw, env);
  let basePathSource: 'config' | 'runtime' = 'config';
  if (opts.basePath !== undefined) {
    raw.base_path = opts.basePath;
    basePathSource = 'runtime';
  } else if (env.ATMOS_BASE_PATH) {
    raw.base_path = env.ATMOS_BASE_PATH;
    basePathSource = 'runtime';
  }
  const anchor = basePathSource === 'runtime' ? cwd : loaded.length > 0 ? configDir : cwd;
  const basePath = resolveBasePath(fs, asString(raw.base_path), anchor, gitRootEnabled ? gitRoot : undefined, hasLocalConfig(fs, cwd));
  const stacks = asMap(raw.stacks);
  const components = asMap(raw.components);
  const joinBase = (p: string): string => (p === '' ? basePath : path.isAbsolute(p) ? p : path.join(basePath, p));
  const componentBasePaths: Record<string, string> = {};
  const componentCommands: Record<string, string> = {};
  for (const [type, sec] of Object.entries(components)) {
    componentBasePaths[type] = joinBase(asString(asMap(sec).base_path));
    componentCommands[type] = asString(asMap(sec).command);
  }
  for (const t of COMPONENT_TYPES) componentBasePaths[t] ??= basePath;
  const settings = asMap(raw.settings);
  const templates = asMap(asMap(raw.templates).settings);
  const delims = Array.isArray(templates.delimiters) && templates.delimiters.length === 2 ? (templates.delimiters.map(String) as [string, string]) : (['{{', '}}'] as [string, string]);
  const describe = asMap(raw.describe);
  const tfWorkspace = asMap(asMap(components.terraform).workspace);
  const envProv = env.ATMOS_DESCRIBE_PROVENANCE;
  const envFilter = env.ATMOS_DESCRIBE_COMPONENT_FILTER;
  const config: AtmosConfig = {
    raw,
    cwd,
    basePath,
    stacksBasePath: joinBase(asString(stacks.base_path)),
    includedPaths: (Array.isArray(stacks.included_paths) ? stacks.included_paths : []).map(String),
    excludedPaths: (Array.isArray(stacks.excluded_paths) ? stacks.excluded_paths : []).map(String),
    namePattern: asString(stacks.name_pattern),
    nameTemplate: asString(stacks.name_template),
    componentBasePaths,
    componentCommands,
    listMergeStrategy: parseListMergeStrategy(settings.list_merge_strategy) ?? 'replace',
    templatesEnabled: templates.enabled !== false,
    templateDelimiters: delims,
    ignoreMissingTemplateValues: templates.ignore_missing_template_values === true,
    templateEvaluations: typeof templates.evaluations === 'number' && templates.evaluations > 0 ? templates.evaluations : 1,
    env: asMap(raw.env),
    inheritMetadata: asMap(stacks.inherit).metadata !== false,
    workspacesEnabled: asMap(components.terraform).workspaces_enabled !== false,
    workspacePrefixSeparator: asString(tfWorkspace.prefix_separator) || '-',
    describeProvenance: envProv !== undefined && envProv !== '' ? envProv !== 'false' : asMap(describe).provenance !== false,
    describeFilter: (envFilter || asString(asMap(describe.component).filter)) === 'full' ? 'full' : 'schema',
    includeEmpty: asMap(describe.settings).include_empty === true,
    manifestSchema: asString(asMap(asMap(raw.schemas).atmos).manifest) || env.ATMOS_SCHEMAS_ATMOS_MANIFEST || '',
    files: loaded,
    configDir,
    gitRoot,
  };
  return { config, diagnostics };
}

function resolveBasePath(fs: FileSystemPort, configured: string, anchor: string, gitRoot: string | undefined, localConfig: boolean): string {
  if (path.isAbsolute(configured)) return path.normalize(configured);
  if (configured === '.' || configured === '..' || configured.startsWith('./') || configured.startsWith('../')) return path.resolve(anchor, configured);
  if (configured === '') return !localConfig && gitRoot ? gitRoot : anchor;
  if (gitRoot && fs.stat(path.join(gitRoot, configured)) === 'dir') return path.join(gitRoot, configured);
  return path.resolve(anchor, configured);
}

/** Environment variables that override atmos.yaml (Atmos pkg/config/utils.go processEnvVars). */
function applyEnvOverrides(raw: PlainMap, env: LoadConfigOptions['env']): void {
  const set = (keys: string[], value: unknown): void => {
    let cur = raw;
    for (const k of keys.slice(0, -1)) {
      if (!isMap(cur[k])) cur[k] = {};
      cur = cur[k] as PlainMap;
    }
    cur[keys[keys.length - 1]] = value;
  };
  const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);
  const table: Array<[string, string[], (v: string) => unknown]> = [
    ['ATMOS_STACKS_BASE_PATH', ['stacks', 'base_path'], String],
    ['ATMOS_STACKS_INCLUDED_PATHS', ['stacks', 'included_paths'], list],
    ['ATMOS_STACKS_EXCLUDED_PATHS', ['stacks', 'excluded_paths'], list],
    ['ATMOS_STACKS_NAME_PATTERN', ['stacks', 'name_pattern'], String],
    ['ATMOS_STACKS_NAME_TEMPLATE', ['stacks', 'name_template'], String],
    ['ATMOS_COMPONENTS_TERRAFORM_BASE_PATH', ['components', 'terraform', 'base_path'], String],
    ['ATMOS_COMPONENTS_TERRAFORM_COMMAND', ['components', 'terraform', 'command'], String],
    ['ATMOS_COMPONENTS_HELMFILE_BASE_PATH', ['components', 'helmfile', 'base_path'], String],
    ['ATMOS_COMPONENTS_HELMFILE_COMMAND', ['components', 'helmfile', 'command'], String],
    ['ATMOS_COMPONENTS_PACKER_BASE_PATH', ['components', 'packer', 'base_path'], String],
    ['ATMOS_COMPONENTS_PACKER_COMMAND', ['components', 'packer', 'command'], String],
    ['ATMOS_WORKFLOWS_BASE_PATH', ['workflows', 'base_path'], String],
    ['ATMOS_SETTINGS_LIST_MERGE_STRATEGY', ['settings', 'list_merge_strategy'], String],
    ['ATMOS_SCHEMAS_ATMOS_MANIFEST', ['schemas', 'atmos', 'manifest'], String],
  ];
  for (const [name, keys, conv] of table) {
    const v = env[name];
    if (v !== undefined && v !== '') set(keys, conv(v));
  }
}

export function copyConfigForOutput(config: AtmosConfig): PlainMap {
  return cloneDeep(config.raw);
}
