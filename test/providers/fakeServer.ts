/**
 * A scripted local HTTP server for provider wire tests. Each test queues the responses the server gives,
 * in order (`script(...)`); every request is recorded (method, path, headers, body) so tests can assert
 * on what the SDK sent. Responses are wire-format agnostic: a status, headers and a list of chunks, each
 * written after an optional delay; then the server ends the response, cuts the socket (`cut`) or leaves it
 * open (`hang`). Helpers build SSE (Anthropic/OpenAI/Gemini), NDJSON (Ollama), JSON and binary (Bedrock
 * event-stream) responses.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Chunk {
  data: string | Uint8Array;
  /** Wait before writing this chunk. */
  delayMs?: number;
}

export interface ScriptedResponse {
  /** Wait this long before sending the status line and headers (a slow server). */
  delayMs?: number;
  status?: number;
  headers?: Record<string, string>;
  chunks?: Chunk[];
  /** After the chunks: 'end' (default) finishes the response, 'cut' destroys the socket mid-body, 'hang' keeps it open. */
  after?: 'end' | 'cut' | 'hang';
}

export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
  /** Resolves when the client closed the connection or the response finished. */
  closed: Promise<void>;
  /** True once the client went away before the response ended (a cancel). */
  clientAborted: boolean;
}

export type Handler = (req: RecordedRequest) => ScriptedResponse | undefined;

export interface FakeServer {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  requests: RecordedRequest[];
  /** Queue responses, served in order to the next requests. */
  script(...responses: ScriptedResponse[]): void;
  /** Fallback for requests when the queue is empty (e.g. model lists); return undefined for a 500. */
  handle(handler: Handler): void;
  /** Responses still queued (a test can assert its script was used up). */
  pending(): number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, on `port` or a free one (0). */
export async function startFakeServer(port = 0): Promise<FakeServer> {
  const queue: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let fallback: Handler | undefined;

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let resolveClosed!: () => void;
      const closed = new Promise<void>((r) => (resolveClosed = r));
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
        closed,
        clientAborted: false,
      };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished) recorded.clientAborted = true;
        resolveClosed();
      });
      const scripted = queue.shift() ?? fallback?.(recorded) ?? {
        status: 500,
        headers: { 'content-type': 'application/json' },
        chunks: [{ data: JSON.stringify({ error: { message: `fake server: no scripted response for ${req.method} ${req.url}` } }) }],
      };
      void respond(res, scripted);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    script: (...r) => queue.push(...r),
    handle: (h) => (fallback = h),
    pending: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Plays a scripted response on `res` (delays, chunks, then end / cut / hang); the e2e scripted provider uses it too. */
export async function respond(res: http.ServerResponse, r: ScriptedResponse): Promise<void> {
  if (r.delayMs) await new Promise((ok) => setTimeout(ok, r.delayMs));
  if (res.destroyed) return;
  res.writeHead(r.status ?? 200, r.headers ?? {});
  res.flushHeaders();
  for (const chunk of r.chunks ?? []) {
    if (chunk.delayMs) await new Promise((ok) => setTimeout(ok, chunk.delayMs));
    if (res.destroyed) return;
    res.write(chunk.data);
  }
  const after = r.after ?? 'end';
  if (after === 'end') res.end();
  else if (after === 'cut') {
    // Let the written bytes leave before the socket dies, so the client sees a partial stream.
    await new Promise((ok) => setTimeout(ok, 20));
    res.socket?.destroy();
  }
  // 'hang': leave it open; close() or the client ends it.
}

// ---------------------------------------------------------------------------------------------
// Response builders

export interface SseFrame {
  event?: string;
  /** Objects are JSON-encoded; strings are sent as is (e.g. '[DONE]'). */
  data: unknown;
  delayMs?: number;
}

export function sseChunk(frame: SseFrame): Chunk {
  const data = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data);
  return { data: `${frame.event ? `event: ${frame.event}\n` : ''}data: ${data}\n\n`, delayMs: frame.delayMs };
}

export function sse(frames: SseFrame[], opts: Omit<ScriptedResponse, 'chunks'> = {}): ScriptedResponse {
  return {
    ...opts,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...opts.headers },
    chunks: frames.map(sseChunk),
  };
}

export function ndjson(lines: unknown[], opts: Omit<ScriptedResponse, 'chunks'> & { delayMs?: number } = {}): ScriptedResponse {
  const { delayMs, ...rest } = opts;
  return {
    ...rest,
    headers: { 'content-type': 'application/x-ndjson', ...rest.headers },
    chunks: lines.map((l) => ({ data: `${JSON.stringify(l)}\n`, delayMs })),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ScriptedResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, chunks: [{ data: JSON.stringify(body) }] };
}

export function binary(frames: Uint8Array[], opts: Omit<ScriptedResponse, 'chunks'> & { delayMs?: number } = {}): ScriptedResponse {
  const { delayMs, ...rest } = opts;
  return { ...rest, chunks: frames.map((data) => ({ data, delayMs })) };
}

// ---------------------------------------------------------------------------------------------
// Test clock: records retry waits instead of sleeping.

export interface FakeClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Every wait asked for, in order. */
  sleeps: number[];
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      sleeps.push(ms);
      t += ms;
    },
  };
}

/** Collects a provider stream into an array (the stream contract says it never throws). */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const ev of stream) out.push(ev);
  return out;
}
