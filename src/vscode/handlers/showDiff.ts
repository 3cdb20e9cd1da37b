import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const showDiff: Handler<'showDiff'> = async (ctx, params) => ({ ok: await ctx.chat.showDiff(stringParam(params, 'callId', 500)) });
