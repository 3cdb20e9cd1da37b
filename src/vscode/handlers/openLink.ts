import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import { stringParam } from '../../protocol';
import { classifyLink, isInside } from '../chat/linkTarget';
import type { Handler } from './index';

/**
 * Links in model output are untrusted. http(s) links and files inside the workspace open after the user
 * confirms the exact target; files open in the editor at the linked line. Anything else is refused with a
 * message saying why.
 */
export const openLink: Handler<'openLink'> = async (_ctx, params) => {
  const href = stringParam(params, 'href', 4000);
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const target = classifyLink(href, roots);
  if (target.kind === 'refused') {
    void vscode.window.showWarningMessage(`Atmos AI did not open a link from the chat: ${target.reason}`);
    return { opened: false };
  }
  const open = 'Open';
  if (target.kind === 'web') {
    const answer = await vscode.window.showInformationMessage(`Open this link from the chat?\n\n${target.url}`, { modal: true }, open);
    if (answer !== open) return { opened: false };
    return { opened: await vscode.env.openExternal(vscode.Uri.parse(target.url, true)) };
  }
  // The first candidate that exists, with symlinks resolved: a link inside may not point outside.
  let file: string | undefined;
  for (const candidate of target.candidates) {
    const real = await realpath(candidate).catch(() => undefined);
    if (!real) continue;
    const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => r)));
    if (realRoots.some((r) => isInside(r, real))) {
      file = candidate;
      break;
    }
    void vscode.window.showWarningMessage(`Atmos AI did not open ${candidate}: it leads outside the workspace.`);
    return { opened: false };
  }
  if (!file) {
    void vscode.window.showWarningMessage(`Atmos AI did not open a link from the chat: ${target.candidates[0]} does not exist.`);
    return { opened: false };
  }
  const where = `${vscode.workspace.asRelativePath(file)}${target.line ? `:${target.line}` : ''}`;
  const answer = await vscode.window.showInformationMessage(`Open ${where} from the chat?`, { modal: true }, open);
  if (answer !== open) return { opened: false };
  const line = Math.max(0, (target.line ?? 1) - 1);
  const column = Math.max(0, (target.column ?? 1) - 1);
  const position = new vscode.Position(line, column);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), preview: true });
  return { opened: true };
};
