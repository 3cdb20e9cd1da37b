/** The shared provider runtime: retry policy, error mapping, and the stream runner's timeouts and cancellation. */
import assert from 'node:assert/strict';
import { create as createAnthropic } from '../../src/providers/anthropic.lazy';
import { errorFromStatus, isProviderError, redactSecrets, retryAfterMs, toProviderError } from '../../src/providers/errors';
import { backoffDelay, resolveRetry, retryDelay, withRetry } from '../../src/providers/retry';
import { runStream } from '../../src/providers/streamRunner';
import type { ProviderEvent } from '../../src/providers/types';
import { anthropicWire } from './anthropicWire';
import { collect, fakeClock, startFakeServer, type FakeServer } from './fakeServer';

const ctx = { label: 'Acme', keyHint: 'set ACME_KEY', endpoint: 'http://acme.test' };
const hi = { system: [], messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };

describe('provider retry policy', () => {
  const policy = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000 });

  it('backs off exponentially with jitter, capped', () => {
    assert.equal(backoffDelay(0, policy, () => 0), 50);
    assert.equal(backoffDelay(0, policy, () => 1), 100);
    assert.equal(backoffDelay(3, policy, () => 1), 800);
    assert.equal(backoffDelay(10, policy, () => 1), 1000);
  });

  it('waits for retry-after when the server gives one, and refuses waits that are too long', () => {
    const limited = errorFromStatus(429, '', ctx, 7000);
    assert.equal(retryDelay(limited, 0, policy), 7000);
    assert.equal(retryDelay({ ...limited, retryAfterMs: 3_600_000 }, 0, policy), undefined);
    assert.equal(retryDelay(errorFromStatus(400, 'bad', ctx), 0, policy), undefined);
    assert.equal(retryDelay(errorFromStatus(500, '', ctx), 3, policy), undefined, 'retries used up');
  });

  it('reads retry-after in seconds, milliseconds and as an HTTP date', () => {
    assert.equal(retryAfterMs({ 'retry-after': '3' }), 3000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '250' })), 250);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs({ 'Retry-After': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now), 5000);
    assert.equal(retryAfterMs({}), undefined);
  });

  it('withRetry retries through the clock port and rejects with a ProviderError-shaped Error', async () => {
    const clock = fakeClock();
    let calls = 0;
    const ok = await withRetry(
      async () => {
        if (++calls < 3) throw { status: 503, message: 'busy' };
        return 'done';
      },
      { clock, classify: (e) => toProviderError(e, ctx), retry: { baseDelayMs: 10 } },
    );
    assert.equal(ok, 'done');
    assert.equal(clock.sleeps.length, 2);
    const failure = await withRetry(
      async () => {
        throw { status: 401, message: 'nope' };
      },
      { clock, classify: (e) => toProviderError(e, ctx) },
    ).catch((e: unknown) => e);
    assert.ok(failure instanceof Error && isProviderError(failure));
    assert.equal((failure as unknown as { kind: string }).kind, 'auth');
  });
});

