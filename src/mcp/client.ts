/**
 * Connects to other MCP servers on demand and exposes their tools as our own ToolSpecs, named `server__tool`,
 * so they pass the same permission policy and audit as every other tool once registered in a ToolRegistry.
 *
 * Every wait is bounded: starting and initialising a server, listing its tools and each call have a timeout,
 * and a server that dies or hangs gives an error naming it (with the tail of its stderr), never a hang.
 * A broken connection is dropped, so the next use starts the server again. A stdio server gets only the
 * SDK's safe environment (PATH, HOME, …) plus its configured `env`: our API keys are not passed on.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { redactString } from '../tools/redactSecrets';
import type { ToolRegistry } from '../tools/toolRegistry';
import type { ToolOutput, ToolSpec } from '../tools/toolSpec';
import type { McpServerConfig } from './clientConfig';

export interface McpClientManagerOptions {
  clientInfo?: { name: string; version: string };
  /** start + initialize (default 20 s) */
  connectTimeoutMs?: number;
  /** one tools/list or tools/call (default 60 s; a server's own `timeout_seconds` wins) */
  requestTimeoutMs?: number;
}

/** The separator between server and tool in a namespaced tool name. */
export const NAMESPACE_SEPARATOR = '__';

interface Connection {
  client: Client;
  transport: Transport;
  stderrTail: () => string;
}

export interface DiscoveredTools {
  specs: ToolSpec[];
  /** servers that could not be reached, with a message for the user */
  errors: { server: string; message: string }[];
}

export class McpClientManager {
  private readonly servers = new Map<string, McpServerConfig>();
  private readonly connections = new Map<string, Promise<Connection>>();
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly clientInfo: { name: string; version: string };

  constructor(servers: readonly McpServerConfig[], options: McpClientManagerOptions = {}) {
    for (const s of servers) this.servers.set(s.name, s);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 20_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.clientInfo = options.clientInfo ?? { name: 'atmos-ai', version: '0.0.0' };
  }

  serverNames(): string[] {
    return [...this.servers.keys()];
  }

  /** Connects to each server (in parallel) and lists its tools; an unreachable server is reported, not thrown. */
  async discoverTools(): Promise<DiscoveredTools> {
    const results = await Promise.all(
      this.serverNames().map(async (server) => {
        try {
          return { server, tools: await this.listTools(server), error: undefined };
        } catch (err) {
          return { server, tools: [], error: errorMessage(err) };
        }
      }),
    );
    const specs: ToolSpec[] = [];
    const errors: DiscoveredTools['errors'] = [];
    for (const r of results) {
      if (r.error !== undefined) errors.push({ server: r.server, message: r.error });
      else specs.push(...r.tools.map((t) => this.toolSpec(r.server, t)));
    }
    return { specs, errors };
  }

  /** The server's tools as it describes them. */
  async listTools(server: string): Promise<Tool[]> {
    return this.withConnection(server, 'list its tools', async (c, timeout) => {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await c.client.listTools(cursor ? { cursor } : undefined, { timeout });
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    });
  }

  async callTool(server: string, tool: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<ToolOutput> {
    return this.withConnection(server, `run ${tool}`, async (c, timeout) => {
      const result = (await c.client.callTool({ name: tool, arguments: args }, undefined, { timeout, signal })) as CallToolResult;
      return { content: resultText(result), isError: result.isError === true };
    });
  }

  /** A remote tool as one of ours. Hints from another server are not trusted: its tools count as not read-only. */
  toolSpec(server: string, tool: Tool): ToolSpec {
    const { $schema: _ignored, ...schema } = (tool.inputSchema ?? { type: 'object' }) as Record<string, unknown>;
    return {
      name: namespacedToolName(server, tool.name),
      description: `[${server}] ${tool.description ?? tool.title ?? tool.name}`.slice(0, 1024),
      inputSchema: { type: 'object', ...schema },
      readOnly: false,
      run: (args, ctx) => this.callTool(server, tool.name, args, ctx.signal),
    };
  }

  async close(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((p) => p.then((c) => c.client.close()).catch(() => undefined)));
  }

  private async withConnection<T>(server: string, what: string, work: (c: Connection, timeoutMs: number) => Promise<T>): Promise<T> {
    const config = this.servers.get(server);
    if (!config) throw new Error(`no MCP server named '${server}' is configured (known: ${this.serverNames().join(', ') || 'none'})`);
    const connection = await this.connect(config);
    const timeout = config.timeoutMs ?? this.requestTimeoutMs;
    try {
      return await work(connection, timeout);
    } catch (err) {
      if (isConnectionLost(err)) this.drop(server, connection);
      throw new Error(describeFailure(config, what, err, timeout, connection.stderrTail()), { cause: err });
    }
  }

