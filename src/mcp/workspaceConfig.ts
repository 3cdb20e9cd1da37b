/**
 * The little the MCP command needs from a workspace's `atmos.yaml`: where stacks and components live, and the
 * `settings.ai` block (tool policy, MCP servers to connect to). Read directly with the `yaml` package so the
 * MCP server does not wait on the full engine; a missing or unreadable atmos.yaml gives the defaults plus a problem.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { PolicySettings } from '../tools/policyConfig';
import { DEFAULT_SETTINGS } from '../workspace/assistantSettings';

/** The editor's defaults (package.json `atmosAi.tools.*`), used when no editor settings are at hand (the CLI). */
export const DEFAULT_POLICY_SETTINGS: PolicySettings = DEFAULT_SETTINGS.tools;

export interface WorkspaceConfig {
  /** absolute path of the atmos.yaml that was read, when there is one */
  atmosYaml?: string;
  /** stacks base path, relative to the workspace root */
  stacksDir: string;
  /** components base paths by type, relative to the workspace root */
  componentDirs: Record<string, string>;
  /** `settings.ai.tools`, unchecked (buildToolPolicy checks it) */
  aiTools: unknown;
  /** `settings.ai.mcp.servers`, unchecked (parseMcpServers checks it) */
  mcpServers: unknown;
  problems: string[];
}

const ATMOS_YAML_NAMES = ['atmos.yaml', '.atmos.yaml'];

export async function readWorkspaceConfig(root: string): Promise<WorkspaceConfig> {
  const config: WorkspaceConfig = {
    stacksDir: 'stacks',
    componentDirs: { terraform: 'components/terraform', helmfile: 'components/helmfile' },
    aiTools: undefined,
    mcpServers: undefined,
    problems: [],
  };
  for (const name of ATMOS_YAML_NAMES) {
    const file = path.join(root, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    config.atmosYaml = file;
    let doc: unknown;
    try {
      // Atmos tags such as !env or !exec are kept as plain values: we only read paths and settings here.
      doc = parse(text, { logLevel: 'silent', uniqueKeys: false });
    } catch (err) {
      config.problems.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
      return config;
    }
    applyAtmosYaml(config, doc);
    return config;
  }
  return config;
}

function applyAtmosYaml(config: WorkspaceConfig, doc: unknown): void {
  const map = asMap(doc);
  if (!map) return;
  const base = typeof map.base_path === 'string' ? map.base_path : '';
  const under = (p: string) => path.normalize(path.join(base, p));
  const stacksBase = asMap(map.stacks)?.base_path;
  if (typeof stacksBase === 'string') config.stacksDir = under(stacksBase);
  else if (base) config.stacksDir = under(config.stacksDir);
  const components = asMap(map.components) ?? {};
  const dirs: Record<string, string> = {};
  for (const [type, fallback] of Object.entries(config.componentDirs)) dirs[type] = under(fallback);
  for (const [type, value] of Object.entries(components)) {
    const basePath = asMap(value)?.base_path;
    if (typeof basePath === 'string') dirs[type] = under(basePath);
  }
  config.componentDirs = dirs;
  const ai = asMap(asMap(map.settings)?.ai);
  config.aiTools = ai?.tools;
  config.mcpServers = asMap(ai?.mcp)?.servers;
}

function asMap(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
