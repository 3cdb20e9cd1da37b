import * as vscode from 'vscode';
import { stringParam } from '../../protocol';
import type { Handler } from './index';

/** Error-card fixes and header pickers: each maps to a VS Code command (or the chat's retry). */
const COMMANDS: Record<string, () => Thenable<unknown>> = {
  setApiKey: () => vscode.commands.executeCommand('atmosAi.setApiKey'),
  openSettings: () => vscode.commands.executeCommand('workbench.action.openSettings', 'atmosAi'),
  selectProvider: () => vscode.commands.executeCommand('atmosAi.selectProvider'),
  selectModel: () => vscode.commands.executeCommand('atmosAi.selectModel'),
  selectAgent: () => vscode.commands.executeCommand('atmosAi.selectAgent'),
};

export const runAction: Handler<'runAction'> = async (ctx, params) => {
  const action = stringParam(params, 'action', 50);
  if (action === 'retry') return { ok: (await ctx.chat.retry()).accepted };
  const run = COMMANDS[action];
  if (!run) throw new Error(`unknown action '${action}'`);
  void run(); // pickers resolve when the user is done; the webview does not wait for them
  return { ok: true };
};
