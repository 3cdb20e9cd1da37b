/**
 * Which provider to use and how: merges explicit choices (CLI flags, VS Code settings + SecretStorage),
 * the team's `atmos.yaml` `settings.ai` block (Atmos's own format: default_provider, providers.<name>.
 * {model, api_key_env, max_tokens, base_url}, timeout_seconds) and the environment.
 *
 * Precedence, highest first:
 *   1. explicit overrides — `--provider/--model/--base-url` flags, or the extension's settings; the key from SecretStorage
 *   2. atmos.yaml `settings.ai.providers.<provider>` (and `settings.ai.default_provider`)
 *   3. environment — the key from the variable named by `api_key_env`, else the provider's usual variable;
 *      OLLAMA_HOST, AZURE_OPENAI_ENDPOINT, AWS_REGION / AWS_PROFILE
 *   4. built-in defaults (each provider's default model and endpoint)
 * Keys never come from atmos.yaml itself: only the NAME of the variable that holds one.
 */
import { API_KEY_ENV } from './registry';
import { PROVIDER_IDS, type ProviderConfig, type ProviderId } from './types';

/** Explicit choices; undefined fields fall through to atmos.yaml and the environment. */
export interface ProviderOverrides {
  provider?: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  maxTokens?: number;
  region?: string;
  profile?: string;
  deployment?: string;
  apiVersion?: string;
}

export interface ResolvedProviderSettings {
  id: ProviderId;
  config: ProviderConfig;
  /** max_tokens for requests, when configured. */
  maxTokens?: number;
  /** Where the key came from, for "which key is used?" messages (never the key itself). */
  keySource?: string;
}

export type ResolveResult = { ok: true; value: ResolvedProviderSettings } | { ok: false; errors: string[] };

/** Atmos names Azure OpenAI `azureopenai`; we accept both. */
const ALIASES: Record<string, ProviderId> = { azureopenai: 'azure', 'azure-openai': 'azure', xai: 'grok' };

function normaliseId(name: string): ProviderId | undefined {
  const lower = name.trim().toLowerCase();
  const id = ALIASES[lower] ?? lower;
  return (PROVIDER_IDS as readonly string[]).includes(id) ? (id as ProviderId) : undefined;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

interface AtmosProviderBlock {
  model?: string;
  api_key_env?: string;
  max_tokens?: number;
  base_url?: string;
}

/** Reads `settings.ai` leniently: wrong types become located messages, unknown keys are left alone (Atmos has many). */
function readAtmosAi(ai: unknown, errors: string[]): { defaultProvider?: string; providers: Record<string, AtmosProviderBlock>; timeoutSeconds?: number } {
  const out: { defaultProvider?: string; providers: Record<string, AtmosProviderBlock>; timeoutSeconds?: number } = { providers: {} };
  if (ai === undefined || ai === null) return out;
  if (!isObject(ai)) {
    errors.push('atmos.yaml settings.ai must be a map');
    return out;
  }
  if (ai.default_provider !== undefined) {
    if (typeof ai.default_provider === 'string') out.defaultProvider = ai.default_provider;
    else errors.push('atmos.yaml settings.ai.default_provider must be a string');
  }
  if (ai.timeout_seconds !== undefined) {
    if (typeof ai.timeout_seconds === 'number' && ai.timeout_seconds > 0) out.timeoutSeconds = ai.timeout_seconds;
    else errors.push('atmos.yaml settings.ai.timeout_seconds must be a positive number');
  }
  if (ai.providers === undefined || ai.providers === null) return out;
  if (!isObject(ai.providers)) {
    errors.push('atmos.yaml settings.ai.providers must be a map of provider name to settings');
    return out;
  }
  for (const [name, block] of Object.entries(ai.providers)) {
    const where = `atmos.yaml settings.ai.providers.${name}`;
    if (block === null || block === undefined) continue;
    if (!isObject(block)) {
      errors.push(`${where} must be a map`);
      continue;
    }
    const b: AtmosProviderBlock = {};
    for (const key of ['model', 'api_key_env', 'base_url'] as const) {
      if (block[key] === undefined) continue;
      if (typeof block[key] === 'string' && block[key] !== '') b[key] = block[key];
      else errors.push(`${where}.${key} must be a non-empty string`);
    }
    if (block.max_tokens !== undefined) {
      if (Number.isInteger(block.max_tokens) && (block.max_tokens as number) > 0) b.max_tokens = block.max_tokens as number;
      else errors.push(`${where}.max_tokens must be a positive integer`);
    }
    if ('api_key' in block) errors.push(`${where}.api_key is not read: keep keys out of atmos.yaml; name the variable that holds it with api_key_env`);
    const id = normaliseId(name);
    if (id) out.providers[id] = { ...out.providers[id], ...b };
  }
  return out;
}

export function resolveProviderSettings(input: {
  overrides?: ProviderOverrides;
  /** The parsed `settings.ai` block of atmos.yaml, as is. */
  atmosAi?: unknown;
  env?: Record<string, string | undefined>;
}): ResolveResult {
  const errors: string[] = [];
  const o = input.overrides ?? {};
  const env = input.env ?? {};
  const atmos = readAtmosAi(input.atmosAi, errors);

  const chosen = o.provider ?? atmos.defaultProvider ?? 'anthropic';
  const id = normaliseId(chosen);
  if (!id) {
    errors.push(`Unknown provider '${chosen}' — use one of: ${PROVIDER_IDS.filter((p) => p !== 'vscode').join(', ')}`);
    return { ok: false, errors };
  }
  if (errors.length > 0) return { ok: false, errors };

  const team = atmos.providers[id] ?? {};
  const config: ProviderConfig = {};
  const model = o.model ?? team.model;
  if (model) config.model = model;

  let baseUrl = o.baseUrl ?? team.base_url;
  if (!baseUrl && id === 'ollama' && env.OLLAMA_HOST) baseUrl = env.OLLAMA_HOST;
  if (!baseUrl && id === 'azure' && env.AZURE_OPENAI_ENDPOINT) baseUrl = env.AZURE_OPENAI_ENDPOINT;
  if (baseUrl) config.baseUrl = baseUrl;

  let keySource: string | undefined;
  if (o.apiKey) {
    config.apiKey = o.apiKey;
    keySource = 'the stored key';
  } else {
    const variable = team.api_key_env ?? API_KEY_ENV[id];
    if (variable && env[variable]) {
      config.apiKey = env[variable];
      keySource = `$${variable}`;
    }
  }

  if (id === 'bedrock') {
    const region = o.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (region) config.region = region;
    const profile = o.profile ?? env.AWS_PROFILE;
    if (profile) config.profile = profile;
  }
  if (id === 'azure') {
    const deployment = o.deployment ?? env.AZURE_OPENAI_DEPLOYMENT;
    if (deployment) config.deployment = deployment;
    const apiVersion = o.apiVersion ?? env.OPENAI_API_VERSION;
    if (apiVersion) config.apiVersion = apiVersion;
  }
  if (atmos.timeoutSeconds) config.timeouts = { requestMs: atmos.timeoutSeconds * 1000 };

  const value: ResolvedProviderSettings = { id, config };
  const maxTokens = o.maxTokens ?? team.max_tokens;
  if (maxTokens) value.maxTokens = maxTokens;
  if (keySource) value.keySource = keySource;
  return { ok: true, value };
}
