import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const diffCode: Handler<'diffCode'> = async (ctx, params) => ({ ok: await ctx.chat.diffCode(stringParam(params, 'path', 1000), stringParam(params, 'content', 1_000_000)) });
