import { stringParam, type ApprovalChoice } from '../../protocol';
import type { Handler } from './index';

const ANSWERS: readonly ApprovalChoice[] = ['allow_once', 'allow_always', 'deny'];

export const approve: Handler<'approve'> = async (ctx, params) => {
  const answer = stringParam(params, 'answer', 20) as ApprovalChoice;
  if (!ANSWERS.includes(answer)) throw new Error(`'answer' must be one of ${ANSWERS.join(', ')}`);
  return { ok: ctx.chat.answerApproval(stringParam(params, 'callId', 500), answer) };
};
