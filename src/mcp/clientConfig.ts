/**
 * The MCP servers Atmos AI connects to, from atmos.yaml `settings.ai.mcp.servers` or the editor settings.
 * Accepted shapes (both the map form used by Claude/Cursor configs and a list with `name`):
 *
 *   servers:
 *     github: { command: npx, args: [-y, '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: '${GITHUB_TOKEN}' } }
 *     docs:   { url: 'https://example.com/mcp', headers: { Authorization: 'Bearer ${DOCS_TOKEN}' } }
 *
 * `${VAR}` in args, env, url and headers is taken from the environment, so secrets stay out of the file.
 * A bad entry is skipped with a problem naming it; the others still load.
 */

export type McpServerConfig =
  | { name: string; transport: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string; timeoutMs?: number }
  | { name: string; transport: 'http'; url: string; headers: Record<string, string>; timeoutMs?: number };

export interface McpConfigProblem {
  /** e.g. `settings.ai.mcp.servers.github.args` */
  path: string;
  message: string;
}

/** Server names become tool-name prefixes (`name__tool`), so they are kept to what every provider accepts. */
const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*(?:_[A-Za-z0-9-]+)*$/;

export function parseMcpServers(
  value: unknown,
  env: Record<string, string | undefined>,
  at = 'settings.ai.mcp.servers',
): { servers: McpServerConfig[]; problems: McpConfigProblem[] } {
  const servers: McpServerConfig[] = [];
  const problems: McpConfigProblem[] = [];
  if (value === undefined || value === null) return { servers, problems };
  let entries: [string, unknown, string][];
  if (Array.isArray(value)) {
    entries = value.map((v, i) => [typeof (v as { name?: unknown })?.name === 'string' ? (v as { name: string }).name : '', v, `${at}[${i}]`]);
  } else if (typeof value === 'object') {
    entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, v, `${at}.${k}`]);
  } else {
    return { servers, problems: [{ path: at, message: 'must be a map of server name to { command, args, env } or { url, headers }' }] };
  }
  const seen = new Set<string>();
  for (const [name, raw, where] of entries) {
    const parsed = parseOne(name, raw, where, env, problems);
    if (!parsed) continue;
    if (seen.has(parsed.name)) {
      problems.push({ path: where, message: `server '${parsed.name}' is listed twice` });
      continue;
    }
    seen.add(parsed.name);
    servers.push(parsed);
  }
  return { servers, problems };
}

function parseOne(name: string, raw: unknown, where: string, env: Record<string, string | undefined>, problems: McpConfigProblem[]): McpServerConfig | undefined {
  const fail = (path: string, message: string) => {
    problems.push({ path, message });
    return undefined;
  };
  if (!SERVER_NAME.test(name)) return fail(where, `server name '${name}' must be letters, digits, '-' or single '_' (it prefixes tool names as '${name || 'name'}__tool')`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(where, 'must be a map with command (stdio) or url (http)');
  const entry = raw as Record<string, unknown>;
  if (entry.disabled === true || entry.enabled === false) return undefined;
  const expand = (text: string, path: string): string | undefined => {
    let missing: string | undefined;
    const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, key: string) => {
      const v = env[key];
      if (v === undefined) missing = key;
      return v ?? '';
    });
    if (missing !== undefined) {
      fail(path, `environment variable ${missing} is not set`);
      return undefined;
    }
    return out;
  };
  const stringMap = (v: unknown, path: string): Record<string, string> | undefined => {
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) return fail(path, 'must be a map of strings');
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') return fail(`${path}.${k}`, 'must be a string');
      const expanded = expand(String(x), `${path}.${k}`);
      if (expanded === undefined) return undefined;
      out[k] = expanded;
    }
    return out;
  };
  let timeoutMs: number | undefined;
  if (entry.timeout_seconds !== undefined) {
    if (typeof entry.timeout_seconds !== 'number' || !(entry.timeout_seconds > 0)) return fail(`${where}.timeout_seconds`, 'must be a positive number');
    timeoutMs = entry.timeout_seconds * 1000;
  }
  const declared = typeof entry.type === 'string' ? entry.type : typeof entry.transport === 'string' ? entry.transport : undefined;
  const isHttp = declared ? ['http', 'streamable-http', 'streamableHttp'].includes(declared) : entry.url !== undefined;
  if (declared && !isHttp && declared !== 'stdio') return fail(`${where}.type`, `unknown transport '${declared}' (stdio or http)`);
  if (isHttp) {
    if (typeof entry.url !== 'string') return fail(`${where}.url`, 'an http server needs a url');
    const url = expand(entry.url, `${where}.url`);
    if (url === undefined) return undefined;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return fail(`${where}.url`, 'must be an http(s) URL');
    } catch {
      return fail(`${where}.url`, `'${entry.url}' is not a URL`);
    }
    const headers = stringMap(entry.headers, `${where}.headers`);
    if (!headers) return undefined;
    return { name, transport: 'http', url, headers, timeoutMs };
  }
  if (typeof entry.command !== 'string' || entry.command.trim() === '') return fail(`${where}.command`, 'a stdio server needs a command (or give a url for http)');
  const args: string[] = [];
  if (entry.args !== undefined && entry.args !== null) {
    if (!Array.isArray(entry.args)) return fail(`${where}.args`, 'must be a list of strings');
    for (const [i, a] of entry.args.entries()) {
      if (typeof a !== 'string' && typeof a !== 'number') return fail(`${where}.args[${i}]`, 'must be a string');
      const expanded = expand(String(a), `${where}.args[${i}]`);
      if (expanded === undefined) return undefined;
      args.push(expanded);
    }
  }
  const envMap = stringMap(entry.env, `${where}.env`);
  if (!envMap) return undefined;
  if (entry.cwd !== undefined && typeof entry.cwd !== 'string') return fail(`${where}.cwd`, 'must be a path');
  return { name, transport: 'stdio', command: entry.command, args, env: envMap, cwd: entry.cwd as string | undefined, timeoutMs };
}

/**
 * The servers from atmos.yaml (shared by the team) and from the user's settings together; a server the
 * settings name again replaces the atmos.yaml one, so a user can point a shared entry at a local build.
 */
export function combineMcpServers(
  atmosYaml: unknown,
  settings: unknown,
  env: Record<string, string | undefined>,
): { servers: McpServerConfig[]; problems: McpConfigProblem[] } {
  const fromYaml = parseMcpServers(atmosYaml, env, 'atmos.yaml settings.ai.mcp.servers');
  const fromSettings = parseMcpServers(settings, env, 'atmosAi.mcp.servers');
  const byName = new Map<string, McpServerConfig>();
  for (const s of [...fromYaml.servers, ...fromSettings.servers]) byName.set(s.name, s);
  return { servers: [...byName.values()], problems: [...fromYaml.problems, ...fromSettings.problems] };
}
