/**
 * Ollama through the `ollama` package: `/api/chat` streaming NDJSON with tools, models from `/api/tags`.
 * Loaded lazily by registry.ts. The host is ProviderConfig.baseUrl, else OLLAMA_HOST, else 127.0.0.1:11434.
 *
 * The package has no per-request AbortSignal and drops response headers, and it console.logs while it reads
 * a non-JSON error body; a small `fetch` wrapper handles all three (joins our signal, keeps a failed
 * response's headers for retry-after, hands the package JSON error bodies).
 */
import { Ollama, type ChatResponse } from 'ollama';
import { errorFromStatus, isProviderError, retryAfterMs, streamCutError, toProviderError, type ErrorContext } from './errors';
import { displayHost, OLLAMA_DEFAULT_HOST, OLLAMA_DEFAULT_MODEL, OllamaTranslator, toOllamaRequest } from './ollamaWire';
import { withRetry } from './retry';
import { runStream } from './streamRunner';
import type { ChatProvider, ChatRequest, ModelInfo, ProviderConfig, ProviderError, ProviderEvent, ProviderId } from './types';

const KEY_HINT = 'set OLLAMA_API_KEY (ollama.com) or the Authorization header your proxy expects';

interface FetchState {
  signal?: AbortSignal;
  failedHeaders?: Headers;
}

function wrappedFetch(state: FetchState, send: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const signals = [init?.signal, state.signal].filter((s): s is AbortSignal => !!s);
    const res = await send(input, { ...init, signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0] });
    if (res.ok) return res;
    state.failedHeaders = res.headers;
    if (res.headers.get('content-type')?.includes('application/json')) return res;
    const text = (await res.text()).trim();
    return new Response(JSON.stringify({ error: text || `HTTP ${res.status} ${res.statusText}` }), {
      status: res.status,
      statusText: res.statusText,
      headers: { 'content-type': 'application/json' },
    });
  };
}

/** A network error code anywhere in the cause chain (fetch nests it; `localhost` may give an AggregateError). */
function networkCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const o = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof o.code === 'string' && /^E[A-Z]+$/.test(o.code)) return o.code;
  if (Array.isArray(o.errors)) for (const e of o.errors) if (networkCode(e, depth + 1)) return networkCode(e, depth + 1);
  return networkCode(o.cause, depth + 1);
}

/** Maps an `ollama` package failure to a ProviderError that says what to do. */
export function classifyOllamaError(err: unknown, ctx: ErrorContext & { endpoint: string }, headers?: Headers): ProviderError {
  if (isProviderError(err)) return toProviderError(err, ctx);
  const o = (err && typeof err === 'object' ? err : {}) as { status_code?: unknown; error?: unknown; message?: unknown; name?: unknown };
  const model = ctx.model ? `'${ctx.model}'` : 'the model';
  if (typeof o.status_code === 'number') {
    const detail = typeof o.error === 'string' ? o.error : String(o.message ?? '');
    if (o.status_code === 400 && /does not support tools/i.test(detail)) {
      return {
        kind: 'bad_request',
        status: 400,
        retryable: false,
        message: `Ollama model ${model} does not support tools — pick a model with tool support (for example qwen3 or llama3.1; see ollama.com/search?c=tools).`,
      };
    }
    if (o.status_code === 404 && /model.*not found/i.test(detail)) {
      return { kind: 'model_not_found', status: 404, retryable: false, message: `Ollama: model ${model} not found — run \`ollama pull ${ctx.model ?? '<model>'}\` or pick another model.` };
    }
    return errorFromStatus(o.status_code, detail, ctx, retryAfterMs(headers));
  }
  const code = networkCode(err);
  if (code === 'ECONNREFUSED') {
    return { kind: 'network', retryable: false, message: `Ollama is not running at ${ctx.endpoint} — start it with \`ollama serve\`, or set OLLAMA_HOST / the base URL to where it runs.` };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { kind: 'network', retryable: false, message: `Cannot resolve the Ollama host ${ctx.endpoint} — check OLLAMA_HOST / the base URL.` };
  }
  return toProviderError(err, ctx);
}

