/**
 * Maps whatever an SDK throws to a ProviderError whose message says what to do. SDK errors are read by
 * shape (status, headers, code, name), never by class: each lazy chunk has its own copy of the SDK classes.
 */
import type { ProviderError, ProviderErrorKind } from './types';

/** What the messages need to know about the provider. */
export interface ErrorContext {
  /** "Anthropic", "Azure OpenAI", … */
  label: string;
  /** How to fix a bad key: "set ANTHROPIC_API_KEY or run 'Atmos AI: Set API Key'". */
  keyHint?: string;
  /** Where requests go (base URL / endpoint), for network messages. */
  endpoint?: string;
  model?: string;
}

export function isProviderError(x: unknown): x is ProviderError {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.kind === 'string' && typeof o.message === 'string' && typeof o.retryable === 'boolean';
}

/** An Error carrying ProviderError fields, for APIs that reject (listModels). Read it with isProviderError. */
export function providerFailure(e: ProviderError): Error & ProviderError {
  return Object.assign(new Error(e.message), e);
}

/** Keys that servers sometimes echo back in error text must not reach logs or the UI. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(sk|xai|sk-ant|AIza)[-_A-Za-z0-9]{12,}/g, '$1-…redacted')
    .replace(/(Bearer\s+)[-._~+/A-Za-z0-9]{12,}=*/gi, '$1…redacted');
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** Reads a retry-after from `retry-after-ms`, `retry-after` (seconds or HTTP date). Headers may be a Headers or a plain record. */
export function retryAfterMs(headers: unknown, now: number = Date.now()): number | undefined {
  const get = (name: string): string | undefined => {
    if (!headers || typeof headers !== 'object') return undefined;
    const h = headers as { get?: (n: string) => string | null } & Record<string, unknown>;
    if (typeof h.get === 'function') return h.get(name) ?? undefined;
    for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return Array.isArray(v) ? String(v[0]) : String(v);
    return undefined;
  };
  const ms = get('retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const ra = get('retry-after');
  if (ra === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.round(Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function looksLikeContextTooLong(text: string): boolean {
  return /context.{0,20}(length|window|limit)|too many tokens|prompt is too long|maximum context|input is too long|exceeds the (maximum|context)|reduce the length/i.test(
    text,
  );
}

function looksLikeModelNotFound(text: string): boolean {
  return /model.{0,80}(not found|does not exist|not exist|is not supported|unknown|invalid)|no such model|deployment.{0,40}(not found|does not exist)|DeploymentNotFound/i.test(
    text,
  );
}

function shorten(text: string): string {
  const oneLine = redactSecrets(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}…` : oneLine;
}

/** The error for an HTTP status, with the server's own text as detail. */
export function errorFromStatus(status: number, detail: string, ctx: ErrorContext, retryAfter?: number): ProviderError {
  const d = detail ? ` (${shorten(detail)})` : '';
  const model = ctx.model ? `'${ctx.model}'` : 'the model';
  const make = (kind: ProviderErrorKind, message: string, retryable: boolean): ProviderError => {
    const e: ProviderError = { kind, message, retryable, status };
    if (retryAfter !== undefined) e.retryAfterMs = retryAfter;
    return e;
  };
  if (status === 401 || status === 403) {
    const fix = ctx.keyHint ? ` — ${ctx.keyHint}` : ' — check the API key';
    return make('auth', `${ctx.label} rejected the credentials (HTTP ${status})${fix}.${d}`, false);
  }
  if ((status === 429 || status === 402) && /insufficient_quota|exceeded your current quota|credit balance|billing/i.test(detail)) {
    // Out of credit looks like a rate limit but waiting will not fix it.
    return make('rate_limited', `${ctx.label} says the account is out of credit or quota — check the plan and billing, then try again.${d}`, false);
  }
  if (status === 429) {
    const wait = retryAfter !== undefined ? ` It asked to wait ${Math.ceil(retryAfter / 1000)} s.` : '';
    return make('rate_limited', `${ctx.label} is rate limiting requests (HTTP 429).${wait} Try again shortly, or use a plan with a higher limit.${d}`, true);
  }
  if (status === 413 || ((status === 400 || status === 422) && looksLikeContextTooLong(detail))) {
    return make('context_too_long', `The conversation is too long for ${model} on ${ctx.label} — compact the session or start a new one.${d}`, false);
  }
  if ((status === 404 && (/model/i.test(detail) || looksLikeModelNotFound(detail))) || (status === 400 && looksLikeModelNotFound(detail))) {
    return make('model_not_found', `${ctx.label} has no model ${model} — pick another model.${d}`, false);
  }
  if (status === 404) {
    return make('bad_request', `${ctx.label} answered 404 Not Found — check the base URL${ctx.endpoint ? ` (${ctx.endpoint})` : ''}.${d}`, false);
  }
  if (status === 408 || status === 409 || status >= 500) {
    return make('server', `${ctx.label} had a server error (HTTP ${status}) — try again in a moment.${d}`, true);
  }
  return make('bad_request', `${ctx.label} refused the request (HTTP ${status}).${d}`, false);
}

/** A network failure (no HTTP answer, or the stream broke off). */
export function networkError(ctx: ErrorContext, what: string): ProviderError {
  const where = ctx.endpoint ? ` at ${ctx.endpoint}` : '';
  return { kind: 'network', message: `Could not talk to ${ctx.label}${where}: ${what} — check the network, proxy or base URL, then try again.`, retryable: true };
}

export function streamCutError(ctx: ErrorContext, what = 'the connection closed before the answer was complete'): ProviderError {
  return { kind: 'network', message: `The ${ctx.label} stream broke off: ${what} — try again.`, retryable: true };
}

export function missingKeyError(ctx: ErrorContext): ProviderError {
  return { kind: 'auth', retryable: false, message: `No ${ctx.label} API key — ${ctx.keyHint ?? 'configure one'}.` };
}

/** True when custom headers already authenticate (a gateway's own scheme), so no API key is needed. */
export function hasAuthHeader(headers?: Record<string, string>): boolean {
  return Object.keys(headers ?? {}).some((k) => /^(authorization|api-key|x-api-key)$/i.test(k));
}

export const CANCELLED: ProviderError = { kind: 'cancelled', message: 'Cancelled.', retryable: false };

function findCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const o = err as { code?: unknown; cause?: unknown; errno?: unknown };
  if (typeof o.code === 'string' && (NETWORK_CODES.has(o.code) || o.code.startsWith('UND_ERR'))) return o.code;
  return findCode(o.cause, depth + 1);
}

function statusOf(o: Record<string, unknown>): number | undefined {
  if (typeof o.status === 'number') return o.status;
  if (typeof o.status_code === 'number') return o.status_code; // ollama ResponseError
  if (typeof o.statusCode === 'number') return o.statusCode;
  const meta = o.$metadata as { httpStatusCode?: unknown } | undefined; // AWS SDK
  if (meta && typeof meta.httpStatusCode === 'number' && meta.httpStatusCode >= 400) return meta.httpStatusCode;
  return undefined;
}

/** Best text the error has: the SDK's parsed body when there is one, else its message. */
function detailOf(o: Record<string, unknown>): string {
  const body = o.error;
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; code?: unknown; error?: { message?: unknown; code?: unknown } };
    const code = typeof b.code === 'string' ? ` [${b.code}]` : typeof b.error?.code === 'string' ? ` [${b.error.code}]` : '';
    if (typeof b.message === 'string') return b.message + code;
    if (b.error && typeof b.error.message === 'string') return b.error.message + code;
  }
  if (typeof body === 'string') return body;
  return typeof o.message === 'string' ? o.message : String(o);
}

const BODY_TYPE_STATUS: Record<string, number> = {
  overloaded_error: 529,
  api_error: 500,
  server_error: 500,
  rate_limit_error: 429,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  invalid_request_error: 400,
};

function errorBodyType(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { type?: unknown; error?: { type?: unknown } };
  if (b.error && typeof b.error.type === 'string') return b.error.type;
  return typeof b.type === 'string' && b.type !== 'error' ? b.type : undefined;
}

/** Maps anything thrown by an SDK or fetch to a ProviderError. */
export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  if (isProviderError(err)) return { kind: err.kind, message: err.message, retryable: err.retryable, status: err.status, retryAfterMs: err.retryAfterMs };
  if (!err || typeof err !== 'object') return { kind: 'network', message: `${ctx.label}: ${shorten(String(err))}`, retryable: false };
  const o = err as Record<string, unknown>;
  const name = typeof o.name === 'string' ? o.name : '';
  if (name === 'AbortError' || name === 'APIUserAbortError') return CANCELLED;
  const status = statusOf(o);
  if (status !== undefined && status >= 400) {
    const headers = o.headers ?? (o.$response as { headers?: unknown } | undefined)?.headers;
    return errorFromStatus(status, detailOf(o), ctx, retryAfterMs(headers));
  }
  // An error frame inside a stream (Anthropic `event: error`) has no status, only the body's error type.
  const bodyType = errorBodyType(o.error);
  if (bodyType && BODY_TYPE_STATUS[bodyType]) return errorFromStatus(BODY_TYPE_STATUS[bodyType], detailOf(o), ctx);
  // AWS SDK names its modelled errors; some arrive without a status (mid-stream exceptions).
  if (/Throttling|TooManyRequests/.test(name)) return errorFromStatus(429, detailOf(o), ctx);
  if (/AccessDenied|UnrecognizedClient|ExpiredToken|InvalidSignature|CredentialsProviderError/.test(name)) return errorFromStatus(403, detailOf(o), ctx);
  if (/ResourceNotFound/.test(name)) return errorFromStatus(404, detailOf(o), ctx);
  if (/ValidationException/.test(name)) return errorFromStatus(400, detailOf(o), ctx);
  if (/InternalServer|ServiceUnavailable|ModelStreamError|ModelNotReady/.test(name)) return errorFromStatus(500, detailOf(o), ctx);
  if (name === 'APIConnectionTimeoutError') return networkError(ctx, 'the request timed out');
  const code = findCode(err);
  const message = typeof o.message === 'string' ? o.message : '';
  if (code === 'ECONNREFUSED') return networkError(ctx, 'connection refused (is the server running?)');
  if (code) return networkError(ctx, `${code}${message ? `: ${shorten(message)}` : ''}`);
  if (name === 'APIConnectionError' || /fetch failed|terminated|socket hang up|network|other side closed|ECONN/i.test(message)) {
    return networkError(ctx, shorten(message || name));
  }
  return { kind: 'bad_request', message: `${ctx.label}: ${shorten(message || name || 'unknown error')}`, retryable: false };
}
