/**
 * Problems panel ← the engine's diagnostics (src/atmos/checks): one collection 'atmos', each problem at its
 * exact range with its stable code.
 * - Saved state: every manifest's checks, the engine's own resolution problems and `validate stacks`'
 *   preconditions, recomputed a moment after each engine change (debounced) and on demand with the Validate
 *   Stacks command (progress, summary notification). Files that are not open get their problems from here.
 * - As you type: an open manifest with unsaved edits is checked on its text ~300 ms after the last keystroke,
 *   through an overlay that never touches the engine's state (dropping the overlay is the revert). Only the
 *   newest edit of a document is checked; an older run that finishes late is discarded. Its problems replace
 *   the saved ones of that file until it is saved (then the next saved-state pass takes over) or reverted.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkOptions, liveDiagnostics, workspaceDiagnostics, type CheckOptions } from '../../atmos/checks/runChecks';
import { WorkspaceFacts } from '../../atmos/checks/workspaceFacts';
import type { AtmosDiagnostic } from '../../atmos/diagnostics';
import type { AtmosEngine } from '../../atmos/engine';
import type { EditorState } from './editorState';

export interface ValidationSummary {
  errors: number;
  warnings: number;
  files: number;
  stacks: number;
}

/** How long typing must pause before the unsaved text is checked. */
export const LIVE_DELAY_MS = 300;

const EXTENSION_ID = 'atmos-ai.atmos-ai';

interface Workspace {
  facts: WorkspaceFacts;
  options?: CheckOptions;
  /** problems loading the manifest schema */
  optionProblems: AtmosDiagnostic[];
}

