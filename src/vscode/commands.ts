import * as vscode from 'vscode';
import { ChatViewProvider } from './chatViewProvider';

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('atmosAi.openChat', () =>
      vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`),
    ),
  );
}
