/**
 * The facts of every manifest under the stacks folder, read once and kept per file until that file changes
 * (`invalidate`), with the lookups the cross-file checks need (definitions by name, inheritors, resolved
 * imports). `withOverlay` gives a view where unsaved editor texts replace their files, without touching
 * the cached state: dropping the view is the revert.
 */
import * as path from 'node:path';
import type { AtmosConfig } from '../config';
import type { FileSystemPort } from '../fs';
import { walkFiles } from '../glob';
import { resolveImportPath, STACK_EXTENSIONS, type ManifestEnv } from '../manifest';
import { documentFacts, type DefinitionFact, type DocumentFacts, type ImportFact } from './documentFacts';

export interface ResolvedImport {
  fact: ImportFact;
  /** absolute files the import names; undefined when it cannot be resolved statically (templated, remote) */
  targets?: string[];
}

/** What the checks read: facts by file and the lookups over all of them. */
export interface FactsView {
  readonly config: AtmosConfig;
  readonly fs: FileSystemPort;
  files(): string[];
  facts(file: string): DocumentFacts | undefined;
  /** every definition of `name` (optionally of one type), in any manifest */
  definitions(name: string, type?: string): DefinitionFact[];
  /** definitions of `name` in the saved files (without unsaved texts) */
  savedDefinitions(name: string, type?: string): DefinitionFact[];
  /** definitions that name `base` in `metadata.inherits` or the legacy `component:` */
  inheritors(type: string, base: string): DefinitionFact[];
  imports(file: string): ResolvedImport[];
  /** files some manifest imports with a `context` */
  contextTargets(): ReadonlySet<string>;
}

const REMOTE = /^[a-z0-9+]+::|^https?:\/\//i;

export function isManifestPath(file: string): boolean {
  return STACK_EXTENSIONS.some((e) => file.endsWith(e));
}

export class WorkspaceFacts implements FactsView {
  private readonly byFile = new Map<string, DocumentFacts | undefined>();
  private fileList: string[] | undefined;
  private defIndex: Map<string, DefinitionFact[]> | undefined;
  private inheritIndex: Map<string, DefinitionFact[]> | undefined;
  private readonly resolved = new Map<string, ResolvedImport[]>();
  private withContext: Set<string> | undefined;

  constructor(
    readonly config: AtmosConfig,
    readonly fs: FileSystemPort,
  ) {}

  /** Every YAML manifest under the stacks folder (templates included). */
  files(): string[] {
    if (!this.fileList) {
      const base = this.config.stacksBasePath;
      this.fileList = this.fs.stat(base) === 'dir' ? walkFiles(this.fs, base).filter(isManifestPath) : [];
    }
    return this.fileList;
  }

  facts(file: string): DocumentFacts | undefined {
    if (!this.byFile.has(file)) {
      const text = this.fs.readFile(file);
      this.byFile.set(file, text === undefined ? undefined : documentFacts(file, text));
    }
    return this.byFile.get(file);
  }

  /** A file changed on disk (or, with no argument, anything did): its facts are read again when next asked. */
  invalidate(file?: string): void {
    const edited = file !== undefined && this.fileList?.includes(file) && this.fs.stat(file) === 'file';
    if (file === undefined) this.byFile.clear();
    else this.byFile.delete(file);
    this.defIndex = undefined;
    this.inheritIndex = undefined;
    this.withContext = undefined;
    if (edited) {
      // the same files exist: every other file's imports still name the same files
      this.resolved.delete(file);
      return;
    }
    // a created or deleted file changes the file list and what globs match
    this.fileList = undefined;
    this.resolved.clear();
  }

  contextTargets(): ReadonlySet<string> {
    if (!this.withContext) {
      this.withContext = new Set();
      for (const f of this.files()) for (const r of this.imports(f)) if (r.fact.withContext) for (const t of r.targets ?? []) this.withContext.add(t);
    }
    return this.withContext;
  }

  definitions(name: string, type?: string): DefinitionFact[] {
    this.indexes();
    const all = this.defIndex!.get(name) ?? [];
    return type === undefined ? all : all.filter((d) => d.type === type);
  }

  savedDefinitions(name: string, type?: string): DefinitionFact[] {
    return this.definitions(name, type);
  }

  inheritors(type: string, base: string): DefinitionFact[] {
    this.indexes();
    return this.inheritIndex!.get(`${type}\0${base}`) ?? [];
  }

  imports(file: string): ResolvedImport[] {
    let r = this.resolved.get(file);
    if (!r) {
      r = resolveImports(this.config, this.fs, this.facts(file));
      this.resolved.set(file, r);
    }
    return r;
  }

