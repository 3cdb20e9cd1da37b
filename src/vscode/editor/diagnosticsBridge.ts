/**
 * Problems panel ← the engine's diagnostics (src/atmos/checks): one collection 'atmos', each problem at its
 * exact range with its stable code.
 * - Saved state: every manifest's checks, the engine's own resolution problems and `validate stacks`'
 *   preconditions, recomputed a moment after each engine change (debounced) and on demand with the Validate
 *   Stacks command (progress, summary notification). Files that are not open get their problems from here.
 * - As you type: ~300 ms after the last keystroke in a manifest, every open manifest of its root is checked
 *   with all unsaved texts in place, through an overlay that never touches the engine's state (dropping the
 *   overlay is the revert). A run that started before a newer edit drops its result. A file with unsaved text
 *   shows what the checks find in its text until it is saved (then the next saved-state pass takes over) or
 *   reverted; another open file shows its saved-state problems with the checks' results swapped in, so an
 *   unsaved edit (a renamed base, a removed definition) shows where it breaks something.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkOptions, diagnosticKey, overlayDiagnostics, workspaceDiagnostics, type CheckOptions } from '../../atmos/checks/runChecks';
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
  /** the same, as the checks gave them (to swap one check's results of a file) */
  private savedRaw = new Map<string, AtmosDiagnostic[]>();
  /** what the checks found in open documents while some have unsaved text, by file */
  private readonly live = new Map<string, vscode.Diagnostic[]>();
  /** per document: typing pauses this long before the check (debounce) */
  private readonly liveTimers = new Map<string, NodeJS.Timeout>();
  /** bumped by every edit; a run that started before the newest edit drops its result */
  private generation = 0;
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
      vscode.workspace.onDidCloseTextDocument((doc) => this.scheduleLive(doc)),
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
    const raw = new Map<string, AtmosDiagnostic[]>();
    for (const d of found) {
      const file = d.file!;
      if (!byFile.has(file)) {
        byFile.set(file, []);
        raw.set(file, []);
      }
      byFile.get(file)!.push(toVsDiagnostic(d));
      raw.get(file)!.push(d);
    }
    this.saved = byFile;
    this.savedRaw = raw;
    // saved documents are covered by this pass; documents with unsaved text keep theirs until rechecked
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file').map((d) => d.uri.fsPath);
    for (const f of [...this.live.keys()]) if (!dirty.includes(f)) this.live.delete(f);
    this.collection.clear();
    for (const file of new Set([...byFile.keys(), ...this.live.keys()])) this.publishFile(file);
    if (dirty.some((f) => this.live.has(f))) void this.runLive(dirty.find((f) => this.live.has(f))!).catch((err) => this.state.log.error(`Atmos live check failed: ${String(err)}`));
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
    this.generation++;
    // back to the saved text (undo, revert, save): its own unsaved problems go at once; the other open files follow
    if (!doc.isDirty || doc.isClosed) this.dropLive(file);
    clearTimeout(this.liveTimers.get(file));
    this.liveTimers.set(file, setTimeout(() => {
      this.liveTimers.delete(file);
      void this.runLive(file).catch((err) => this.state.log.error(`Atmos live check after ${file} changed failed: ${String(err)}`));
    }, LIVE_DELAY_MS));
  }

  /**
   * Checks every open manifest of the root of `file` with all unsaved texts in place. A file with unsaved
   * text shows what the checks find in it; a saved one shows its saved-state problems with these checks'
   * results swapped in (so an unsaved edit elsewhere shows there too). Nothing unsaved: the saved state.
   */
  private async runLive(file: string): Promise<void> {
    const generation = this.generation;
    const engine = await this.state.engineFor(file);
    // a newer edit arrived while the engine was busy: its own run reports
    if (!engine || generation !== this.generation) return;
    const ws = this.workspaceFor(engine);
    const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && !d.isClosed && this.state.isStackFile(engine, d.uri.fsPath));
    const openFiles = new Set(open.map((d) => d.uri.fsPath));
    for (const f of [...this.live.keys()]) if (this.state.isStackFile(engine, f) && !openFiles.has(f)) this.dropLive(f);
    const overlay = new Map(open.filter((d) => d.isDirty).map((d) => [d.uri.fsPath, d.getText()]));
    if (overlay.size === 0) {
      for (const f of openFiles) this.dropLive(f);
      return;
    }
    for (const [f, r] of overlayDiagnostics(ws.facts, overlay, [...openFiles], ws.options!)) {
      if (overlay.has(f)) this.live.set(f, r.live.map(toVsDiagnostic));
      else {
        const before = new Set(r.saved.map(diagnosticKey));
        const now = new Set(r.live.map(diagnosticKey));
        if (before.size === now.size && [...now].every((k) => before.has(k))) this.live.delete(f);
        else this.live.set(f, [...(this.savedRaw.get(f) ?? []).filter((d) => !before.has(diagnosticKey(d))), ...r.live].map(toVsDiagnostic));
      }
      this.publishFile(f);
    }
  }

  private dropLive(file: string): void {
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

