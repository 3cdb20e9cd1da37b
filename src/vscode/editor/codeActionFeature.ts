/**
 * Quick fixes in stack manifests: "Create missing import file" and "Scaffold Terraform component folder".
 * Offered where the cursor (or a diagnostic `import-not-found` / `component-folder-missing`) is, recomputed
 * from the document, so they work before and without the diagnostics.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AtmosEngine } from '../../atmos/engine';
import { isMap } from '../../atmos/values';
import { importTargets } from '../../editorSupport/importTargets';
import { quickFixesAt, type QuickFix } from '../../editorSupport/quickFixes';
import { importFileContent, terraformSkeleton } from '../../editorSupport/scaffold';
import type { EditorState } from './editorState';
import { stackFileSelector } from './stackFileSelector';

const FIX_CODES = new Set(['import-not-found', 'component-folder-missing']);

interface ScaffoldArgs {
  root: string;
  component: string;
  folder: string;
}

export function registerCodeActions(state: EditorState): vscode.Disposable[] {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(doc, range, context) {
      const engine = await state.engineFor(doc.uri.fsPath);
      if (!engine || !state.isStackFile(engine, doc.uri.fsPath)) return [];
      const text = doc.getText();
      const listing = engine.listComponents();
      const ctx = {
        stacksBasePath: engine.config.stacksBasePath,
        manifest: doc.uri.fsPath,
        importTargets: (p: string) => importTargets(engine, doc.uri.fsPath, p),
        folderExists: (type: string, folder: string) => engine.fs.stat(path.join(engine.config.componentBasePaths[type] ?? engine.config.basePath, folder)) === 'dir',
        isAbstract: (type: string, component: string) => listing.some((c) => c.type === type && c.component === component && c.abstract),
      };
      const diagnostics = context.diagnostics.filter((d) => FIX_CODES.has(String(typeof d.code === 'object' ? d.code.value : d.code)));
      const sites = [range.start, ...diagnostics.map((d) => d.range.start)];
      const out = new Map<string, vscode.CodeAction>();
      for (const site of sites) {
        for (const fix of quickFixesAt(text, doc.offsetAt(site), ctx)) {
          const id = fix.kind === 'create-import' ? `i:${fix.file}` : `s:${fix.folder}`;
          if (out.has(id)) continue;
          const action = toAction(engine, doc, fix);
          action.diagnostics = diagnostics.filter((d) => d.range.start.line === site.line);
          out.set(id, action);
        }
      }
      return [...out.values()];
    },
  };
  return [
    vscode.languages.registerCodeActionsProvider(stackFileSelector, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand('atmosAi.createImportFile', createImportFile),
    vscode.commands.registerCommand('atmosAi.scaffoldTerraformComponent', (args: ScaffoldArgs) => scaffoldTerraform(state, args)),
  ];
}

function toAction(engine: AtmosEngine, doc: vscode.TextDocument, fix: QuickFix): vscode.CodeAction {
  if (fix.kind === 'create-import') {
    const rel = path.relative(engine.config.stacksBasePath, fix.file).split(path.sep).join('/');
    const action = new vscode.CodeAction(`Create missing import file ${rel}`, vscode.CodeActionKind.QuickFix);
    const manifestRel = path.relative(engine.config.stacksBasePath, doc.uri.fsPath).split(path.sep).join('/');
    action.command = { command: 'atmosAi.createImportFile', title: action.title, arguments: [fix.file, importFileContent(fix.importPath, manifestRel)] };
    action.isPreferred = true;
    return action;
  }
  const base = engine.config.componentBasePaths.terraform ?? engine.config.basePath;
  const rel = path.relative(engine.config.basePath, path.join(base, fix.folder)).split(path.sep).join('/');
  const action = new vscode.CodeAction(`Scaffold Terraform component folder ${rel}`, vscode.CodeActionKind.QuickFix);
  const args: ScaffoldArgs = { root: engine.config.basePath, component: fix.component, folder: fix.folder };
  action.command = { command: 'atmosAi.scaffoldTerraformComponent', title: action.title, arguments: [args] };
  return action;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function createImportFile(file: string, content: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  if (!(await exists(uri))) await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
  await vscode.window.showTextDocument(uri);
}

async function scaffoldTerraform(state: EditorState, args: ScaffoldArgs): Promise<void> {
  const engine = (await state.allEngines()).find((e) => e.config.basePath === args.root) ?? (await state.engine());
  if (!engine) return;
  const base = engine.config.componentBasePaths.terraform ?? engine.config.basePath;
  const folder = path.join(base, args.folder);
  const rel = path.relative(engine.config.basePath, folder).split(path.sep).join('/');
  // the vars the component gets in (a few of) its stacks become its variables
  const vars: Record<string, unknown> = {};
  const listed = engine.listComponents().find((c) => c.type === 'terraform' && c.component === args.component);
  for (const stack of (listed?.stacks ?? []).slice(0, 5)) {
    const d = state.cache.get(engine, args.component, stack);
    if (d && isMap(d.section.vars)) for (const [k, v] of Object.entries(d.section.vars)) if (!(k in vars)) vars[k] = v;
  }
  const files = terraformSkeleton(args.folder, vars);
  const answer = await vscode.window.showInformationMessage(
    `Create the Terraform component folder ${rel} with ${Object.keys(files).join(', ')}${Object.keys(vars).length > 0 ? ` (variables for the ${Object.keys(vars).length} vars its stacks set)` : ''}?`,
    { modal: true },
    'Create',
  );
  if (answer !== 'Create') return;
  let written = 0;
  for (const [name, content] of Object.entries(files)) {
    const uri = vscode.Uri.file(path.join(folder, name));
    if (await exists(uri)) continue; // never overwrite
    await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
    written++;
  }
  state.log.info(`scaffolded ${rel}: ${written} files`);
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(folder, 'main.tf')));
}
