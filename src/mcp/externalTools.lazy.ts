/**
 * Tools of the other MCP servers a workspace lists (atmos.yaml `settings.ai.mcp.servers`, editor settings),
 * connected when workspace services open. A lazy chunk: the MCP SDK client is loaded only for workspaces that
 * configure servers.
 */
import type { ToolRegistry } from '../tools/toolRegistry';
import { McpClientManager, registerMcpTools } from './client';
import type { McpServerConfig } from './clientConfig';

export interface ExternalTools {
  registered: string[];
  /** unreachable servers and rejected tools, for the user */
  problems: string[];
  close(): Promise<void>;
}

/** Connects, lists the servers' tools and registers them (`server__tool`) in the registry. */
export async function connectExternalTools(servers: readonly McpServerConfig[], registry: ToolRegistry, clientInfo: { name: string; version: string }): Promise<ExternalTools> {
  const manager = new McpClientManager(servers, { clientInfo });
  const { specs, errors } = await manager.discoverTools();
  const { registered, problems } = registerMcpTools(registry, specs);
  return { registered, problems: [...errors.map((e) => `MCP server ${e.server}: ${e.message}`), ...problems], close: () => manager.close() };
}
