import * as vscode from 'vscode';
import { ChatViewProvider } from './chatViewProvider';

/** Commands whose feature has not landed yet say so plainly instead of doing nothing. */
const upcoming: Record<string, string> = {
  'atmosAi.analyzeStack': 'Analyze Stack',
  'atmosAi.explainComponent': 'Explain Component',
  'atmosAi.securityAudit': 'Security Audit',
  'atmosAi.initMemory': 'Init ATMOS.md',
  'atmosAi.openAuditLog': 'Open Audit Log',
};

export function registerCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('atmosAi.openChat', () =>
      vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`),
    ),
  );
  for (const [id, feature] of Object.entries(upcoming)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, () => {
        log.info(`${feature} requested; not available in this version yet`);
        void vscode.window.showInformationMessage(`Atmos AI: ${feature} is not available in this version yet.`);
      }),
    );
  }
}
