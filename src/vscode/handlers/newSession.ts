import type { Handler } from './index';

export const newSession: Handler<'newSession'> = async (ctx) => ({ ok: await ctx.chat.newSession() });
