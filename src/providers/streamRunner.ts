/**
 * The one streaming loop every provider runs, so retries, timeouts, cancellation and error mapping behave
 * the same everywhere. A provider supplies `open` (start the SDK stream with the given AbortSignal) and a
 * translator (raw SDK chunk → ProviderEvents); this module does the rest:
 * - retries with backoff / retry-after while nothing has been yielded yet (after that a failure is final);
 * - a request timeout (until the SDK hands back the stream) and an idle timeout between chunks;
 * - cancellation: every wait races the caller's signal, so an abort ends the stream at once with
 *   `stop {reason:'cancelled'}`, and the SDK's own signal is aborted to close the socket;
 * - never throws: a failure is the last event, `{type:'error', …}`.
 */
import { CANCELLED, networkError, streamCutError, toProviderError, type ErrorContext } from './errors';
import { resolveRetry, retryDelay, systemClock } from './retry';
import type { ProviderConfig, ProviderError, ProviderEvent } from './types';

export interface StreamTranslator<Chunk> {
  /** Events for one raw chunk. May throw a ProviderError (an error frame inside the stream). */
  push(chunk: Chunk): ProviderEvent[];
  /**
   * Events once the stream ended normally: pending tool_call_end, usage, stop. Throw (e.g. streamCutError)
   * when the provider's final frame never came: a stream that just stops is a broken stream.
   */
  end(): ProviderEvent[];
}

export interface StreamSpec<Chunk> {
  ctx: ErrorContext;
  config: ProviderConfig;
  signal?: AbortSignal;
  /** Starts the request; resolves once the response stream is open. Pass `signal` to the SDK. */
  open(signal: AbortSignal): Promise<AsyncIterable<Chunk>>;
  /** A fresh translator per attempt. */
  translator(): StreamTranslator<Chunk>;
  /** Defaults to toProviderError(err, ctx). */
  classify?(err: unknown): ProviderError;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

interface TimedOut {
  timedOut: 'request' | 'idle';
  ms: number;
}
const ABORTED = Symbol('aborted');

/** Waits for `p`, but rejects at once on abort (with ABORTED) or after `ms` (with TimedOut). */
function race<T>(p: Promise<T>, signal: AbortSignal, ms: number, which: TimedOut['timedOut']): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(ABORTED);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (ms > 0 && Number.isFinite(ms)) {
      timer = setTimeout(() => {
        cleanup();
        reject({ timedOut: which, ms } satisfies TimedOut);
      }, ms);
    }
    p.then(
      (v) => {
        cleanup();
        resolve(v);
      },
      (e) => {
        cleanup();
        reject(e);
      },
    );
  });
}

function isTimedOut(x: unknown): x is TimedOut {
  return typeof x === 'object' && x !== null && 'timedOut' in x;
}

export async function* runStream<Chunk>(spec: StreamSpec<Chunk>): AsyncGenerator<ProviderEvent, void, undefined> {
  const policy = resolveRetry(spec.config.retries);
  const clock = spec.config.clock ?? systemClock;
  const requestMs = spec.config.timeouts?.requestMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const idleMs = spec.config.timeouts?.idleMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const outer = spec.signal ?? new AbortController().signal;
  const classify = spec.classify ?? ((e: unknown) => toProviderError(e, spec.ctx));
  const cancelled: ProviderEvent = { type: 'stop', reason: 'cancelled' };

  for (let attempt = 0; ; attempt++) {
    if (outer.aborted) {
      yield cancelled;
      return;
    }
    const inner = new AbortController();
    const forward = () => inner.abort(outer.reason);
    outer.addEventListener('abort', forward, { once: true });
    let iterator: AsyncIterator<Chunk> | undefined;
    let yielded = false;
    let failure: ProviderError | undefined;
    let finished = false;
    try {
      const iterable = await race(spec.open(inner.signal), outer, requestMs, 'request');
      iterator = iterable[Symbol.asyncIterator]();
      const translator = spec.translator();
      for (;;) {
        const step = await race(iterator.next(), outer, idleMs, 'idle');
        if (step.done) break;
        for (const ev of translator.push(step.value)) {
          yielded = true;
          yield ev;
        }
      }
      for (const ev of translator.end()) {
        yielded = true;
        yield ev;
      }
      finished = true;
    } catch (err) {
      if (!outer.aborted && err !== ABORTED) {
        if (isTimedOut(err)) {
          const s = err.ms / 1000;
          failure = err.timedOut === 'request' ? networkError(spec.ctx, `no response within ${s} s`) : streamCutError(spec.ctx, `no data for ${s} s`);
        } else {
          failure = classify(err);
        }
      }
    } finally {
      outer.removeEventListener('abort', forward);
      // Close the socket whether we finished, failed, or the caller stopped iterating.
      inner.abort();
      if (iterator?.return && !finished) {
        const it = iterator;
        Promise.resolve()
          .then(() => it.return?.())
          .catch(() => undefined);
      }
    }
    if (finished) return;
    if (outer.aborted || failure === undefined || failure.kind === 'cancelled') {
      yield outer.aborted || failure === undefined ? cancelled : { type: 'error', ...CANCELLED };
      return;
    }
    const wait = yielded ? undefined : retryDelay(failure, attempt, policy);
    if (wait === undefined) {
      yield { type: 'error', ...failure };
      return;
    }
    try {
      await clock.sleep(wait, outer);
    } catch {
      yield cancelled;
      return;
    }
  }
}

/** A stream that is only this failure (bad configuration found before any request). */
export async function* errorStream(error: ProviderError): AsyncGenerator<ProviderEvent, void, undefined> {
  yield { type: 'error', ...error };
}
