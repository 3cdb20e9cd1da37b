import assert from 'node:assert/strict';
import { NodeProcessRunner } from '../../../src/process/processRunner';

const runner = new NodeProcessRunner();
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('process runner', () => {
  it('runs without a shell and streams output', async () => {
    const chunks: string[] = [];
    const result = await runner.run(process.execPath, ['-e', 'console.log("out; $(echo no shell)"); console.error("err"); process.exit(3)'], { onOutput: (c) => chunks.push(c) });
    assert.equal(result.exitCode, 3);
    assert.equal(result.stdout, 'out; $(echo no shell)\n');
    assert.equal(result.stderr, 'err\n');
    assert.ok(chunks.join('').includes('out;'));
  });

  it('kills the whole process tree on cancel', async () => {
    const controller = new AbortController();
    let grandchild = 0;
    const script = `const { spawn } = require('child_process'); const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000);`;
    const done = runner.run(process.execPath, ['-e', script], {
      signal: controller.signal,
      onOutput: (c) => {
        grandchild = Number.parseInt(c, 10);
        controller.abort();
      },
    });
    const result = await done;
    assert.equal(result.stopped, 'cancelled');
    assert.ok(grandchild > 0);
    for (let i = 0; i < 50 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(alive(grandchild), false, 'the grandchild survived');
  });

  it('stops at the timeout', async () => {
    const result = await runner.run(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 100 });
    assert.equal(result.stopped, 'timeout');
  });

  it('rejects when the program does not exist, and finds programs on PATH', async () => {
    await assert.rejects(runner.run('definitely-not-a-program-atmos-ai', []), { code: 'ENOENT' });
    assert.equal(await runner.which('definitely-not-a-program-atmos-ai'), undefined);
    assert.ok((await runner.which('node')) || (await runner.which(process.execPath)));
  });
});
