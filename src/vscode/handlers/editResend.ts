import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const editResend: Handler<'editResend'> = (ctx, params) => ctx.chat.editResend(stringParam(params, 'itemId', 200), stringParam(params, 'text'));
