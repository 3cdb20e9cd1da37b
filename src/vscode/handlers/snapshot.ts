import type { Handler } from './index';

export const snapshot: Handler<'snapshot'> = (ctx) => ctx.chat.snapshot();