class OllamaProvider implements ChatProvider {
  readonly id: ProviderId = 'ollama';
  readonly label = 'Ollama';
  private readonly host: string;

  constructor(private readonly config: ProviderConfig) {
    this.host = displayHost(config.baseUrl ?? process.env.OLLAMA_HOST ?? OLLAMA_DEFAULT_HOST);
  }

  private ctx(model?: string): ErrorContext & { endpoint: string } {
    return { label: this.label, keyHint: KEY_HINT, endpoint: this.host, model };
  }

  private client(state: FetchState): Ollama {
    const headers: Record<string, string> = { ...this.config.headers };
    if (this.config.apiKey) headers.Authorization = `Bearer ${this.config.apiKey}`;
    return new Ollama({ host: this.host, headers, fetch: wrappedFetch(state, this.config.transport?.fetch) });
  }

  private async modelNames(signal?: AbortSignal): Promise<string[]> {
    const list = await this.client({ signal }).list();
    return list.models.map((m) => m.name).sort();
  }

  /** A 404 for the model becomes "model X not found; available: …" from /api/tags. */
  private async modelNotFound(ctx: ErrorContext & { endpoint: string }, signal: AbortSignal): Promise<ProviderError> {
    const base = classifyOllamaError({ status_code: 404, error: 'model not found' }, ctx);
    const names = await this.modelNames(signal).catch(() => undefined);
    if (!names) return base;
    const available = names.length > 0 ? `available: ${names.join(', ')}` : 'no models are installed';
    return { ...base, message: `Ollama: model '${ctx.model}' not found; ${available} — pick one, or run \`ollama pull ${ctx.model}\`.` };
  }

  async *stream(req: ChatRequest): AsyncGenerator<ProviderEvent, void, undefined> {
    const model = req.model ?? this.config.model ?? OLLAMA_DEFAULT_MODEL;
    const ctx = this.ctx(model);
    const body = toOllamaRequest(req, model);
    const state: FetchState = {};
    yield* runStream<ChatResponse>({
      ctx,
      config: this.config,
      signal: req.signal,
      open: async (signal) => {
        state.signal = signal;
        state.failedHeaders = undefined;
        let lines: AsyncIterable<ChatResponse>;
        try {
          lines = await this.client(state).chat({ ...body });
        } catch (err) {
          const o = err as { status_code?: unknown; error?: unknown };
          if (o?.status_code === 404 && typeof o.error === 'string' && /model.*not found/i.test(o.error)) throw await this.modelNotFound(ctx, signal);
          throw err;
        }
        return readLines(lines, ctx);
      },
      translator: () => new OllamaTranslator(ctx),
      classify: (err) => classifyOllamaError(err, ctx, state.failedHeaders),
    });
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const ctx = this.ctx();
    return withRetry(async () => (await this.modelNames(signal)).map((id) => ({ id })), {
      retry: this.config.retries,
      clock: this.config.clock,
      signal,
      classify: (err) => classifyOllamaError(err, ctx),
    });
  }
}

/**
 * The package's iterator throws plain Errors for an `{"error": …}` line and for a stream without `done`;
 * give those their meaning here, where we know they came from inside the stream.
 */
async function* readLines(lines: AsyncIterable<ChatResponse>, ctx: ErrorContext): AsyncGenerator<ChatResponse> {
  try {
    yield* lines;
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown; cause?: unknown; code?: unknown };
    const plain = e?.name === 'Error' && e.cause === undefined && e.code === undefined && typeof e.message === 'string';
    if (plain && /Did not receive done/.test(e.message as string)) throw streamCutError(ctx, 'the stream ended without its final "done" line');
    if (plain) throw { kind: 'server', retryable: true, message: `Ollama reported an error: ${e.message as string}` } satisfies ProviderError;
    throw err;
  }
}

export function create(_id: ProviderId, config: ProviderConfig): ChatProvider {
  return new OllamaProvider(config);
}
