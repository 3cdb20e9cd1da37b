import type { Handler } from './index';

export const stop: Handler<'stop'> = async (ctx) => ({ stopped: ctx.chat.stop() });
