import * as path from 'node:path';
import { COMPONENT_TYPES, resolveStackComponents, type ResolvedComponent } from './components';
import { loadAtmosConfig, type AtmosConfig, type LoadConfigOptions } from './config';
import { AtmosError, isAtmosError, type AtmosDiagnostic, type Origin } from './diagnostics';
import { atlantisProjectName, spaceliftStackName } from './integrations';
import { fillFromAtmosCli, type FallbackResult, type ProcessRunner } from './cliFallback';
import { finalizeSection, needsProcessing, type UnresolvedValue } from './finalize';
import { CachingFileSystem, nodeFileSystem, type FileSystemPort } from './fs';
import { globMatcher, walkFiles } from './glob';
import { cloneDeep, shallowCopy, type MergeOptions } from './merge';
import { ParseCache, processStackManifest, stackFileName, STACK_EXTENSIONS, type ManifestEnv, type ManifestResult } from './manifest';
import { metaOf } from './provenance';
import { affectedBy, dependenciesOf, dependentsOf, type Instance } from './relations';
import { configSources } from './sources';
import { resolveStackName, terraformWorkspace } from './stackName';
import { loadHclParser } from './terraform/hclParser';
import { addTerraformConfig } from './terraform/terraformConfig';
import { asMap, isMap, type PlainMap } from './values';

export interface EngineOptions {
  /** directory the engine runs in (where atmos.yaml discovery starts) */
  cwd: string;
  env?: Record<string, string | undefined>;
  fs?: FileSystemPort;
  configPaths?: string[];
  basePath?: string;
  homeDir?: string;
}

export interface DescribeOptions {
  processTemplates?: boolean;
  processFunctions?: boolean;
  skip?: string[];
}

export interface ComponentDescription {
  component: string;
  type: string;
  /** logical stack name */
  stack: string;
  stackFile: string;
  /** absolute path of the top-level manifest */
  manifest: string;
  /** the full describe-component map (filter = full) */
  section: PlainMap;
  unresolved: UnresolvedValue[];
  /** import depth of each file that fed this component (1 = top-level manifest) */
  depth: Map<string, number>;
  /** top-level keys written in the manifest or any of its imports */
  manifestKeys: Set<string>;
}

export interface WhereResult {
  found: boolean;
  value: unknown;
  /** every origin that set or overrode the value, winner first */
  origins: Origin[];
  unresolved?: UnresolvedValue;
}

export interface ComponentListing {
  component: string;
  type: string;
  stacks: string[];
  abstract: boolean;
}

interface ComponentEntry {
  resolved: ResolvedComponent;
  stackName?: string;
  /** a manifest `name:` makes the logical name the only way to address the stack */
  explicitName?: boolean;
  nameError?: string;
}

interface StackEntry {
  file: string;
  stackFile: string;
  manifest?: ManifestResult;
  components: ComponentEntry[];
  diagnostics: AtmosDiagnostic[];
  /** memoized where-lookups (the entry is replaced when its stack is rebuilt) */
  described?: Map<string, ComponentDescription>;
  /** what stackEntries() shows of it, built on first ask */
  view?: StackEntryView;
}

export interface StackEntryView {
  file: string;
  stackFile: string;
  names: string[];
  diagnostics: AtmosDiagnostic[];
  nameErrors: string[];
}

/** a component of a stack entry, with the entry's position among the stacks (queries keep that order) */
interface StackHit {
  s: StackEntry;
  c: ComponentEntry;
  order: number;
  index: number;
}

/**
 * The native Atmos engine shared by the CLI, the tools and the editor. Loads atmos.yaml once, keeps
 * every stack's resolved components, re-resolves only the stacks a changed file reaches. Public calls
 * are serialized, so callers may fire them concurrently while files change.
 */
