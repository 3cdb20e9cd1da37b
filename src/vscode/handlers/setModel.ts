import { stringParam } from '../../protocol';
import { updateSetting } from '../chat/chatSettings';
import type { Handler } from './index';

export const setModel: Handler<'setModel'> = async (_ctx, params) => {
  await updateSetting('model', stringParam(params, 'model', 300).trim());
  return { ok: true };
};
