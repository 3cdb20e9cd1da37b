/**
 * Azure OpenAI over the `openai` SDK's AzureOpenAI client: resource endpoint + deployment + api-version,
 * authenticated by an api key or an Entra ID token provider. Same Chat Completions wire as OpenAI
 * (openaiChat.ts); caching is automatic and reported in usage. Loaded lazily; SDK retries off.
 */
import { AzureOpenAI } from 'openai';
import { errorFromStatus, hasAuthHeader, type ErrorContext } from './errors';
import { ChatCompletionsTranslator, toChatCompletionsRequest } from './openaiChat';
import { errorStream, runStream } from './streamRunner';
import type { ChatProvider, ChatRequest, ProviderConfig, ProviderEvent, ProviderId } from './types';

/** The GA api-version that streams usage (`stream_options.include_usage`). */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

export function create(_id: ProviderId, config: ProviderConfig): ChatProvider {
  return new AzureProvider(config);
}

class AzureProvider implements ChatProvider {
  readonly id = 'azure' as const;
  readonly label = 'Azure OpenAI';
  /** One client per deployment (the deployment is part of the client's URL). */
  private readonly clients = new Map<string, AzureOpenAI>();

  constructor(private readonly config: ProviderConfig) {}

  private ctx(model?: string): ErrorContext {
    return {
      label: this.label,
      keyHint: "set AZURE_OPENAI_API_KEY, run 'Atmos AI: Set API Key' in VS Code, or sign in for an Entra ID token",
      endpoint: this.config.baseUrl,
      model,
    };
  }

  private sdk(deployment: string): AzureOpenAI {
    const existing = this.clients.get(deployment);
    if (existing) return existing;
    const client = new AzureOpenAI({
      endpoint: this.config.baseUrl,
      deployment,
      apiVersion: this.config.apiVersion ?? DEFAULT_AZURE_API_VERSION,
      ...(this.config.azureAdTokenProvider
        ? { azureADTokenProvider: this.config.azureAdTokenProvider }
        : { apiKey: this.config.apiKey ?? (hasAuthHeader(this.config.headers) ? 'none' : undefined) }),
      maxRetries: 0,
      timeout: 10 * 60_000, // runStream owns the request and idle timeouts
      defaultHeaders: this.config.headers,
      ...(this.config.transport ? { fetch: this.config.transport.fetch } : {}),
    });
    this.clients.set(deployment, client);
    return client;
  }

  stream(req: ChatRequest): AsyncIterable<ProviderEvent> {
    // On Azure the deployment is the model; the request's model names one when no deployment is configured.
    const deployment = this.config.deployment ?? req.model ?? this.config.model;
    const ctx = this.ctx(deployment);
    if (!this.config.baseUrl) {
      return errorStream({ kind: 'bad_request', retryable: false, message: 'Azure OpenAI needs the resource endpoint (https://<resource>.openai.azure.com) — set it in the provider settings or AZURE_OPENAI_ENDPOINT.' });
    }
    if (!deployment) {
      return errorStream({ kind: 'bad_request', retryable: false, message: 'Azure OpenAI needs a deployment name — set the deployment (or model) in the provider settings.' });
    }
    if (!this.config.apiKey && !this.config.azureAdTokenProvider && !hasAuthHeader(this.config.headers)) {
      return errorStream({ kind: 'auth', retryable: false, message: `No Azure OpenAI credentials — ${ctx.keyHint}.` });
    }
    let client: AzureOpenAI;
    try {
      client = this.sdk(deployment);
    } catch (err) {
      return errorStream(errorFromStatus(400, (err as Error).message, ctx));
    }
    const body = toChatCompletionsRequest(req, deployment, { maxTokensField: 'max_completion_tokens' });
    return runStream({
      ctx,
      config: this.config,
      signal: req.signal,
      open: async (signal) => client.chat.completions.create(body, { signal }),
      translator: () => new ChatCompletionsTranslator(ctx),
    });
  }
}
