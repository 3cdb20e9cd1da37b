/**
 * `atmos-ai:` read-only documents with a resolved component as YAML, refreshed when the engine changes,
 * and a hover on every key or value that says which file:line set it (winner first, then what it overrode).
 */
import * as vscode from 'vscode';
import { describeText } from '../../editorSupport/describeText';
import { provenanceMarkdown } from '../../editorSupport/hoverText';
import { valueAt } from '../../editorSupport/provenanceAt';
import { findKey, yamlKeys, yamlPathAt } from '../../editorSupport/yamlPath';
import type { EditorState } from './editorState';

export const describeScheme = 'atmos-ai';

export interface DescribeTarget {
  component: string;
  stack: string;
  /** the Atmos root (several in one workspace); absent: the active editor's */
  root?: string;
}

export function describeUri(t: DescribeTarget): vscode.Uri {
  const query = new URLSearchParams({ component: t.component, stack: t.stack, ...(t.root ? { root: t.root } : {}) });
  return vscode.Uri.from({ scheme: describeScheme, path: `/${t.stack}/${t.component}.yaml`, query: query.toString() });
}

export function describeTarget(uri: vscode.Uri): DescribeTarget | undefined {
  const q = new URLSearchParams(uri.query);
  const component = q.get('component');
  const stack = q.get('stack');
  const root = q.get('root');
  return component && stack ? { component, stack, ...(root ? { root } : {}) } : undefined;
}

/** Opens the resolved component; with `section`, puts the cursor on that top-level key. */
export async function openDescribe(t: DescribeTarget, section?: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(describeUri(t));
  if (doc.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
  const editor = await vscode.window.showTextDocument(doc, { preview: true });
  if (section) {
    const key = findKey(yamlKeys(doc.getText()), [section]);
    if (key) {
      const pos = new vscode.Position(key.line - 1, key.col - 1);
      editor.selection = new vscode.Selection(pos, pos);
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
    }
  }
  return editor;
}

export function registerDescribeDocuments(state: EditorState): vscode.Disposable[] {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    async provideTextDocumentContent(uri) {
      const t = describeTarget(uri);
      const engine = await state.engineOf(t?.root);
      if (!t || !engine) return '# No Atmos repository is open.\n';
      try {
        return describeText(engine.describeComponentSync(t.component, t.stack));
      } catch (err) {
        return `# Could not describe ${t.component} in ${t.stack}:\n# ${String(err instanceof Error ? err.message : err).replace(/\n/g, '\n# ')}\n`;
      }
    },
  };
  const hover: vscode.HoverProvider = {
    async provideHover(doc, position) {
      const t = describeTarget(doc.uri);
      const engine = await state.engineOf(t?.root);
      if (!t || !engine) return undefined;
      const at = yamlPathAt(doc.getText(), doc.offsetAt(position));
      if (!at) return undefined;
      const d = state.cache.get(engine, t.component, t.stack);
      if (!d) return undefined;
      const v = valueAt(d.section, at.path);
      if (!v.found) return undefined;
      const md = new vscode.MarkdownString(provenanceMarkdown(at.path.join('.'), v.value, v.origins, engine.config.stacksBasePath));
      const range = new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.end));
      return new vscode.Hover(md, range);
    },
  };
  return [
    changed,
    vscode.workspace.registerTextDocumentContentProvider(describeScheme, provider),
    vscode.languages.registerHoverProvider({ scheme: describeScheme }, hover),
    state.onDidChange(() => {
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === describeScheme) changed.fire(doc.uri);
    }),
  ];
}
