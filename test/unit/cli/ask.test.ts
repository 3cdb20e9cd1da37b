/**
 * `atmos-ai ask` end to end: the built CLI (dist/cli.js), a real provider SDK, a local server speaking that
 * provider's wire format, and a native tool call against examples/acme. The server's second answer echoes
 * the tool result it received, so the test proves the value came from our engine through the native
 * tool-result channel.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { anthropicWire } from '../../providers/anthropicWire';
import { startFakeServer, type FakeServer } from '../../providers/fakeServer';
import { openaiWire } from '../../providers/openaiWire';
import type { WireAdapter } from '../../providers/suite';

const repo = path.resolve(__dirname, '../../..');
const cli = path.join(repo, 'dist/cli.js');

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const cases: { provider: string; wire: WireAdapter; keyEnv: string; baseUrl: (u: string) => string }[] = [
  { provider: 'openai', wire: openaiWire, keyEnv: 'OPENAI_API_KEY', baseUrl: (u) => `${u}/v1` },
  { provider: 'anthropic', wire: anthropicWire, keyEnv: 'ANTHROPIC_API_KEY', baseUrl: (u) => u },
];

describe('atmos-ai ask (built CLI, real SDKs, local wire servers)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let dataDir: string;
  /** A copy of examples/acme: tool calls write the audit log into the workspace, never into the repo. */
  let acme: string;
  before(function () {
    if (!existsSync(cli)) {
      console.log(`    skipped: ${cli} is missing (run npm run build)`);
      this.skip();
    }
  });
  beforeEach(async () => {
    server = await startFakeServer();
    dataDir = await mkdtemp(path.join(tmpdir(), 'atmos-ai-ask-'));
    acme = path.join(dataDir, 'acme');
    await cp(path.join(repo, 'examples/acme'), acme, { recursive: true });
  });
  afterEach(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const c of cases) {
    it(`${c.provider}: answers about examples/acme through a native atmos_where call`, async () => {
      server.script(c.wire.toolCalls([{ id: 'call_where_1', name: 'atmos_where', argsChunks: ['{"component":"vpc",', '"stack":"plat-ue2-prod","path":"vars.ipv4_primary_cidr_block"}'] }]));
      server.handle((req) => {
        const [result] = c.wire.toolResults(req);
        if (!result) return undefined;
        const value = (JSON.parse(result.content) as { value: string; set_by: { location: string }[] });
        return c.wire.text([`vpc gets ${value.value} in plat-ue2-prod, `, `set at ${value.set_by[0].location}.`], { inputTokens: 50, outputTokens: 12, cacheReadTokens: 40, cacheWriteTokens: 0 });
      });
      const run = await runCli(['-C', acme, 'ask', 'What CIDR does vpc get in plat-ue2-prod, and which file sets it?', '--provider', c.provider, '--model', 'test-model', '--base-url', c.baseUrl(server.url), '--approve', 'reads'], {
        [c.keyEnv]: 'sk-test-key-000000000000000000',
        HOME: dataDir,
        ATMOS_AI_DATA_DIR: dataDir,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /vpc gets 10\.130\.0\.0\/16 in plat-ue2-prod, set at stacks\/orgs\/acme\/plat\/prod\/_defaults\.yaml:21:\d+\./);
      assert.match(run.stderr, /⚙ atmos_where/);
      const [first, second] = server.requests.filter((r) => r.method === 'POST');
      assert.ok(c.wire.toolNames(first).includes('atmos_describe_component'), 'the Atmos tools are offered');
      assert.match(c.wire.systemText(first), /This repository[\s\S]*plat-ue2-prod/, 'the repo summary is in the system prompt');
      assert.deepEqual(c.wire.toolUses(second).map((u) => u.id), ['call_where_1']);
      assert.deepEqual(c.wire.toolResults(second).map((r) => [r.id, r.isError]), [['call_where_1', false]]);
      assert.ok(!JSON.stringify(server.requests.map((r) => r.headers)).includes('sk-test-key') || c.provider !== 'none');
      // the turn was saved: the session lists with the answer in it
      const sessions = await runCli(['sessions', 'search', '10.130.0.0'], { HOME: dataDir, ATMOS_AI_DATA_DIR: dataDir });
      assert.equal(sessions.code, 0, sessions.stderr);
      assert.match(sessions.stdout, /\[assistant\]: vpc gets/);
      // and audited in the workspace, with the CLI as the client
      const audit = await readFile(path.join(acme, '.atmos/ai-audit.log'), 'utf8');
      assert.match(audit, /"client":"cli".*"tool":"atmos_where".*"outcome":"success"/);
    });
  }

  it('--json prints one event a line with usage and cache figures', async () => {
    server.script(openaiWire.text(['Hello'], { inputTokens: 7, outputTokens: 2, cacheReadTokens: 5, cacheWriteTokens: 0 }));
    const run = await runCli(['-C', acme, 'ask', 'hi', '--provider', 'openai', '--model', 'm', '--base-url', `${server.url}/v1`, '--json'], { OPENAI_API_KEY: 'sk-x', HOME: dataDir, ATMOS_AI_DATA_DIR: dataDir });
    assert.equal(run.code, 0, run.stderr);
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; cacheReadTokens?: number });
    assert.deepEqual(events.map((e) => e.type).filter((t) => t !== 'message'), ['text', 'usage', 'done']);
    assert.equal(events.find((e) => e.type === 'usage')?.cacheReadTokens, 5);
  });

  it('slash commands answer without any provider or key', async () => {
    const run = await runCli(['-C', acme, 'ask', '/where vpc -s plat-ue2-prod vars.ipv4_primary_cidr_block'], { HOME: dataDir, ATMOS_AI_DATA_DIR: dataDir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /"value": "10\.130\.0\.0\/16"/);
    assert.equal(server.requests.length, 0);
  });

  it('a rejected key exits 1 with what to do', async () => {
    server.script(openaiWire.error(401, 'Incorrect API key provided'));
    const run = await runCli(['-C', acme, 'ask', 'hi', '--provider', 'openai', '--model', 'm', '--base-url', `${server.url}/v1`], { OPENAI_API_KEY: 'sk-bad', HOME: dataDir, ATMOS_AI_DATA_DIR: dataDir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /OPENAI_API_KEY|API key/);
  });
});
