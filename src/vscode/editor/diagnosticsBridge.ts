/**
 * Problems panel ← the engine's located diagnostics plus `validate stacks` (schema, YAML, deprecations) and
 * the located reference checks (unknown inherits base, missing component folder, unknown depends_on),
 * recomputed a moment after each engine change (debounced, off the typing path), and on demand with
 * the Validate Stacks command (progress, summary notification).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AtmosDiagnostic } from '../../atmos/diagnostics';
import type { AtmosEngine } from '../../atmos/engine';
import { validateStacks } from '../../atmos/validate';
import { loadYaml } from '../../atmos/yamlLoad';
import { referenceProblems } from '../../editorSupport/referenceChecks';
import type { EditorState } from './editorState';

export interface ValidationSummary {
  errors: number;
  warnings: number;
  files: number;
  stacks: number;
}

export class DiagnosticsBridge implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('atmos');
  private timer: NodeJS.Timeout | undefined;
  private readonly updated = new vscode.EventEmitter<ValidationSummary>();
  readonly onDidUpdate = this.updated.event;
  last: ValidationSummary | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: EditorState) {
    this.subscription = state.onDidChange(() => this.schedule());
  }

  schedule(delayMs = 400): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run().catch((err) => this.state.log.error(`Atmos validation failed: ${String(err)}`)), delayMs);
  }

  /** Validates now; undefined when the workspace has no Atmos repository. */
  async run(): Promise<ValidationSummary | undefined> {
    const engine = await this.state.engine();
    if (!engine) {
      this.collection.clear();
      return undefined;
    }
    const started = performance.now();
    const found = [
      ...validateStacks(engine),
      ...referenceProblems({
        index: this.state.componentIndex(engine),
        knownComponents: engine.listComponents(),
        componentBasePaths: engine.config.componentBasePaths,
        basePath: engine.config.basePath,
        isDir: (p) => engine.fs.stat(p) === 'dir',
      }),
    ];
    const summary = this.publish(engine, found);
    this.state.log.info(`Atmos validation: ${summary.errors} errors, ${summary.warnings} warnings in ${Math.round(performance.now() - started)} ms`);
    return summary;
  }

  private publish(engine: AtmosEngine, found: AtmosDiagnostic[]): ValidationSummary {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const configFile = engine.config.files[0] ?? path.join(engine.config.basePath, 'atmos.yaml');
    for (const d of found) {
      const file = d.file ?? configFile;
      const line = Math.max(0, (d.line ?? 1) - 1);
      const col = Math.max(0, (d.col ?? 1) - 1);
      const diag = new vscode.Diagnostic(new vscode.Range(line, col, line, col + 1_000), d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diag.source = 'atmos';
      diag.code = d.code;
      const list = byFile.get(file) ?? [];
      list.push(diag);
      byFile.set(file, list);
    }
    this.collection.clear();
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
    const summary = {
      errors: found.filter((d) => d.severity === 'error').length,
      warnings: found.filter((d) => d.severity === 'warning').length,
      files: byFile.size,
      stacks: engine.listStacks().length,
    };
    this.last = summary;
    this.updated.fire(summary);
    return summary;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.collection.dispose();
    this.updated.dispose();
  }
}

/** Atmos AI: Validate Stacks — progress, Problems panel, a summary notification. */
export async function validateStacksCommand(bridge: DiagnosticsBridge): Promise<void> {
  const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Atmos AI: validating stacks…' }, () => bridge.run());
  if (!summary) {
    void vscode.window.showWarningMessage('Atmos AI: no atmos.yaml found in this workspace.');
    return;
  }
  const text = summary.errors + summary.warnings === 0
    ? `Atmos AI: ${summary.stacks} stacks valid, no problems.`
    : `Atmos AI: ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'} in ${summary.files} file${summary.files === 1 ? '' : 's'} (${summary.stacks} stacks).`;
  const show = summary.errors > 0 ? vscode.window.showErrorMessage : summary.warnings > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(text, ...(summary.errors + summary.warnings > 0 ? ['Show Problems'] : []));
  if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}

/**
 * While a stack manifest has unsaved edits, its YAML syntax errors show as you type (debounced); the engine's
 * own checks run on save. The live entry goes when the file is saved or closed, so nothing shows twice.
 */
export function registerLiveSyntaxCheck(state: EditorState): vscode.Disposable[] {
  const live = vscode.languages.createDiagnosticCollection('atmos-typing');
  const timers = new Map<string, NodeJS.Timeout>();
  const check = async (doc: vscode.TextDocument): Promise<void> => {
    const engine = await state.engine();
    if (!engine || !state.isStackFile(engine, doc.uri.fsPath) || !doc.isDirty) {
      live.delete(doc.uri);
      return;
    }
    const found = loadYaml(doc.getText(), doc.uri.fsPath).diagnostics.filter((d) => d.severity === 'error');
    live.set(doc.uri, found.map((d) => {
      const line = Math.max(0, (d.line ?? 1) - 1);
      const col = Math.max(0, (d.col ?? 1) - 1);
      const diag = new vscode.Diagnostic(new vscode.Range(line, col, line, col + 1_000), d.message, vscode.DiagnosticSeverity.Error);
      diag.source = 'atmos';
      diag.code = d.code;
      return diag;
    }));
  };
  const forget = (doc: vscode.TextDocument) => {
    clearTimeout(timers.get(doc.uri.toString()));
    live.delete(doc.uri);
  };
  return [
    live,
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme !== 'file' || !/\.ya?ml(\.tmpl)?$/.test(e.document.uri.fsPath)) return;
      const key = e.document.uri.toString();
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(() => void check(e.document), 300));
    }),
    vscode.workspace.onDidSaveTextDocument(forget),
    vscode.workspace.onDidCloseTextDocument(forget),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  ];
}