export class AtmosEngine {
  readonly fs: CachingFileSystem;
  config!: AtmosConfig;
  private readonly env: Record<string, string | undefined>;
  private readonly cache = new ParseCache();
  private stacks = new Map<string, StackEntry>();
  private configDiagnostics: AtmosDiagnostic[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * Components by the stack names that select them (logical name and stack file), kept up to date entry by
   * entry as stacks are rebuilt: queries for one stack must not walk a thousand (a hover asks for a dozen).
   */
  private byStack = new Map<string, StackHit[]>();
  /** each stack file's position in `stacks` (a Map keeps insertion order; a rebuilt entry keeps its place) */
  private readonly order = new Map<string, number>();
  private nextOrder = 0;
  /** top-level stack manifests, kept until a file is created or deleted */
  private topLevelFiles: Set<string> | undefined;
  /** stack files resolved by the last build or change (for tests and status) */
  lastRecomputed: string[] = [];
  /** bumped whenever stacks are (re)built: callers memoise derived answers against it */
  get generation(): number {
    return this.stacksVersion;
  }
  private stacksVersion = 0;
  /** the full component listing, kept for one stacks version */
  private allComponents: { generation: number; list: ComponentListing[] } | undefined;

  private constructor(private readonly options: EngineOptions) {
    this.fs = new CachingFileSystem(options.fs ?? nodeFileSystem);
    this.env = options.env ?? process.env;
  }

  static async open(options: EngineOptions): Promise<AtmosEngine> {
    const engine = new AtmosEngine(options);
    await loadHclParser().catch(() => undefined); // HCL (terraform_config, !include of .tfvars) is read synchronously later
    await engine.serialize(() => engine.reload());
    return engine;
  }

  /** Opens synchronously (for the CLI, which runs one command). */
  static openSync(options: EngineOptions): AtmosEngine {
    const engine = new AtmosEngine(options);
    engine.reload();
    return engine;
  }

  private serialize<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private get mergeOptions(): MergeOptions {
    return { listMergeStrategy: this.config.listMergeStrategy };
  }

  private manifestEnv(): ManifestEnv {
    return { config: this.config, fs: this.fs, cache: this.cache, mergeOptions: this.mergeOptions };
  }

  private reload(): void {
    this.fs.clear();
    this.topLevelFiles = undefined;
    const loadOpts: LoadConfigOptions = { cwd: this.options.cwd, env: this.env, fs: this.fs, configPaths: this.options.configPaths, basePath: this.options.basePath, homeDir: this.options.homeDir };
    const { config, diagnostics } = loadAtmosConfig(loadOpts);
    this.config = config;
    this.configDiagnostics = diagnostics;
    this.cache.forgetTexts();
    this.stacks = new Map();
    this.byStack = new Map();
    this.order.clear();
    const files = this.discoverStackFiles();
    for (const f of files) this.putStack(this.buildStack(f));
    this.lastRecomputed = files.map((f) => stackFileName(this.config, f));
  }

  /** Top-level stack manifests: files under stacks.base_path matching included_paths and not excluded_paths. */
  discoverStackFiles(): string[] {
    const base = this.config.stacksBasePath;
    if (this.fs.stat(base) !== 'dir') return [];
    const withExt = (patterns: string[]): string[] => patterns.flatMap((p) => (STACK_EXTENSIONS.some((e) => p.endsWith(e)) || /\.[^/*]*$/.test(p) ? [p] : [p, ...STACK_EXTENSIONS.map((e) => p + e)]));
    const included = globMatcher(withExt(this.config.includedPaths), base);
    const excluded = globMatcher(withExt(this.config.excludedPaths), base);
    return walkFiles(this.fs, base).filter((f) => STACK_EXTENSIONS.some((e) => f.endsWith(e)) && included(f) && !excluded(f));
  }

  private buildStack(file: string): StackEntry {
    const entry: StackEntry = { file, stackFile: stackFileName(this.config, file), components: [], diagnostics: [] };
    try {
      entry.manifest = processStackManifest(this.manifestEnv(), file);
      entry.diagnostics.push(...entry.manifest.warnings);
    } catch (err) {
      entry.diagnostics.push(toDiagnostic(err, file));
      return entry;
    }
    const resolved = resolveStackComponents(this.config, entry.stackFile, entry.manifest.merged, this.mergeOptions, (type, name, err) => {
      entry.diagnostics.push(toDiagnostic(err, file, `component '${name}' (${type})`));
    }, (type, name) => this.fs.stat(path.join(this.config.componentBasePaths[type] ?? this.config.basePath, name)) === 'dir');
    for (const r of resolved) {
      const n = resolveStackName(this.config, entry.stackFile, entry.manifest.merged, r.section, file);
      entry.components.push(n.ok ? { resolved: r, stackName: n.name, explicitName: n.source === 'manifest' } : { resolved: r, nameError: n.message });
    }
    return entry;
  }

  // ---------------------------------------------------------------- incremental

  /** Stack files (relative names) whose result depends on `file` (the manifest itself or any import). */
  stacksReachedBy(file: string): string[] {
    const abs = path.resolve(this.options.cwd, file);
    return [...this.stacks.values()].filter((s) => s.file === abs || s.manifest?.files.has(abs)).map((s) => s.stackFile);
  }

  /** Re-reads `file` and re-resolves exactly the stacks it reaches; returns their stack file names. */
  applyChange(file: string): Promise<{ recomputed: string[] }> {
    return this.serialize(() => {
      const abs = path.resolve(this.options.cwd, file);
      this.cache.invalidate(abs);
      if (this.fs.refresh(abs)) this.topLevelFiles = undefined;
      if (this.config.files.includes(abs) || path.basename(abs).match(/^\.?atmos\.ya?ml$/)) {
        this.reload();
        return { recomputed: this.lastRecomputed };
      }
      this.topLevelFiles ??= new Set(this.discoverStackFiles());
      const topLevel = this.topLevelFiles;
      const reached = [...this.stacks.values()].filter((s) => s.file === abs || s.manifest?.files.has(abs) || s.manifest === undefined).map((s) => s.file);
      const known = reached.length > 0;
      // a file nobody read yet may be matched by an import glob: recompute everything to be safe
      const targets = new Set(known ? reached : [...this.stacks.keys()]);
      if (topLevel.has(abs)) targets.add(abs);
      for (const f of [...this.stacks.keys()]) if (!topLevel.has(f)) {
        this.unindex(this.stacks.get(f)!);
        this.stacks.delete(f);
        this.stacksVersion++;
        this.order.delete(f);
        targets.delete(f);
      }
      for (const f of targets) this.putStack(this.buildStack(f));
      this.lastRecomputed = [...targets].map((f) => stackFileName(this.config, f)).sort();
      return { recomputed: this.lastRecomputed };
    });
  }

  get parseCount(): number {
    return this.cache.parses;
  }

  // ---------------------------------------------------------------- queries

  diagnostics(): AtmosDiagnostic[] {
    return [...this.configDiagnostics, ...[...this.stacks.values()].flatMap((s) => s.diagnostics)];
  }

  /** Every logical stack name that has at least one component, sorted. */
  listStacks(component?: string): string[] {
    const names = new Set<string>();
    for (const s of this.stacks.values()) {
      for (const c of s.components) {
        if (component && c.resolved.name !== component) continue;
        names.add(c.stackName ?? s.stackFile);
      }
    }
    return [...names].sort();
  }

  listComponents(stack?: string): ComponentListing[] {
    if (stack) return this.collectComponents(stack);
    // the whole listing is asked for by every code lens and completion: kept until a stack is rebuilt
    if (this.allComponents?.generation !== this.generation) this.allComponents = { generation: this.generation, list: this.collectComponents() };
    return this.allComponents.list.map((i) => ({ ...i, stacks: i.stacks.slice() }));
  }

  private collectComponents(stack?: string): ComponentListing[] {
    // stacks as a Set while collecting: a component deployed in a thousand stacks must not cost a million compares
    const byKey = new Map<string, Omit<ComponentListing, 'stacks'> & { stacks: Set<string> }>();
    const groups = stack ? [this.componentsOfStack(stack)] : [...this.stacks.values()].map((s) => s.components.map((c) => ({ s, c })));
    for (const cs of groups) {
      for (const { s, c } of cs) {
        const stackName = c.stackName ?? s.stackFile;
        if (stack && stack !== stackName && stack !== s.stackFile) continue;
        const key = `${c.resolved.type}\0${c.resolved.name}`;
        let item = byKey.get(key);
        if (!item) byKey.set(key, (item = { component: c.resolved.name, type: c.resolved.type, stacks: new Set(), abstract: c.resolved.abstract }));
        item.stacks.add(stackName);
      }
    }
    return [...byKey.values()].map((i) => ({ ...i, stacks: [...i.stacks].sort() })).sort((a, b) => (a.component < b.component ? -1 : a.component > b.component ? 1 : a.type < b.type ? -1 : 1));
  }

  /** stores a (re)built entry in place of the old one and re-indexes its components */
  private putStack(entry: StackEntry): void {
    this.stacksVersion++;
    const old = this.stacks.get(entry.file);
    if (old) this.unindex(old);
    this.stacks.set(entry.file, entry);
    let order = this.order.get(entry.file);
    if (order === undefined) this.order.set(entry.file, (order = this.nextOrder++));
    const touched = new Set<StackHit[]>();
    entry.components.forEach((c, index) => {
      const hit: StackHit = { s: entry, c, order: order!, index };
      for (const key of new Set([c.stackName ?? entry.stackFile, entry.stackFile])) {
        let list = this.byStack.get(key);
        if (!list) this.byStack.set(key, (list = []));
        list.push(hit);
        touched.add(list);
      }
    });
    for (const list of touched) list.sort((a, b) => a.order - b.order || a.index - b.index);
  }

  private unindex(entry: StackEntry): void {
    for (const key of new Set([entry.stackFile, ...entry.components.map((c) => c.stackName ?? entry.stackFile)])) {
      const list = this.byStack.get(key)?.filter((h) => h.s !== entry);
      if (list && list.length > 0) this.byStack.set(key, list);
      else this.byStack.delete(key);
    }
  }

  /** The components a stack name can select (by logical name or by stack file), in stack order. */
  private componentsOfStack(stack: string): readonly StackHit[] {
    return this.byStack.get(stack) ?? [];
  }

  private matchStack(s: StackEntry, c: ComponentEntry, stack: string): boolean {
    return c.stackName === stack || (s.stackFile === stack && !c.explicitName);
  }

  /** `atmos describe component <component> -s <stack>` (all keys, filter = full). Throws AtmosError when not found. */
  describeComponentSync(component: string, stack: string, opts: DescribeOptions = {}): ComponentDescription {
    let stackSeen = false;
    for (const { s, c } of this.componentsOfStack(stack)) {
      if (!this.matchStack(s, c, stack)) continue;
      stackSeen = true;
      if (c.resolved.name !== component) continue;
      return this.describeEntry(s, c, component, stack, opts, true);
    }
    const failed = [...this.stacks.values()].find((s) => s.stackFile === stack && s.diagnostics.some((d) => d.severity === 'error'));
    if (failed) {
      const d = failed.diagnostics.find((x) => x.severity === 'error')!;
      throw new AtmosError(d.code, d.message, d.file ? { file: d.file, line: d.line, col: d.col } : undefined);
    }
    const nameError = [...this.stacks.values()].flatMap((s) => s.components.filter((c) => c.resolved.name === component && c.nameError && s.stackFile === stack).map((c) => c.nameError));
    if (nameError.length > 0) throw new AtmosError('stack-name', nameError[0]!);
    if (!stackSeen) {
      const all = this.listStacks();
      const suggestion = closest(stack, all);
      throw new AtmosError('invalid-stack', `invalid stack\n\nStack ${stack} not found.`, undefined, [
        ...(suggestion ? [`Did you mean ${suggestion}?`] : []),
        'Run atmos list stacks to see all available stacks.',
      ]);
    }
    throw new AtmosError('invalid-component', `Could not find the component ${component} in the stack ${stack}.`, undefined, [
      `Check that the component is defined in the stack manifests for ${stack}, or run atmos list components -s ${stack}.`,
    ]);
  }

  describeComponent(component: string, stack: string, opts: DescribeOptions = {}): Promise<ComponentDescription> {
    return this.serialize(() => this.describeComponentSync(component, stack, opts));
  }

  /**
   * describeComponent, then asks the atmos CLI (when given) for the values the native engine left
   * unresolved; the filled paths leave `unresolved`. Without a CLI the markers stay: never invented.
   */
  async describeComponentWithFallback(component: string, stack: string, cli: { runner: ProcessRunner; atmosPath: string }, opts: DescribeOptions = {}): Promise<ComponentDescription & { fallback: FallbackResult }> {
    const d = await this.describeComponent(component, stack, opts);
    const fallback = await fillFromAtmosCli(cli.runner, cli.atmosPath, { component, stack, cwd: this.config.cwd, env: this.env }, d.section, d.unresolved);
    return { ...d, unresolved: d.unresolved.filter((u) => !fallback.filled.includes(u.path)), fallback };
  }

  private describeEntry(s: StackEntry, c: ComponentEntry, componentArg: string, stackArg: string, opts: DescribeOptions, forComponent: boolean, withSources = forComponent): ComponentDescription {
    const manifest = s.manifest!;
    const r = c.resolved;
    const stackName = c.stackName ?? s.stackFile;
    // only a section with templates or functions is edited below: the rest needs no deep copy
    const needs = needsProcessing(r.section, this.config.templateDelimiters[0]);
    const section = needs ? cloneDeep(r.section) : shallowCopy(r.section);
    section.atmos_component = componentArg;
    section.atmos_stack = stackName;
    section.stack = stackName;
    section.atmos_stack_file = s.stackFile;
    section.atmos_manifest = s.stackFile;
    if (forComponent) section.component_type = r.type;
    const base = String(section.component ?? r.name);
    section.component_info = { component_path: this.componentPath(r.type, base, forComponent), component_type: r.type };
    // describe stacks leaves the base component out of the workspace context (as Atmos does)
    if (r.type === 'terraform' || forComponent) section.workspace = terraformWorkspace(this.config, s.stackFile, manifest.merged, section, r.name, forComponent ? base : '', s.file);
    const spacelift = spaceliftStackName(this.config, section, componentArg, stackName, s.file);
    if (spacelift) section.spacelift_stack = spacelift;
    const atlantis = atlantisProjectName(this.config, section, componentArg);
    if (atlantis) section.atlantis_project = atlantis;
    // `sources` shows the values before templates and functions run (Atmos excludes it from evaluation)
    const src = withSources ? configSources({ type: r.type, component: r.name, inheritance: r.inheritance, stackFile: s.stackFile, stackRaw: manifest.ownRaw, importsRaw: manifest.rawConfigs, section: cloneDeep(section) }) : undefined;
    const unresolved = !needs ? [] : finalizeSection(this.config, section, {
      processTemplates: opts.processTemplates !== false,
      processFunctions: opts.processFunctions !== false,
      skip: opts.skip,
      env: this.env,
      file: s.file,
    });
    for (const u of manifest.unresolved) unresolved.push({ path: '', expression: `${u.fn.tag} ${u.fn.arg}`, reason: u.reason });
    if (forComponent && r.type === 'terraform') {
      const problem = addTerraformConfig(section.component_info as PlainMap, this.fs, this.componentPath(r.type, base, true));
      if (problem) unresolved.push(problem);
    }
    delete section.locals;
    if (forComponent && withSources) {
      const raw = this.config.raw;
      section.atmos_cli_config = { base_path: raw.base_path, components: raw.components, stacks: raw.stacks, workflows: raw.workflows };
      section.cli_args = ['describe', 'component'];
      section.tf_cli_vars = {};
      section.imports = [...new Set(manifest.imports)].sort();
      if (src) {
        section.sources = src.sources;
        section.deps = src.deps;
        section.deps_all = src.depsAll;
      }
    }
    // keys written at the top level, inside `overrides` or (as `providers:key`) inside type sections of
    // the manifests: what Atmos's provenance view can attribute (see output.ts renderProvenanceYaml)
    const manifestKeys = new Set<string>();
    for (const m of [manifest.ownRaw, ...manifest.rawConfigs.values()]) {
      for (const k of Object.keys(m)) manifestKeys.add(k);
      for (const ov of [m.overrides, asMap(m.terraform).overrides, asMap(m.helmfile).overrides]) for (const k of Object.keys(asMap(ov))) manifestKeys.add(k);
      for (const t of ['terraform', 'helmfile', 'packer', 'ansible']) for (const k of Object.keys(asMap(m[t]))) manifestKeys.add(`${t}.${k}`);
    }
    return { component: r.name, type: r.type, stack: stackName, stackFile: s.stackFile, manifest: s.file, section, unresolved, depth: manifest.depth, manifestKeys };
  }

  private componentPath(type: string, base: string, absolute: boolean): string {
    const abs = path.join(this.config.componentBasePaths[type] ?? this.config.basePath, base);
    if (absolute) return abs;
    const rel = path.relative(this.config.cwd, abs);
    return rel.startsWith('..') ? abs : rel.split(path.sep).join('/');
  }

  /**
   * Maps a filesystem path argument (`.`, `./vpc`, an absolute dir) to the component name it implements in
   * `stack`. Returns the name, or a usage problem (ambiguous / not a component directory).
   */
  componentFromPath(arg: string, stack: string): { ok: true; component: string } | { ok: false; message: string; hints: string[] } {
    const abs = path.resolve(this.config.cwd, arg);
    if (abs === this.config.stacksBasePath || abs.startsWith(this.config.stacksBasePath + path.sep)) {
      return { ok: false, message: `path is not within Atmos component directories\n\nPath points to the stacks configuration directory, not a component: ${abs}`, hints: ['Components are located in component directories (terraform, helmfile, packer)'] };
    }
    for (const [type, base] of Object.entries(this.config.componentBasePaths)) {
      if (base === this.config.basePath) continue;
      const rel = path.relative(base, abs);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const folder = rel.split(path.sep).join('/');
      const matches = new Set<string>();
      for (const s of this.stacks.values()) {
        for (const c of s.components) {
          if (c.resolved.type !== type || !this.matchStack(s, c, stack)) continue;
          if (String(c.resolved.section.component ?? c.resolved.name) === folder && !c.resolved.abstract) matches.add(c.resolved.name);
        }
      }
      const names = [...matches].sort();
      if (names.length === 1) return { ok: true, component: names[0] };
      if (names.length > 1) {
        return { ok: false, message: `ambiguous component path\n\nPath resolves to ${folder} which is referenced by multiple components in stack ${stack}\n\nMatching components: ${names.join(', ')}`, hints: [`Use the exact component name instead of a path Example: atmos terraform <command> ${names[0]} --stack ${stack}`] };
      }
      return { ok: true, component: folder };
    }
    return { ok: false, message: `path is not within Atmos component directories: ${abs}`, hints: ['Change to a component directory and use . or provide a path within a component directory'] };
  }

  /** `atmos describe stacks` shape: `{ <stack>: { components: { <type>: { <name>: {…} } } } }`. */
  describeStacksSync(filter: { stack?: string; components?: string[]; componentTypes?: string[]; sections?: string[]; includeEmpty?: boolean } & DescribeOptions = {}): PlainMap {
    const out: PlainMap = {};
    for (const s of this.stacks.values()) {
      for (const c of s.components) {
        const stackName = c.stackName ?? s.stackFile;
        if (filter.stack && filter.stack !== stackName && filter.stack !== s.stackFile) continue;
        if (filter.components && !filter.components.includes(c.resolved.name)) continue;
        if (filter.componentTypes && !filter.componentTypes.includes(c.resolved.type)) continue;
        const d = this.describeEntry(s, c, c.resolved.name, stackName, filter, false);
        let section = d.section;
        if (filter.sections && filter.sections.length > 0) {
          const picked: PlainMap = {};
          for (const k of filter.sections) if (k in section) picked[k] = section[k];
          section = picked;
        }
        const st = (out[stackName] ??= { components: {} }) as PlainMap;
        const byType = asMap(st.components);
        st.components = byType;
        const t = (byType[c.resolved.type] ??= {}) as PlainMap;
        t[c.resolved.name] = section;
      }
    }
    return out;
  }

  describeStacks(filter: Parameters<AtmosEngine['describeStacksSync']>[0] = {}): Promise<PlainMap> {
    return this.serialize(() => this.describeStacksSync(filter));
  }

  /** describe-component data without `sources`, kept per stack entry until a change rebuilds the stack. */
  private describedForWhere(component: string, stack: string): ComponentDescription {
    for (const s of this.stacks.values()) {
      for (const c of s.components) {
        if (c.resolved.name !== component || !this.matchStack(s, c, stack)) continue;
        s.described ??= new Map();
        const key = `${component}\0${stack}`;
        let d = s.described.get(key);
        if (!d) {
          d = this.describeEntry(s, c, component, stack, {}, true, false);
          s.described.set(key, d);
        }
        return d;
      }
    }
    return this.describeComponentSync(component, stack);
  }

  /** The value at `dottedPath` of a component and every file:line that set it, winner first. */
  whereSync(component: string, stack: string, dottedPath: string): WhereResult {
    const d = this.describedForWhere(component, stack);
    const segs = dottedPath.replace(/^\./, '').split('.').filter(Boolean);
    let parent: unknown = d.section;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const last = i === segs.length - 1;
      if (Array.isArray(parent) && /^\d+$/.test(seg) && Number(seg) < parent.length) {
        if (last) {
          const origins = metaOf(parent)?.items?.[Number(seg)] ?? [];
          return { found: true, value: parent[Number(seg)], origins };
        }
        parent = parent[Number(seg)];
      } else if (isMap(parent) && Object.prototype.hasOwnProperty.call(parent, seg)) {
        if (last) {
          const origins = metaOf(parent)?.keys?.get(seg) ?? [];
          const unresolved = d.unresolved.find((u) => u.path === segs.join('.'));
          return { found: true, value: parent[seg], origins, ...(unresolved ? { unresolved } : {}) };
        }
        parent = parent[seg];
      } else return { found: false, value: undefined, origins: [] };
    }
    return { found: true, value: d.section, origins: [] };
  }

  where(component: string, stack: string, dottedPath: string): Promise<WhereResult> {
    return this.serialize(() => this.whereSync(component, stack, dottedPath));
  }

  /** Every component instance (unprocessed templates/functions), for relation queries. */
  private instances(): Instance[] {
    const out: Instance[] = [];
    for (const s of this.stacks.values()) {
      for (const c of s.components) {
        if (c.resolved.abstract) continue; // blueprints are never deployed: nothing depends on or is affected by them
        out.push({ component: c.resolved.name, type: c.resolved.type, stack: c.stackName ?? s.stackFile, stackFile: s.stackFile, manifest: s.file, files: s.manifest?.files ?? new Set([s.file]), section: c.resolved.section });
      }
    }
    return out;
  }

  /** What `component` in `stack` depends on (`dependencies.components`, `settings.depends_on`). */
  dependencies(component: string, stack: string): Promise<Array<{ component: string; stack: string }>> {
    return this.serialize(() => {
      const all = this.instances();
      const me = all.find((i) => i.component === component && (i.stack === stack || i.stackFile === stack));
      return me ? dependenciesOf(me, all) : [];
    });
  }

  /** Component instances that depend on `component` in `stack`. */
  dependents(component: string, stack: string): Promise<Array<{ component: string; stack: string }>> {
    return this.serialize(() => {
      const all = this.instances();
      const me = all.find((i) => i.component === component && (i.stack === stack || i.stackFile === stack));
      return me ? dependentsOf(component, me.stack, all) : [];
    });
  }

  /** Component instances affected by changes to `files` (manifests they are built from, or their component folder). */
  affected(files: string[]): Promise<Array<{ component: string; stack: string; reason: string }>> {
    return this.serialize(() => affectedBy(files.map((f) => path.resolve(this.options.cwd, f)), this.instances(), this.config.componentBasePaths, this.config.files));
  }

  /** Components (type, name) defined in a stack, for completion and trees. */
  componentTypes(): readonly string[] {
    return COMPONENT_TYPES;
  }

  stackEntries(): StackEntryView[] {
    return [...this.stacks.values()].map((s) => (s.view ??= {
      file: s.file,
      stackFile: s.stackFile,
      names: [...new Set(s.components.map((c) => c.stackName ?? s.stackFile))],
      diagnostics: s.diagnostics,
      nameErrors: [...new Set(s.components.flatMap((c) => (c.nameError ? [c.nameError] : [])))],
    }));
  }

  /** Atmos's own preconditions for commands over stacks (a missing stacks folder is an error there). */
  stacksFolderProblem(): string | undefined {
    if (this.fs.stat(this.config.stacksBasePath) === 'dir') return undefined;
    const configured = String((this.config.raw.stacks as { base_path?: unknown } | undefined)?.base_path ?? '');
    return `The atmos.yaml CLI config file specifies the directory for Atmos stacks as ${configured || this.config.stacksBasePath}, but the directory does not exist.`;
  }
}

function toDiagnostic(err: unknown, file: string, context?: string): AtmosDiagnostic {
  if (isAtmosError(err)) {
    const d = err.toDiagnostic();
    return { ...d, file: d.file ?? file, message: context && !d.file ? `${context}: ${d.message}` : d.message };
  }
  return { severity: 'error', code: 'internal', message: `${context ? context + ': ' : ''}${err instanceof Error ? err.message : String(err)}`, file };
}

function closest(target: string, candidates: string[]): string | undefined {
  const byLength = (xs: string[]) => xs.sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
  const prefixed = candidates.filter((c) => c.startsWith(target) || target.startsWith(c));
  if (prefixed.length > 0) return byLength(prefixed);
  const containing = candidates.filter((c) => c.includes(target));
  if (containing.length > 0) return byLength(containing);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = levenshtein(target, c);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return best !== undefined && bestScore <= Math.max(3, Math.floor(target.length / 2) + 2) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
