import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const listSessions: Handler<'listSessions'> = (ctx, params) =>
  ctx.chat.listSessions((params as { query?: unknown }).query === undefined ? undefined : stringParam(params, 'query', 500));
