/**
 * In stack manifests: hovers (a key's resolved value in every stack the file reaches, and who wins),
 * go-to-definition (imports, `metadata.component`, `metadata.inherits`, depends_on), and code lenses
 * (Describe · N stacks above components, the resolved file count above `import:`).
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AtmosEngine } from '../../atmos/engine';
import { originLink, valueReportMarkdown } from '../../editorSupport/hoverText';
import { importTargets } from '../../editorSupport/importTargets';
import { completionSite, componentFolders, importCandidates } from '../../editorSupport/stackCompletion';
import { classifyStackKey } from '../../editorSupport/stackKeyPath';
import { stacksOfFile, stackValueReport } from '../../editorSupport/stackValues';
import { yamlKeys, yamlPathAt } from '../../editorSupport/yamlPath';
import type { EditorState } from './editorState';
import { stackFileSelector } from './stackFileSelector';

const selector = stackFileSelector;

async function stackEngine(state: EditorState, doc: vscode.TextDocument): Promise<AtmosEngine | undefined> {
  const engine = await state.engineFor(doc.uri.fsPath);
  return engine && state.isStackFile(engine, doc.uri.fsPath) ? engine : undefined;
}

function fileStart(file: string): vscode.Location {
  return new vscode.Location(vscode.Uri.file(file), new vscode.Position(0, 0));
}

/** The file a component folder opens on: main.tf, else the first file in it, else the folder. */
function componentFolderFile(folder: string): string | undefined {
  if (!existsSync(folder)) return undefined;
  for (const f of ['main.tf', 'variables.tf', 'helmfile.yaml', 'helmfile.yaml.gotmpl']) if (existsSync(path.join(folder, f))) return path.join(folder, f);
  try {
    const first = readdirSync(folder, { withFileTypes: true }).find((e) => e.isFile());
    return first ? path.join(folder, first.name) : undefined;
  } catch {
    return undefined;
  }
}

