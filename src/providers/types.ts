/**
 * The one interface every LLM provider implements. The chat engine and the session store see only
 * these types; provider SDKs stay behind `*.lazy.ts` modules loaded by registry.ts.
 *
 * Everything here is plain data: errors are discriminated objects (`kind`), never classes, because
 * each lazy chunk carries its own copy of shared code and `instanceof` does not hold across chunks.
 */

export type ProviderId = 'anthropic' | 'openai' | 'gemini' | 'grok' | 'ollama' | 'bedrock' | 'azure' | 'vscode';

export const PROVIDER_IDS: readonly ProviderId[] = ['anthropic', 'openai', 'gemini', 'grok', 'ollama', 'bedrock', 'azure', 'vscode'];

// ---------------------------------------------------------------------------------------------
// Request

/** One part of the system prompt. `cache: true` puts a cache breakpoint after this part. */
export interface SystemPart {
  text: string;
  cache?: boolean;
}

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  /** The provider's own id for the call (as given in `tool_call_start`); results refer back to it. */
  id: string;
  name: string;
  input: Record<string, unknown>;
  /**
   * Opaque provider data that must travel back with this call on the next request (Gemini's
   * thoughtSignature). Copied from `tool_call_end.providerData`; the engine stores it and never reads it.
   */
  providerData?: Record<string, string>;
}

export interface ToolResultBlock {
  type: 'tool_result';
  toolUseId: string;
  content: string | TextBlock[];
  isError?: boolean;
}

export interface ImageBlock {
  type: 'image';
  mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  /** Base64, no data: prefix. */
  data: string;
}

export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock | ImageBlock;

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
  /**
   * Cache breakpoint after this message (the conversation tail). Providers with explicit markers
   * (Anthropic `cache_control`, Bedrock `cachePoint`) place one; the others ignore it.
   */
  cache?: boolean;
}

/** A JSON Schema object (`{ type: 'object', properties, required }`). */
export type JsonSchema = Record<string, unknown>;

export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: JsonSchema;
}

export interface ChatRequest {
  /** Falls back to ProviderConfig.model, then the provider's default. */
  model?: string;
  /** Ordered parts; empty array = no system prompt. */
  system: SystemPart[];
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  /** Cache breakpoint after the tool list (explicit-marker providers only). Default true when tools are given. */
  cacheTools?: boolean;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
}

// ---------------------------------------------------------------------------------------------
// Output events

