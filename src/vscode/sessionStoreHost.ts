/**
 * The one session store of this extension host (sql.js under globalStorage), opened lazily on first use and
 * shared by the chat and the Sessions tree: two stores in one process would be two writers of one journal.
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { SessionStore } from '../sessions/store';

let shared: Promise<SessionStore | undefined> | undefined;
let problem: string | undefined;

/** The shared store, or undefined when it cannot be opened (`sessionStoreProblem()` says why). */
export function sharedSessionStore(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<SessionStore | undefined> {
  if (!shared) {
    const opening = SessionStore.open({
      dataDir: context.globalStorageUri.fsPath,
      wasmPath: path.join(context.extensionPath, 'dist', 'sql-wasm.wasm'),
      onDiagnostic: (d) => log.warn(`session store: ${d.message}`),
    }).catch((err: unknown) => {
      problem = `Sessions cannot be saved: ${err instanceof Error ? err.message : String(err)}`;
      log.error(problem);
      shared = undefined; // try again on the next use
      return undefined;
    });
    shared = opening;
    context.subscriptions.push({ dispose: () => void opening.then((s) => s?.close()) });
  }
  return shared;
}

export function sessionStoreProblem(): string | undefined {
  return problem;
}
