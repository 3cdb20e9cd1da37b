import * as vscode from 'vscode';
import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const copyText: Handler<'copyText'> = async (_ctx, params) => {
  await vscode.env.clipboard.writeText(stringParam(params, 'text', 2_000_000));
  return { ok: true };
};