export function registerStackFileFeatures(state: EditorState): vscode.Disposable[] {
  const hover: vscode.HoverProvider = {
    async provideHover(doc, position) {
      const engine = await stackEngine(state, doc);
      if (!engine) return undefined;
      const at = yamlPathAt(doc.getText(), doc.offsetAt(position));
      if (!at) return undefined;
      const key = classifyStackKey(at.path);
      const range = new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.end));
      if ((key.kind === 'import' || (at.path[0] === 'import' && at.path[2] === 'path')) && at.on === 'value' && at.scalar) {
        const files = importTargets(engine, doc.uri.fsPath, at.scalar);
        const list = files.map((f) => `- ${originLink({ file: f, line: 1, col: 1 }, engine.config.stacksBasePath)}`).join('\n');
        return new vscode.Hover(new vscode.MarkdownString(files.length > 0 ? `**import** \`${at.scalar}\` → ${files.length} file${files.length === 1 ? '' : 's'}\n\n${list}` : `**import** \`${at.scalar}\` matches no file`), range);
      }
      if (key.kind !== 'component-value' && key.kind !== 'type-value' && key.kind !== 'global-value') return undefined;
      const keyLine = findKeyLine(doc, at.path);
      const report = stackValueReport(engine, state.cache, state.componentIndex(engine), doc.uri.fsPath, keyLine, key);
      const title = key.kind === 'component-value' ? `${key.component} · ${key.sectionPath.join('.')}` : key.sectionPath.join('.');
      const md = new vscode.MarkdownString(valueReportMarkdown(title, report, doc.uri.fsPath, engine.config.stacksBasePath));
      return new vscode.Hover(md, new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.end)));
    },
  };

  const definition: vscode.DefinitionProvider = {
    async provideDefinition(doc, position) {
      const engine = await stackEngine(state, doc);
      if (!engine) return undefined;
      const at = yamlPathAt(doc.getText(), doc.offsetAt(position));
      if (!at || at.on !== 'value' || !at.scalar) return undefined;
      const key = classifyStackKey(at.path);
      const value = at.scalar;
      // an object import entry: `- path: catalog/x`
      const objectImport = at.path[0] === 'import' && typeof at.path[1] === 'number' && at.path[2] === 'path';
      if (key.kind === 'import' || objectImport) return importTargets(engine, doc.uri.fsPath, value).map(fileStart);
      if (key.kind === 'metadata-component') {
        const base = engine.config.componentBasePaths[key.type] ?? engine.config.basePath;
        const file = componentFolderFile(path.join(base, value));
        return file ? [fileStart(file)] : undefined;
      }
      if (key.kind === 'inherits' || key.kind === 'depends-on') {
        const type = key.kind === 'inherits' ? key.type : undefined;
        const defs = state.componentIndex(engine).definitions(type, value);
        return defs.map((d) => new vscode.Location(vscode.Uri.file(d.file), new vscode.Position(d.line - 1, d.col - 1)));
      }
      return undefined;
    },
  };

  const lenses: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: state.onDidChange,
    async provideCodeLenses(doc) {
      const engine = await stackEngine(state, doc);
      if (!engine) return [];
      const file = doc.uri.fsPath;
      const stacks = new Set(stacksOfFile(engine, file));
      const listing = engine.listComponents();
      const out: vscode.CodeLens[] = [];
      const keys = yamlKeys(doc.getText());
      for (const k of keys) {
        const range = new vscode.Range(k.line - 1, k.col - 1, k.line - 1, k.col - 1);
        if (k.path.length === 1 && k.path[0] === 'import') {
          const entries = keys.filter((e) => e.path.length === 2 && e.path[0] === 'import' && typeof e.path[1] === 'number' && e.scalar !== undefined)
            .concat(keys.filter((e) => e.path.length === 3 && e.path[0] === 'import' && e.path[2] === 'path' && e.scalar !== undefined));
          const files = [...new Set(entries.flatMap((e) => importTargets(engine, file, e.scalar!)))];
          out.push(new vscode.CodeLens(range, {
            title: `imports ${files.length} file${files.length === 1 ? '' : 's'}`,
            command: 'atmosAi.openFiles',
            arguments: [files],
          }));
        }
        const [a, type, name] = k.path;
        if (k.path.length === 3 && a === 'components' && typeof type === 'string' && typeof name === 'string' && ['terraform', 'helmfile', 'packer'].includes(type)) {
          const item = listing.find((c) => c.type === type && c.component === name);
          const inStacks = (item?.stacks ?? []).filter((s) => stacks.has(s));
          out.push(new vscode.CodeLens(range, {
            title: inStacks.length > 0 ? `Describe · ${inStacks.length} stack${inStacks.length === 1 ? '' : 's'}` : 'not in any stack',
            command: inStacks.length > 0 ? 'atmosAi.describeComponent' : '',
            arguments: [{ component: name, stacks: inStacks, root: state.rootOf(engine) }],
          }));
        }
      }
      return out;
    },
  };

  const completion: vscode.CompletionItemProvider = {
    async provideCompletionItems(doc, position) {
      const engine = await stackEngine(state, doc);
      if (!engine) return undefined;
      const site = completionSite(doc.getText(), position.line, position.character);
      if (!site) return undefined;
      const range = new vscode.Range(position.translate(0, -site.prefix.length), position);
      const K = vscode.CompletionItemKind;
      const item = (label: string, kind: vscode.CompletionItemKind, detail?: string) => {
        const c = new vscode.CompletionItem(label, kind);
        c.range = range;
        if (detail) c.detail = detail;
        return c;
      };
      if (site.kind === 'import') {
        const own = engine.config.stacksBasePath;
        const self = path.relative(own, doc.uri.fsPath).replace(/\.(ya?ml)(\.tmpl)?$/, '').split(path.sep).join('/');
        return importCandidates(engine.fs, own).filter((p) => p !== self).map((p) => item(p, K.File, 'stack manifest'));
      }
      if (site.kind === 'component-folder') {
        const base = engine.config.componentBasePaths[site.type] ?? engine.config.basePath;
        return componentFolders(engine.fs, base).map((f) => item(f, K.Folder, `${site.type} component folder`));
      }
      const seen = new Map<string, string>();
      for (const c of engine.listComponents()) if (!site.type || c.type === site.type) seen.set(c.component, `${c.type}${c.abstract ? ' · abstract' : ''} · ${c.stacks.length} stacks`);
      // also what the manifests define even when no stack resolves right now (a broken import breaks every stack)
      for (const d of state.componentIndex(engine).all()) if ((!site.type || d.type === site.type) && !seen.has(d.name)) seen.set(d.name, `${d.type} · ${path.relative(engine.config.stacksBasePath, d.file).split(path.sep).join('/')}`);
      return [...seen].map(([name, detail]) => item(name, K.Module, detail));
    },
  };

  const symbols: vscode.DocumentSymbolProvider = {
    async provideDocumentSymbols(doc) {
      const engine = await stackEngine(state, doc);
      if (!engine) return [];
      return stackSymbols(doc);
    },
  };

  /** On a component (its key, an inherits entry or metadata.component's owner): its definitions, what inherits it, the stacks that deploy it. */
  const references: vscode.ReferenceProvider = {
    async provideReferences(doc, position) {
      const engine = await stackEngine(state, doc);
      if (!engine) return undefined;
      const at = yamlPathAt(doc.getText(), doc.offsetAt(position));
      if (!at) return undefined;
      const key = classifyStackKey(at.path);
      let type: string;
      let name: string;
      if (key.kind === 'component' && at.on === 'key') [type, name] = [key.type, key.component];
      else if (key.kind === 'inherits' && at.scalar) [type, name] = [key.type, at.scalar];
      else return undefined;
      const index = state.componentIndex(engine);
      const loc = (file: string, line: number, col: number) => new vscode.Location(vscode.Uri.file(file), new vscode.Position(line - 1, col - 1));
      const out = [...index.definitions(type, name), ...index.inheritingDefinitions(type, name)].map((d) => loc(d.file, d.line, d.col));
      const deployedIn = new Set(engine.listStacks(name));
      for (const inheritor of index.inheritorsOf(type, name)) for (const s of engine.listStacks(inheritor)) deployedIn.add(s);
      for (const entry of engine.stackEntries()) if (entry.names.some((n) => deployedIn.has(n))) out.push(loc(entry.file, 1, 1));
      return out;
    },
  };

  return [
    vscode.languages.registerReferenceProvider(selector, references),
    vscode.languages.registerCompletionItemProvider(selector, completion, ' ', '/'),
    vscode.languages.registerDocumentSymbolProvider(selector, symbols, { label: 'Atmos' }),
    vscode.languages.registerHoverProvider(selector, hover),
    vscode.languages.registerDefinitionProvider(selector, definition),
    vscode.languages.registerCodeLensProvider(selector, lenses),
  ];
}

