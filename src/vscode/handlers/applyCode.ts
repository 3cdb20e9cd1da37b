import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const applyCode: Handler<'applyCode'> = (ctx, params) => ctx.chat.applyCode(stringParam(params, 'path', 1000), stringParam(params, 'content', 1_000_000));
