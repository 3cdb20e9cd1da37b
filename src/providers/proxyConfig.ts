/**
 * Which HTTP proxy a provider request goes through: the standard variables (HTTPS_PROXY for https:// targets,
 * HTTP_PROXY for http://, lower case first as curl reads them, NO_PROXY for exceptions) or an explicit proxy
 * (VS Code's `http.proxy` / `http.noProxy`), which wins over the environment. Plain data and pure functions:
 * the agents that use it live in proxy.lazy.ts, loaded only when a proxy is configured.
 */

export interface ProxySettings {
  /** Proxy for http:// targets. */
  httpProxy?: string;
  /** Proxy for https:// targets. */
  httpsProxy?: string;
  /** NO_PROXY entries: `*`, hosts (`example.com` also covers its subdomains), `.suffix`, `host:port`, IPs. */
  noProxy?: string[];
  /** False accepts a proxy's self-signed certificate for https:// proxies (VS Code `http.proxyStrictSSL`). */
  strictSSL?: boolean;
}

type Env = Record<string, string | undefined>;

const first = (env: Env, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = env[n]?.trim();
    if (v) return v;
  }
  return undefined;
};

const splitList = (s: string | undefined): string[] =>
  (s ?? '')
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The proxy settings from the environment, or undefined when no proxy variable is set. */
export function proxyFromEnv(env: Env = process.env): ProxySettings | undefined {
  const httpProxy = first(env, 'http_proxy', 'HTTP_PROXY');
  const httpsProxy = first(env, 'https_proxy', 'HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return undefined;
  return { httpProxy, httpsProxy, noProxy: splitList(first(env, 'no_proxy', 'NO_PROXY')) };
}

/**
 * An explicit proxy (one URL for both schemes, as VS Code's `http.proxy`) over the environment. An explicit
 * noProxy list replaces NO_PROXY; without one NO_PROXY still applies.
 */
export function resolveProxySettings(explicit: { url?: string; noProxy?: string[]; strictSSL?: boolean } | undefined, env: Env = process.env): ProxySettings | undefined {
  const fromEnv = proxyFromEnv(env);
  const url = explicit?.url?.trim();
  if (!url) return fromEnv && explicit?.noProxy?.length ? { ...fromEnv, noProxy: explicit.noProxy } : fromEnv;
  return {
    httpProxy: url,
    httpsProxy: url,
    noProxy: explicit?.noProxy?.length ? explicit.noProxy : splitList(first(env, 'no_proxy', 'NO_PROXY')),
    ...(explicit?.strictSSL === false ? { strictSSL: false } : {}),
  };
}

const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : '80');

/** True when `target` must not go through a proxy under these NO_PROXY entries. */
export function bypassesProxy(target: URL, noProxy: string[] = []): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || defaultPort(target.protocol);
  return noProxy.some((raw) => {
    let entry = raw.trim().toLowerCase();
    if (!entry) return false;
    if (entry === '*') return true;
    let entryPort: string | undefined;
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (m) {
      entry = m[1];
      entryPort = m[2];
    }
    entry = entry.replace(/^\[|\]$/g, '').replace(/^\*\./, '.');
    if (entryPort && entryPort !== port) return false;
    if (entry.startsWith('.')) return host.endsWith(entry) || host === entry.slice(1);
    return host === entry || host.endsWith(`.${entry}`);
  });
}

/** The proxy URL for `target`, or undefined for a direct connection. */
export function proxyFor(target: string | URL, settings: ProxySettings | undefined): string | undefined {
  if (!settings) return undefined;
  const url = typeof target === 'string' ? new URL(target) : target;
  const proxy = url.protocol === 'https:' ? settings.httpsProxy : url.protocol === 'http:' ? settings.httpProxy : undefined;
  if (!proxy || bypassesProxy(url, settings.noProxy)) return undefined;
  return proxy;
}

/** The proxy URL without its credentials, for logs and messages. */
export function redactProxy(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.username || u.password ? '…@' : ''}${u.host}`;
  } catch {
    return 'the configured proxy';
  }
}
