/**
 * Everything one workspace needs to run the assistant, wired once: the native engine, the tool registry
 * (Atmos, file, Terraform and web tools), the permission policy (settings + atmos.yaml), the audit log and
 * the "always allow" memory. The CLI, the MCP server and the extension all open it the same way.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { AtmosEngine } from '../atmos/engine';
import { isMap } from '../atmos/values';
import { NodeProcessRunner, type ProcessRunner } from '../process/processRunner';
import { AlwaysAllowStore } from '../tools/alwaysAllowStore';
import { AuditLog } from '../tools/auditLog';
import type { ToolPolicy } from '../tools/permissionPolicy';
import { buildToolPolicy, type PolicyConfigProblem } from '../tools/policyConfig';
import { ToolRegistry } from '../tools/toolRegistry';
import type { WebSearchOptions } from '../tools/web/webSearchTool';
import { headlessDiagnostics, type DiagnosticsPort } from '../tools/lsp/validateFileLspTool';
import { pathToFileURL } from 'node:url';
import { WorkspaceGuard } from '../tools/workspaceGuard';
import { combineMcpServers } from '../mcp/clientConfig';
import type { AssistantSettings } from './assistantSettings';
import { workspaceTools } from './workspaceTools';

export interface WorkspaceServicesOptions {
  /** Where atmos.yaml discovery starts (the CLI's -C, the extension's Atmos root). */
  cwd: string;
  /** An engine already open for `cwd` (the extension shares one with the editor features). */
  engine?: AtmosEngine;
  /** The folder file tools are confined to. Default: the Atmos base path. */
  workspaceRoot?: string;
  dataDir: string;
  settings: AssistantSettings;
  env?: Record<string, string | undefined>;
  runner?: ProcessRunner;
  webSearch?: WebSearchOptions;
  /** Where validate_file_lsp gets diagnostics; default: yaml-language-server / terraform-ls started headless. */
  diagnostics?: DiagnosticsPort;
  /** MCP servers from the editor settings, added to atmos.yaml's `settings.ai.mcp.servers`. */
  mcpServerSettings?: unknown;
  /** Connect to those servers (default true). Copilot, which has its own MCP servers, skips them. */
  connectMcpServers?: boolean;
}

export interface WorkspaceServices {
  engine: AtmosEngine;
  workspaceRoot: string;
  registry: ToolRegistry;
  policy: ToolPolicy;
  policyProblems: PolicyConfigProblem[];
  audit?: AuditLog;
  always: AlwaysAllowStore;
  /** atmos.yaml `settings.ai` (providers, sessions, mcp…), as configured. */
  aiSettings: Record<string, unknown>;
  /** MCP servers that could not be reached or configured, for the user. */
  mcpProblems: string[];
  /** Closes connections to other MCP servers. */
  dispose(): Promise<void>;
}

export async function openWorkspaceServices(opts: WorkspaceServicesOptions): Promise<WorkspaceServices> {
  const env = opts.env ?? process.env;
  const engine = opts.engine ?? (await AtmosEngine.open({ cwd: opts.cwd, env }));
  const workspaceRoot = path.resolve(opts.workspaceRoot ?? engine.config.basePath);
  const atmosignore = await readFile(path.join(workspaceRoot, '.atmosignore'), 'utf8').catch(() => '');
  const guard = WorkspaceGuard.fromIgnoreText(workspaceRoot, atmosignore);
  const relToRoot = (abs: string) => path.relative(workspaceRoot, abs).split(path.sep).join('/');
  const componentDirs = Object.fromEntries(Object.entries(engine.config.componentBasePaths).map(([type, dir]) => [type, relToRoot(dir)]));

  const settings = isMap(engine.config.raw.settings) ? engine.config.raw.settings : {};
  const aiSettings = isMap(settings.ai) ? settings.ai : {};
  const { policy, problems } = buildToolPolicy(opts.settings.tools, aiSettings.tools);

  const runner = opts.runner ?? new NodeProcessRunner();
  const schema = engine.config.manifestSchema;
  const diagnostics =
    opts.diagnostics ??
    headlessDiagnostics({
      rootDir: workspaceRoot,
      runner,
      manifestSchema: schema ? { uri: /^[a-z]+:\/\//.test(schema) ? schema : pathToFileURL(path.resolve(engine.config.basePath, schema)).href, globs: [`${engine.config.stacksBasePath}/**/*.{yaml,yml}`] } : undefined,
    });
  const registry = new ToolRegistry(
    workspaceTools({
      engine: async () => engine,
      root: workspaceRoot,
      guard,
      stacksDir: relToRoot(engine.config.stacksBasePath),
      componentDirs,
      runner,
      terraformCwd: engine.config.basePath,
      env: env as NodeJS.ProcessEnv,
      webSearch: opts.webSearch,
      diagnostics,
    }),
  );

  const mcpProblems: string[] = [];
  let closeExternal = async () => undefined as void;
  const mcp = isMap(aiSettings.mcp) ? aiSettings.mcp : {};
  const { servers, problems: mcpConfigProblems } = combineMcpServers(mcp.servers, opts.mcpServerSettings, env);
  mcpProblems.push(...mcpConfigProblems.map((p) => `${p.path}: ${p.message}`));
  if (servers.length > 0 && opts.connectMcpServers !== false) {
    const { connectExternalTools } = await import('../mcp/externalTools.lazy');
    const external = await connectExternalTools(servers, registry, { name: 'atmos-ai', version: '1' });
    closeExternal = external.close;
    mcpProblems.push(...external.problems);
  }

  const audit = opts.settings.audit.enabled
    ? new AuditLog({ file: path.resolve(workspaceRoot, opts.settings.audit.path), retentionDays: opts.settings.audit.retentionDays })
    : undefined;
  await audit?.prune().catch(() => 0);
  return { engine, workspaceRoot, registry, policy, policyProblems: problems, audit, always: new AlwaysAllowStore(opts.dataDir), aiSettings, mcpProblems, dispose: closeExternal };
}
