import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { AtmosConfig } from './config';
import { AtmosError, type AtmosDiagnostic, type Origin } from './diagnostics';
import type { FileSystemPort } from './fs';
import { globFiles, isGlob } from './glob';
import { resolveIncludes } from './include';
import { applyFileLocals } from './locals';
import { mergeMaps, shallowCopy, type MergeOptions } from './merge';
import { metaOf } from './provenance';
import { hasTemplate, renderTemplate } from './templating';
import { isMap, asMap, type PlainMap, type YamlFunction } from './values';
import { loadYaml } from './yamlLoad';

export const STACK_EXTENSIONS = ['.yaml', '.yml', '.yaml.tmpl', '.yml.tmpl'];
const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

/** Parsed manifests by file, keyed on a hash of their text (and template context), so unchanged files are never re-parsed. */
export class ParseCache {
  private readonly entries = new Map<string, { key: string; text: string; value: unknown; diagnostics: AtmosDiagnostic[]; unresolved: Array<{ fn: YamlFunction; reason: string }> }>();
  /** file texts read during the current build (a file imported by many stacks is read once) */
  private readonly texts = new Map<string, string | undefined>();
  parses = 0;

  read(fs: FileSystemPort, file: string): string | undefined {
    if (this.texts.has(file)) return this.texts.get(file);
    const text = fs.readFile(file);
    this.texts.set(file, text);
    return text;
  }

  get(file: string, text: string, contextKey: string, produce: () => { value: unknown; diagnostics: AtmosDiagnostic[]; unresolved: Array<{ fn: YamlFunction; reason: string }> }) {
    const id = `${file}\0${contextKey}`;
    const hit = this.entries.get(id);
    if (hit && hit.text === text) return hit;
    const key = createHash('sha1').update(text).update('\0').update(contextKey).digest('hex');
    if (hit && hit.key === key) {
      hit.text = text;
      return hit;
    }
    this.parses++;
    const fresh = { key, text, ...produce() };
    this.entries.set(id, fresh);
    return fresh;
  }

  /** forget what was read of `file` (it changed on disk) */
  invalidate(file: string): void {
    this.texts.delete(file);
  }

  /** a full rebuild re-reads every file; parses of unchanged text are still reused */
  forgetTexts(): void {
    this.texts.clear();
  }
}

export interface ManifestEnv {
  config: AtmosConfig;
  fs: FileSystemPort;
  cache: ParseCache;
  mergeOptions: MergeOptions;
}

export interface ImportOptions {
  context: PlainMap;
  skipTemplates: boolean;
  ignoreMissingTemplateValues: boolean;
}

export interface ManifestResult {
  /** the file's own config merged over everything it imports */
  merged: PlainMap;
  /** transitive imports in processing order (relative stack file names, no extension) */
  imports: string[];
  /** the own (unmerged) config of every imported file, by relative name (Atmos `importsConfig`) */
  rawConfigs: Map<string, PlainMap>;
  /** this file's own config before imports are merged in (Atmos `yamlConfigRaw`) */
  ownRaw: PlainMap;
  /** every file read to build this manifest (absolute) */
  files: Set<string>;
  /** import depth of every file read: 1 = the top-level manifest, 2 = its direct imports, … (smallest seen) */
  depth: Map<string, number>;
  unresolved: Array<{ fn: YamlFunction; reason: string }>;
  warnings: AtmosDiagnostic[];
  tfInline: PlainMap;
  tfImports: PlainMap;
  hfInline: PlainMap;
  hfImports: PlainMap;
}

export function stackFileName(config: AtmosConfig, absFile: string): string {
  let rel = path.relative(config.stacksBasePath, absFile).split(path.sep).join('/');
  for (const ext of ['.yaml.tmpl', '.yml.tmpl', '.yaml', '.yml']) {
    if (rel.endsWith(ext)) {
      rel = rel.slice(0, -ext.length);
      break;
    }
  }
  return rel;
}

