/**
 * Checks every HTTP request to the MCP endpoint passes before any MCP code sees it: a bearer token compared in
 * constant time, and Origin / Host headers that name this machine (a DNS-rebinding page in a browser sends its
 * own origin, and a rebound Host name).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A browser origin on this machine: http(s)://127.0.0.1|localhost|[::1] with any port. */
export function isLocalOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_NAMES.has(url.hostname) && url.pathname === '/' && origin.replace(/\/$/, '') === url.origin;
}

/** The Host header names this machine (any port). Only checked while bound to loopback. */
export function isLocalHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return LOOPBACK_NAMES.has(name.toLowerCase());
}

/** Constant-time comparison of the request's bearer token with the expected one (hashes make the lengths equal). */
export function bearerTokenMatches(headers: IncomingHttpHeaders, expected: string): boolean {
  const header = headers.authorization;
  const match = typeof header === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  const given = match?.[1] ?? '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length > 0;
}

export type RequestCheck = { ok: true } | { ok: false; status: 401 | 403; message: string };

export function checkRequest(headers: IncomingHttpHeaders, options: { token: string; checkHost: boolean }): RequestCheck {
  const origin = headers.origin;
  if (typeof origin === 'string' && !isLocalOrigin(origin)) {
    return { ok: false, status: 403, message: `origin ${origin} is not allowed (only http(s)://127.0.0.1 or localhost)` };
  }
  if (options.checkHost && !isLocalHostHeader(headers.host)) {
    return { ok: false, status: 403, message: `host ${headers.host ?? '(none)'} is not allowed (only 127.0.0.1 or localhost)` };
  }
  if (!bearerTokenMatches(headers, options.token)) {
    return { ok: false, status: 401, message: 'a valid bearer token is required (Authorization: Bearer $ATMOS_AI_MCP_TOKEN)' };
  }
  return { ok: true };
}
