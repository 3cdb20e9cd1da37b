/** "Atmos AI: Manage Always-Allowed Tools": lists the tools answered "Allow always" in this workspace and revokes them. */
import * as vscode from 'vscode';
import { AlwaysAllowStore } from '../../tools/alwaysAllowStore';
import type { EngineHost } from '../engineHost';

export function registerAlwaysAllowedCommand(context: vscode.ExtensionContext, engines: EngineHost): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('atmosAi.manageAlwaysAllowed', async () => {
      const engine = await engines.get();
      if (!engine) {
        void vscode.window.showInformationMessage('Atmos AI: no Atmos repository is open.');
        return;
      }
      const workspace = engine.config.basePath; // the same key the chat uses when it remembers an answer
      const store = new AlwaysAllowStore(context.globalStorageUri.fsPath);
      const remembered = await store.list(workspace);
      if (remembered.length === 0) {
        void vscode.window.showInformationMessage('Atmos AI: no tool is always allowed in this workspace; every tool follows the atmosAi.tools settings.');
        return;
      }
      const all: vscode.QuickPickItem = { label: '$(trash) Revoke all', description: `${remembered.length} tools` };
      const items: vscode.QuickPickItem[] = [...remembered.map((r) => ({ label: r.tool, description: `allowed since ${new Date(r.since).toLocaleString()}` })), { label: '', kind: vscode.QuickPickItemKind.Separator }, all];
      const picked = await vscode.window.showQuickPick(items, { title: 'Always-allowed tools in this workspace — pick one to revoke', canPickMany: false });
      if (!picked) return;
      if (picked === all) await store.revoke(workspace);
      else await store.revoke(workspace, picked.label);
      void vscode.window.showInformationMessage(`Atmos AI: ${picked === all ? 'all tools' : picked.label} will ask again before running.`);
    }),
  );
}
