import * as path from 'node:path';
import * as vscode from 'vscode';
import { orderRoots } from '../editorSupport/atmosRoots';

/**
 * Finds the workspace's Atmos roots (every folder with an atmos.yaml, in every workspace folder, nested ones
 * included) and follows changes. `current` is the first (shallowest) root, for callers that know only one.
 */
export class AtmosRootTracker implements vscode.Disposable {
  private roots: string[] = [];
  /** Settles once the first search has finished (activation does not wait for it). */
  readonly ready: Promise<void>;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/atmos.yaml');
  private readonly changed = new vscode.EventEmitter<string | null>();
  /** Fires with the first root whenever the set of roots changes. */
  readonly onDidChange = this.changed.event;
  private readonly folders: vscode.Disposable;

  constructor() {
    this.ready = this.refresh().catch(() => undefined);
    const refresh = () => void this.refresh();
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidDelete(refresh);
    this.folders = vscode.workspace.onDidChangeWorkspaceFolders(refresh);
  }

  get current(): string | null {
    return this.roots[0] ?? null;
  }

  /** Every Atmos root, shallowest first. */
  get all(): string[] {
    return this.roots;
  }

  async refresh(): Promise<void> {
    const files = await vscode.workspace.findFiles('**/atmos.yaml', '**/{node_modules,.git,.terraform}/**', 50);
    const next = orderRoots(files.map((f) => path.dirname(f.fsPath)));
    if (next.join('\0') !== this.roots.join('\0')) {
      this.roots = next;
      this.changed.fire(this.current);
    }
  }

  dispose(): void {
    this.watcher.dispose();
    this.folders.dispose();
    this.changed.dispose();
  }
}
