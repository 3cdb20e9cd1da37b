import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const switchSession: Handler<'switchSession'> = async (ctx, params) => ({ ok: await ctx.chat.switchSession(stringParam(params, 'id', 200)) });
