import * as vscode from 'vscode';
import { stringParam } from '../../protocol';
import type { Handler } from './index';

/** Links in model output are untrusted: only http(s), shown in full and confirmed before VS Code opens them. */
export const openLink: Handler<'openLink'> = async (_ctx, params) => {
  const href = stringParam(params, 'href', 4000);
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { opened: false };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    void vscode.window.showWarningMessage(`Atmos AI did not open a ${url.protocol} link from the chat: only http and https links open.`);
    return { opened: false };
  }
  const open = 'Open';
  const answer = await vscode.window.showInformationMessage(`Open this link from the chat?\n\n${url.href}`, { modal: true }, open);
  if (answer !== open) return { opened: false };
  return { opened: await vscode.env.openExternal(vscode.Uri.parse(url.href, true)) };
};
