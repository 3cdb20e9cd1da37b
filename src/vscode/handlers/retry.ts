import type { Handler } from './index';

export const retry: Handler<'retry'> = (ctx) => ctx.chat.retry();
