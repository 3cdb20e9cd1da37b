/**
 * Everything a model turn needs that can fail before anything is sent: the engine, the workspace services
 * (tools, policy, MCP servers), the provider and its key, the agent, the system prompt. A failure is reported
 * once, with the kind of error that picks the error card's fix buttons, and nothing is left open.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AgentCatalog } from '../../agents/agentCatalog';
import { repoSummary } from '../../chat/repoSummary';
import { buildSystemPrompt } from '../../chat/systemPrompt';
import { resolveProviderSettings } from '../../providers/providerSettings';
import { createProvider } from '../../providers/registry';
import type { ChatProvider, ProviderId, SystemPart } from '../../providers/types';
import type { AgentScope } from '../../tools/permissionPolicy';
import type { AssistantSettings } from '../../workspace/assistantSettings';
import { openWorkspaceServices, type WorkspaceServices } from '../../workspace/workspaceServices';
import type { EngineHost } from '../engineHost';
import { DEFAULT_AGENT, KEYED_PROVIDERS, assistantSettings, providerEnv, providerLabel, providerOverrides } from './chatSettings';

export interface PreparedTurn {
  id: ProviderId;
  provider: ChatProvider;
  model?: string;
  maxTokens?: number;
  services: WorkspaceServices;
  settings: AssistantSettings;
  agent: AgentScope;
  system: SystemPart[];
}

export interface TurnPreparationDeps {
  engines: EngineHost;
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  agents(): Promise<AgentCatalog>;
  agentName: string;
  /** Reports why the turn cannot start (an error card); `kind` picks its fix buttons. */
  fail(message: string, kind: string): void;
}

export async function prepareTurn(deps: TurnPreparationDeps): Promise<PreparedTurn | undefined> {
  const { engines, context, log, fail } = deps;
  let opened: WorkspaceServices | undefined;
  let ready = false;
  try {
    const engine = await engines.get();
    if (!engine) {
      fail('There is no atmos.yaml in this workspace, so there is no Atmos repository to ask about. Open a folder with an atmos.yaml.', 'config');
      return undefined;
    }
    const settings = assistantSettings();
    const dataDir = context.globalStorageUri.fsPath;
    const mcpServerSettings = vscode.workspace.getConfiguration('atmosAi').get<unknown>('mcp.servers');
    const services = await openWorkspaceServices({ cwd: engine.config.basePath, engine, dataDir, settings, env: process.env, mcpServerSettings });
    opened = services;
    for (const p of services.policyProblems) log.warn(`atmos.yaml ${p.path}: ${p.message} (ignored)`);
    for (const p of services.mcpProblems) log.warn(p);

    const overrides = await providerOverrides(context.secrets);
    const resolved = resolveProviderSettings({ overrides, atmosAi: services.aiSettings, env: providerEnv() });
    if (!resolved.ok) {
      fail(resolved.errors.join('\n'), 'config');
      return undefined;
    }
    const { id, config, maxTokens } = resolved.value;
    if (KEYED_PROVIDERS.includes(id) && !config.apiKey && !(id === 'azure' && config.baseUrl)) {
      fail(`No API key is set for ${providerLabel(id)}. Set one (kept in VS Code’s SecretStorage), or switch to another provider.`, 'no_key');
      return undefined;
    }
    const provider = await createProvider(id, config);
    const catalog = await deps.agents();
    const agent = catalog.get(deps.agentName) ?? catalog.get(DEFAULT_AGENT);
    if (!agent) {
      fail(`Unknown agent '${deps.agentName}'. Pick one with “Atmos AI: Select Agent”.`, 'config');
      return undefined;
    }
    const memory = settings.memory.enabled ? await readFile(path.join(engine.config.basePath, settings.memory.file), 'utf8').catch(() => undefined) : undefined;
    const system = buildSystemPrompt({ agentPrompt: agent.prompt, memory, memoryMaxBytes: settings.memory.maxBytes, repoSummary: repoSummary(engine) });
    ready = true;
    return { id, provider, model: config.model, maxTokens, services, settings, agent: { name: agent.name, tools: agent.tools }, system };
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err), (err as { kind?: string }).kind ?? 'internal');
    return undefined;
  } finally {
    if (!ready) void opened?.dispose(); // no turn will use them: close any MCP server connections now
  }
}
