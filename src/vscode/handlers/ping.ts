import type { Handler } from './index';

export const ping: Handler<'ping'> = async (ctx) => ({ version: ctx.version, atmosRoot: await ctx.atmosRoot(), activationMs: ctx.activationMs() });