interface Frame {
  file: string;
  opts: ImportOptions;
  parentTfInline: PlainMap;
  parentTfImports: PlainMap;
  parentHfInline: PlainMap;
  parentHfImports: PlainMap;
  chain: string[];
}

/** Processes a top-level stack manifest with all its imports (Atmos processYAMLConfigFileWithContextInternal). */
export function processStackManifest(env: ManifestEnv, file: string): ManifestResult {
  return processFile(env, { file, opts: { context: {}, skipTemplates: false, ignoreMissingTemplateValues: false }, parentTfInline: {}, parentTfImports: {}, parentHfInline: {}, parentHfImports: {}, chain: [] });
}

/** Reads and parses one manifest (templating the raw text when Atmos would), without its imports. */
export function loadManifestOwn(env: ManifestEnv, file: string, opts: ImportOptions): { own: PlainMap; unresolved: Array<{ fn: YamlFunction; reason: string }>; warnings: AtmosDiagnostic[] } {
  const { fs, config } = env;
  const text = env.cache.read(fs, file);
  if (text !== undefined && text.length > MAX_MANIFEST_BYTES) throw new AtmosError('manifest-too-large', `stack manifest is larger than 10 MB (${text.length} characters)`, { file, line: 1, col: 1 });
  if (text === undefined) throw new AtmosError('manifest-not-found', 'stack manifest not found', { file });
  if (text.includes('\0')) throw new AtmosError('manifest-binary', 'not a YAML file (binary content)', { file, line: 1, col: 1 });
  const wantsTemplate = !opts.skipTemplates && config.templatesEnabled && (file.endsWith('.tmpl') || Object.keys(opts.context).length > 0);
  const contextKey = wantsTemplate ? JSON.stringify(opts.context) + (opts.ignoreMissingTemplateValues ? '1' : '0') : '';
  const parsed = env.cache.get(file, text, contextKey, () => {
    const warnings: AtmosDiagnostic[] = [];
    let source = text;
    if (wantsTemplate && hasTemplate(text, config.templateDelimiters)) {
      const r = renderTemplate(text, opts.context, { file, delims: config.templateDelimiters, missingKey: opts.ignoreMissingTemplateValues ? 'default' : 'error' });
      if (r.ok) source = r.text;
      else if ('unsupported' in r && r.unsupported) warnings.push({ severity: 'warning', code: 'template-unresolved', message: r.error.message, file, line: r.error.line, col: r.error.col });
      else throw new AtmosError('template-error', `invalid stack manifest template: ${r.error.message}`, { file, line: r.error.line, col: r.error.col });
    }
    const loaded = loadYaml(source, file);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      const e = errors[0];
      throw new AtmosError(e.code, e.message, { file, line: e.line, col: e.col });
    }
    if (loaded.value !== null && loaded.value !== undefined && !isMap(loaded.value)) throw new AtmosError('manifest-invalid', 'stack manifest must be a YAML map', { file, line: 1, col: 1 });
    const unresolved: Array<{ fn: YamlFunction; reason: string }> = [];
    const value = resolveIncludes(loaded.value ?? {}, file, config.basePath, fs, unresolved) as PlainMap;
    const localWarnings: string[] = [];
    applyFileLocals(value, file, config.templateDelimiters, localWarnings);
    for (const w of localWarnings) warnings.push({ severity: 'warning', code: 'template-unresolved', message: w, file });
    return { value, diagnostics: warnings, unresolved };
  });
  // the cached parse is shared by every stack that imports the file: treat it as immutable
  return { own: asMap(parsed.value), unresolved: parsed.unresolved, warnings: parsed.diagnostics };
}

