/** Editor commands: Describe (tree, code lens, palette), Where Is This Set, open files, refresh. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Origin } from '../../atmos/diagnostics';
import { isMap } from '../../atmos/values';
import { formatValue } from '../../editorSupport/hoverText';
import { valueAt } from '../../editorSupport/provenanceAt';
import { classifyStackKey } from '../../editorSupport/stackKeyPath';
import { stackValueReport } from '../../editorSupport/stackValues';
import { yamlKeys, yamlPathAt, type PathSegment } from '../../editorSupport/yamlPath';
import { describeScheme, describeTarget, openDescribe } from './describeDocument';
import type { EditorState } from './editorState';

interface DescribeArgs {
  /** the Atmos root (several in one workspace) */
  root?: string;
  component?: string;
  stack?: string;
  stacks?: string[];
  section?: string;
}

async function openOrigin(o: Origin): Promise<void> {
  const pos = new vscode.Position(o.line - 1, o.col - 1);
  await vscode.window.showTextDocument(vscode.Uri.file(o.file), { selection: new vscode.Range(pos, pos) });
}

function rel(base: string, file: string): string {
  const r = path.relative(base, file);
  return r.startsWith('..') ? file : r.split(path.sep).join('/');
}

export function registerEditorCommands(state: EditorState, refresh: () => void | Promise<void>): vscode.Disposable[] {
  const describe = async (args?: DescribeArgs): Promise<void> => {
    const engine = await state.engineOf(args?.root);
    if (!engine) {
      void vscode.window.showWarningMessage('Atmos AI: no atmos.yaml found in this workspace.');
      return;
    }
    let stack = args?.stack;
    let component = args?.component;
    if (!stack) {
      const choices = args?.stacks ?? (component ? engine.listStacks(component) : engine.listStacks());
      stack = choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { title: component ? `Describe ${component} in which stack?` : 'Describe: pick a stack' });
      if (!stack) return;
    }
    if (!component) {
      const picks = engine.listComponents(stack).map((c) => ({ label: c.component, description: c.abstract ? `${c.type} · abstract` : c.type }));
      component = (await vscode.window.showQuickPick(picks, { title: `Describe: a component of ${stack}` }))?.label;
      if (!component) return;
    }
    await openDescribe({ component, stack, ...(args?.root ? { root: args.root } : {}) }, args?.section);
  };

  /** From the tree (a component), the describe document, or a stack file: the winning file:line, and what it overrode. */
  const whereIsThisSet = async (args?: DescribeArgs): Promise<void> => {
    const active = vscode.window.activeTextEditor?.document.uri;
    const engine = await state.engineOf(args?.root ?? (active?.scheme === describeScheme ? describeTarget(active)?.root : undefined));
    if (!engine) return;
    const base = engine.config.stacksBasePath;
    const editor = vscode.window.activeTextEditor;
    if (args?.component && args.stack) {
      const d = state.cache.get(engine, args.component, args.stack);
      if (!d) return;
      const leaves: Array<{ path: PathSegment[]; value: unknown; origins: Origin[] }> = [];
      for (const section of ['vars', 'settings', 'env', 'backend']) {
        const walk = (node: unknown, trail: string[]): void => {
          if (!isMap(node)) return;
          for (const k of Object.keys(node)) {
            const at = valueAt(d.section, [...trail, k]);
            if (isMap(at.value) && Object.keys(at.value).length > 0) walk(at.value, [...trail, k]);
            else leaves.push({ path: [...trail, k], value: at.value, origins: at.origins });
          }
        };
        walk(d.section[section], [section]);
      }
      const pick = await vscode.window.showQuickPick(
        leaves.map((l) => ({ label: l.path.join('.'), description: formatValue(l.value, 50), detail: l.origins[0] ? `set in ${rel(base, l.origins[0].file)}:${l.origins[0].line}${l.origins.length > 1 ? ` (overrides ${l.origins.length - 1})` : ''}` : 'computed', origin: l.origins[0] })),
        { title: `Where is this set? ${args.component} in ${args.stack}`, matchOnDescription: true, matchOnDetail: true },
      );
      if (pick?.origin) await openOrigin(pick.origin);
      return;
    }
    if (!editor) return;
    const doc = editor.document;
    const at = yamlPathAt(doc.getText(), doc.offsetAt(editor.selection.active));
    if (!at) {
      void vscode.window.showInformationMessage('Atmos AI: put the cursor on a key or value first.');
      return;
    }
    let chain: Array<{ label: string; origin: Origin }> = [];
    if (doc.uri.scheme === describeScheme) {
      const t = describeTarget(doc.uri);
      const d = t && state.cache.get(engine, t.component, t.stack);
      if (d) chain = valueAt(d.section, at.path).origins.map((o, i) => ({ label: i === 0 ? 'winner' : 'overridden', origin: o }));
    } else if (state.isStackFile(engine, doc.uri.fsPath)) {
      const key = classifyStackKey(at.path);
      if (key.kind === 'component-value' || key.kind === 'type-value' || key.kind === 'global-value') {
        const line = yamlKeys(doc.getText()).find((k) => k.path.join('\0') === at.path.join('\0'))?.line ?? -1;
        const report = stackValueReport(engine, state.cache, state.componentIndex(engine), doc.uri.fsPath, line, key, 50);
        chain = report.rows.filter((r) => r.origins[0]).map((r) => ({ label: `${r.stack} · ${r.component} = ${formatValue(r.value, 40)}`, origin: r.origins[0] }));
      }
    }
    if (chain.length === 0) {
      void vscode.window.showInformationMessage(`Atmos AI: no manifest sets ${at.path.join('.')}.`);
      return;
    }
    const pick = await vscode.window.showQuickPick(chain.map((c) => ({ label: c.label, detail: `${rel(base, c.origin.file)}:${c.origin.line}`, origin: c.origin })), { title: `Where is ${at.path.join('.')} set?` });
    if (pick) await openOrigin(pick.origin);
  };

  const openFiles = async (files: string[]): Promise<void> => {
    if (!files || files.length === 0) return;
    const engine = await state.engine();
    const base = engine?.config.stacksBasePath ?? '';
    const file = files.length === 1 ? files[0] : (await vscode.window.showQuickPick(files.map((f) => ({ label: rel(base, f), file: f })), { title: 'Imported files' }))?.file;
    if (file) await vscode.window.showTextDocument(vscode.Uri.file(file));
  };

  return [
    vscode.commands.registerCommand('atmosAi.describeComponent', describe),
    vscode.commands.registerCommand('atmosAi.whereIsThisSet', whereIsThisSet),
    vscode.commands.registerCommand('atmosAi.openFiles', openFiles),
    vscode.commands.registerCommand('atmosAi.refreshStacks', refresh),
  ];
}
