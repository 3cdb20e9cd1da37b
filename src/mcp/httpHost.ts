/**
 * Streamable HTTP hosting on node:http: `/mcp` behind the request checks (Origin, Host, bearer token, body
 * size), `/health` open, and one MCP session (transport + server) per client, as the SDK's session management
 * expects. When the session table is full the least recently used session is closed.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { checkRequest, isLoopbackHost } from './httpSecurity';

export interface HttpHostOptions {
  host: string;
  /** 0 picks a free port */
  port: number;
  token: string;
  /** One MCP server per session. */
  createServer(): Server;
  maxBodyBytes?: number;
  maxSessions?: number;
  /** One line per refused request (never the token), for someone wondering why a client cannot connect. */
  log?: (line: string) => void;
}

export interface HttpHost {
  /** `http://HOST:PORT/mcp` */
  url: string;
  port: number;
  sessionCount(): number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

interface Session {
  transport: StreamableHTTPServerTransport;
  server: Server;
  lastUsed: number;
}

class BodyTooLarge extends Error {}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxSessions = options.maxSessions ?? 64;
  const checkHost = isLoopbackHost(options.host);
  const sessions = new Map<string, Session>();

  const closeSession = async (id: string) => {
    const session = sessions.get(id);
    sessions.delete(id);
    await session?.server.close().catch(() => undefined);
  };

  const handleMcp = async (req: IncomingMessage, res: ServerResponse) => {
    const check = checkRequest(req.headers, { token: options.token, checkHost });
    if (!check.ok) {
      options.log?.(`refused ${req.method ?? '?'} /mcp with ${check.status}: ${check.message}`);
      const headers: Record<string, string> = check.status === 401 ? { 'www-authenticate': 'Bearer realm="atmos-ai"' } : {};
      return sendJsonRpcError(res, check.status, -32001, check.message, headers);
    }
    let body: unknown;
    if (req.method === 'POST') {
      try {
        body = JSON.parse((await readBody(req, maxBody)).toString('utf8'));
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          options.log?.(`refused POST /mcp with 413: body over ${maxBody} bytes`);
          return sendJsonRpcError(res, 413, -32000, `request body is over the ${maxBody}-byte limit`, { connection: 'close' });
        }
        return sendJsonRpcError(res, 400, -32700, 'parse error: the body is not JSON');
      }
    }
    const sessionHeader = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(sessionHeader) ? sessionHeader[0] : sessionHeader;
    if (sessionId) {
      const session = sessions.get(sessionId);
      if (!session) return sendJsonRpcError(res, 404, -32001, 'session not found; start a new one with initialize');
      session.lastUsed = Date.now();
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return sendJsonRpcError(res, 400, -32000, 'no mcp-session-id header: send initialize first');
    }
    if (sessions.size >= maxSessions) {
      const oldest = [...sessions.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (oldest) await closeSession(oldest[0]);
    }
    const server = options.createServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, lastUsed: Date.now() });
      },
      onsessionclosed: (id) => {
        void closeSession(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http: HttpServer = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const work =
      pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')
        ? Promise.resolve(sendJson(res, 200, { status: 'ok', sessions: sessions.size }))
        : pathname === '/mcp'
          ? handleMcp(req, res)
          : Promise.resolve(sendJson(res, 404, { error: `no route ${pathname}; the MCP endpoint is /mcp` }));
    work.catch((err: unknown) => {
      if (!res.headersSent) sendJsonRpcError(res, 500, -32603, `internal error: ${err instanceof Error ? err.message : String(err)}`);
      else res.end();
    });
  });
  http.headersTimeout = 30_000;
  http.requestTimeout = 0; // SSE streams stay open

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostForUrl}:${port}/mcp`,
    port,
    sessionCount: () => sessions.size,
    close: async () => {
      await Promise.all([...sessions.keys()].map(closeSession));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Reads the body, stopping as soon as it is over the limit (a declared Content-Length is checked first). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      req.resume();
      return reject(new BodyTooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}
