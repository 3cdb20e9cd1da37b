/**
 * The one message protocol between the extension host and the chat webview.
 *
 * Requests go webview → host and get exactly one response; events go host → webview and stream
 * state changes incrementally (never the whole state again). Both sides import only this file.
 */

export interface PingResult {
  /** The extension's version from package.json. */
  version: string;
  /** Absolute path of the Atmos root (the folder holding atmos.yaml), or null when none was found. */
  atmosRoot: string | null;
  /** How long `activate` took, in milliseconds. */
  activationMs: number;
}

/** Webview → host requests: name → params and result. */
export interface RequestMap {
  ping: { params: Record<string, never>; result: PingResult };
}

/** Host → webview events: name → payload. */
export interface EventMap {
  atmosRootChanged: { atmosRoot: string | null };
}

export type RequestName = keyof RequestMap;
export type EventName = keyof EventMap;

export interface RequestMessage<K extends RequestName = RequestName> {
  kind: 'request';
  id: number;
  name: K;
  params: RequestMap[K]['params'];
}

export type ResponseMessage<K extends RequestName = RequestName> =
  | { kind: 'response'; id: number; ok: true; result: RequestMap[K]['result'] }
  | { kind: 'response'; id: number; ok: false; error: string };

export interface EventMessage<K extends EventName = EventName> {
  kind: 'event';
  name: K;
  payload: EventMap[K];
}

export type HostToWebview = ResponseMessage | EventMessage;
export type WebviewToHost = RequestMessage;

const requestNames: ReadonlySet<string> = new Set<RequestName>(['ping']);

/** Checks an untrusted value posted by the webview before the host dispatches it. */
export function isRequestMessage(value: unknown): value is RequestMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    m.kind === 'request' &&
    typeof m.id === 'number' &&
    Number.isInteger(m.id) &&
    typeof m.name === 'string' &&
    requestNames.has(m.name) &&
    typeof m.params === 'object' &&
    m.params !== null
  );
}
