/**
 * The config entries we tell users to paste (or that the editor installs) really start and reach the server:
 * the CLI is bundled as in a release (dist/cli.js), each stdio entry is launched exactly as written, and each
 * http entry is used with its placeholders filled the way that client fills them.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { build } from 'esbuild';
import { ConfigMergeError, expandLikeClient, httpEntry, MCP_CLIENT_KINDS, mergeServerEntry, stdioEntry } from '../../../src/mcp/clientConfigs';
import { repoRoot, textOf } from './mcpFixtures';

describe('mcp client config entries', () => {
  it('merges our server into a client config without touching the others', () => {
    const existing = JSON.stringify({ theme: 'dark', mcpServers: { github: { command: 'npx', args: ['server-github'] } } });
    const entry = stdioEntry('claude-desktop', { node: '/usr/bin/node', cliPath: '/opt/atmos-ai/dist/cli.js', root: '/repo' });
    const first = mergeServerEntry(existing, 'atmos', entry);
    assert.equal(first.replaced, false);
    const parsed = JSON.parse(first.text) as { theme: string; mcpServers: Record<string, unknown> };
    assert.equal(parsed.theme, 'dark');
    assert.deepEqual(parsed.mcpServers.github, { command: 'npx', args: ['server-github'] });
    assert.deepEqual(parsed.mcpServers.atmos, { command: '/usr/bin/node', args: ['/opt/atmos-ai/dist/cli.js', 'mcp', '-C', '/repo'], env: {} });
    const again = mergeServerEntry(first.text, 'atmos', { ...entry, args: ['x'] });
    assert.equal(again.replaced, true);
    assert.deepEqual(Object.keys((JSON.parse(again.text) as { mcpServers: object }).mcpServers), ['github', 'atmos']);
    assert.deepEqual(JSON.parse(mergeServerEntry(undefined, 'atmos', entry).text), { mcpServers: { atmos: entry } });
  });

  it('refuses to rewrite a config that is not a JSON object', () => {
    assert.throws(() => mergeServerEntry('{ "mcpServers": { ', 'atmos', {}), ConfigMergeError);
    assert.throws(() => mergeServerEntry('[]', 'atmos', {}), /not a JSON object/);
    assert.throws(() => mergeServerEntry('{"mcpServers": []}', 'atmos', {}), /"mcpServers" in the config file is not an object/);
  });

  it('keeps the token out of the entries: each client reads it from its environment', () => {
    for (const kind of MCP_CLIENT_KINDS) {
      const entry = httpEntry(kind, 'http://127.0.0.1:7341/mcp');
      if (!entry) continue;
      const header = (entry.headers as Record<string, string>).Authorization;
      assert.match(header, /ATMOS_AI_MCP_TOKEN/);
      assert.equal(expandLikeClient(kind, header, { ATMOS_AI_MCP_TOKEN: 'abc' }), 'Bearer abc');
    }
    assert.equal(httpEntry('claude-desktop', 'http://x'), undefined);
  });
});

describe('mcp client config entries against the bundled CLI', function () {
  this.timeout(120_000);
  const TOKEN = 'snippet-token-7a6b5c4d3e2f';
  let base: string;
  let cliPath: string;
  let root: string;
  let server: ChildProcess | undefined;
  let url: string;

  before(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'atmos-ai-mcp-snippets-'));
    // A release layout: <pkg>/dist/cli.js next to <pkg>/prompts.
    const pkg = path.join(base, 'pkg');
    cliPath = path.join(pkg, 'dist', 'cli.js');
    await mkdir(path.dirname(cliPath), { recursive: true });
    await symlink(path.join(repoRoot, 'prompts'), path.join(pkg, 'prompts'));
    const shim = "var __atmos_ai_import_meta_url = require('node:url').pathToFileURL(__filename).href;";
    await build({
      entryPoints: [path.join(repoRoot, 'src', 'cli', 'main.ts')],
      outfile: cliPath,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
      external: ['vscode'],
      define: { __ATMOS_AI_VERSION__: JSON.stringify('0.0.0-test'), 'import.meta.url': '__atmos_ai_import_meta_url' },
      banner: { js: `#!/usr/bin/env node\n${shim}` },
    });
    root = path.join(base, 'acme');
    await cp(path.join(repoRoot, 'examples', 'acme'), root, { recursive: true });
    server = spawn(process.execPath, [cliPath, 'mcp', '--transport', 'http', '--port', '0', '-C', root], {
      env: { ...process.env, ATMOS_AI_MCP_TOKEN: TOKEN, ATMOS_AI_DATA_DIR: path.join(base, 'data') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      server?.stderr?.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
        const m = /^listening on (\S+)$/m.exec(stderr);
        if (m) resolve(m[1]);
      });
      server?.once('exit', (code) => reject(new Error(`http server exited ${code}: ${stderr}`)));
    });
  });
  after(async () => {
    if (server && server.exitCode === null) {
      await new Promise((resolve) => {
        server?.once('exit', resolve);
        server?.kill('SIGTERM');
      });
    }
    await rm(base, { recursive: true, force: true, maxRetries: 3 });
  });

  for (const kind of MCP_CLIENT_KINDS) {
    it(`${kind}: the stdio entry starts the server and reads the stack`, async () => {
      const entry = stdioEntry(kind, { node: process.execPath, cliPath, root }) as { command: string; args: string[]; env: Record<string, string> };
      const client = new Client({ name: kind, version: '1.0.0' });
      await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, env: { ...entry.env, ATMOS_AI_DATA_DIR: path.join(base, 'data') }, stderr: 'pipe' }));
      try {
        const { tools } = await client.listTools();
        assert.ok(tools.some((t) => t.name === 'read_stack_file'));
        const stack = await client.callTool({ name: 'read_stack_file', arguments: { path: 'orgs/acme/plat/prod/us-east-2.yaml' } });
        assert.notEqual(stack.isError, true, textOf(stack));
        assert.match(textOf(stack), /import:/);
        const { prompts } = await client.listPrompts();
        assert.ok(prompts.some((p) => p.name === 'general'), 'the shipped prompts are found next to dist/');
      } finally {
        await client.close();
      }
    });

    const probe = httpEntry(kind, 'http://127.0.0.1:1/mcp');
    if (!probe) continue;
    it(`${kind}: the http entry, with the token from the environment, reaches the server`, async () => {
      const entry = httpEntry(kind, url) as { url: string; headers: Record<string, string> };
      const headers = Object.fromEntries(Object.entries(entry.headers).map(([k, v]) => [k, expandLikeClient(kind, v, { ATMOS_AI_MCP_TOKEN: TOKEN })]));
      const client = new Client({ name: kind, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(entry.url), { requestInit: { headers } }));
      try {
        const read = await client.callTool({ name: 'file_read', arguments: { path: 'atmos.yaml' } });
        assert.match(textOf(read), /base_path/);
      } finally {
        await client.close();
      }
      const unset = expandLikeClient(kind, entry.headers.Authorization, {});
      const res = await fetch(entry.url, { method: 'POST', headers: { authorization: unset, 'content-type': 'application/json' }, body: '{}' });
      assert.equal(res.status, 401, 'without the variable set the client is refused');
    });
  }
});
