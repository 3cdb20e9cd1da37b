import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runToolCall } from '../../../src/chat/toolRunner';
import { McpClientManager, namespacedToolName, registerMcpTools } from '../../../src/mcp/client';
import { combineMcpServers, parseMcpServers, type McpServerConfig } from '../../../src/mcp/clientConfig';
import { AuditLog } from '../../../src/tools/auditLog';
import { buildToolPolicy } from '../../../src/tools/policyConfig';
import { ToolRegistry } from '../../../src/tools/toolRegistry';
import { DEFAULT_POLICY_SETTINGS } from '../../../src/mcp/workspaceConfig';
import { startFixtureHttp } from './fixtures/fixtureMcpServer';

const fixtureScript = path.join(__dirname, 'fixtures', 'fixtureMcpServer.ts');
const stdioFixture = (name = 'fixture', extra: Partial<McpServerConfig> = {}): McpServerConfig =>
  ({ name, transport: 'stdio', command: process.execPath, args: ['--import', 'tsx', fixtureScript], env: {}, cwd: process.cwd(), ...extra }) as McpServerConfig;

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('mcp client config (settings.ai.mcp.servers)', () => {
  it('reads the map form and the list form, expanding ${VAR} from the environment', () => {
    const { servers, problems } = parseMcpServers(
      {
        github: { command: 'npx', args: ['-y', 'server-github'], env: { GITHUB_TOKEN: '${GH}' } },
        docs: { url: 'https://docs.example/mcp', headers: { Authorization: 'Bearer ${DOCS}' } },
        off: { command: 'x', disabled: true },
      },
      { GH: 'ghp_1', DOCS: 'd0c5' },
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(servers, [
      { name: 'github', transport: 'stdio', command: 'npx', args: ['-y', 'server-github'], env: { GITHUB_TOKEN: 'ghp_1' }, cwd: undefined, timeoutMs: undefined },
      { name: 'docs', transport: 'http', url: 'https://docs.example/mcp', headers: { Authorization: 'Bearer d0c5' }, timeoutMs: undefined },
    ]);
    const list = parseMcpServers([{ name: 'one', type: 'http', url: 'http://127.0.0.1:1/mcp', timeout_seconds: 5 }], {});
    assert.deepEqual(list.servers, [{ name: 'one', transport: 'http', url: 'http://127.0.0.1:1/mcp', headers: {}, timeoutMs: 5000 }]);
  });

  it('skips bad entries with a problem naming each, and keeps the good ones', () => {
    const { servers, problems } = parseMcpServers(
      {
        good: { command: 'node' },
        'bad__name': { command: 'node' },
        nocmd: { args: ['x'] },
        badurl: { url: 'ftp://x' },
        noenv: { command: 'node', env: { KEY: '${MISSING_VAR}' } },
        weird: { type: 'sse', url: 'http://x' },
      },
      {},
    );
    assert.deepEqual(
      servers.map((s) => s.name),
      ['good'],
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      ['settings.ai.mcp.servers.bad__name', 'settings.ai.mcp.servers.nocmd.command', 'settings.ai.mcp.servers.badurl.url', 'settings.ai.mcp.servers.noenv.env.KEY', 'settings.ai.mcp.servers.weird.type'],
    );
    assert.match(problems[3].message, /MISSING_VAR is not set/);
    assert.deepEqual(parseMcpServers('nope', {}).problems.map((p) => p.path), ['settings.ai.mcp.servers']);
  });

  it('combines atmos.yaml and settings, the settings replacing a server of the same name', () => {
    const { servers, problems } = combineMcpServers(
      { docs: { url: 'https://docs.example/mcp' }, github: { command: 'npx', args: ['server-github'] } },
      { github: { command: '/opt/local/server-github' }, broken: { url: 7 } },
      {},
    );
    assert.deepEqual(
      servers.map((s) => [s.name, s.transport === 'stdio' ? s.command : s.url]),
      [
        ['docs', 'https://docs.example/mcp'],
        ['github', '/opt/local/server-github'],
      ],
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      ['atmosAi.mcp.servers.broken.url'],
    );
  });

  it('namespaces tool names as server__tool within provider limits', () => {
    assert.equal(namespacedToolName('fixture', 'get.weather'), 'fixture__get_weather');
    assert.equal(namespacedToolName('s', 'x'.repeat(100)).length, 64);
  });
});

describe('mcp client manager (against small SDK servers)', function () {
  this.timeout(30_000);
  const managers: McpClientManager[] = [];
  const manager = (servers: McpServerConfig[], options: ConstructorParameters<typeof McpClientManager>[1] = {}) => {
    const m = new McpClientManager(servers, { connectTimeoutMs: 15_000, requestTimeoutMs: 15_000, ...options });
    managers.push(m);
    return m;
  };
  afterEach(async () => {
    for (const m of managers.splice(0)) await m.close();
  });

  it('exposes a stdio server’s tools as server__tool specs and runs them', async () => {
    const m = manager([stdioFixture('fixture', { env: { FIXTURE_VALUE: 'from-config' } })]);
    const { specs, errors } = await m.discoverTools();
    assert.deepEqual(errors, []);
    const names = specs.map((s) => s.name).sort();
    assert.deepEqual(names, ['fixture__calls', 'fixture__crash', 'fixture__echo', 'fixture__env', 'fixture__fail', 'fixture__get_weather', 'fixture__hang']);
    const echo = specs.find((s) => s.name === 'fixture__echo');
    assert.deepEqual((echo?.inputSchema.properties as Record<string, unknown>).text, { type: 'string' });
    assert.equal(echo?.readOnly, false, "another server's read-only hint is not trusted");
    assert.match(echo?.description ?? '', /^\[fixture\] Echo/);
    const ctx = { signal: new AbortController().signal, client: 'test' };
    assert.deepEqual(await echo?.run({ text: 'hi' }, ctx), { content: 'echo: hi', isError: false });
    const weather = specs.find((s) => s.name === 'fixture__get_weather');
    assert.deepEqual(JSON.parse((await weather!.run({ city: 'Oslo' }, ctx)).content), { city: 'Oslo', sky: 'clear' });
    const fail = await specs.find((s) => s.name === 'fixture__fail')!.run({}, ctx);
    assert.deepEqual(fail, { content: 'it went wrong', isError: true });
  });

  it('passes the configured env to a stdio server, but not our API keys', async () => {
    const previous = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-test-should-not-leak-0000000000';
    try {
      const m = manager([stdioFixture('fixture', { env: { FIXTURE_VALUE: 'v1' } })]);
      const out = await m.callTool('fixture', 'env', {});
      assert.equal(out.content, 'FIXTURE_VALUE=v1 OPENAI_API_KEY=(unset)');
    } finally {
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    }
  });

  it('sends remote tools through the same policy and audit when registered in a ToolRegistry', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atmos-ai-mcp-client-'));
    try {
      const m = manager([stdioFixture()]);
      const registry = new ToolRegistry();
      const { registered, problems } = registerMcpTools(registry, (await m.discoverTools()).specs);
      assert.deepEqual(problems, []);
      assert.ok(registered.includes('fixture__echo'));
      const { policy } = buildToolPolicy(DEFAULT_POLICY_SETTINGS, { allowed_tools: ['fixture__echo'], blocked_tools: ['fixture__crash'] });
      const audit = new AuditLog({ file: path.join(dir, 'audit.log'), retentionDays: 0 });
      const asked: string[] = [];
      const deps = {
        registry,
        policy,
        agent: { name: 'general' },
        always: { has: () => false },
        rememberAlways: async () => undefined,
        approvals: {
          request: async (req: { tool: string }) => {
            asked.push(req.tool);
            return 'deny' as const;
          },
        },
        audit,
        client: 'chat',
        timeoutMs: 10_000,
        maxOutputChars: 10_000,
      };
      const signal = new AbortController().signal;
      const call = (name: string, input: Record<string, unknown>) => runToolCall({ type: 'tool_use', id: name, name, input }, deps, signal, () => undefined);
      assert.equal((await call('fixture__echo', { text: 'through the policy' })).content, 'echo: through the policy');
      const bad = await call('fixture__echo', { text: 3 });
      assert.equal(bad.isError, true);
      assert.match(bad.content, /invalid arguments for fixture__echo: text: must be string/);
      const blocked = await call('fixture__crash', {});
      assert.match(blocked.content, /blocked by 'fixture__crash' \(atmos\.yaml\)/);
      const unlisted = await call('fixture__calls', {});
      assert.equal(unlisted.isError, true, 'not allowed → asks → the user denied');
      assert.deepEqual(asked, ['fixture__calls']);
      assert.equal((await m.callTool('fixture', 'calls', {})).content, '1', 'only the allowed, valid call reached the server');
      assert.deepEqual(
        (await audit.read()).map((e) => [e.tool, e.rule, e.outcome]),
        [
          ['fixture__echo', 'allowed', 'success'],
          ['fixture__echo', 'allowed', 'error'],
          ['fixture__crash', 'blocked', 'denied'],
          ['fixture__calls', 'user_denied', 'denied'],
        ],
      );
    } finally {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  });

  it('talks to a Streamable HTTP server with the configured headers', async () => {
    const http = await startFixtureHttp();
    try {
      const ok = manager([{ name: 'remote', transport: 'http', url: http.url, headers: { Authorization: 'Bearer fixture-secret' } }]);
      const { specs } = await ok.discoverTools();
      assert.ok(specs.some((s) => s.name === 'remote__echo'));
      assert.equal((await ok.callTool('remote', 'echo', { text: 'over http' })).content, 'echo: over http');
      const noAuth = manager([{ name: 'remote', transport: 'http', url: http.url, headers: {} }]);
      const { errors } = await noAuth.discoverTools();
      assert.equal(errors.length, 1);
      assert.match(errors[0].message, /^MCP server 'remote' \(http:\/\/127\.0\.0\.1:\d+\/mcp\) could not start: .*401/);
    } finally {
      await http.close();
    }
  });

  it('reports a server that cannot start, exits at once, or never answers, within the timeout', async () => {
    const m = manager(
      [
        { name: 'missing', transport: 'stdio', command: 'atmos-ai-no-such-command', args: [], env: {} },
        { name: 'dies', transport: 'stdio', command: process.execPath, args: ['-e', 'process.stderr.write("boom: bad config\\n"); process.exit(3)'], env: {} },
        { name: 'silent', transport: 'stdio', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], env: {} },
        { name: 'refused', transport: 'http', url: `http://127.0.0.1:${await closedPort()}/mcp`, headers: {} },
      ],
      { connectTimeoutMs: 1500 },
    );
    const { specs, errors } = await m.discoverTools();
    assert.deepEqual(specs, []);
    const byServer = Object.fromEntries(errors.map((e) => [e.server, e.message]));
    assert.match(byServer.missing, /MCP server 'missing' \(command 'atmos-ai-no-such-command'\) could not start: the command was not found/);
    assert.match(byServer.dies, /MCP server 'dies' .* could not start: the server is not running or closed the connection/);
    assert.match(byServer.dies, /boom: bad config/, 'the tail of its stderr is shown');
    assert.match(byServer.silent, /MCP server 'silent' .* could not start: it did not answer within 1\.5 s/);
    assert.match(byServer.refused, /MCP server 'refused' \(http:\/\/127\.0\.0\.1:\d+\/mcp\) could not start/);
  });

  it('bounds a hanging call, reports a crash mid-call, and starts the server again on the next use', async () => {
    const m = manager([stdioFixture()], { requestTimeoutMs: 1500 });
    await assert.rejects(m.callTool('fixture', 'hang', {}), /MCP server 'fixture' .* could not run hang: it did not answer within 1\.5 s/);
    assert.equal((await m.callTool('fixture', 'echo', { text: 'still here' })).content, 'echo: still here');
    await assert.rejects(m.callTool('fixture', 'crash', {}), (err: Error) => {
      assert.match(err.message, /MCP server 'fixture' .* could not run crash: the server is not running or closed the connection/);
      assert.match(err.message, /crashing on purpose/);
      return true;
    });
    assert.equal((await m.callTool('fixture', 'echo', { text: 'restarted' })).content, 'echo: restarted');
    assert.equal((await m.callTool('fixture', 'calls', {})).content, '1', 'a fresh process answered');
    await assert.rejects(m.callTool('nope', 'echo', {}), /no MCP server named 'nope' is configured \(known: fixture\)/);
  });
});