  private connect(config: McpServerConfig): Promise<Connection> {
    let pending = this.connections.get(config.name);
    if (!pending) {
      pending = this.open(config);
      this.connections.set(config.name, pending);
      pending.catch(() => this.connections.delete(config.name));
    }
    return pending;
  }

  private async open(config: McpServerConfig): Promise<Connection> {
    let tail = '';
    let transport: Transport;
    if (config.transport === 'stdio') {
      const stdio = new StdioClientTransport({ command: config.command, args: config.args, env: config.env, cwd: config.cwd, stderr: 'pipe' });
      stdio.stderr?.on('data', (chunk: Buffer) => {
        tail = (tail + chunk.toString('utf8')).slice(-2000);
      });
      transport = stdio;
    } else {
      transport = new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers: config.headers } });
    }
    const client = new Client(this.clientInfo, { capabilities: {} });
    const connection: Connection = { client, transport, stderrTail: () => tail };
    client.onclose = () => this.drop(config.name, connection);
    const timeout = config.timeoutMs ?? this.connectTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connect(transport, { timeout }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new ConnectTimeout()), timeout);
        }),
      ]);
    } catch (err) {
      await client.close().catch(() => undefined);
      await transport.close().catch(() => undefined);
      throw new Error(describeFailure(config, 'start', err, timeout, tail), { cause: err });
    } finally {
      clearTimeout(timer);
    }
    return connection;
  }

  private drop(server: string, connection: Connection): void {
    const current = this.connections.get(server);
    if (!current) return;
    void current.then((c) => {
      if (c === connection && this.connections.get(server) === current) this.connections.delete(server);
    }, () => undefined);
    void connection.client.close().catch(() => undefined);
  }
}

/** Registers the discovered tools; a tool whose schema ajv rejects is reported, not fatal. */
export function registerMcpTools(registry: ToolRegistry, specs: readonly ToolSpec[]): { registered: string[]; problems: string[] } {
  const registered: string[] = [];
  const problems: string[] = [];
  for (const spec of specs) {
    try {
      registry.register(spec);
      registered.push(spec.name);
    } catch (err) {
      problems.push(`${spec.name}: ${errorMessage(err)}`);
    }
  }
  return { registered, problems };
}

/** `server__tool`, kept to the characters and length every LLM provider accepts. */
export function namespacedToolName(server: string, tool: string): string {
  return `${server}${NAMESPACE_SEPARATOR}${tool.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

class ConnectTimeout extends Error {
  constructor() {
    super('timeout');
  }
}

function describeFailure(config: McpServerConfig, what: string, err: unknown, timeoutMs: number, stderrTail: string): string {
  const where = config.transport === 'stdio' ? `command '${[config.command, ...config.args].join(' ')}'` : config.url;
  const seconds = Math.round(timeoutMs / 100) / 10;
  const message = errorMessage(err);
  let reason: string;
  if (err instanceof ConnectTimeout || /timed out|timeout/i.test(message)) reason = `it did not answer within ${seconds} s`;
  else if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') reason = `the command was not found (${message})`;
  else if (typeof httpStatus(err) === 'number') reason = `it answered HTTP ${httpStatus(err)}${httpStatus(err) === 401 || httpStatus(err) === 403 ? ' (check the token or credentials in its headers)' : ''}`;
  else if (isConnectionLost(err)) reason = `the server is not running or closed the connection (${message})`;
  else reason = message;
  const tail = stderrTail.trim() ? `; its last output: ${redactString(stderrTail.trim().split('\n').slice(-5).join(' | '))}` : '';
  return `MCP server '${config.name}' (${where}) could not ${what}: ${reason}${tail}`;
}

/** The status of an HTTP error from the SDK's Streamable HTTP client (its `code`), if that is what failed. */
function httpStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' && code >= 400 && code <= 599 ? code : undefined;
}

function isConnectionLost(err: unknown): boolean {
  const message = errorMessage(err);
  const code = (err as { code?: unknown })?.code;
  return code === -32000 || /connection closed|not connected|ECONNREFUSED|ECONNRESET|EPIPE|fetch failed|socket hang up/i.test(message);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Text blocks as they are; anything else summarised, with structured content as JSON when there is no text. */
function resultText(result: CallToolResult): string {
  const parts: string[] = [];
  for (const block of result.content ?? []) {
    if (block.type === 'text') parts.push(block.text);
    else if (block.type === 'resource') parts.push('text' in block.resource ? String(block.resource.text) : `[resource ${block.resource.uri}]`);
    else if (block.type === 'resource_link') parts.push(`[resource ${block.uri}]`);
    else parts.push(`[${block.type}${'mimeType' in block ? ` ${String(block.mimeType)}` : ''}]`);
  }
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent, null, 2));
  return parts.join('\n');
}
