import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { defaultDataDir } from '../../sessions/dataDir';
import { UsageError } from '../errors';

interface McpOptions {
  transport: string;
  config?: string;
  basePath?: string;
  host: string;
  port?: string;
  allowRemote?: boolean;
  chdir?: string;
}

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('serve the Atmos tools over MCP (stdio, or Streamable HTTP with a bearer token from ATMOS_AI_MCP_TOKEN)')
    .option('--transport <transport>', 'stdio or http', 'stdio')
    .option('--host <host>', 'address to bind for http', '127.0.0.1')
    .option('--port <port>', 'port for http (default 7341; 0 picks a free one)')
    .option('--allow-remote', 'allow binding http to an address other than loopback')
    .action(async (_options: McpOptions, command: Command) => runMcp(command.optsWithGlobals<McpOptions>(), program.version() ?? '0.0.0'));
}

export const DEFAULT_MCP_PORT = 7341;

async function runMcp(options: McpOptions, version: string): Promise<void> {
  if (options.transport !== 'stdio' && options.transport !== 'http') throw new UsageError(`--transport must be stdio or http, not '${options.transport}'`);
  const root = path.resolve(options.chdir ?? process.cwd());
  if (!existsSync(root)) throw new UsageError(`-C ${options.chdir}: no such directory`);
  const port = options.port === undefined ? DEFAULT_MCP_PORT : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0-65535), not '${options.port}'`);
  const token = process.env.ATMOS_AI_MCP_TOKEN ?? '';
  if (options.transport === 'http' && token.trim() === '') {
    throw new UsageError('mcp --transport http needs a bearer token: set ATMOS_AI_MCP_TOKEN (e.g. export ATMOS_AI_MCP_TOKEN=$(openssl rand -hex 32)) and give the same token to your MCP client');
  }

  // Loaded here so the other commands do not pay for the MCP SDK.
  const { isLoopbackHost } = await import('../../mcp/httpSecurity');
  if (options.transport === 'http' && !isLoopbackHost(options.host) && !options.allowRemote) {
    throw new UsageError(`--host ${options.host} is not a loopback address; add --allow-remote to serve other machines (anyone who can reach it and has the token can run tools)`);
  }
  const { buildWorkspaceServer } = await import('../../mcp/workspaceServer');
  const { createMcpServer } = await import('../../mcp/server');
  const { refreshingEngine } = await import('../../mcp/refreshingEngine');
  const { engineResources } = await import('../../mcp/engineResources');
  const { workspaceTools } = await import('../../workspace/workspaceTools');
  const { headlessDiagnostics } = await import('../../tools/lsp/validateFileLspTool');
  const { NodeProcessRunner } = await import('../../process/processRunner');
  const runner = new NodeProcessRunner();
  // Opened on the first Atmos call, and again after the files change: the server outlives many edits.
  const engine = refreshingEngine({ cwd: root, env: process.env, configPaths: options.config ? [path.resolve(options.config)] : undefined, basePath: options.basePath, homeDir: os.homedir() });
  const workspace = await buildWorkspaceServer({
    root,
    // The same tools as the chat and `ask`: Atmos, file, Terraform (blocked/restricted by the policy), web and LSP checks.
    tools: (where) => workspaceTools({ ...where, engine: () => engine.get(), runner, terraformCwd: root, env: process.env, diagnostics: headlessDiagnostics({ rootDir: root, runner }) }),
    extraResources: [engineResources(() => engine.get())],
    dataDir: defaultDataDir(process.env),
    promptsDir: promptsDir(),
    version,
    homeDir: os.homedir(),
  });
  for (const problem of workspace.problems) process.stderr.write(`atmos-ai: warning: ${problem}\n`);

  if (options.transport === 'stdio') {
    const { serveStdio } = await import('../../mcp/stdioHost');
    await serveStdio(createMcpServer(workspace.deps));
    return;
  }
  const { startHttpHost } = await import('../../mcp/httpHost');
  if (!isLoopbackHost(options.host)) {
    process.stderr.write(`atmos-ai: warning: serving MCP on ${options.host}, reachable from other machines; the bearer token is the only protection, and HTTP is not encrypted\n`);
  }
  const host = await startHttpHost({ host: options.host, port, token, createServer: () => createMcpServer(workspace.deps), log: (line) => process.stderr.write(`atmos-ai: ${line}\n`) });
  process.stderr.write(`listening on ${host.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      void host.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** The shipped prompts: `dist/../prompts` in a build, the repository's `prompts/` when run from source. */
function promptsDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'prompts'), path.resolve(__dirname, '..', '..', '..', 'prompts')];
  return candidates.find((dir) => existsSync(path.join(dir, 'agents'))) ?? candidates[0];
}
