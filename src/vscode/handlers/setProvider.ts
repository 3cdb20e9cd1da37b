import { PROVIDER_IDS } from '../../providers/types';
import { stringParam } from '../../protocol';
import { updateSetting } from '../chat/chatSettings';
import type { Handler } from './index';

export const setProvider: Handler<'setProvider'> = async (_ctx, params) => {
  const provider = stringParam(params, 'provider', 50);
  if (!(PROVIDER_IDS as readonly string[]).includes(provider)) return { ok: false };
  await updateSetting('provider', provider);
  await updateSetting('model', '');
  return { ok: true };
};
