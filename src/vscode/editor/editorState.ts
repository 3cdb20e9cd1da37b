/**
 * What every editor feature shares: the engine host, a cache of resolved components (invalidated per
 * recomputed stack), and the index of component definitions (updated per changed manifest).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AtmosEngine } from '../../atmos/engine';
import { ComponentIndex } from '../../editorSupport/componentIndex';
import { DescribeCache } from '../../editorSupport/describeCache';
import type { EngineHost } from '../engineHost';

export class EditorState implements vscode.Disposable {
  readonly cache = new DescribeCache();
  private readonly indexes = new Map<AtmosEngine, ComponentIndex>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the engine took in a change and the caches were updated. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    readonly engines: EngineHost,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = engines.onDidChange((e) => {
      this.cache.invalidate(e.file ? e.recomputed : undefined);
      if (e.file) for (const index of this.indexes.values()) index.update(e.file);
      else this.indexes.clear();
      this.changed.fire();
    });
  }

  engine(): Promise<AtmosEngine | undefined> {
    return this.engines.get();
  }

  /** The engine of every Atmos root of the workspace (opened on first use). */
  async allEngines(): Promise<AtmosEngine[]> {
    return (await Promise.all(this.engines.all())).filter((e): e is AtmosEngine => !!e);
  }

  /** The engine of the Atmos root that contains `file` (the first root's when none does). */
  engineFor(file: string): Promise<AtmosEngine | undefined> {
    return this.engines.forFile(file);
  }

  /** The engine of `root` when given, else the active editor's (see EngineHost.get). */
  engineOf(root: string | undefined): Promise<AtmosEngine | undefined> {
    return root ? this.engines.forRoot(root) : this.engines.get();
  }

  /** The Atmos root an engine belongs to. */
  rootOf(engine: AtmosEngine): string | undefined {
    return this.engines.rootOf(engine);
  }

  componentIndex(engine: AtmosEngine): ComponentIndex {
    let index = this.indexes.get(engine);
    if (!index) {
      index = new ComponentIndex(engine.fs, engine.config.stacksBasePath);
      this.indexes.set(engine, index);
    }
    return index;
  }

  /** A YAML manifest under the stacks folder. */
  isStackFile(engine: AtmosEngine, file: string): boolean {
    const base = engine.config.stacksBasePath;
    return file.startsWith(base + path.sep) && /\.ya?ml(\.tmpl)?$/.test(file);
  }

  /** Paths shown to the user: relative to the stacks folder when inside it, else to the Atmos base path. */
  displayBase(engine: AtmosEngine, file: string): string {
    return file.startsWith(engine.config.stacksBasePath + path.sep) ? engine.config.stacksBasePath : engine.config.basePath;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
