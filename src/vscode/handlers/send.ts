import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const send: Handler<'send'> = (ctx, params) => ctx.chat.send(stringParam(params, 'text'));