function processFile(env: ManifestEnv, frame: Frame): ManifestResult {
  const { config } = env;
  const { file } = frame;
  const { own, unresolved, warnings } = loadManifestOwn(env, file, frame.opts);
  const result: ManifestResult = {
    merged: {}, ownRaw: {}, imports: [], rawConfigs: new Map(), files: new Set([file]), depth: new Map([[file, frame.chain.length + 1]]), unresolved: [...unresolved], warnings: [...warnings],
    tfInline: {}, tfImports: {}, hfInline: {}, hfImports: {},
  };
  const globalOverrides = asMap(own.overrides);
  const tfInline = mergeMaps([globalOverrides, asMap(asMap(own.terraform).overrides), frame.parentTfInline], env.mergeOptions);
  const hfInline = mergeMaps([globalOverrides, asMap(asMap(own.helmfile).overrides), frame.parentHfInline], env.mergeOptions);
  let tfImports = frame.parentTfImports;
  let hfImports = frame.parentHfImports;

  const layers: PlainMap[] = [];
  const importList = own.import === undefined || own.import === null ? [] : Array.isArray(own.import) ? own.import : [own.import];
  const itemOrigins = metaOf(own.import)?.items ?? [];
  const importKeyOrigin = metaOf(own)?.keys?.get('import')?.[0];
  let accumulated: PlainMap = { ...frame.opts.context };
  importList.forEach((item, index) => {
    const origin: Origin = itemOrigins[index]?.[0] ?? importKeyOrigin ?? { file, line: 1, col: 1 };
    const spec = parseImportItem(item, origin);
    const childContext = mergeMaps([spec.context, frame.opts.context], env.mergeOptions);
    let importPath = spec.path;
    if (hasTemplate(importPath, config.templateDelimiters)) {
      const r = renderTemplate(importPath, mergeMaps([accumulated, spec.context]), { file, delims: config.templateDelimiters, missingKey: 'default' });
      if (r.ok) importPath = r.text;
    }
    if (/^[a-z0-9+]+::|^https?:\/\//i.test(importPath)) {
      result.warnings.push({ severity: 'warning', code: 'remote-import', message: `remote import '${importPath}' is delegated to the atmos CLI and was skipped`, ...origin });
      return;
    }
    // every match of one import item sees the overrides of the items before it (not of its siblings)
    const tfImportsBefore = tfImports;
    const hfImportsBefore = hfImports;
    const matches = resolveImportPath(env, file, importPath);
    if (matches.length === 0) {
      if (spec.skipIfMissing || hasTemplate(spec.path, config.templateDelimiters)) return;
      throw new AtmosError('import-not-found', `import '${spec.path}' not found (manifest '${stackFileName(config, file)}')`, origin);
    }
    for (const match of matches) {
      if (match === file) throw new AtmosError('import-self', `manifest '${stackFileName(config, file)}' imports itself via '${spec.path}'`, origin);
      if (frame.chain.includes(match) ) {
        const cycle = [...frame.chain.slice(frame.chain.indexOf(match)), file, match].map((f) => stackFileName(config, f)).join(' -> ');
        throw new AtmosError('import-cycle', `import cycle: ${cycle}`, origin);
      }
      const child = processFile(env, {
        file: match,
        opts: { context: childContext, skipTemplates: spec.skipTemplates, ignoreMissingTemplateValues: spec.ignoreMissing },
        parentTfInline: tfInline, parentTfImports: tfImportsBefore, parentHfInline: hfInline, parentHfImports: hfImportsBefore,
        chain: [...frame.chain, file],
      });
      const rel = stackFileName(config, match);
      layers.push(child.merged);
      result.imports.push(rel, ...child.imports);
      result.rawConfigs.set(rel, child.ownRaw);
      for (const [k, v] of child.rawConfigs) result.rawConfigs.set(k, v);
      for (const f of child.files) result.files.add(f);
      for (const [f, d] of child.depth) result.depth.set(f, Math.min(d, result.depth.get(f) ?? d));
      result.unresolved.push(...child.unresolved);
      result.warnings.push(...child.warnings);
      tfImports = mergeMaps([tfImports, child.tfImports, child.tfInline], env.mergeOptions);
      hfImports = mergeMaps([hfImports, child.hfImports, child.hfInline], env.mergeOptions);
      const sections: PlainMap = {};
      for (const s of ['settings', 'vars', 'env']) if (isMap(child.merged[s])) sections[s] = child.merged[s];
      if (Object.keys(sections).length > 0) accumulated = mergeMaps([accumulated, sections]);
    }
  });
  const ownRaw = own;
  const finalTf = mergeMaps([tfImports, tfInline], env.mergeOptions);
  const finalHf = mergeMaps([hfImports, hfInline], env.mergeOptions);
  let withOverrides = own;
  for (const [type, ov] of [['terraform', finalTf], ['helmfile', finalHf]] as const) {
    const byName = asMap(withOverrides.components)[type];
    if (Object.keys(ov).length === 0 || !isMap(byName)) continue;
    // the file's components get the overrides that apply to them (copies: the parse is shared)
    const newByName = shallowCopy(byName);
    for (const [name, c] of Object.entries(byName)) {
      if (!isMap(c)) continue;
      const copy = shallowCopy(c);
      copy.overrides = ov;
      newByName[name] = copy;
    }
    const components = shallowCopy(asMap(withOverrides.components));
    components[type] = newByName;
    withOverrides = shallowCopy(withOverrides);
    withOverrides.components = components;
  }
  layers.push(withOverrides);
  result.merged = mergeMaps(layers, env.mergeOptions);
  Object.assign(result, { tfInline, tfImports, hfInline, hfImports, ownRaw });
  return result;
}

