/**
 * Gemini through `@google/genai` (not the deprecated `@google/generative-ai`): `generateContentStream` over
 * SSE with function calling and a system instruction. Loaded lazily by registry.ts.
 *
 * The SDK's own retries stay off (no `retryOptions`) and so does its automatic stream continuation; the
 * stream runner retries. The SDK's ApiError carries the status and the JSON body but not the response
 * headers, so a per-request `fetch` wrapper keeps the headers of a failed response for `retry-after`.
 */
import { GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import { errorFromStatus, isProviderError, providerFailure, retryAfterMs, toProviderError, type ErrorContext } from './errors';
import { GEMINI_DEFAULT_MODEL, GeminiTranslator, ThoughtSignatures, toGeminiParams } from './geminiWire';
import { withRetry } from './retry';
import { runStream } from './streamRunner';
import type { ChatProvider, ChatRequest, ModelInfo, ProviderConfig, ProviderError, ProviderEvent, ProviderId, RetryOptions } from './types';

const DEFAULT_ENDPOINT = 'https://generativelanguage.googleapis.com';
const KEY_HINT = "set GEMINI_API_KEY, or run 'Atmos AI: Set API Key' in VS Code";

interface GoogleErrorBody {
  message?: string;
  status?: string;
  details?: { '@type'?: string; retryDelay?: string; reason?: string }[];
}

/** The `{error: {...}}` body inside an ApiError message ("got status: X. {json}" or the bare JSON). */
function googleError(message: string): GoogleErrorBody | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    const parsed = JSON.parse(message.slice(start)) as { error?: GoogleErrorBody };
    return parsed.error && typeof parsed.error === 'object' ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

/** google.rpc.RetryInfo's retryDelay ("7s", "1.5s") in ms. */
function retryInfoMs(body: GoogleErrorBody | undefined): number | undefined {
  const delay = body?.details?.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const m = delay ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

/** Maps a Gemini SDK failure; `headers` are those of the failed HTTP response, when there was one. */
export function classifyGeminiError(err: unknown, ctx: ErrorContext, headers?: Headers): ProviderError {
  if (isProviderError(err)) return toProviderError(err, ctx);
  const o = err as { status?: unknown; message?: unknown; name?: unknown } | null;
  if (o && typeof o === 'object' && typeof o.status === 'number' && o.status >= 400) {
    const body = typeof o.message === 'string' ? googleError(o.message) : undefined;
    const detail = body?.message ?? (typeof o.message === 'string' ? o.message : '');
    const retryAfter = retryAfterMs(headers) ?? retryInfoMs(body);
    // Quirk: Gemini answers a bad API key with 400 INVALID_ARGUMENT (reason API_KEY_INVALID), not 401.
    const badKey = o.status === 400 && (/API key not valid/i.test(detail) || body?.details?.some((d) => d.reason === 'API_KEY_INVALID'));
    const e = errorFromStatus(badKey ? 401 : o.status, detail, ctx, retryAfter);
    return { ...e, status: o.status };
  }
  return toProviderError(err, ctx);
}

class GeminiProvider implements ChatProvider {
  readonly id: ProviderId = 'gemini';
  readonly label = 'Gemini';
  private client: GoogleGenAI | undefined;
  private readonly signatures = new ThoughtSignatures();

  constructor(private readonly config: ProviderConfig) {}

  private ctx(model?: string): ErrorContext {
    return { label: this.label, keyHint: KEY_HINT, endpoint: this.config.baseUrl ?? DEFAULT_ENDPOINT, model };
  }

  /** The SDK client, or a ProviderError when there is no key (a base URL alone is enough: gateways). */
  private sdk(): GoogleGenAI | ProviderError {
    if (this.client) return this.client;
    if (!this.config.apiKey && !this.config.baseUrl) {
      return { kind: 'auth', message: `No Gemini API key — ${KEY_HINT}.`, retryable: false };
    }
    this.client = new GoogleGenAI({
      vertexai: false,
      apiKey: this.config.apiKey ?? 'none',
      httpOptions: {
        ...(this.config.baseUrl ? { baseUrl: this.config.baseUrl } : {}),
        ...(this.config.headers ? { headers: this.config.headers } : {}),
        ...(this.config.transport ? { fetch: this.config.transport.fetch } : {}),
      },
    });
    return this.client;
  }

  async *stream(req: ChatRequest): AsyncGenerator<ProviderEvent, void, undefined> {
    const model = req.model ?? this.config.model ?? GEMINI_DEFAULT_MODEL;
    const ctx = this.ctx(model);
    const client = this.sdk();
    if ('kind' in client) {
      if (req.signal?.aborted) yield { type: 'stop', reason: 'cancelled' };
      else yield { type: 'error', ...client };
      return;
    }
    const params = toGeminiParams(req, model, this.signatures);
    let failedHeaders: Headers | undefined;
    const send = this.config.transport?.fetch ?? fetch;
    const recordingFetch: typeof fetch = async (input, init) => {
      const res = await send(input, init);
      if (!res.ok) failedHeaders = res.headers;
      return res;
    };
    yield* runStream<GenerateContentResponse>({
      ctx,
      config: this.config,
      signal: req.signal,
      open: async (signal) => {
        failedHeaders = undefined;
        try {
          return await client.models.generateContentStream({ ...params, config: { ...params.config, abortSignal: signal, httpOptions: { fetch: recordingFetch } } });
        } catch (err) {
          const e = classifyGeminiError(err, ctx, failedHeaders);
          throw e.kind === 'model_not_found' ? await this.withAvailableModels(e, model, signal) : err;
        }
      },
      translator: () => new GeminiTranslator(ctx, this.signatures),
      classify: (err) => classifyGeminiError(err, ctx, failedHeaders),
    });
  }

  /** "model X not found; available: …" — one listing attempt, the plain error if that fails too. */
  private async withAvailableModels(e: ProviderError, model: string, signal: AbortSignal): Promise<ProviderError> {
    const models = await this.listModels(signal, { maxRetries: 0 }).catch(() => undefined);
    if (!models || models.length === 0) return e;
    const ids = models.map((m) => m.id).filter((id) => id.startsWith('gemini'));
    const shown = ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, … (${ids.length - 12} more)` : ids.join(', ');
    return { ...e, message: `Gemini: model '${model}' not found; available: ${shown} — pick one of these.` };
  }

  async listModels(signal?: AbortSignal, retries: RetryOptions | undefined = this.config.retries): Promise<ModelInfo[]> {
    const ctx = this.ctx();
    const client = this.sdk();
    if ('kind' in client) throw providerFailure(client);
    return withRetry(
      async () => {
        const models: ModelInfo[] = [];
        const pager = await client.models.list({ config: { pageSize: 100, abortSignal: signal } });
        for await (const m of pager) {
          if (m.supportedActions && !m.supportedActions.includes('generateContent')) continue;
          if (!m.name) continue;
          models.push({ id: m.name.replace(/^models\//, ''), displayName: m.displayName, contextWindow: m.inputTokenLimit });
        }
        return models;
      },
      { retry: retries, clock: this.config.clock, signal, classify: (err) => classifyGeminiError(err, ctx) },
    );
  }
}

export function create(_id: ProviderId, config: ProviderConfig): ChatProvider {
  return new GeminiProvider(config);
}
