/**
 * createProvider(): the only door to the providers. Each SDK-backed module is a `*.lazy.ts` chunk loaded
 * with a dynamic import on first use, so neither activation nor the CLI start-up loads any SDK.
 * Only type imports from the lazy modules are allowed here.
 */
import { providerFailure } from './errors';
import { resolveProxySettings } from './proxyConfig';
import type { ChatProvider, ProviderConfig, ProviderId, ProviderModule } from './types';

/** Environment variable holding each provider's key (CLI; the extension uses SecretStorage). */
export const API_KEY_ENV: Partial<Record<ProviderId, string>> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  gemini: 'GEMINI_API_KEY',
  grok: 'XAI_API_KEY',
  azure: 'AZURE_OPENAI_API_KEY',
};

export const PROVIDER_LABELS: Record<ProviderId, string> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  gemini: 'Gemini',
  grok: 'Grok (xAI)',
  ollama: 'Ollama',
  bedrock: 'Amazon Bedrock',
  azure: 'Azure OpenAI',
  vscode: 'VS Code language models',
};

type Loader = () => Promise<ProviderModule>;

const loaders: Record<Exclude<ProviderId, 'vscode'>, Loader> = {
  anthropic: () => import('./anthropic.lazy'),
  openai: () => import('./openai.lazy'),
  grok: () => import('./openai.lazy'),
  azure: () => import('./azure.lazy'),
  gemini: () => import('./gemini.lazy'),
  ollama: () => import('./ollama.lazy'),
  bedrock: () => import('./bedrock.lazy'),
};

/** `vscode.lm` lives in src/vscode (the core never imports vscode); the extension registers it here. */
let vscodeFactory: ((config: ProviderConfig) => ChatProvider) | undefined;
export function registerVsCodeProvider(factory: (config: ProviderConfig) => ChatProvider): void {
  vscodeFactory = factory;
}

export async function createProvider(id: ProviderId, config: ProviderConfig = {}): Promise<ChatProvider> {
  if (id === 'vscode') {
    if (!vscodeFactory) throw providerFailure({ kind: 'bad_request', message: 'VS Code language models are only available inside VS Code.', retryable: false });
    return vscodeFactory(config);
  }
  const load = loaders[id];
  if (!load) {
    throw providerFailure({ kind: 'bad_request', message: `Unknown provider '${String(id)}' — use one of: ${Object.keys(loaders).join(', ')}.`, retryable: false });
  }
  const mod = await load();
  return mod.create(id, await withProxy(config));
}

/** The extension's proxy (VS Code `http.proxy`, `http.noProxy`, `http.proxyStrictSSL`), for providers whose config names none. */
let defaultProxy: ProviderConfig['proxy'];
export function setDefaultProxy(proxy: ProviderConfig['proxy']): void {
  defaultProxy = proxy;
}

/**
 * Adds the proxy transport when a proxy applies (config.proxy, else HTTPS_PROXY / HTTP_PROXY); the proxy
 * libraries load only then. NO_PROXY is decided per request, so a provider whose host is exempt goes direct.
 */
export async function withProxy(config: ProviderConfig, env: Record<string, string | undefined> = process.env): Promise<ProviderConfig> {
  if (config.transport) return config;
  const settings = resolveProxySettings(config.proxy ?? defaultProxy, env);
  if (!settings || (settings.noProxy ?? []).includes('*')) return config;
  const { createProxyTransport } = await import('./proxy.lazy');
  return { ...config, transport: createProxyTransport(settings) };
}
