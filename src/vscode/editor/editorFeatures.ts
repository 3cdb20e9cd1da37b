/** Registers every editor feature (trees, hovers, lenses, definitions, diagnostics, commands) on the shared engine. */
import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';
import { DiagnosticsBridge, validateStacksCommand } from './diagnosticsBridge';
import { registerDescribeDocuments } from './describeDocument';
import { registerEditorCommands } from './editorCommands';
import { EditorState } from './editorState';
import { registerStackFileFeatures } from './stackFileFeatures';
import { StacksTree } from './stacksTree';
import { createEngineStatus } from './statusBar';

export function registerEditorFeatures(context: vscode.ExtensionContext, engines: EngineHost, log: vscode.LogOutputChannel): void {
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
    ...registerEditorCommands(state, () => tree.refresh()),
    vscode.commands.registerCommand('atmosAi.validateStacks', () => validateStacksCommand(bridge)),
    ...createEngineStatus(bridge),
  );
  // The first validation (and so the engine's first load) runs shortly after activation, never during it.
  const first = setTimeout(() => bridge.schedule(0), 1500);
  context.subscriptions.push({ dispose: () => clearTimeout(first) });
}
