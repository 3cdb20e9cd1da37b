import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
const cli = path.join(repo, 'dist/cli.js');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', HOME: tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('atmos-ai memory (built CLI on a copy of examples/acme)', function () {
  this.timeout(60_000);
  let dir: string;
  before(async function () {
    if (!existsSync(cli)) {
      console.log(`    skipped: ${cli} is missing (run npm run build)`);
      this.skip();
    }
    dir = await mkdtemp(path.join(tmpdir(), 'atmos-ai-memory-'));
    await cp(path.join(repo, 'examples/acme'), dir, { recursive: true });
  });
  after(() => dir && rm(dir, { recursive: true, force: true }));

  it('init fills ATMOS.md from the engine, update keeps the rest, init again keeps user edits', async () => {
    const init = await run(['-C', dir, 'memory', 'init']);
    assert.equal(init.code, 0, init.stderr);
    const text = await readFile(path.join(dir, 'ATMOS.md'), 'utf8');
    assert.match(text, /Stacks are named by the template `\{\{ \.vars\.tenant \}\}-\{\{ \.vars\.environment \}\}-\{\{ \.vars\.stage \}\}`/);
    assert.match(text, /12 stacks: /);
    assert.match(text, /\| vpc \| terraform \| vpc \| 12 \|/);

    assert.equal((await run(['-C', dir, 'memory', 'update', '--', 'Conventions', '- CIDRs are set in orgs/acme/<tenant>/<stage>/_defaults.yaml'])).code, 0);
    assert.equal((await run(['-C', dir, 'memory', 'update', 'Overview', 'Our platform, by hand.'])).code, 0);
    assert.equal((await run(['-C', dir, 'memory', 'init'])).code, 0);
    const shown = await run(['-C', dir, 'memory', 'show', 'conventions']);
    assert.equal(shown.stdout, '## Conventions\n- CIDRs are set in orgs/acme/<tenant>/<stage>/_defaults.yaml\n');
    assert.equal((await run(['-C', dir, 'memory', 'show', 'overview'])).stdout, '## Overview\nOur platform, by hand.\n');
    const missing = await run(['-C', dir, 'memory', 'show', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no section 'nope'/);
  });
});
