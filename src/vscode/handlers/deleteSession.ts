import * as vscode from 'vscode';
import { stringParam } from '../../protocol';
import type { Handler } from './index';

/** Deleting is not undoable, so the host asks (a webview cannot show a modal). */
export const deleteSession: Handler<'deleteSession'> = async (ctx, params) => {
  const id = stringParam(params, 'id', 200);
  const yes = 'Delete';
  const answer = await vscode.window.showWarningMessage('Delete this chat session? This cannot be undone.', { modal: true }, yes);
  if (answer !== yes) return { ok: false };
  return { ok: await ctx.chat.deleteSession(id) };
};
