/** Serves one MCP server over stdin/stdout until the client closes stdin or the process is told to stop. */
import type { Readable, Writable } from 'node:stream';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

export async function serveStdio(server: Server, input: Readable = process.stdin, output: Writable = process.stdout): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  // The SDK's stdio transport does not notice the end of its input; a client that exits must end the server.
  const onEnd = () => void server.close();
  input.once('end', onEnd);
  input.once('close', onEnd);
  await server.connect(new StdioServerTransport(input, output));
  await closed;
}
