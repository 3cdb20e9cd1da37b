/**
 * web_search: DuckDuckGo's HTML endpoint by default (no key needed), Google Custom Search when a key and
 * engine id are configured. Base URLs are settings so tests (and corporate proxies) can point elsewhere.
 */
import { parse } from 'node-html-parser';
import type { ToolOutput, ToolSpec } from '../toolSpec';

export interface WebSearchOptions {
  /** Google Custom Search; both set → Google, else DuckDuckGo. */
  googleApiKey?: string;
  googleCseId?: string;
  duckDuckGoUrl?: string;
  googleUrl?: string;
  maxResults?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface SearchHit {
  title: string;
  url: string;
  snippet: string;
}

export function webSearchTool(opts: WebSearchOptions = {}): ToolSpec {
  const fetchImpl = opts.fetch ?? fetch;
  return {
    name: 'web_search',
    description: 'Search the web (documentation, provider docs, error messages). Returns titles, URLs and snippets.',
    readOnly: true,
    inputSchema: {
      type: 'object',
      properties: { query: { type: 'string', minLength: 2, maxLength: 400 }, max_results: { type: 'integer', minimum: 1, maximum: 20 } },
      required: ['query'],
      additionalProperties: false,
    },
    run: async (a, ctx): Promise<ToolOutput> => {
      const query = String(a.query);
      const max = Number(a.max_results ?? opts.maxResults ?? 8);
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(opts.timeoutMs ?? 15_000)]);
      try {
        const hits = opts.googleApiKey && opts.googleCseId ? await google(fetchImpl, opts, query, max, signal) : await duckDuckGo(fetchImpl, opts, query, max, signal);
        if (hits.length === 0) return { content: `no results for "${query}"` };
        return { content: hits.map((h, i) => `${i + 1}. ${h.title}\n   ${h.url}\n   ${h.snippet}`).join('\n') };
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'AbortError' || name === 'TimeoutError') return { content: ctx.signal.aborted ? 'search cancelled' : 'the search engine did not answer in time', isError: true };
        return { content: `web search failed: ${(err as Error).message}`, isError: true };
      }
    },
  };
}

async function duckDuckGo(fetchImpl: typeof fetch, opts: WebSearchOptions, query: string, max: number, signal: AbortSignal): Promise<SearchHit[]> {
  const url = opts.duckDuckGoUrl ?? 'https://html.duckduckgo.com/html/';
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (compatible; AtmosAI)' },
    body: new URLSearchParams({ q: query }).toString(),
    signal,
  });
  if (!response.ok) throw new Error(`DuckDuckGo answered HTTP ${response.status}`);
  const root = parse(await response.text());
  return root
    .querySelectorAll('.result')
    .map((r): SearchHit | undefined => {
      const link = r.querySelector('a.result__a');
      if (!link) return undefined;
      return { title: link.text.trim(), url: unwrapDuckDuckGoLink(link.getAttribute('href') ?? ''), snippet: (r.querySelector('.result__snippet')?.text ?? '').trim() };
    })
    .filter((h): h is SearchHit => h !== undefined && /^https?:\/\//.test(h.url))
    .slice(0, max);
}

/** DuckDuckGo wraps result links as `//duckduckgo.com/l/?uddg=<encoded url>`. */
function unwrapDuckDuckGoLink(href: string): string {
  try {
    const url = new URL(href, 'https://duckduckgo.com');
    return url.searchParams.get('uddg') ?? url.toString();
  } catch {
    return href;
  }
}

async function google(fetchImpl: typeof fetch, opts: WebSearchOptions, query: string, max: number, signal: AbortSignal): Promise<SearchHit[]> {
  const url = new URL(opts.googleUrl ?? 'https://www.googleapis.com/customsearch/v1');
  url.searchParams.set('key', opts.googleApiKey ?? '');
  url.searchParams.set('cx', opts.googleCseId ?? '');
  url.searchParams.set('q', query);
  url.searchParams.set('num', String(Math.min(max, 10)));
  const response = await fetchImpl(url, { signal });
  if (!response.ok) throw new Error(`Google Custom Search answered HTTP ${response.status}${response.status === 403 ? ' (check the API key and engine id)' : ''}`);
  const body = (await response.json()) as { items?: { title?: string; link?: string; snippet?: string }[] };
  return (body.items ?? []).slice(0, max).map((i) => ({ title: i.title ?? '', url: i.link ?? '', snippet: (i.snippet ?? '').replace(/\s+/g, ' ').trim() }));
}
