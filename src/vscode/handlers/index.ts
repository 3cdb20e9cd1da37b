import type { RequestMap, RequestName } from '../../protocol';
import { ping } from './ping';

/** What every request handler may use from the host. */
export interface HandlerContext {
  version: string;
  /** The Atmos root, once the first workspace search has finished. */
  atmosRoot(): Promise<string | null>;
  activationMs(): number;
}

type Handler<K extends RequestName> = (ctx: HandlerContext, params: RequestMap[K]['params']) => Promise<RequestMap[K]['result']>;

/** One handler per request name; the compiler checks that every request has one. */
export const requestHandlers: { [K in RequestName]: Handler<K> } = {
  ping,
};
