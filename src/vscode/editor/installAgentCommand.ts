/**
 * *Atmos AI: Install Agent…*: an agent package from a git URL (optionally `@tag`) or a local folder into
 * `~/.atmos/agents` (the same installer as `atmos-ai agent install`), with progress, then offered to the chat.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AgentInstallError, installAgents } from '../../agents/agentInstaller';
import { NodeProcessRunner } from '../../process/processRunner';
import type { AgentsTree } from './agentsTree';

export function registerInstallAgentCommand(tree: AgentsTree): vscode.Disposable {
  return vscode.commands.registerCommand('atmosAi.installAgent', async (spec?: unknown) => {
    const source = typeof spec === 'string' && spec.trim() ? spec.trim() : await askForSource();
    if (!source) return;
    try {
      const installed = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Atmos AI: installing agents from ${source}…` },
        () => installAgents(source, { agentsDir: path.join(os.homedir(), '.atmos', 'agents'), runner: new NodeProcessRunner() }),
      );
      tree.refresh();
      const names = installed.map((a) => a.name);
      const use = names.length === 1 ? `Use ${names[0]} in Chat` : undefined;
      const choice = await vscode.window.showInformationMessage(`Atmos AI: installed ${names.join(', ')} into ~/.atmos/agents.`, ...(use ? [use] : []));
      if (use && choice === use) await vscode.commands.executeCommand('atmosAi.selectAgent', names[0]);
    } catch (err) {
      // the installer validated before writing: the existing agents are untouched
      const details = err instanceof AgentInstallError && err.problems.length > 0 ? ` ${err.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('; ')}` : '';
      void vscode.window.showErrorMessage(`Atmos AI: could not install agents from ${source}: ${err instanceof Error ? err.message : String(err)}${details}`);
    }
  });
}

async function askForSource(): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: '$(repo) From a git repository…', detail: 'https://github.com/org/agents.git, optionally @tag', id: 'git' },
      { label: '$(folder) From a folder…', detail: 'a folder with .agent.yaml or SKILL.md (or one sub-folder per agent)', id: 'folder' },
    ],
    { title: 'Install Atmos AI agents' },
  );
  if (!pick) return undefined;
  if (pick.id === 'folder') {
    const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Install agents from this folder' });
    return folder?.[0]?.fsPath;
  }
  return vscode.window.showInputBox({
    title: 'Install Atmos AI agents from git',
    prompt: 'Repository URL, optionally with @tag or @branch',
    placeHolder: 'https://github.com/org/atmos-agents.git@v1.0.0',
    validateInput: (v) => (v.trim() === '' ? 'Enter a repository URL' : undefined),
  });
}
