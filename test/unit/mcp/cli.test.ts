/** `atmos-ai mcp` as a real child process: stdio and HTTP, with the SDK's own client, on a copy of examples/acme. */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parseDocument } from 'yaml';
import { repoRoot, textOf } from './mcpFixtures';

const TOKEN = 'cli-test-token-5f2c9a1e';
/** How the tests start the CLI from source; a built install runs `node dist/cli.js` (or `npx atmos-ai`) instead. */
const cliArgs = ['--import', 'tsx', path.join(repoRoot, 'src', 'cli', 'main.ts')];

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

function startHttp(root: string, env: Record<string, string>, extra: string[] = []): Promise<Running> {
  const child = spawn(process.execPath, [...cliArgs, 'mcp', '--transport', 'http', '-C', root, ...extra], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /^listening on (http:\/\/\S+)$/m.exec(stderr);
      if (match) resolve({ child, url: match[1], stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function httpClient(url: string, token: string, name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

describe('atmos-ai mcp (child process)', function () {
  this.timeout(60_000);
  let base: string;
  let root: string;
  let dataDir: string;
  const children: ChildProcess[] = [];

  before(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'atmos-ai-mcp-cli-'));
    root = path.join(base, 'acme');
    dataDir = path.join(base, 'data');
    await cp(path.join(repoRoot, 'examples', 'acme'), root, { recursive: true });
    await rm(path.join(root, '.atmos'), { recursive: true, force: true }); // an audit log left by other runs
    const doc = parseDocument(await readFile(path.join(root, 'atmos.yaml'), 'utf8'));
    doc.setIn(['settings', 'ai', 'tools', 'blocked_tools'], ['file_search']);
    await writeFile(path.join(root, 'atmos.yaml'), doc.toString());
    await writeFile(path.join(base, 'outside.txt'), 'outside\n');
  });
  afterEach(async () => {
    for (const child of children.splice(0)) await stop(child);
  });
  after(async () => {
    await rm(base, { recursive: true, force: true, maxRetries: 3 });
  });

  it('serves stdio: tools/list, a stack file read, a refused traversal, a tool blocked in atmos.yaml, audited with the client name', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [...cliArgs, 'mcp', '-C', root], env: { ATMOS_AI_DATA_DIR: dataDir }, stderr: 'pipe' });
    const client = new Client({ name: 'claude-desktop-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'read_stack_file'));
      assert.ok(!tools.some((t) => t.name === 'file_search'), 'blocked in atmos.yaml: not listed');
      const stack = await client.callTool({ name: 'read_stack_file', arguments: { path: 'orgs/acme/plat/prod/us-east-2.yaml' } });
      assert.notEqual(stack.isError, true, textOf(stack));
      assert.match(textOf(stack), /import:/);
      const out = await client.callTool({ name: 'file_read', arguments: { path: '../outside.txt' } });
      assert.equal(out.isError, true);
      assert.match(textOf(out), /outside the workspace/);
      const blocked = await client.callTool({ name: 'file_search', arguments: { glob: '**/*.yaml' } });
      assert.equal(blocked.isError, true);
      assert.match(textOf(blocked), /blocked by 'file_search' \(atmos\.yaml\)/);
      const { resources } = await client.listResources();
      assert.ok(resources.some((r) => r.uri === 'atmos://config/atmos.yaml'));
    } finally {
      await client.close();
    }
    const log = (await readFile(path.join(root, '.atmos', 'ai-audit.log'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { client: string; tool: string; outcome: string });
    assert.deepEqual(
      log.map((e) => [e.client, e.tool, e.outcome]),
      [
        ['claude-desktop-test', 'read_stack_file', 'success'],
        ['claude-desktop-test', 'file_read', 'error'],
        ['claude-desktop-test', 'file_search', 'denied'],
      ],
    );
  });

  it('answers Atmos calls from the native engine (describe, resources), and sees edits made while it runs', async () => {
    const client = new Client({ name: 'claude-code-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [...cliArgs, 'mcp', '-C', root], env: { ATMOS_AI_DATA_DIR: dataDir }, stderr: 'pipe' }));
    try {
      const describe = async () => {
        const result = await client.callTool({ name: 'atmos_describe_component', arguments: { component: 'vpc', stack: 'plat-ue2-prod', sections: ['vars'] } });
        assert.notEqual(result.isError, true, textOf(result));
        return (JSON.parse(textOf(result)) as { vars: Record<string, unknown> }).vars;
      };
      assert.equal((await describe()).ipv4_primary_cidr_block, '10.130.0.0/16');
      const { resources } = await client.listResources();
      assert.ok(resources.some((r) => r.uri === 'atmos://stacks'));
      const resource = await client.readResource({ uri: 'atmos://stacks/plat-ue2-prod/components/vpc' });
      const section = JSON.parse(String((resource.contents[0] as { text: string }).text)) as { vars: { stage: string } };
      assert.equal(section.vars.stage, 'prod');
      const stacks = JSON.parse(String(((await client.readResource({ uri: 'atmos://stacks' })).contents[0] as { text: string }).text)) as { stack: string }[];
      assert.ok(stacks.some((s) => s.stack === 'core-uw2-staging'));
      const missing = await client.callTool({ name: 'atmos_describe_component', arguments: { component: 'vpc', stack: 'plat-ue2-prdo' } });
      assert.equal(missing.isError, true);
      assert.match(textOf(missing), /Did you mean plat-ue2-prod\?/);

      const manifest = path.join(root, 'stacks', 'orgs', 'acme', 'plat', 'prod', 'us-east-2.yaml');
      const text = await readFile(manifest, 'utf8');
      await writeFile(manifest, text.replace('components:\n  terraform:\n', 'components:\n  terraform:\n    vpc:\n      vars:\n        ipv4_primary_cidr_block: 10.199.0.0/16\n'));
      await new Promise((resolve) => setTimeout(resolve, 1100)); // past the server's once-a-second change check
      assert.equal((await describe()).ipv4_primary_cidr_block, '10.199.0.0/16');
      await writeFile(manifest, text);
    } finally {
      await client.close();
    }
  });

  it('exits 2 with a clear message when http has no ATMOS_AI_MCP_TOKEN, or a non-loopback host lacks --allow-remote', () => {
    const env = { ...process.env, ATMOS_AI_MCP_TOKEN: '' };
    const noToken = spawnSync(process.execPath, [...cliArgs, 'mcp', '--transport', 'http', '-C', root], { env, encoding: 'utf8' });
    assert.equal(noToken.status, 2);
    assert.match(noToken.stderr, /ATMOS_AI_MCP_TOKEN/);
    const remote = spawnSync(process.execPath, [...cliArgs, 'mcp', '--transport', 'http', '--host', '0.0.0.0', '-C', root], { env: { ...env, ATMOS_AI_MCP_TOKEN: TOKEN }, encoding: 'utf8' });
    assert.equal(remote.status, 2);
    assert.match(remote.stderr, /--allow-remote/);
    const badTransport = spawnSync(process.execPath, [...cliArgs, 'mcp', '--transport', 'sse', '-C', root], { env, encoding: 'utf8' });
    assert.equal(badTransport.status, 2);
  });

  it('serves http with the token, and a restart on the same port keeps working with the same token from the env', async () => {
    const env = { ATMOS_AI_MCP_TOKEN: TOKEN, ATMOS_AI_DATA_DIR: dataDir };
    const first = await startHttp(root, env, ['--port', '0']);
    children.push(first.child);
    assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const a = await httpClient(first.url, TOKEN, 'cursor-test');
    const read = await a.callTool({ name: 'file_read', arguments: { path: 'atmos.yaml' } });
    assert.match(textOf(read), /base_path/);
    await a.close();
    const unauthorized = await fetch(first.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(unauthorized.status, 401);
    assert.equal(await stop(first.child), 0, 'SIGTERM ends it cleanly');

    const port = new URL(first.url).port;
    const second = await startHttp(root, env, ['--port', port]);
    children.push(second.child);
    assert.equal(second.url, first.url);
    const b = await httpClient(second.url, TOKEN, 'cursor-test');
    const again = await b.callTool({ name: 'read_stack_file', arguments: { path: 'orgs/acme/plat/prod/us-east-2.yaml' } });
    assert.notEqual(again.isError, true, textOf(again));
    await b.close();
  });

  it('binds another host only with --allow-remote, with a warning', async () => {
    const running = await startHttp(root, { ATMOS_AI_MCP_TOKEN: TOKEN, ATMOS_AI_DATA_DIR: dataDir }, ['--host', '0.0.0.0', '--port', '0', '--allow-remote']);
    children.push(running.child);
    assert.match(running.stderr(), /warning: serving MCP on 0\.0\.0\.0/);
    assert.match(running.url, /^http:\/\/0\.0\.0\.0:\d+\/mcp$/);
    const port = new URL(running.url).port;
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200);
  });
});
