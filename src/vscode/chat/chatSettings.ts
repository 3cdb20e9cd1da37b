/**
 * The chat's settings as VS Code holds them: `atmosAi.*` configuration, the chosen agent (workspace state)
 * and API keys (SecretStorage only — never settings, never the environment).
 */
import * as vscode from 'vscode';
import type { ProviderOverrides } from '../../providers/providerSettings';
import { API_KEY_ENV, PROVIDER_LABELS } from '../../providers/registry';
import { PROVIDER_IDS, type ProviderId } from '../../providers/types';
import { DEFAULT_SETTINGS, type AssistantSettings } from '../../workspace/assistantSettings';

export const AGENT_STATE_KEY = 'atmosAi.agent';
export const DEFAULT_AGENT = 'general';

/** SecretStorage key of a provider's API key. */
export const secretKey = (provider: string) => `atmosAi.apiKey.${provider}`;

/** Providers that authenticate with an API key we store (Bedrock uses the AWS chain, Ollama none, vscode Copilot). */
export const KEYED_PROVIDERS = PROVIDER_IDS.filter((p) => API_KEY_ENV[p] !== undefined);

export const providerLabel = (id: string) => PROVIDER_LABELS[id as ProviderId] ?? id;

/** Environment the extension lets provider resolution see: endpoints and regions, never keys. */
export function providerEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const keep = ['OLLAMA_HOST', 'AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_DEPLOYMENT', 'OPENAI_API_VERSION', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE'];
  return Object.fromEntries(keep.filter((k) => env[k]).map((k) => [k, env[k]]));
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('atmosAi');
}

export function currentProvider(): string {
  return config().get<string>('provider', 'vscode') || 'vscode';
}

export function currentModel(): string {
  return config().get<string>('model', '') ?? '';
}

/** Provider choices from settings plus the stored key; undefined fields fall through to atmos.yaml. */
export async function providerOverrides(secrets: vscode.SecretStorage): Promise<ProviderOverrides> {
  const c = config();
  const provider = currentProvider();
  const str = (key: string) => {
    const v = c.get<string>(key, '');
    return v ? v : undefined;
  };
  const apiKey = KEYED_PROVIDERS.includes(provider as ProviderId) ? await secrets.get(secretKey(provider)) : undefined;
  return {
    provider,
    model: str('model'),
    baseUrl: str(`providers.${provider}.baseUrl`),
    ...(apiKey ? { apiKey } : {}),
    region: str('providers.bedrock.region'),
    deployment: str('providers.azure.deployment'),
    apiVersion: str('providers.azure.apiVersion'),
  };
}

/** `atmosAi.*` settings as the core wants them. */
export function assistantSettings(): AssistantSettings {
  const c = config();
  const d = DEFAULT_SETTINGS;
  return {
    tools: {
      allowed: c.get('tools.allowed', d.tools.allowed),
      restricted: c.get('tools.restricted', d.tools.restricted),
      blocked: c.get('tools.blocked', d.tools.blocked),
      requireConfirmation: c.get('tools.requireConfirmation', d.tools.requireConfirmation),
      yolo: c.get('tools.yolo', d.tools.yolo),
      timeoutSeconds: c.get('tools.timeoutSeconds', d.tools.timeoutSeconds),
    },
    audit: { enabled: c.get('audit.enabled', d.audit.enabled), path: c.get('audit.path', d.audit.path), retentionDays: c.get('audit.retentionDays', d.audit.retentionDays) },
    memory: { enabled: c.get('memory.enabled', d.memory.enabled), file: c.get('memory.file', d.memory.file), maxBytes: c.get('memory.maxBytes', d.memory.maxBytes) },
  };
}

/** Writes a setting where it is in effect: the workspace when the workspace sets it, else the user's settings. */
export async function updateSetting(key: string, value: unknown): Promise<void> {
  const c = config();
  const inspected = c.inspect(key);
  const target = inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update(key, value, target);
}
