/**
 * One native Atmos engine for the workspace's Atmos root, shared by the chat, the trees, hovers, code lenses
 * and diagnostics. Opened lazily on first use (never during activation) and kept current by a file watcher:
 * each saved or created manifest is applied incrementally, so only the stacks it reaches are recomputed.
 */
import * as vscode from 'vscode';
import { AtmosEngine } from '../atmos/engine';
import type { AtmosRootTracker } from './atmosRootTracker';

export interface EngineChange {
  /** Stack files recomputed (all of them after a reload). */
  recomputed: string[];
  /** The file that changed, when one did. */
  file?: string;
}

export class EngineHost implements vscode.Disposable {
  private engine: Promise<AtmosEngine | undefined> | undefined;
  private readonly changed = new vscode.EventEmitter<EngineChange>();
  /** Fires after the engine has taken in a change (or was reopened for a new root). */
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
        this.engine = undefined;
        this.changed.fire({ recomputed: [] });
      }),
    );
  }

  /** The engine for the current Atmos root, or undefined when the workspace has none. */
  get(): Promise<AtmosEngine | undefined> {
    this.engine ??= this.open();
    return this.engine;
  }

  /** The engine of the Atmos root that contains `file`. */
  forFile(_file: string): Promise<AtmosEngine | undefined> {
    return this.get();
  }

  /** The engine of each Atmos root. */
  all(): Array<Promise<AtmosEngine | undefined>> {
    return [this.get()];
  }

  private async open(): Promise<AtmosEngine | undefined> {
    await this.roots.ready;
    const root = this.roots.current;
    if (!root) return undefined;
    const started = performance.now();
    try {
      const engine = await AtmosEngine.open({ cwd: root });
      this.log.info(`Atmos engine: ${engine.listStacks().length} stacks resolved in ${Math.round(performance.now() - started)} ms (${engine.diagnostics().length} problems)`);
      return engine;
    } catch (err) {
      this.log.error(`Atmos engine could not open ${root}: ${err instanceof Error ? err.message : String(err)}`);
      this.engine = undefined;
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
    if (!this.engine) return; // not opened yet: it will read the file fresh when it opens
    const engine = await this.engine;
    if (!engine) return;
    try {
      const { recomputed } = await engine.applyChange(file);
      if (recomputed.length > 0 || /\.tf$/.test(file)) this.changed.fire({ recomputed, file });
    } catch (err) {
      this.log.error(`Atmos engine: applying ${file} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
