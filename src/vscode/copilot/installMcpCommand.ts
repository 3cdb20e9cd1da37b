/**
 * "Atmos AI: Install MCP Server in…": adds the Atmos server to Claude Desktop's, Claude Code's or Cursor's
 * config. It shows the diff first, keeps every other server, backs the file up, and never overwrites a file
 * it cannot parse.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigMergeError, mergeServerEntry, stdioEntry, type McpClientKind } from '../../mcp/clientConfigs';
import type { AtmosRootTracker } from '../atmosRootTracker';

const PREVIEW_SCHEME = 'atmos-ai-mcp-preview';

function configPath(kind: McpClientKind, workspaceRoot: string): string {
  const home = os.homedir();
  switch (kind) {
    case 'claude-desktop':
      if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
      if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Claude', 'claude_desktop_config.json');
    case 'claude-code':
      return path.join(workspaceRoot, '.mcp.json');
    case 'cursor':
      return path.join(home, '.cursor', 'mcp.json');
  }
}

export function registerInstallMcpCommand(context: vscode.ExtensionContext, roots: AtmosRootTracker): void {
  const previews = new Map<string, string>();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, { provideTextDocumentContent: (uri) => previews.get(uri.path) ?? '' }),
    vscode.commands.registerCommand('atmosAi.installMcpServer', async () => {
      await roots.ready;
      const root = roots.current;
      if (!root) {
        void vscode.window.showWarningMessage('Atmos AI: open a folder with an atmos.yaml first; the MCP server serves that repository.');
        return;
      }
      const clients: (vscode.QuickPickItem & { client: McpClientKind })[] = [
        { label: 'Claude Desktop', client: 'claude-desktop' },
        { label: 'Claude Code', description: 'this workspace (.mcp.json)', client: 'claude-code' },
        { label: 'Cursor', client: 'cursor' },
      ];
      const picked = await vscode.window.showQuickPick(
        clients.map((c) => ({ ...c, detail: configPath(c.client, root) })),
        { title: 'Install the Atmos MCP server in…' },
      );
      if (!picked) return;
      const file = configPath(picked.client, root);
      const existing = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
      const entry = stdioEntry(picked.client, { node: process.execPath, cliPath: path.join(context.extensionPath, 'dist', 'cli.js'), root });
      // Inside desktop VS Code process.execPath is Electron; this makes it behave as Node for the client.
      if (!/^node(\.exe)?$/.test(path.basename(process.execPath))) entry.env = { ELECTRON_RUN_AS_NODE: '1' };
      let merged: { text: string; replaced: boolean };
      try {
        merged = mergeServerEntry(existing, 'atmos', entry);
      } catch (err) {
        if (err instanceof ConfigMergeError) {
          void vscode.window.showErrorMessage(`Atmos AI: ${file}: ${err.message}`);
          return;
        }
        throw err;
      }
      const id = `${Date.now()}`;
      previews.set(`/${id}/before.json`, existing ?? '');
      previews.set(`/${id}/after.json`, merged.text);
      await vscode.commands.executeCommand('vscode.diff', vscode.Uri.parse(`${PREVIEW_SCHEME}:/${id}/before.json`), vscode.Uri.parse(`${PREVIEW_SCHEME}:/${id}/after.json`), `${picked.label}: ${path.basename(file)} (proposed)`);
      const answer = await vscode.window.showInformationMessage(
        `${merged.replaced ? 'Replace' : 'Add'} the "atmos" server in ${file}? Other servers are kept${existing ? ' and a backup is made' : ''}.`,
        { modal: true },
        'Write',
      );
      if (answer !== 'Write') return;
      await mkdir(path.dirname(file), { recursive: true });
      if (existing !== undefined) await copyFile(file, `${file}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      await writeFile(file, merged.text);
      void vscode.window.showInformationMessage(`Atmos AI: the MCP server is installed for ${picked.label}. Restart ${picked.label} to use it.`);
    }),
  );
}
