/**
 * Tells VS Code (and so Copilot) about the Atmos MCP server for the open workspace, with no configuration.
 * `provideMcpServerDefinitions` is cheap and never prompts; the launch details are checked in
 * `resolveMcpServerDefinition`, when VS Code is about to start the server.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AtmosRootTracker } from '../atmosRootTracker';

export const MCP_PROVIDER_ID = 'atmosAi.mcp';

export function registerMcpServerProvider(context: vscode.ExtensionContext, roots: AtmosRootTracker): void {
  if (typeof vscode.lm.registerMcpServerDefinitionProvider !== 'function') return; // older hosts
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(changed, roots.onDidChange(() => changed.fire()));
  const cli = path.join(context.extensionPath, 'dist', 'cli.js');
  context.subscriptions.push(
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => {
        const root = roots.current;
        if (!root) return [];
        // process.execPath is VS Code's Electron; ELECTRON_RUN_AS_NODE makes it a plain Node for our CLI.
        const server = new vscode.McpStdioServerDefinition(`Atmos (${path.basename(root)})`, process.execPath, [cli, 'mcp', '-C', root], { ELECTRON_RUN_AS_NODE: '1' }, String(context.extension.packageJSON.version));
        server.cwd = vscode.Uri.file(root);
        return [server];
      },
      resolveMcpServerDefinition: (server) => {
        if (!existsSync(cli)) throw new Error(`Atmos AI's CLI is missing at ${cli}; reinstall the extension.`);
        return server;
      },
    }),
  );
}
