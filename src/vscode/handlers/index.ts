import type { RequestMap, RequestName } from '../../protocol';
import type { ChatController } from '../chat/chatController';
import { applyCode } from './applyCode';
import { approve } from './approve';
import { copyText } from './copyText';
import { deleteSession } from './deleteSession';
import { diffCode } from './diffCode';
import { earlierItems } from './earlierItems';
import { editResend } from './editResend';
import { listSessions } from './listSessions';
import { mentions } from './mentions';
import { newSession } from './newSession';
import { openLink } from './openLink';
import { ping } from './ping';
import { renameSession } from './renameSession';
import { retry } from './retry';
import { runAction } from './runAction';
import { send } from './send';
import { setAgent } from './setAgent';
import { setModel } from './setModel';
import { setProvider } from './setProvider';
import { showDiff } from './showDiff';
import { snapshot } from './snapshot';
import { stop } from './stop';
import { switchSession } from './switchSession';

/** What every request handler may use from the host. */
export interface HandlerContext {
  version: string;
  /** The Atmos root, once the first workspace search has finished. */
  atmosRoot(): Promise<string | null>;
  activationMs(): number;
  chat: ChatController;
}

export type Handler<K extends RequestName> = (ctx: HandlerContext, params: RequestMap[K]['params']) => Promise<RequestMap[K]['result']>;

/** One handler per request name; the compiler checks that every request has one. Params are untrusted: handlers check them. */
export const requestHandlers: { [K in RequestName]: Handler<K> } = {
  ping,
  snapshot,
  earlierItems,
  send,
  stop,
  retry,
  editResend,
  approve,
  showDiff,
  diffCode,
  applyCode,
  newSession,
  switchSession,
  renameSession,
  deleteSession,
  listSessions,
  setProvider,
  setModel,
  setAgent,
  runAction,
  openLink,
  copyText,
  mentions,
};
