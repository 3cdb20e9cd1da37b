/**
 * Sends provider traffic through an HTTP proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, or VS Code's http.proxy).
 * Its own lazy chunk: registry.ts loads it only when a proxy is configured, so no proxy library is loaded
 * otherwise. Two transports, because the SDKs speak two ways:
 *   - `fetch` for the fetch-based SDKs (Anthropic, OpenAI/Grok/Azure, Gemini, Ollama): undici's fetch with a
 *     ProxyAgent dispatcher, chosen per request URL so NO_PROXY holds per host;
 *   - `agent` (a Node http/https agent) for Bedrock's NodeHttpHandler: a CONNECT tunnel (https-proxy-agent),
 *     also chosen per request.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { Agent as AgentBase, type AgentConnectOpts } from 'agent-base';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { ProxyAgent, fetch as undiciFetch } from 'undici';
import { proxyFor, type ProxySettings } from './proxyConfig';
import type { ProxyTransport } from './types';

export function createProxyTransport(settings: ProxySettings): ProxyTransport {
  const strict = settings.strictSSL !== false;
  const dispatchers = new Map<string, ProxyAgent>();
  const dispatcher = (proxy: string) => {
    let d = dispatchers.get(proxy);
    if (!d) {
      d = new ProxyAgent({ uri: proxy, proxyTls: { rejectUnauthorized: strict } });
      dispatchers.set(proxy, d);
    }
    return d;
  };

  const proxiedFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const proxy = proxyFor(url, settings);
    if (!proxy) return fetch(input, init);
    // undici's own fetch with its own dispatcher (the npm ProxyAgent and Node's built-in fetch may differ in version).
    return undiciFetch(url, { ...(init as object), dispatcher: dispatcher(proxy) } as Parameters<typeof undiciFetch>[1]) as unknown as Response;
  }) as typeof fetch;

  const tunnels = new Map<string, HttpsProxyAgent<string>>();
  class SelectingAgent extends AgentBase {
    connect(_req: http.ClientRequest, opts: AgentConnectOpts): http.Agent | Duplex {
      const host = opts.host ?? 'localhost';
      const target = new URL(`${opts.secureEndpoint ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${opts.port}`);
      const proxy = proxyFor(target, settings);
      if (!proxy) return opts.secureEndpoint ? https.globalAgent : http.globalAgent;
      let tunnel = tunnels.get(proxy);
      if (!tunnel) {
        tunnel = new HttpsProxyAgent(proxy, { rejectUnauthorized: strict });
        tunnels.set(proxy, tunnel);
      }
      return tunnel;
    }
  }

  return { fetch: proxiedFetch, agent: new SelectingAgent(), settings };
}
