import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const mentions: Handler<'mentions'> = (ctx, params) => ctx.chat.mentions(stringParam(params, 'query', 200));
