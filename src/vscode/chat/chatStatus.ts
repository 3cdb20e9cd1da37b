/** The chat's provider · model · agent for the status bar, refreshed when a setting or the agent changes. */
import * as vscode from 'vscode';
import type { ChatStatusSource } from '../editor/statusBar';
import type { ChatController } from './chatController';
import { currentModel, currentProvider, providerLabel } from './chatSettings';

export function chatStatusSource(chat: ChatController): ChatStatusSource & vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const subs = [
    changed,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('atmosAi.provider') || e.affectsConfiguration('atmosAi.model')) changed.fire();
    }),
    chat.onDidChangeAgent(() => changed.fire()),
  ];
  return {
    dispose: () => subs.forEach((s) => s.dispose()),
    label: () => [providerLabel(currentProvider()), currentModel() || 'default model', chat.agentName()].join(' · '),
    onDidChange: changed.event,
  };
}
