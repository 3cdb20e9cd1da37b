import type * as vscode from 'vscode';
import { activateExtension } from './vscode/activate';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // Measured from our own entry, so the figure is our work, not the host's scheduling before it.
  await activateExtension(context, performance.now());
}

export function deactivate(): void {
  // Every disposable is registered on context.subscriptions; VS Code disposes them.
}