/** Outline of a stack manifest: imports, then each component type → component → its sections, then global sections. */
function stackSymbols(doc: vscode.TextDocument): vscode.DocumentSymbol[] {
  const keys = yamlKeys(doc.getText());
  const S = vscode.SymbolKind;
  const make = (name: string, detail: string, kind: vscode.SymbolKind, k: { start: number; valueEnd: number }) => {
    const range = new vscode.Range(doc.positionAt(k.start), doc.positionAt(Math.max(k.valueEnd, k.start)));
    return new vscode.DocumentSymbol(name, detail, kind, range, new vscode.Range(doc.positionAt(k.start), doc.positionAt(k.start)));
  };
  const out: vscode.DocumentSymbol[] = [];
  const byPath = new Map<string, vscode.DocumentSymbol>();
  for (const k of keys) {
    const p = k.path;
    const parent = byPath.get(p.slice(0, -1).join('\0'));
    let sym: vscode.DocumentSymbol | undefined;
    if (p.length === 1) sym = make(String(p[0]), '', p[0] === 'import' ? S.Namespace : p[0] === 'components' ? S.Package : S.Object, k);
    else if (p[0] === 'import' && p.length === 2 && k.scalar) sym = make(k.scalar, 'import', S.File, k);
    else if (p[0] === 'components' && p.length === 2) sym = make(String(p[1]), 'component type', S.Namespace, k);
    else if (p[0] === 'components' && p.length === 3) sym = make(String(p[2]), `${String(p[1])} component`, S.Class, k);
    else if (p[0] === 'components' && p.length === 4) sym = make(String(p[3]), '', S.Property, k);
    else if (p[0] !== 'components' && p[0] !== 'import' && p.length === 2 && typeof p[1] === 'string') sym = make(p[1], '', S.Field, k);
    if (!sym) continue;
    byPath.set(p.join('\0'), sym);
    if (parent) parent.children.push(sym);
    else if (p.length === 1) out.push(sym);
  }
  return out;
}

/** 1-based line of the key at `path` (the line the engine records for it). */
function findKeyLine(doc: vscode.TextDocument, keyPath: (string | number)[]): number {
  const k = yamlKeys(doc.getText()).find((x) => x.path.length === keyPath.length && x.path.every((s, i) => s === keyPath[i]));
  return k?.line ?? -1;
}
