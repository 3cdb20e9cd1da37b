/**
 * In stack manifests: hovers (a key's resolved value in every stack the file reaches, and who wins),
 * go-to-definition (imports, `metadata.component`, `metadata.inherits`, depends_on), and code lenses
 * (Describe · N stacks above components, the resolved file count above `import:`).
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AtmosEngine } from '../../atmos/engine';
import { valueReportMarkdown } from '../../editorSupport/hoverText';
import { importTargets } from '../../editorSupport/importTargets';
import { classifyStackKey } from '../../editorSupport/stackKeyPath';
import { stacksOfFile, stackValueReport } from '../../editorSupport/stackValues';
import { yamlKeys, yamlPathAt } from '../../editorSupport/yamlPath';
import type { EditorState } from './editorState';

const selector: vscode.DocumentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', pattern: '**/*.{yaml,yml,yaml.tmpl,yml.tmpl}' },
];

async function stackEngine(state: EditorState, doc: vscode.TextDocument): Promise<AtmosEngine | undefined> {
  const engine = await state.engine();
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
            arguments: [{ component: name, stacks: inStacks }],
          }));
        }
      }
      return out;
    },
  };

  return [
    vscode.languages.registerHoverProvider(selector, hover),
    vscode.languages.registerDefinitionProvider(selector, definition),
    vscode.languages.registerCodeLensProvider(selector, lenses),
  ];
}

/** 1-based line of the key at `path` (the line the engine records for it). */
function findKeyLine(doc: vscode.TextDocument, keyPath: (string | number)[]): number {
  const k = yamlKeys(doc.getText()).find((x) => x.path.length === keyPath.length && x.path.every((s, i) => s === keyPath[i]));
  return k?.line ?? -1;
}
