import type { Command } from 'commander';
import { notImplemented } from '../errors';

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('serve the Atmos tools over MCP (stdio, or Streamable HTTP with a bearer token from ATMOS_AI_MCP_TOKEN)')
    .option('--transport <transport>', 'stdio or http', 'stdio')
    .option('--host <host>', 'address to bind for http', '127.0.0.1')
    .option('--port <port>', 'port for http')
    .action(() => notImplemented('mcp'));
}
