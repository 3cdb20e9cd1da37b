/** Everything that puts Atmos in front of Copilot and other MCP clients: LM tools, @atmos, the MCP definition provider, the install command. */
import * as vscode from 'vscode';
import { LM_TOOL_NAMES } from '../../tools/atmos/languageModelToolManifest';
import type { AtmosRootTracker } from '../atmosRootTracker';
import type { EngineHost } from '../engineHost';
import { PARTICIPANT_ID, registerAtmosChatParticipant } from './atmosChatParticipant';
import { registerInstallMcpCommand } from './installMcpCommand';
import { registerLanguageModelTools } from './languageModelTools';
import { MCP_PROVIDER_ID, registerMcpServerProvider } from './mcpServerProvider';

export function registerCopilotFeatures(context: vscode.ExtensionContext, roots: AtmosRootTracker, engines: EngineHost, log: vscode.LogOutputChannel): void {
  const registered: string[] = [];
  const attempt = (what: string, register: () => void) => {
    try {
      register();
      registered.push(what);
    } catch (err) {
      // a host without one of these APIs must not lose the rest of the extension
      log.warn(`${what} not registered: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  attempt('languageModelTools', () => registerLanguageModelTools(context, engines));
  attempt('chatParticipant', () => registerAtmosChatParticipant(context, engines));
  attempt('mcpServerDefinitionProvider', () => registerMcpServerProvider(context, roots));
  attempt('installMcpCommand', () => registerInstallMcpCommand(context, roots));

  // What this host actually has registered, for support and for the end-to-end test.
  context.subscriptions.push(
    vscode.commands.registerCommand('atmosAi.showCopilotRegistrations', async () => {
      const report = {
        languageModelTools: vscode.lm.tools.filter((t) => (LM_TOOL_NAMES as readonly string[]).includes(t.name)).map((t) => t.name).sort(),
        chatParticipant: registered.includes('chatParticipant') && typeof vscode.chat?.createChatParticipant === 'function' ? PARTICIPANT_ID : null,
        mcpServerDefinitionProvider: registered.includes('mcpServerDefinitionProvider') && typeof vscode.lm.registerMcpServerDefinitionProvider === 'function' ? MCP_PROVIDER_ID : null,
      };
      log.info(`Copilot registrations: ${JSON.stringify(report)}`);
      await vscode.window.showInformationMessage(`Atmos AI registrations: ${JSON.stringify(report)}`);
      return report;
    }),
  );
}