  private indexes(): void {
    if (this.defIndex && this.inheritIndex) return;
    this.defIndex = new Map();
    this.inheritIndex = new Map();
    for (const f of this.files()) for (const d of this.facts(f)?.definitions ?? []) addDefinition(this.defIndex, this.inheritIndex, d);
  }

  /** A view where `overlay` (absolute path → unsaved text) replaces those files. */
  withOverlay(overlay: ReadonlyMap<string, string>): FactsView {
    return new OverlayView(this, overlay);
  }
}

function addDefinition(defs: Map<string, DefinitionFact[]>, inherit: Map<string, DefinitionFact[]>, d: DefinitionFact): void {
  const list = defs.get(d.name) ?? [];
  list.push(d);
  defs.set(d.name, list);
  for (const base of new Set([...d.inherits.map((r) => r.name), ...(d.legacyBase ? [d.legacyBase.name] : [])])) {
    const key = `${d.type}\0${base}`;
    const l = inherit.get(key) ?? [];
    l.push(d);
    inherit.set(key, l);
  }
}

function resolveImports(config: AtmosConfig, fs: FileSystemPort, facts: DocumentFacts | undefined): ResolvedImport[] {
  if (!facts) return [];
  const env = { config, fs } as ManifestEnv;
  const [left] = config.templateDelimiters;
  return facts.imports.map((fact) => {
    if (fact.path.includes(left) || REMOTE.test(fact.path)) return { fact };
    try {
      return { fact, targets: resolveImportPath(env, facts.file, fact.path) };
    } catch {
      return { fact };
    }
  });
}

/** An in-memory file system over another: `overlay` texts win, everything else reads through. */
export class OverlayFileSystem implements FileSystemPort {
  constructor(
    private readonly base: FileSystemPort,
    private readonly overlay: ReadonlyMap<string, string>,
  ) {}

  readFile(p: string): string | undefined {
    return this.overlay.get(p) ?? this.base.readFile(p);
  }

  stat(p: string): 'file' | 'dir' | undefined {
    return this.overlay.has(p) ? 'file' : this.base.stat(p);
  }

  readDir(p: string): string[] {
    const names = new Set(this.base.readDir(p));
    for (const f of this.overlay.keys()) if (path.dirname(f) === p) names.add(path.basename(f));
    return [...names].sort();
  }

  size(p: string): number | undefined {
    const t = this.overlay.get(p);
    return t !== undefined ? Buffer.byteLength(t) : this.base.size?.(p);
  }
}

class OverlayView implements FactsView {
  readonly fs: FileSystemPort;
  private readonly own = new Map<string, DocumentFacts>();
  private readonly ownDefs = new Map<string, DefinitionFact[]>();
  private readonly ownInherit = new Map<string, DefinitionFact[]>();
  private readonly ownImports = new Map<string, ResolvedImport[]>();

  constructor(
    private readonly base: WorkspaceFacts,
    private readonly overlay: ReadonlyMap<string, string>,
  ) {
    this.fs = new OverlayFileSystem(base.fs, overlay);
    for (const [file, text] of overlay) {
      const f = documentFacts(file, text);
      this.own.set(file, f);
      if (file.startsWith(base.config.stacksBasePath + path.sep)) for (const d of f.definitions) addDefinition(this.ownDefs, this.ownInherit, d);
    }
  }

  get config(): AtmosConfig {
    return this.base.config;
  }

  files(): string[] {
    const extra = [...this.overlay.keys()].filter((f) => f.startsWith(this.config.stacksBasePath + path.sep) && isManifestPath(f) && !this.base.files().includes(f));
    return extra.length > 0 ? [...this.base.files(), ...extra] : this.base.files();
  }

  facts(file: string): DocumentFacts | undefined {
    return this.own.get(file) ?? this.base.facts(file);
  }

  definitions(name: string, type?: string): DefinitionFact[] {
    const kept = this.base.definitions(name, type).filter((d) => !this.overlay.has(d.file));
    const mine = (this.ownDefs.get(name) ?? []).filter((d) => type === undefined || d.type === type);
    return mine.length > 0 ? [...kept, ...mine] : kept;
  }

  savedDefinitions(name: string, type?: string): DefinitionFact[] {
    return this.base.definitions(name, type);
  }

  inheritors(type: string, base: string): DefinitionFact[] {
    const kept = this.base.inheritors(type, base).filter((d) => !this.overlay.has(d.file));
    return [...kept, ...(this.ownInherit.get(`${type}\0${base}`) ?? [])];
  }

  contextTargets(): ReadonlySet<string> {
    return this.base.contextTargets();
  }

  imports(file: string): ResolvedImport[] {
    if (!this.overlay.has(file)) return this.base.imports(file);
    let r = this.ownImports.get(file);
    if (!r) {
      r = resolveImports(this.config, this.fs, this.own.get(file));
      this.ownImports.set(file, r);
    }
    return r;
  }
}
