import { stringParam } from '../../protocol';
import type { Handler } from './index';

export const earlierItems: Handler<'earlierItems'> = async (ctx, params) => {
  const count = (params as { count?: unknown }).count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new Error("'count' must be a positive integer");
  return ctx.chat.earlierItems(stringParam(params, 'beforeId', 200), count);
};
