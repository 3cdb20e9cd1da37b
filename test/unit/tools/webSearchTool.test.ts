import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webSearchTool } from '../../../src/tools/web/webSearchTool';

const ddgPage = `<html><body>
<div class="result results_links"><h2><a class="result__a" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Fatmos.tools%2Fcore-concepts%2Fstacks%2Fimports&amp;rut=x">Stack Imports | atmos</a></h2>
<a class="result__snippet">Imports are how we reduce duplication of configurations.</a></div>
<div class="result"><h2><a class="result__a" href="https://example.com/b">Second &amp; more</a></h2><div class="result__snippet">snippet <b>two</b></div></div>
<div class="result"><h2><a class="result__a" href="javascript:alert(1)">bad</a></h2></div>
</body></html>`;

describe('web_search tool (local search servers)', () => {
  let server: Server;
  let base: string;
  const requests: { method?: string; url?: string; body: string }[] = [];
  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, body });
        if (req.url?.startsWith('/ddg')) {
          res.writeHead(200, { 'content-type': 'text/html' }).end(ddgPage);
        } else if (req.url?.startsWith('/google')) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [{ title: 'Atmos', link: 'https://atmos.tools', snippet: 'Atmos\n docs' }] }));
        } else if (req.url?.startsWith('/slow')) {
          setTimeout(() => res.writeHead(200).end(ddgPage), 2000);
        } else res.writeHead(503).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const ctx = () => ({ signal: new AbortController().signal, client: 'test' });

  it('parses DuckDuckGo HTML results and unwraps their links', async () => {
    const out = await webSearchTool({ duckDuckGoUrl: `${base}/ddg` }).run({ query: 'atmos stack imports' }, ctx());
    assert.equal(out.isError, undefined);
    assert.match(out.content, /1\. Stack Imports \| atmos\n {3}https:\/\/atmos\.tools\/core-concepts\/stacks\/imports\n {3}Imports are how/);
    assert.match(out.content, /2\. Second & more\n {3}https:\/\/example\.com\/b\n {3}snippet two/);
    assert.ok(!out.content.includes('javascript:'));
    const sent = requests.find((r) => r.url === '/ddg');
    assert.equal(sent?.method, 'POST');
    assert.equal(sent?.body, 'q=atmos+stack+imports');
  });

  it('uses Google Custom Search when configured', async () => {
    const out = await webSearchTool({ googleApiKey: 'k', googleCseId: 'cx1', googleUrl: `${base}/google` }).run({ query: 'atmos' }, ctx());
    assert.equal(out.content, '1. Atmos\n   https://atmos.tools\n   Atmos docs');
    assert.match(requests.find((r) => r.url?.startsWith('/google'))!.url!, /key=k&cx=cx1&q=atmos&num=8/);
  });

  it('reports HTTP errors and timeouts as tool errors', async () => {
    const failed = await webSearchTool({ duckDuckGoUrl: `${base}/down` }).run({ query: 'x y' }, ctx());
    assert.equal(failed.isError, true);
    assert.match(failed.content, /HTTP 503/);
    const slow = await webSearchTool({ duckDuckGoUrl: `${base}/slow`, timeoutMs: 100 }).run({ query: 'x y' }, ctx());
    assert.equal(slow.isError, true);
    assert.match(slow.content, /did not answer in time/);
  });
});
