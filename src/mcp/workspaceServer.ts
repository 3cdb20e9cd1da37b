/**
 * Assembles everything an MCP server for one workspace needs: the tool registry (the shared workspace tools,
 * src/workspace/workspaceTools.ts), the policy from the defaults and atmos.yaml, the audit log,
 * the always-allow memory, resources and agent prompts, for `atmos-ai mcp`.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { loadAgentCatalog } from '../agents/agentCatalog';
import { AlwaysAllowStore } from '../tools/alwaysAllowStore';
import { AuditLog } from '../tools/auditLog';
import { buildToolPolicy, type PolicySettings } from '../tools/policyConfig';
import { ToolRegistry } from '../tools/toolRegistry';
import type { ToolSpec } from '../tools/toolSpec';
import { WorkspaceGuard } from '../tools/workspaceGuard';
import { agentPrompts } from './agentPrompts';
import { workspaceFileResources, type ResourceProvider } from './resources';
import type { McpServerDeps } from './server';
import { DEFAULT_POLICY_SETTINGS, readWorkspaceConfig, type WorkspaceConfig } from './workspaceConfig';

/** Where a workspace's files are and what guards them: what the file tools need. */
export interface WorkspaceFiles {
  root: string;
  guard: WorkspaceGuard;
  stacksDir: string;
  componentDirs: Record<string, string>;
}

export interface WorkspaceServerOptions {
  root: string;
  dataDir: string;
  promptsDir: string;
  version: string;
  homeDir?: string;
  /** Editor settings; the defaults when absent (the CLI). */
  policySettings?: PolicySettings;
  /** The tools to serve, given where the workspace's files are (the CLI passes the shared workspace tool list). */
  tools: (where: WorkspaceFiles) => ToolSpec[];
  /** More resource providers (stacks, resolved components). */
  extraResources?: ResourceProvider[];
  timeoutMs?: number;
  maxOutputChars?: number;
  auditRetentionDays?: number;
}

export interface WorkspaceServer {
  deps: McpServerDeps;
  config: WorkspaceConfig;
  /** Problems found in atmos.yaml's AI settings, for a warning on stderr. */
  problems: string[];
}

export async function buildWorkspaceServer(options: WorkspaceServerOptions): Promise<WorkspaceServer> {
  const root = path.resolve(options.root);
  const config = await readWorkspaceConfig(root);
  const atmosignore = await readFile(path.join(root, '.atmosignore'), 'utf8').catch(() => '');
  const guard = WorkspaceGuard.fromIgnoreText(root, atmosignore);
  const where = { root, guard, stacksDir: config.stacksDir, componentDirs: config.componentDirs };
  const registry = new ToolRegistry(options.tools(where));
  const { policy, problems } = buildToolPolicy(options.policySettings ?? DEFAULT_POLICY_SETTINGS, config.aiTools);
  const audit = new AuditLog({ file: path.join(root, '.atmos', 'ai-audit.log'), retentionDays: options.auditRetentionDays ?? 30 });
  void audit.prune().catch(() => undefined);
  const always = new AlwaysAllowStore(options.dataDir);
  const deps: McpServerDeps = {
    registry,
    policy,
    alwaysAllowed: () => always.forWorkspace(root),
    rememberAlways: (tool) => always.allow(root, tool),
    audit,
    resources: [workspaceFileResources(root), ...(options.extraResources ?? [])],
    prompts: agentPrompts(async () => (await loadAgentCatalog({ promptsDir: options.promptsDir, workspaceRoot: root, homeDir: options.homeDir })).agents),
    timeoutMs: options.timeoutMs ?? 30_000,
    maxOutputChars: options.maxOutputChars ?? 100_000,
    version: options.version,
  };
  return { deps, config, problems: [...config.problems, ...problems.map((p) => `atmos.yaml ${p.path}: ${p.message}`)] };
}
