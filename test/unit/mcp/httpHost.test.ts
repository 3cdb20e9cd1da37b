import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { startHttpHost, type HttpHost } from '../../../src/mcp/httpHost';
import { createMcpServer } from '../../../src/mcp/server';
import type { AuditLog } from '../../../src/tools/auditLog';
import { makeWorkspace, textOf, workspaceServer, type TempWorkspace } from './mcpFixtures';

const TOKEN = 'test-token-0123456789abcdef';

const initializeBody = (name = 'raw-client') => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name, version: '1' } },
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A request with a Host header of our choosing (fetch does not allow setting it), the body sent in chunks. */
function rawPost(url: string, host: string, chunks: string[]): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { host, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

async function sdkClient(url: string, options: { token?: string; name?: string; elicit?: boolean } = {}): Promise<Client> {
  const client = new Client({ name: options.name ?? 'http-client', version: '1.0.0' }, { capabilities: options.elicit ? { elicitation: {} } : {} });
  if (options.elicit) client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { allow_always: false } }));
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${options.token ?? TOKEN}` } } });
  await client.connect(transport);
  return client;
}

describe('mcp Streamable HTTP host', () => {
  let ws: TempWorkspace;
  let host: HttpHost;
  let audit: AuditLog;
  const clients: Client[] = [];

  beforeEach(async () => {
    ws = await makeWorkspace();
    const { deps } = await workspaceServer(ws);
    audit = deps.audit as AuditLog;
    host = await startHttpHost({ host: '127.0.0.1', port: 0, token: TOKEN, createServer: () => createMcpServer(deps) });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close().catch(() => undefined);
    await host.close();
    await audit.read(); // audit lines are written after the answer: let them land before the folder goes
    await ws.cleanup();
  });

  it('binds 127.0.0.1 and answers /health without a token', async () => {
    assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const res = await fetch(host.url.replace(/\/mcp$/, '/health'));
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
  });

  it('answers 401 to a missing or wrong token, before any MCP work', async () => {
    const missing = await post(host.url, initializeBody());
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer/);
    const wrong = await post(host.url, initializeBody(), { authorization: `Bearer ${TOKEN}x` });
    assert.equal(wrong.status, 401);
    const basic = await post(host.url, initializeBody(), { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` });
    assert.equal(basic.status, 401);
    assert.equal(host.sessionCount(), 0);
    await assert.rejects(sdkClient(host.url, { token: 'not-the-token' }), /401|Unauthorized|invalid_token|token/i);
  });

  it('answers 403 to a foreign Origin or Host (DNS rebinding), even with the right token', async () => {
    const foreign = await post(host.url, initializeBody(), { authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    const lookalike = await post(host.url, initializeBody(), { authorization: `Bearer ${TOKEN}`, origin: 'http://localhost.evil.example:8080' });
    assert.equal(lookalike.status, 403);
    assert.equal(await rawPost(host.url, 'rebound.evil.example:80', [JSON.stringify(initializeBody())]), 403);
    const local = await post(host.url, initializeBody(), { authorization: `Bearer ${TOKEN}`, origin: 'http://localhost:5173' });
    assert.equal(local.status, 200, 'a local origin is fine');
  });

  it('answers 413 to a body over 4 MiB', async () => {
    const big = JSON.stringify({ ...initializeBody(), padding: 'x'.repeat(4 * 1024 * 1024 + 10) });
    const res = await post(host.url, big, { authorization: `Bearer ${TOKEN}` });
    assert.equal(res.status, 413);
    const hostHeader = new URL(host.url).host;
    const mib = 'x'.repeat(1024 * 1024);
    const streamed = await rawPost(host.url, hostHeader, ['{"padding":"', mib, mib, mib, mib, mib, '"}']);
    assert.equal(streamed, 413, 'a chunked body without Content-Length is cut off too');
    const after = await fetch(host.url.replace(/\/mcp$/, '/health'));
    assert.equal(after.status, 200, 'the server keeps serving');
  });

  it('answers 404 to an unknown session and 400 to a request without one', async () => {
    const unknown = await post(host.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { authorization: `Bearer ${TOKEN}`, 'mcp-session-id': 'no-such-session' });
    assert.equal(unknown.status, 404);
    const none = await post(host.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { authorization: `Bearer ${TOKEN}` });
    assert.equal(none.status, 400);
    const notJson = await post(host.url, '{not json', { authorization: `Bearer ${TOKEN}` });
    assert.equal(notJson.status, 400);
  });

  it('serves the SDK client: tools/list, file_read, a refused traversal, a blocked tool', async () => {
    const client = await sdkClient(host.url);
    clients.push(client);
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === 'file_read'));
    const read = await client.callTool({ name: 'file_read', arguments: { path: 'components/terraform/vpc/variables.tf' } });
    assert.match(textOf(read), /variable "cidr_block"/);
    const out = await client.callTool({ name: 'file_read', arguments: { path: '../outside.txt' } });
    assert.equal(out.isError, true);
    assert.match(textOf(out), /outside the workspace/);
    const blocked = await client.callTool({ name: 'atmos_terraform_apply', arguments: {} });
    assert.equal(blocked.isError, true);
    assert.match(textOf(blocked), /blocked/);
  });

  it('asks through elicitation over HTTP', async () => {
    const client = await sdkClient(host.url, { elicit: true });
    clients.push(client);
    const result = await client.callTool({ name: 'file_write', arguments: { path: 'http.txt', content: 'over http' } });
    assert.notEqual(result.isError, true, textOf(result));
    assert.equal(await readFile(path.join(ws.root, 'http.txt'), 'utf8'), 'over http');
  });

  it('serves two clients at once, each in its own session', async () => {
    const [a, b] = await Promise.all([sdkClient(host.url, { name: 'client-a' }), sdkClient(host.url, { name: 'client-b' })]);
    clients.push(a, b);
    assert.equal(host.sessionCount(), 2);
    const [ra, rb] = await Promise.all([
      a.callTool({ name: 'read_stack_file', arguments: { path: 'orgs/acme/dev.yaml' } }),
      b.callTool({ name: 'file_search', arguments: { glob: 'components/**/*.tf' } }),
    ]);
    assert.match(textOf(ra), /stage: dev/);
    assert.match(textOf(rb), /components\/terraform\/vpc\/variables\.tf/);
    await a.close();
    const again = await b.callTool({ name: 'file_read', arguments: { path: 'ATMOS.md' } });
    assert.match(textOf(again), /# Acme/, 'closing one client leaves the other working');
    const log = await audit.read();
    assert.deepEqual([...new Set(log.map((e) => e.client))].sort(), ['client-a', 'client-b']);
  });

  it('ends a session on DELETE, and closes the least recently used one when the table is full', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(host.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });
    const client = new Client({ name: 'short-lived', version: '1' });
    await client.connect(transport);
    const id = transport.sessionId;
    assert.equal(host.sessionCount(), 1);
    await transport.terminateSession();
    assert.equal(host.sessionCount(), 0);
    const stale = await post(host.url, { jsonrpc: '2.0', id: 9, method: 'tools/list' }, { authorization: `Bearer ${TOKEN}`, 'mcp-session-id': id ?? '' });
    assert.equal(stale.status, 404);
    await client.close();

    const { deps } = await workspaceServer(ws);
    const small = await startHttpHost({ host: '127.0.0.1', port: 0, token: TOKEN, maxSessions: 1, createServer: () => createMcpServer(deps) });
    try {
      const first = await sdkClient(small.url, { name: 'first' });
      const second = await sdkClient(small.url, { name: 'second' });
      clients.push(first, second);
      assert.equal(small.sessionCount(), 1);
      await assert.rejects(first.listTools(), /404|session not found/i);
      assert.ok((await second.listTools()).tools.length > 0);
    } finally {
      await small.close();
    }
  });
});
