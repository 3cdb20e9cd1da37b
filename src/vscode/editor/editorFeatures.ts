/** Registers every editor feature (trees, hovers, lenses, definitions, diagnostics, commands) on the shared engine. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sharedSessionStore } from '../sessionStoreHost';
import { AgentsTree, registerAgentCommands } from './agentsTree';
import { registerInstallAgentCommand } from './installAgentCommand';
import type { EngineHost } from '../engineHost';
import { DiagnosticsBridge, validateStacksCommand } from './diagnosticsBridge';
import { registerDescribeDocuments } from './describeDocument';
import { registerCodeActions } from './codeActionFeature';
import { registerComponentRename } from './componentRenameFeature';
import { registerWorkspaceSymbols } from './workspaceSymbolFeature';
import { registerTemplateCompletion } from './templateCompletionFeature';
import { registerEditorCommands } from './editorCommands';
import { EditorState } from './editorState';
import { registerSessionCommands, SessionsTree } from './sessionsTree';
import { registerStackFileFeatures } from './stackFileFeatures';
import { StacksTree } from './stacksTree';
import { registerTerraformVarFeatures } from './terraformVarFeatures';
import { createEngineStatus } from './statusBar';

export function registerEditorFeatures(context: vscode.ExtensionContext, engines: EngineHost, log: vscode.LogOutputChannel): void {
  const started = performance.now();
  const state = new EditorState(engines, log);
  const tree = new StacksTree(state);
  const bridge = new DiagnosticsBridge(state);
  context.subscriptions.push(
    state,
    tree,
    bridge,
    vscode.window.createTreeView('atmosAi.stacks', { treeDataProvider: tree, showCollapseAll: true }),
    ...registerDescribeDocuments(state),
    ...registerStackFileFeatures(state),
    ...registerComponentRename(state),
    ...registerWorkspaceSymbols(state),
    ...registerCodeActions(state),
    ...registerTemplateCompletion(state),
    ...registerTerraformVarFeatures(state),
    ...registerEditorCommands(state, async () => {
      await engines.refreshRoots(); // Refresh also finds atmos.yaml roots added or removed meanwhile
      tree.refresh();
    }),
    vscode.commands.registerCommand('atmosAi.validateStacks', () => validateStacksCommand(bridge)),
    ...createEngineStatus(bridge),
  );
  const store = () => sharedSessionStore(context, log);
  const sessions = new SessionsTree(store);
  const agents = new AgentsTree(path.join(context.extensionPath, 'prompts'), async () => (await engines.get())?.config.basePath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
  context.subscriptions.push(
    sessions,
    agents,
    vscode.window.createTreeView('atmosAi.sessions', { treeDataProvider: sessions }),
    vscode.window.createTreeView('atmosAi.agents', { treeDataProvider: agents }),
    ...registerSessionCommands(sessions, store),
    ...registerAgentCommands(agents),
    registerInstallAgentCommand(agents),
  );
  log.info(`editor features registered in ${(performance.now() - started).toFixed(1)} ms`);
  // The first validation (and so the engine's first load) runs shortly after activation, never during it.
  const first = setTimeout(() => bridge.schedule(0), 1500);
  context.subscriptions.push({ dispose: () => clearTimeout(first) });
}
