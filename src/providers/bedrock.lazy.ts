/**
 * Amazon Bedrock through `@aws-sdk/client-bedrock-runtime`: ConverseStream with system, tools, tool results
 * and cachePoint breakpoints. Loaded lazily by registry.ts.
 *
 * - Credentials: the AWS chain (env, shared config `profile`, SSO, IMDS…), or a Bedrock API key
 *   (ProviderConfig.apiKey, sent as a bearer token; AWS_BEARER_TOKEN_BEDROCK also works through the SDK).
 * - Region: ProviderConfig.region, else the chain (AWS_REGION, profile).
 * - SDK retries off (`maxAttempts: 1`); the stream runner retries.
 * - The client defaults to HTTP/2, which fails ("Protocol error") against HTTP/1.1 servers — most proxies,
 *   gateways and test servers. With an endpoint override we use the HTTP/1.1 handler; ConverseStream does not
 *   need HTTP/2 (only bidirectional streams do).
 * - A model without prompt caching may reject cachePoint blocks with a ValidationException; the request is
 *   then sent once more without them, and that model is remembered.
 */
import { BedrockRuntimeClient, ConverseStreamCommand, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { isProviderError, toProviderError, type ErrorContext } from './errors';
import { BEDROCK_DEFAULT_MODEL, BedrockTranslator, hasCachePoints, toConverseInput } from './bedrockWire';
import { runStream } from './streamRunner';
import type { ChatProvider, ChatRequest, ProviderConfig, ProviderError, ProviderEvent, ProviderId } from './types';

const KEY_HINT =
  'check the AWS credentials (profile, `aws sso login`, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_BEARER_TOKEN_BEDROCK) and that the model is enabled for your account in this region';

/** Maps a Bedrock SDK failure; adds what the generic mapping cannot know about AWS set-up. */
export function classifyBedrockError(err: unknown, ctx: ErrorContext): ProviderError {
  if (isProviderError(err)) return toProviderError(err, ctx);
  const o = (err && typeof err === 'object' ? err : {}) as { name?: unknown; message?: unknown };
  const message = typeof o.message === 'string' ? o.message : '';
  if (/Region is missing/i.test(message)) {
    return { kind: 'bad_request', retryable: false, message: 'Amazon Bedrock needs an AWS region — set AWS_REGION, the region setting, or a region in the AWS profile.' };
  }
  if (o.name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return { kind: 'auth', retryable: false, message: `Amazon Bedrock found no AWS credentials — ${KEY_HINT}.` };
  }
  return toProviderError(err, ctx);
}

function isCacheRejection(err: unknown): boolean {
  const o = (err && typeof err === 'object' ? err : {}) as { name?: unknown; message?: unknown };
  return o.name === 'ValidationException' && typeof o.message === 'string' && /cach/i.test(o.message);
}

class BedrockProvider implements ChatProvider {
  readonly id: ProviderId = 'bedrock';
  readonly label = 'Amazon Bedrock';
  private client: BedrockRuntimeClient | undefined;
  /** Models that rejected cachePoint blocks. */
  private readonly noCache = new Set<string>();

  constructor(private readonly config: ProviderConfig) {}

  private sdk(): BedrockRuntimeClient {
    if (this.client) return this.client;
    const { baseUrl, region, profile, apiKey, headers, transport } = this.config;
    const client = new BedrockRuntimeClient({
      maxAttempts: 1,
      ...(region ? { region } : {}),
      ...(profile ? { profile } : {}),
      ...(baseUrl ? { endpoint: baseUrl } : {}),
      // HTTP/1.1 for an endpoint override (gateways, test servers) and through a proxy (a CONNECT tunnel per request).
      ...(baseUrl || transport ? { requestHandler: new NodeHttpHandler(transport ? { httpAgent: transport.agent, httpsAgent: transport.agent } : {}) } : {}),
      ...(apiKey ? { token: { token: apiKey }, authSchemePreference: ['httpBearerAuth'] } : {}),
    });
    if (headers && Object.keys(headers).length > 0) {
      client.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { headers?: Record<string, string> };
          if (request.headers) Object.assign(request.headers, headers);
          return next(args);
        },
        { step: 'build', name: 'atmosAiExtraHeaders' },
      );
    }
    this.client = client;
    return client;
  }

  async *stream(req: ChatRequest): AsyncGenerator<ProviderEvent, void, undefined> {
    const modelId = req.model ?? this.config.model ?? BEDROCK_DEFAULT_MODEL;
    const ctx: ErrorContext = { label: this.label, keyHint: KEY_HINT, endpoint: this.config.baseUrl ?? (this.config.region ? `https://bedrock-runtime.${this.config.region}.amazonaws.com` : undefined), model: modelId };
    yield* runStream<ConverseStreamOutput>({
      ctx,
      config: this.config,
      signal: req.signal,
      open: async (signal) => {
        const client = this.sdk();
        const send = async (withCache: boolean) => {
          const out = await client.send(new ConverseStreamCommand(toConverseInput(req, modelId, withCache)), { abortSignal: signal });
          if (!out.stream) throw new Error('Bedrock returned no event stream');
          return out.stream;
        };
        const withCache = !this.noCache.has(modelId);
        try {
          return await send(withCache);
        } catch (err) {
          if (!withCache || !isCacheRejection(err) || !hasCachePoints(toConverseInput(req, modelId, true))) throw err;
          this.noCache.add(modelId);
          return await send(false);
        }
      },
      translator: () => new BedrockTranslator(ctx),
      classify: (err) => classifyBedrockError(err, ctx),
    });
  }
}

export function create(_id: ProviderId, config: ProviderConfig): ChatProvider {
  return new BedrockProvider(config);
}
