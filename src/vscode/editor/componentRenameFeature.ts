/**
 * Rename a component (F2 on its key, a metadata.inherits entry or a depends_on component): every manifest under
 * the stacks folder changes in ONE WorkspaceEdit, grouped by kind in the refactor preview (Shift+Enter).
 * The plan comes from src/editorSupport/componentRename.ts; open editors contribute their unsaved text.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { walkFiles } from '../../atmos/glob';
import { planComponentRename, renameTargetAt, type RenameEditKind } from '../../editorSupport/componentRename';
import type { EditorState } from './editorState';
import { stackFileSelector } from './stackFileSelector';

const LABELS: Record<RenameEditKind, string> = {
  definition: 'Component definitions',
  inherits: 'metadata.inherits entries',
  'depends-on': 'depends_on / dependencies entries',
  'depends-on-key': 'depends_on keys',
  function: '!terraform.output / !terraform.state',
  template: 'atmos.Component templates',
  'folder-pin': 'metadata.component added (keeps the Terraform folder)',
};

export function registerComponentRename(state: EditorState): vscode.Disposable[] {
  const provider: vscode.RenameProvider = {
    async prepareRename(doc, position) {
      const engine = await state.engineFor(doc.uri.fsPath);
      if (!engine || !state.isStackFile(engine, doc.uri.fsPath)) throw new Error('Atmos AI renames components in stack manifests (files under the stacks folder).');
      const t = renameTargetAt(doc.getText(), doc.offsetAt(position));
      if ('refusal' in t) throw new Error(t.refusal);
      return { range: new vscode.Range(doc.positionAt(t.start), doc.positionAt(t.end)), placeholder: t.name };
    },

    async provideRenameEdits(doc, position, newName) {
      const engine = await state.engineFor(doc.uri.fsPath);
      if (!engine || !state.isStackFile(engine, doc.uri.fsPath)) return undefined;
      const t = renameTargetAt(doc.getText(), doc.offsetAt(position));
      if ('refusal' in t) throw new Error(t.refusal);
      let type = t.type;
      if (!type) {
        const types = [...new Set(state.componentIndex(engine).definitions(undefined, t.name).map((d) => d.type))];
        if (types.length === 0) throw new Error(`No manifest defines a component named '${t.name}'.`);
        type = types[0];
      }
      const open = new Map(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => [d.uri.fsPath, d]));
      const base = engine.config.stacksBasePath;
      const files = walkFiles(engine.fs, base)
        .filter((f) => /\.ya?ml(\.tmpl)?$/.test(f))
        .map((file) => {
          const text = open.get(file)?.getText() ?? safeRead(file);
          return text === undefined ? undefined : { file, text };
        })
        .filter((x): x is { file: string; text: string } => !!x);
      const folderBase = engine.config.componentBasePaths[type] ?? engine.config.basePath;
      const plan = planComponentRename({ files, type, from: t.name, to: newName.trim(), folderExists: (folder) => engine.fs.stat(path.join(folderBase, folder)) === 'dir' });
      if ('error' in plan) throw new Error(plan.error);
      const edit = new vscode.WorkspaceEdit();
      for (const [file, edits] of plan.edits) {
        const uri = vscode.Uri.file(file);
        const doc = open.get(file);
        for (const e of edits) {
          const range = doc ? new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)) : new vscode.Range(e.line, e.character, e.endLine, e.endCharacter);
          edit.replace(uri, range, e.newText, { label: LABELS[e.kind], needsConfirmation: false });
        }
      }
      for (const note of plan.notes) state.log.warn(`rename ${t.name} → ${newName}: ${note}`);
      const summary = Object.entries(plan.counts).map(([k, n]) => `${n} ${k}`).join(', ');
      state.log.info(`rename ${type} component ${t.name} → ${newName}: ${summary} in ${plan.edits.size} files`);
      return edit;
    },
  };
  return [vscode.languages.registerRenameProvider(stackFileSelector, provider)];
}

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
