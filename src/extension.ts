import type * as vscode from 'vscode';
import { activateExtension } from './vscode/activate';

const loadedAt = performance.now();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await activateExtension(context, loadedAt);
}

export function deactivate(): void {
  // Every disposable is registered on context.subscriptions; VS Code disposes them.
}
