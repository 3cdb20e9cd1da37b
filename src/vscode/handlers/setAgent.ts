import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const setAgent: Handler<'setAgent'> = async (ctx, params) => ({ ok: await ctx.chat.setAgent(stringParam(params, 'agent', 200)) });
