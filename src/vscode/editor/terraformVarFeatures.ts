/**
 * Terraform variables in stack manifests (VS Code glue over editorSupport/terraformVars): completion of
 * var names under `components.terraform.<c>.vars`, "var not declared" warnings (own collection
 * `atmos-terraform` until the diagnostics bridge takes them in), and the quick fixes "Add missing
 * required vars" and "Declare `x` in variables.tf". The HCL parser loads on first use.
 */
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { AtmosEngine } from '../../atmos/engine';
import { nodeFileSystem } from '../../atmos/fs';
import { loadHclParser } from '../../atmos/terraform/hclParser';
import { addVarsInsertion, declareVarInsertion, missingRequiredVars, undeclaredVarProblems, VAR_NOT_DECLARED, varCompletionComponent, varCompletionsAt, type TextInsertion } from '../../editorSupport/terraformVars';
import { terraformVarsContext, type EngineTerraformVarsContext } from '../../editorSupport/terraformVarsContext';
import { yamlPathAt } from '../../editorSupport/yamlPath';
import type { EditorState } from './editorState';
import { stackFileSelector } from './stackFileSelector';

const DEBOUNCE_MS = 300;

export function registerTerraformVarFeatures(state: EditorState): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('atmos-terraform');
  const timers = new Map<string, NodeJS.Timeout>();

  /** The engine and a terraformVars context for a stack manifest; undefined for other documents. */
  const contextFor = async (doc: vscode.TextDocument): Promise<{ engine: AtmosEngine; ctx: EngineTerraformVarsContext } | undefined> => {
    if (doc.uri.scheme !== 'file') return undefined;
    const engine = await state.engineFor(doc.uri.fsPath);
    if (!engine || !state.isStackFile(engine, doc.uri.fsPath)) return undefined;
    await loadHclParser();
    const index = state.componentIndex(engine);
    const ctx = terraformVarsContext({
      engine,
      fs: nodeFileSystem,
      manifest: doc.uri.fsPath,
      text: doc.getText(),
      describe: (component, stack) => state.cache.get(engine, component, stack),
      definitions: (type, name) => index.definitions(type, name),
    });
    return { engine, ctx };
  };

  const check = async (doc: vscode.TextDocument): Promise<void> => {
    try {
      const c = await contextFor(doc);
      if (!c) {
        collection.delete(doc.uri);
        return;
      }
      // closed while this check waited for the engine: its problems went with it
      if (doc.isClosed) return;
      const problems = undeclaredVarProblems(doc.getText(), doc.uri.fsPath, c.ctx);
      collection.set(
        doc.uri,
        problems.map((p) => {
          const d = new vscode.Diagnostic(new vscode.Range(p.line - 1, p.col - 1, p.endLine - 1, p.endCol - 1), p.message, vscode.DiagnosticSeverity.Warning);
          d.code = p.code;
          d.source = 'atmos';
          return d;
        }),
      );
    } catch (err) {
      state.log.warn(`terraform vars check of ${doc.uri.fsPath} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const schedule = (doc: vscode.TextDocument, delay = DEBOUNCE_MS): void => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        if (!doc.isClosed) void check(doc);
      }, delay),
    );
  };
  const recheckAll = (): void => {
    for (const doc of vscode.workspace.textDocuments) if (vscode.languages.match(stackFileSelector, doc)) schedule(doc);
  };

  const completion: vscode.CompletionItemProvider = {
    async provideCompletionItems(doc, position) {
      // decided from the text first: the engine is not asked while the cursor is anywhere else
      if (varCompletionComponent(doc.getText(), position.line, position.character) === undefined) return undefined;
      const c = await contextFor(doc);
      if (!c) return undefined;
      const items = varCompletionsAt(doc.getText(), position.line, position.character, c.ctx);
      if (!items) return undefined;
      const word = doc.getWordRangeAtPosition(position, /[\w-]+/);
      return items.map((v, i) => {
        const item = new vscode.CompletionItem({ label: v.name, description: v.folderLabel }, vscode.CompletionItemKind.Variable);
        item.detail = v.detail;
        item.documentation = new vscode.MarkdownString(v.documentation);
        item.insertText = v.insertText;
        item.sortText = `${v.required ? '0' : '1'}${String(i).padStart(4, '0')}`;
        item.filterText = v.name;
        if (word) item.range = word;
        return item;
      });
    },
  };

  const actions: vscode.CodeActionProvider = {
    async provideCodeActions(doc, range, context) {
      const text = doc.getText();
      const at = yamlPathAt(text, doc.offsetAt(range.start));
      const inTerraformComponent = !!at && at.path[0] === 'components' && at.path[1] === 'terraform' && typeof at.path[2] === 'string';
      if (!inTerraformComponent && !context.diagnostics.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === VAR_NOT_DECLARED)) return [];
      const c = await contextFor(doc);
      if (!c) return [];
      const out: vscode.CodeAction[] = [];
      // "Declare `x` in variables.tf" for each var-not-declared problem in range
      const problems = undeclaredVarProblems(text, doc.uri.fsPath, c.ctx).filter((p) => new vscode.Range(p.line - 1, p.col - 1, p.endLine - 1, p.endCol - 1).intersection(range));
      const yamlDoc = problems.length > 0 ? parseDocument(text, { uniqueKeys: false, strict: false }) : undefined;
      for (const p of problems) {
        const vars = c.ctx.variablesOf(p.component);
        if (!vars) continue;
        const value = yamlDoc?.getIn(['components', 'terraform', p.component, 'vars', p.variable]);
        const plain = value && typeof value === 'object' && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value;
        const action = new vscode.CodeAction(`Declare \`${p.variable}\` in ${vars.folderLabel}/variables.tf`, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(declareVarInsertion(vars, p.variable, plain));
        action.diagnostics = context.diagnostics.filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === VAR_NOT_DECLARED && d.range.intersection(range));
        out.push(action);
      }
      // "Add missing required var(s)" where the cursor is inside components.terraform.<c>
      const component = inTerraformComponent ? String(at.path[2]) : undefined;
      const vars = component ? c.ctx.variablesOf(component) : undefined;
      if (component && vars) {
        const missing = missingRequiredVars(vars, c.ctx.resolvedVars(component));
        const insertion = addVarsInsertion(text, doc.uri.fsPath, component, missing);
        if (insertion) {
          const names = missing.map((v) => `\`${v.name}\``);
          const title = missing.length === 1 ? `Add missing required var ${names[0]}` : `Add ${missing.length} missing required vars (${names.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`;
          const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
          action.edit = toWorkspaceEdit(insertion);
          out.push(action);
        }
      }
      return out;
    },
  };

  for (const doc of vscode.workspace.textDocuments) if (vscode.languages.match(stackFileSelector, doc)) schedule(doc, 0);
  return [
    collection,
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    vscode.languages.registerCompletionItemProvider(stackFileSelector, completion),
    vscode.languages.registerCodeActionsProvider(stackFileSelector, actions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.workspace.onDidOpenTextDocument((doc) => vscode.languages.match(stackFileSelector, doc) && schedule(doc, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => vscode.languages.match(stackFileSelector, e.document) && schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      // a check still waiting on its debounce would put the closed document's problems back
      clearTimeout(timers.get(doc.uri.toString()));
      timers.delete(doc.uri.toString());
      collection.delete(doc.uri);
    }),
    // a saved .tf file changes what its component declares
    vscode.workspace.onDidSaveTextDocument((doc) => /\.tf$/.test(doc.uri.fsPath) && recheckAll()),
    state.onDidChange(() => recheckAll()),
  ];
}

function toWorkspaceEdit(ins: TextInsertion): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const uri = vscode.Uri.file(ins.file);
  if (ins.create) edit.createFile(uri, { ignoreIfExists: true });
  const start = new vscode.Position(ins.line - 1, ins.col - 1);
  const end = ins.endLine !== undefined ? new vscode.Position(ins.endLine - 1, (ins.endCol ?? 1) - 1) : start;
  edit.replace(uri, new vscode.Range(start, end), ins.text);
  return edit;
}