export class DiagnosticsBridge implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('atmos');
  private timer: NodeJS.Timeout | undefined;
  private readonly updated = new vscode.EventEmitter<ValidationSummary>();
  readonly onDidUpdate = this.updated.event;
  last: ValidationSummary | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** what the last saved-state pass found, by file */
  private saved = new Map<string, vscode.Diagnostic[]>();
  /** what the checks found on the unsaved text of open documents, by file */
  private readonly live = new Map<string, vscode.Diagnostic[]>();
  private readonly liveTimers = new Map<string, NodeJS.Timeout>();
  /** the document version each file's newest live run is for (an older run's result is dropped) */
  private readonly liveVersion = new Map<string, number>();
  /** per Atmos root's engine: the facts of its manifests and the check options */
  private readonly workspaces = new Map<AtmosEngine, Workspace>();

  constructor(private readonly state: EditorState) {
    this.disposables.push(
      state.engines.onDidChange((e) => {
        for (const [engine, ws] of this.workspaces) {
          if (!e.root || !e.file) this.workspaces.delete(engine);
          else if (state.rootOf(engine) === e.root) {
            ws.facts.invalidate(e.file);
            ws.options = undefined; // what the engine resolved changed
          }
        }
      }),
      state.onDidChange(() => this.schedule()),
      vscode.workspace.onDidChangeTextDocument((e) => this.scheduleLive(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.dropLive(doc.uri.fsPath)),
    );
  }

  schedule(delayMs = 400): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run().catch((err) => this.state.log.error(`Atmos validation failed: ${String(err)}`)), delayMs);
  }

  /** Validates the saved state of every Atmos root now; undefined when the workspace has none. */
  async run(): Promise<ValidationSummary | undefined> {
    const engines = await this.state.allEngines();
    if (engines.length === 0) {
      this.saved.clear();
      this.live.clear();
      this.collection.clear();
      return undefined;
    }
    const started = performance.now();
    const found: AtmosDiagnostic[] = [];
    for (const engine of engines) {
      const ws = this.workspaceFor(engine);
      const configFile = engine.config.files[0] ?? path.join(engine.config.basePath, 'atmos.yaml');
      // problems of no file (atmos.yaml preconditions) belong to the root's atmos.yaml
      for (const d of [...ws.optionProblems, ...workspaceDiagnostics(engine, ws.facts, ws.options!)]) found.push(d.file ? d : { ...d, file: configFile });
    }
    for (const engine of this.workspaces.keys()) if (!engines.includes(engine)) this.workspaces.delete(engine);
    const summary = this.publishSaved(engines, found);
    this.state.log.info(`Atmos validation: ${summary.errors} errors, ${summary.warnings} warnings in ${Math.round(performance.now() - started)} ms`);
    return summary;
  }

  private workspaceFor(engine: AtmosEngine): Workspace {
    let ws = this.workspaces.get(engine);
    // atmos.yaml changed: the engine reloaded its configuration, the facts start over
    if (!ws || ws.facts.config !== engine.config) {
      ws = { facts: new WorkspaceFacts(engine.config, engine.fs), optionProblems: [] };
      this.workspaces.set(engine, ws);
    }
    if (!ws.options) {
      const problems: AtmosDiagnostic[] = [];
      ws.options = checkOptions(engine, bundledSchema(), problems);
      ws.optionProblems = problems;
    }
    return ws;
  }

  private publishSaved(engines: AtmosEngine[], found: AtmosDiagnostic[]): ValidationSummary {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of found) {
      const file = d.file!;
      const list = byFile.get(file) ?? [];
      list.push(toVsDiagnostic(d));
      byFile.set(file, list);
    }
    this.saved = byFile;
    // a document saved since its last live run is now covered by this pass
    const dirty = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.fsPath));
    for (const f of [...this.live.keys()]) if (!dirty.has(f)) this.live.delete(f);
    this.collection.clear();
    for (const file of new Set([...byFile.keys(), ...this.live.keys()])) this.publishFile(file);
    const summary = {
      errors: found.filter((d) => d.severity === 'error').length,
      warnings: found.filter((d) => d.severity === 'warning').length,
      files: byFile.size,
      stacks: engines.reduce((n, e) => n + e.listStacks().length, 0),
    };
    this.last = summary;
    this.updated.fire(summary);
    return summary;
  }

  private publishFile(file: string): void {
    this.collection.set(vscode.Uri.file(file), this.live.get(file) ?? this.saved.get(file) ?? []);
  }

  private scheduleLive(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !/\.ya?ml(\.tmpl)?$/.test(doc.uri.fsPath)) return;
    const file = doc.uri.fsPath;
    if (!doc.isDirty) {
      // back to the saved text (undo, revert, save): the saved-state problems apply again, at once
      this.dropLive(file);
      return;
    }
    clearTimeout(this.liveTimers.get(file));
    this.liveVersion.set(file, doc.version);
    this.liveTimers.set(file, setTimeout(() => {
      this.liveTimers.delete(file);
      void this.runLive(doc, doc.version).catch((err) => this.state.log.error(`Atmos live check of ${file} failed: ${String(err)}`));
    }, LIVE_DELAY_MS));
  }

  /** Checks the unsaved text of `doc` as it was at `version`. */
  private async runLive(doc: vscode.TextDocument, version: number): Promise<void> {
    const file = doc.uri.fsPath;
    if (!doc.isDirty || doc.isClosed) {
      this.dropLive(file);
      return;
    }
    const engine = await this.state.engineFor(file);
    // a newer edit arrived while the engine was busy: its own run will report
    if (!engine || this.liveVersion.get(file) !== version || doc.version !== version || !this.state.isStackFile(engine, file)) return;
    const ws = this.workspaceFor(engine);
    const found = liveDiagnostics(ws.facts, file, doc.getText(), ws.options!);
    if (doc.version !== version || !doc.isDirty) return;
    this.live.set(file, found.map(toVsDiagnostic));
    this.publishFile(file);
  }

  private dropLive(file: string): void {
    clearTimeout(this.liveTimers.get(file));
    this.liveTimers.delete(file);
    this.liveVersion.delete(file);
    if (this.live.delete(file)) this.publishFile(file);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const t of this.liveTimers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.collection.dispose();
    this.updated.dispose();
  }
}

/** The Atmos manifest schema shipped with the extension (Atmos validates with its embedded one by default). */
function bundledSchema(): string | undefined {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  return ext ? path.join(ext.extensionPath, 'media', 'schemas', 'atmos-manifest.json') : undefined;
}

function toVsDiagnostic(d: AtmosDiagnostic): vscode.Diagnostic {
  const line = Math.max(0, (d.line ?? 1) - 1);
  const col = Math.max(0, (d.col ?? 1) - 1);
  const endLine = d.endLine !== undefined ? Math.max(line, d.endLine - 1) : line;
  // no end known: to the end of the line (VS Code clamps the column)
  const endCol = d.endCol !== undefined ? Math.max(0, d.endCol - 1) : col + 1_000;
  const range = new vscode.Range(line, col, endLine, endLine === line ? Math.max(col + 1, endCol) : endCol);
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'info' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning;
  const diag = new vscode.Diagnostic(range, d.message, severity);
  diag.source = 'atmos';
  diag.code = d.code;
  return diag;
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
 * Kept for the registration in editorFeatures.ts: the as-you-type checks are now part of DiagnosticsBridge
 * (one collection, every check, not only YAML syntax), so this registers nothing.
 */
export function registerLiveSyntaxCheck(_state: EditorState): vscode.Disposable[] {
  return [];
}
