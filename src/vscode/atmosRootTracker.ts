import * as path from 'node:path';
import * as vscode from 'vscode';

/** Finds the workspace's Atmos root (the folder of the shallowest atmos.yaml) and follows changes. */
export class AtmosRootTracker implements vscode.Disposable {
  private root: string | null = null;
  /** Settles once the first search has finished (activation does not wait for it). */
  readonly ready: Promise<void>;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/atmos.yaml');
  private readonly changed = new vscode.EventEmitter<string | null>();
  readonly onDidChange = this.changed.event;

  constructor() {
    this.ready = this.refresh().catch(() => undefined);
    const refresh = () => void this.refresh();
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidDelete(refresh);
  }

  get current(): string | null {
    return this.root;
  }

  async refresh(): Promise<void> {
    const files = await vscode.workspace.findFiles('**/atmos.yaml', '**/{node_modules,.git,.terraform}/**', 50);
    const dirs = files.map((f) => path.dirname(f.fsPath)).sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || a.localeCompare(b));
    const next = dirs[0] ?? null;
    if (next !== this.root) {
      this.root = next;
      this.changed.fire(next);
    }
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
