import type { PingResult } from '../../protocol';
import type { HandlerContext } from './index';

export async function ping(ctx: HandlerContext): Promise<PingResult> {
  return { version: ctx.version, atmosRoot: await ctx.atmosRoot(), activationMs: ctx.activationMs() };
}
