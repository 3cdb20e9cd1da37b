/**
 * One native Atmos engine per Atmos root of the workspace, shared by the chat, the trees, hovers, code lenses
 * and diagnostics. Each is opened lazily on first use (never during activation) and kept current by a file
 * watcher: a saved or created manifest is applied incrementally to the engine of the root that contains it,
 * so only the stacks it reaches are recomputed.
 */
import * as vscode from 'vscode';
import { AtmosEngine } from '../atmos/engine';
import { rootForFile } from '../editorSupport/atmosRoots';
import type { AtmosRootTracker } from './atmosRootTracker';

export interface EngineChange {
  /** Stack files recomputed (all of them after a reload). */
  recomputed: string[];
  /** The file that changed, when one did. */
  file?: string;
  /** The root whose engine changed (none: the set of roots changed, every engine was dropped). */
  root?: string;
}

export class EngineHost implements vscode.Disposable {
  private readonly engines = new Map<string, Promise<AtmosEngine | undefined>>();
  private readonly rootsOf = new Map<AtmosEngine, string>();
  private readonly changed = new vscode.EventEmitter<EngineChange>();
  /** Fires after an engine has taken in a change (or the roots changed and the engines were dropped). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly roots: AtmosRootTracker,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,tmpl,tf}');
    const onFile = (uri: vscode.Uri) => this.schedule(uri.fsPath);
    this.disposables.push(watcher, watcher.onDidChange(onFile), watcher.onDidCreate(onFile), watcher.onDidDelete(onFile));
    this.disposables.push(
      roots.onDidChange(() => {
        this.log.info(`Atmos roots: ${roots.all.join(', ') || 'none'}`);
        this.engines.clear();
        this.rootsOf.clear();
        this.changed.fire({ recomputed: [] });
      }),
    );
  }

  /** The engine for the active editor's root, else the first root's; undefined when the workspace has none. */
  async get(): Promise<AtmosEngine | undefined> {
    await this.roots.ready;
    const active = vscode.window.activeTextEditor?.document.uri;
    const root = (active?.scheme === 'file' ? rootForFile(this.roots.all, active.fsPath) : undefined) ?? this.roots.current;
    return root ? this.forRoot(root) : undefined;
  }

  /** The engine of the Atmos root that contains `file` (the first root's when none does). */
  async forFile(file: string): Promise<AtmosEngine | undefined> {
    await this.roots.ready;
    const root = rootForFile(this.roots.all, file) ?? this.roots.current;
    return root ? this.forRoot(root) : undefined;
  }

  /** The engine of one root (opened on first use). */
  forRoot(root: string): Promise<AtmosEngine | undefined> {
    let engine = this.engines.get(root);
    if (!engine) {
      engine = this.open(root);
      this.engines.set(root, engine);
    }
    return engine;
  }

  /** Every root (shallowest first); settles after the first search. */
  async rootList(): Promise<string[]> {
    await this.roots.ready;
    return this.roots.all;
  }

  /** Searches the workspace for Atmos roots again (the engines are dropped when the set changed). */
  refreshRoots(): Promise<void> {
    return this.roots.refresh();
  }

  /** The engine of each Atmos root, in root order. */
  all(): Array<Promise<AtmosEngine | undefined>> {
    return this.roots.all.map((r) => this.forRoot(r));
  }

  /** The root an opened engine belongs to. */
  rootOf(engine: AtmosEngine): string | undefined {
    return this.rootsOf.get(engine);
  }

  private async open(root: string): Promise<AtmosEngine | undefined> {
    const started = performance.now();
    try {
      const engine = await AtmosEngine.open({ cwd: root });
      this.rootsOf.set(engine, root);
      this.log.info(`Atmos engine (${root}): ${engine.listStacks().length} stacks resolved in ${Math.round(performance.now() - started)} ms (${engine.diagnostics().length} problems)`);
      return engine;
    } catch (err) {
      this.log.error(`Atmos engine could not open ${root}: ${err instanceof Error ? err.message : String(err)}`);
      this.engines.delete(root);
      return undefined;
    }
  }

  /** Debounced per file: editors save in bursts. */
  private schedule(file: string): void {
    clearTimeout(this.pending.get(file));
    this.pending.set(
      file,
      setTimeout(() => {
        this.pending.delete(file);
        void this.apply(file);
      }, 150),
    );
  }

  private async apply(file: string): Promise<void> {
    const root = rootForFile(this.roots.all, file) ?? this.roots.current;
    const opening = root ? this.engines.get(root) : undefined;
    if (!root || !opening) return; // not opened yet: it will read the file fresh when it opens
    const engine = await opening;
    if (!engine) return;
    try {
      const { recomputed } = await engine.applyChange(file);
      if (recomputed.length > 0 || /\.tf$/.test(file)) this.changed.fire({ recomputed, file, root });
    } catch (err) {
      this.log.error(`Atmos engine: applying ${file} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