describe('provider error mapping', () => {
  it('maps statuses to kinds with a message that says what to do', () => {
    const auth = errorFromStatus(401, 'invalid key', ctx);
    assert.equal(auth.kind, 'auth');
    assert.match(auth.message, /set ACME_KEY/);
    assert.equal(errorFromStatus(429, '', ctx).kind, 'rate_limited');
    assert.equal(errorFromStatus(529, '', ctx).kind, 'server');
    assert.equal(errorFromStatus(400, "This model's maximum context length is 128000 tokens", ctx).kind, 'context_too_long');
    assert.equal(errorFromStatus(404, 'model: claude-nope', { ...ctx, model: 'claude-nope' }).kind, 'model_not_found');
    assert.match(errorFromStatus(404, 'Not Found', ctx).message, /base URL/);
    assert.equal(errorFromStatus(404, 'The API deployment for this resource does not exist.', ctx).kind, 'model_not_found');
    assert.equal(errorFromStatus(400, "This model's maximum context length is 128000 tokens. Please reduce the length of the messages.", ctx).kind, 'context_too_long');
  });

  it('reads SDK errors by shape: status, AWS metadata and names, network codes', () => {
    assert.equal(toProviderError({ status: 403, message: 'x' }, ctx).kind, 'auth');
    assert.equal(toProviderError({ status_code: 404, error: 'model "x" not found, try pulling it first' }, ctx).kind, 'model_not_found');
    assert.equal(toProviderError({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 }, message: 'slow down' }, ctx).kind, 'rate_limited');
    assert.equal(toProviderError({ name: 'ExpiredTokenException', message: 'expired' }, ctx).kind, 'auth');
    const refused = toProviderError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), ctx);
    assert.equal(refused.kind, 'network');
    assert.equal(refused.retryable, true);
    assert.match(refused.message, /http:\/\/acme\.test.*refused/);
    assert.equal(toProviderError(Object.assign(new Error('x'), { name: 'AbortError' }), ctx).kind, 'cancelled');
  });

  it('keeps keys out of messages', () => {
    assert.doesNotMatch(redactSecrets('Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz'), /abcdefghijklmnop/);
    assert.doesNotMatch(errorFromStatus(401, 'Bearer abcdefghijklmnopqrstuvwxyz0123 rejected', ctx).message, /abcdefghijklmnop/);
  });
});

describe('provider stream runner', () => {
  let server: FakeServer;
  beforeEach(async () => (server = await startFakeServer()));
  afterEach(() => server.close());

  it('ends a stream that goes silent with an idle-timeout error (no hang)', async () => {
    server.script(anthropicWire.partial(['Hel'], 'hang'));
    const provider = createAnthropic('anthropic', { apiKey: 'k', baseUrl: server.url, clock: fakeClock(), timeouts: { idleMs: 150 } });
    const events = await collect(provider.stream(hi));
    const last = events[events.length - 1];
    assert.equal(last.type, 'error');
    assert.equal(last.type === 'error' && last.kind, 'network');
    assert.match(last.type === 'error' ? last.message : '', /no data for 0\.15 s/);
    await server.requests[0].closed;
    assert.equal(server.requests[0].clientAborted, true, 'the socket was closed');
  });

  it('retries a server that does not answer within the request timeout', async () => {
    const clock = fakeClock();
    server.script({ ...anthropicWire.text(['late']), delayMs: 2000 }, anthropicWire.text(['on time']));
    const provider = createAnthropic('anthropic', { apiKey: 'k', baseUrl: server.url, clock, timeouts: { requestMs: 150 } });
    const events = await collect(provider.stream(hi));
    assert.equal(events.filter((e) => e.type === 'text').map((e) => (e.type === 'text' ? e.delta : '')).join(''), 'on time');
    assert.equal(clock.sleeps.length, 1);
    assert.equal(server.requests.length, 2);
  });

  it('closes the HTTP stream when the caller stops iterating', async () => {
    server.script(anthropicWire.partial(['a', 'b'], 'hang'));
    const provider = createAnthropic('anthropic', { apiKey: 'k', baseUrl: server.url, clock: fakeClock() });
    for await (const ev of provider.stream(hi)) {
      if (ev.type === 'text') break;
    }
    await server.requests[0].closed;
    assert.equal(server.requests[0].clientAborted, true);
  });

  it('does not retry once events were delivered, and passes translator errors through', async () => {
    let opened = 0;
    const events: ProviderEvent[] = await collect(
      runStream<number>({
        ctx,
        config: { clock: fakeClock() },
        open: async () => {
          opened++;
          return (async function* () {
            yield 1;
            yield 2;
          })();
        },
        translator: () => ({
          push: (n) => {
            if (n === 2) throw { kind: 'server', message: 'overloaded mid-stream', retryable: true };
            return [{ type: 'text', delta: String(n) }];
          },
          end: () => [],
        }),
      }),
    );
    assert.equal(opened, 1);
    assert.deepEqual(events, [
      { type: 'text', delta: '1' },
      { type: 'error', kind: 'server', message: 'overloaded mid-stream', retryable: true, status: undefined, retryAfterMs: undefined },
    ]);
  });
});
