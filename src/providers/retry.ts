/**
 * One retry policy for every provider (the SDKs' own retries are switched off): exponential backoff with
 * full jitter on retryable errors (429, 5xx, network), honouring the server's retry-after. Waits go
 * through the Clock port so tests see them without sleeping.
 */
import { CANCELLED, providerFailure } from './errors';
import type { Clock, ProviderError, RetryOptions } from './types';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason());
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

function abortReason(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

export function resolveRetry(opts?: RetryOptions): Required<RetryOptions> {
  return { ...DEFAULT_RETRY, ...Object.fromEntries(Object.entries(opts ?? {}).filter(([, v]) => v !== undefined)) };
}

/** Backoff before retry number `attempt` (0-based): full jitter over base·2^attempt, capped. */
export function backoffDelay(attempt: number, opts: Required<RetryOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * How long to wait before retrying after `error`, or undefined when it must not be retried
 * (not retryable, retries used up, or the server asked for a longer wait than we accept).
 */
export function retryDelay(error: ProviderError, attempt: number, opts: Required<RetryOptions>, random?: () => number): number | undefined {
  if (!error.retryable || attempt >= opts.maxRetries) return undefined;
  if (error.retryAfterMs !== undefined) return error.retryAfterMs <= opts.maxRetryAfterMs ? error.retryAfterMs : undefined;
  return backoffDelay(attempt, opts, random);
}

export interface WithRetryOptions {
  retry?: RetryOptions;
  clock?: Clock;
  signal?: AbortSignal;
  /** Turns a thrown value into a ProviderError (decides retryable). */
  classify: (err: unknown) => ProviderError;
  random?: () => number;
}

/**
 * Runs `attempt` until it succeeds or fails in a way that must not be retried; rejects with the
 * classified failure (an Error carrying ProviderError fields; read it with isProviderError). Used for non-streaming calls (listModels).
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, opts: WithRetryOptions): Promise<T> {
  const policy = resolveRetry(opts.retry);
  const clock = opts.clock ?? systemClock;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      const pe = opts.classify(err);
      if (opts.signal?.aborted) throw providerFailure(CANCELLED);
      const wait = retryDelay(pe, n, policy, opts.random);
      if (wait === undefined) throw providerFailure(pe);
      try {
        await clock.sleep(wait, opts.signal);
      } catch {
        throw providerFailure(CANCELLED);
      }
    }
  }
}