interface ImportSpec {
  path: string;
  context: PlainMap;
  skipTemplates: boolean;
  ignoreMissing: boolean;
  skipIfMissing: boolean;
}

function parseImportItem(item: unknown, origin: Origin): ImportSpec {
  if (typeof item === 'string') return { path: item, context: {}, skipTemplates: false, ignoreMissing: false, skipIfMissing: false };
  if (isMap(item) && typeof item.path === 'string') {
    return {
      path: item.path,
      context: asMap(item.context),
      skipTemplates: item.skip_templates_processing === true,
      ignoreMissing: item.ignore_missing_template_values === true,
      skipIfMissing: item.skip_if_missing === true,
    };
  }
  throw new AtmosError('import-invalid', 'invalid import: expected a path string or an object with `path`', origin);
}

/** Absolute files an import path names (extensions, `./` relative paths, globs in lexical order). */
export function resolveImportPath(env: ManifestEnv, importingFile: string, importPath: string): string[] {
  const { config, fs } = env;
  const base = importPath.startsWith('./') || importPath.startsWith('../') ? path.dirname(importingFile) : config.stacksBasePath;
  const abs = path.isAbsolute(importPath) ? importPath : path.join(base, importPath);
  const hasExt = STACK_EXTENSIONS.some((e) => abs.endsWith(e)) || /\.[^/*?]*\*?$/.test(path.basename(abs)) && isGlob(path.basename(abs));
  if (isGlob(abs)) {
    const patterns = hasExt ? [abs] : STACK_EXTENSIONS.map((e) => abs + e);
    return globFiles(fs, '/', patterns).filter((f) => STACK_EXTENSIONS.some((e) => f.endsWith(e)) || hasExt);
  }
  if (STACK_EXTENSIONS.some((e) => abs.endsWith(e))) {
    if (!abs.endsWith('.tmpl') && fs.stat(abs + '.tmpl') === 'file') return [abs + '.tmpl'];
    return fs.stat(abs) === 'file' ? [abs] : [];
  }
  for (const e of STACK_EXTENSIONS) if (fs.stat(abs + e) === 'file') return [abs + e];
  return fs.stat(abs) === 'file' ? [abs] : [];
}