export interface TokenUsage {
  /** Input tokens NOT served from or written to the cache (Anthropic's convention; others are normalised to it). */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the prompt cache. */
  cacheReadTokens: number;
  /** Input tokens written to the prompt cache (0 where the provider caches implicitly). */
  cacheWriteTokens: number;
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'cancelled' | 'other';

export type ProviderErrorKind =
  | 'auth'
  | 'rate_limited'
  | 'context_too_long'
  | 'model_not_found'
  | 'network'
  | 'server'
  | 'cancelled'
  | 'bad_request';

/** A failure, as plain data. `message` says what to do about it ("… run 'Atmos AI: Set API Key'"). */
export interface ProviderError {
  kind: ProviderErrorKind;
  message: string;
  /** True when the same request may succeed later (429, 5xx, network). Retries already happened when it reaches you. */
  retryable: boolean;
  /** HTTP status, when there was one. */
  status?: number;
  /** Server's retry-after, in ms, when it gave one. */
  retryAfterMs?: number;
}

export type ProviderEvent =
  | { type: 'text'; delta: string }
  /**
   * The model's visible reasoning (Anthropic extended thinking), streamed apart from the answer: never part of
   * the answer text. Signed thinking that must travel back (with tool use) rides on `tool_call_end.providerData`.
   */
  | { type: 'thinking'; delta: string }
  | { type: 'tool_call_start'; id: string; name: string }
  | { type: 'tool_call_delta'; id: string; argsDelta: string }
  /** `input` is the parsed arguments; `{}` with `parseError` set when the model sent invalid JSON. */
  | { type: 'tool_call_end'; id: string; name: string; input: Record<string, unknown>; parseError?: string; providerData?: Record<string, string> }
  | ({ type: 'usage' } & TokenUsage)
  | { type: 'stop'; reason: StopReason }
  | ({ type: 'error' } & ProviderError);

export type UsageEvent = Extract<ProviderEvent, { type: 'usage' }>;
export type ErrorEvent = Extract<ProviderEvent, { type: 'error' }>;

// ---------------------------------------------------------------------------------------------
// Provider

export interface ModelInfo {
  id: string;
  displayName?: string;
  contextWindow?: number;
}

/**
 * The stream contract, the same for every provider:
 * - `stream()` never throws and never rejects: failures arrive as one `error` event, which is the last event.
 * - A successful stream ends with exactly one `stop` event; at most one `usage` event comes before it.
 * - Every `tool_call_start` is followed (after zero or more `tool_call_delta`) by a `tool_call_end` with
 *   the same id, before `stop`. Parallel calls may interleave their deltas.
 * - Aborting `req.signal` ends the stream within 100 ms with `stop { reason: 'cancelled' }`.
 * - Retries (429/5xx/network, honouring retry-after) happen inside, only before the first event is yielded.
 */
export interface ChatProvider {
  readonly id: ProviderId;
  /** Human name for messages ("Anthropic", "Azure OpenAI"). */
  readonly label: string;
  stream(req: ChatRequest): AsyncIterable<ProviderEvent>;
  /** Models for pickers, where the API has a list. Rejects with an Error carrying ProviderError fields. */
  listModels?(signal?: AbortSignal): Promise<ModelInfo[]>;
}

// ---------------------------------------------------------------------------------------------
// Configuration

/** Clock port: retries wait through it, so tests can observe and skip the waits. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. 0 disables. */
  maxRetries?: number;
  /** First backoff step. Default 500 ms; doubles each attempt, with full jitter. */
  baseDelayMs?: number;
  /** Cap on one backoff wait. Default 20 s. */
  maxDelayMs?: number;
  /** A retry-after longer than this is not waited for: the rate-limit error goes to the caller. Default 60 s. */
  maxRetryAfterMs?: number;
}

export interface TimeoutOptions {
  /** From sending the request to the response headers (first byte). Default 60 s. */
  requestMs?: number;
  /** Longest silence between two stream chunks. Default 120 s (reasoning models pause). */
  idleMs?: number;
}

export interface ProviderConfig {
  apiKey?: string;
  /** Another endpoint: a proxy, a gateway, a test server. */
  baseUrl?: string;
  /** Default model when the request names none. */
  model?: string;
  /** Bedrock region. */
  region?: string;
  /** Bedrock: AWS shared-config profile. */
  profile?: string;
  /** Azure OpenAI deployment name. */
  deployment?: string;
  /** Azure OpenAI api-version. */
  apiVersion?: string;
  /** Azure OpenAI: Entra ID bearer token provider, used instead of apiKey. */
  azureAdTokenProvider?: () => Promise<string>;
  /** Extra HTTP headers on every request (gateways). */
  headers?: Record<string, string>;
  timeouts?: TimeoutOptions;
  retries?: RetryOptions;
  /** Test port; defaults to the real clock. */
  clock?: Clock;
  /**
   * An explicit proxy (VS Code `http.proxy` / `http.noProxy` / `http.proxyStrictSSL`); without one, HTTPS_PROXY /
   * HTTP_PROXY / NO_PROXY apply. `noProxy: ['*']` turns proxying off.
   */
  proxy?: { url?: string; noProxy?: string[]; strictSSL?: boolean };
  /** Set by registry.ts when a proxy applies: the SDKs send through these. Never set it yourself. */
  transport?: ProxyTransport;
}

/** How a provider reaches the network through a proxy (proxy.lazy.ts builds it). */
export interface ProxyTransport {
  /** For fetch-based SDKs; decides per request URL (NO_PROXY). */
  fetch: typeof fetch;
  /** For Node http(s) clients (Bedrock's NodeHttpHandler); decides per request host. */
  agent: import('node:http').Agent;
  /** What it was built from (redact before showing: the URL may hold credentials). */
  settings: import('./proxyConfig').ProxySettings;
}

/** What every `*.lazy.ts` provider module exports, so registry.ts can load it by name. */
export interface ProviderModule {
  create(id: ProviderId, config: ProviderConfig): ChatProvider;
}
