/**
 * The entries other MCP clients need to reach the Atmos server, and a merge into their JSON config files that
 * keeps every other server. Shared by the README snippets, the tests and the editor's "Install Atmos MCP server
 * in…" command (which adds the backup and the diff preview around `mergeServerEntry`).
 *
 * The token never goes into a config file: each client reads ATMOS_AI_MCP_TOKEN from its environment with
 * its own syntax (Claude Code `${VAR}`, Cursor `${env:VAR}`). Claude Desktop's config file has no remote
 * servers, so it gets the stdio entry only.
 */

export type McpClientKind = 'claude-desktop' | 'claude-code' | 'cursor';

export const MCP_CLIENT_KINDS: readonly McpClientKind[] = ['claude-desktop', 'claude-code', 'cursor'];

export const TOKEN_ENV = 'ATMOS_AI_MCP_TOKEN';

export interface StdioLaunch {
  /** the Node executable; an absolute path is safest (GUI apps often start with a short PATH) */
  node: string;
  /** absolute path of the built CLI, `dist/cli.js` */
  cliPath: string;
  /** absolute path of the Atmos repository */
  root: string;
}

export function stdioEntry(kind: McpClientKind, launch: StdioLaunch): Record<string, unknown> {
  const base = { command: launch.node, args: [launch.cliPath, 'mcp', '-C', launch.root] };
  return kind === 'claude-code' ? { type: 'stdio', ...base, env: {} } : { ...base, env: {} };
}

/** undefined for a client whose config file cannot name a remote server (Claude Desktop). */
export function httpEntry(kind: McpClientKind, url: string): Record<string, unknown> | undefined {
  switch (kind) {
    case 'claude-code':
      return { type: 'http', url, headers: { Authorization: `Bearer \${${TOKEN_ENV}}` } };
    case 'cursor':
      return { url, headers: { Authorization: `Bearer \${env:${TOKEN_ENV}}` } };
    case 'claude-desktop':
      return undefined;
  }
}

/** How each client fills its placeholders from the environment (what the tests emulate). */
export function expandLikeClient(kind: McpClientKind, text: string, env: Record<string, string | undefined>): string {
  const pattern = kind === 'cursor' ? /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g : /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
  return text.replace(pattern, (_m, name: string) => env[name] ?? '');
}

export class ConfigMergeError extends Error {}

/**
 * Adds or replaces `mcpServers[name]` in a client's config text, keeping everything else.
 * Text that is not a JSON object is refused (never overwritten): the user must fix or move it first.
 */
export function mergeServerEntry(existing: string | undefined, name: string, entry: Record<string, unknown>): { text: string; replaced: boolean } {
  let config: Record<string, unknown> = {};
  if (existing !== undefined && existing.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(existing);
    } catch (err) {
      throw new ConfigMergeError(`the config file is not valid JSON (${err instanceof Error ? err.message : String(err)}); fix it first, it was not changed`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigMergeError('the config file is not a JSON object; it was not changed');
    config = parsed as Record<string, unknown>;
  }
  const servers = config.mcpServers ?? {};
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) throw new ConfigMergeError('"mcpServers" in the config file is not an object; it was not changed');
  const replaced = Object.prototype.hasOwnProperty.call(servers, name);
  const merged = { ...config, mcpServers: { ...(servers as Record<string, unknown>), [name]: entry } };
  return { text: `${JSON.stringify(merged, null, 2)}\n`, replaced };
}
