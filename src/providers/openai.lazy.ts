/**
 * OpenAI Chat Completions streaming over the `openai` SDK, for OpenAI itself, any OpenAI-compatible
 * gateway (`baseUrl`), and Grok (xAI's compatible API at https://api.x.ai/v1). Caching is automatic on
 * these APIs; the cached tokens come back in usage. Loaded lazily by registry.ts; SDK retries off.
 */
import OpenAI from 'openai';
import { hasAuthHeader, missingKeyError, providerFailure, toProviderError, type ErrorContext } from './errors';
import { ChatCompletionsTranslator, toChatCompletionsRequest, type ChatCompletionsOptions } from './openaiChat';
import { withRetry } from './retry';
import { DEFAULT_REQUEST_TIMEOUT_MS, errorStream, runStream } from './streamRunner';
import type { ChatProvider, ChatRequest, ModelInfo, ProviderConfig, ProviderEvent, ProviderId } from './types';

interface Flavour {
  label: string;
  baseUrl: string;
  defaultModel: string;
  keyHint: string;
  wire: ChatCompletionsOptions;
}

export const XAI_BASE_URL = 'https://api.x.ai/v1';

const FLAVOURS: Record<'openai' | 'grok', Flavour> = {
  openai: {
    label: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    defaultModel: 'gpt-5.5',
    keyHint: "set OPENAI_API_KEY, or run 'Atmos AI: Set API Key' in VS Code",
    wire: { maxTokensField: 'max_completion_tokens' },
  },
  grok: {
    label: 'Grok (xAI)',
    baseUrl: XAI_BASE_URL,
    defaultModel: 'grok-4.7',
    keyHint: "set XAI_API_KEY, or run 'Atmos AI: Set API Key' in VS Code",
    wire: { maxTokensField: 'max_tokens' },
  },
};

export function create(id: ProviderId, config: ProviderConfig): ChatProvider {
  return new OpenAIChatProvider(id === 'grok' ? 'grok' : 'openai', config);
}

class OpenAIChatProvider implements ChatProvider {
  readonly label: string;
  private readonly flavour: Flavour;
  private client: OpenAI | undefined;

  constructor(
    readonly id: 'openai' | 'grok',
    private readonly config: ProviderConfig,
  ) {
    this.flavour = FLAVOURS[id];
    this.label = this.flavour.label;
  }

  private ctx(model?: string): ErrorContext {
    return { label: this.label, keyHint: this.flavour.keyHint, endpoint: this.config.baseUrl ?? this.flavour.baseUrl, model };
  }

  /** Undefined when there is no key and nothing else could authenticate. */
  private sdk(): OpenAI | undefined {
    if (this.client) return this.client;
    // A custom endpoint (local gateway, LM Studio, vLLM) may need no key; OpenAI and xAI themselves do.
    const apiKey = this.config.apiKey ?? (this.config.baseUrl || hasAuthHeader(this.config.headers) ? 'none' : undefined);
    if (!apiKey) return undefined;
    this.client = new OpenAI({
      apiKey,
      baseURL: this.config.baseUrl ?? this.flavour.baseUrl,
      maxRetries: 0,
      timeout: 10 * 60_000, // runStream owns the request and idle timeouts
      defaultHeaders: this.config.headers,
      ...(this.config.transport ? { fetch: this.config.transport.fetch } : {}),
    });
    return this.client;
  }

  stream(req: ChatRequest): AsyncIterable<ProviderEvent> {
    const model = req.model ?? this.config.model ?? this.flavour.defaultModel;
    const ctx = this.ctx(model);
    const client = this.sdk();
    if (!client) return errorStream(missingKeyError(ctx));
    const body = toChatCompletionsRequest(req, model, this.flavour.wire);
    return runStream({
      ctx,
      config: this.config,
      signal: req.signal,
      open: async (signal) => client.chat.completions.create(body, { signal }),
      translator: () => new ChatCompletionsTranslator(ctx),
    });
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const ctx = this.ctx();
    const client = this.sdk();
    if (!client) throw providerFailure(missingKeyError(ctx));
    return withRetry(
      async () => {
        const out: ModelInfo[] = [];
        for await (const m of client.models.list({ signal, timeout: this.config.timeouts?.requestMs ?? DEFAULT_REQUEST_TIMEOUT_MS })) out.push({ id: m.id });
        return out.sort((a, b) => a.id.localeCompare(b.id));
      },
      { retry: this.config.retries, clock: this.config.clock, signal, classify: (e) => toProviderError(e, ctx) },
    );
  }
}
