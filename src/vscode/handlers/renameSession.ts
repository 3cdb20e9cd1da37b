import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const renameSession: Handler<'renameSession'> = async (ctx, params) => ({ ok: await ctx.chat.renameSession(stringParam(params, 'name', 1000)) });
