import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NodeProcessRunner } from '../../../src/process/processRunner';
import { terraformTools } from '../../../src/tools/terraform/terraformTools';
import { ToolRegistry } from '../../../src/tools/toolRegistry';

describe('terraform tools (through a fake atmos binary)', () => {
  let dir: string;
  let fakeAtmos: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'atmos-ai-tf-'));
    fakeAtmos = path.join(dir, 'atmos');
    await writeFile(fakeAtmos, `#!/usr/bin/env node\nconst a = process.argv.slice(2);\nif (a.includes('broken')) { console.error('exec: "terraform": executable file not found in $PATH'); process.exit(1); }\nif (a.includes('slow')) { setInterval(() => {}, 1000); } else { console.log('cwd=' + process.cwd()); console.log('args=' + a.join(' ')); }\n`);
    await chmod(fakeAtmos, 0o755);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const ctx = (signal = new AbortController().signal) => ({ signal, client: 'test' });
  const tools = (binary?: string) => new Map(terraformTools({ runner: new NodeProcessRunner(), cwd: dir, atmosBinary: binary }).map((t) => [t.name, t]));

  it('runs atmos terraform plan/apply with the component and stack', async () => {
    const t = tools(fakeAtmos);
    const plan = await t.get('atmos_terraform_plan')!.run({ component: 'vpc', stack: 'plat-ue2-prod' }, ctx());
    assert.match(plan.content, /^exit code 0/);
    assert.match(plan.content, /args=terraform plan vpc -s plat-ue2-prod$/m);
    assert.match(plan.content, new RegExp(`cwd=${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const apply = await t.get('atmos_terraform_apply')!.run({ component: 'vpc', stack: 'plat-ue2-prod' }, ctx());
    assert.match(apply.content, /args=terraform apply vpc -s plat-ue2-prod -auto-approve/);
    assert.equal(t.get('atmos_terraform_destroy')!.atmosCommand!({ component: 'vpc', stack: 's' }), 'atmos terraform destroy vpc -s s -auto-approve');
  });

  it('refuses flag-like arguments before anything runs', () => {
    const registry = new ToolRegistry(terraformTools({ runner: new NodeProcessRunner(), cwd: dir, atmosBinary: fakeAtmos }));
    assert.equal(registry.validate('atmos_terraform_plan', { component: '-destroy', stack: 's' }).ok, false);
    assert.equal(registry.validate('atmos_terraform_plan', { component: 'vpc', stack: 's x' }).ok, false);
  });

  it('explains a missing terraform and a missing atmos', async () => {
    const broken = await tools(fakeAtmos).get('atmos_terraform_plan')!.run({ component: 'broken', stack: 's' }, ctx());
    assert.equal(broken.isError, true);
    assert.match(broken.content, /Terraform \(or OpenTofu\) is not installed/);
    const missing = await tools(path.join(dir, 'nope')).get('atmos_terraform_plan')!.run({ component: 'vpc', stack: 's' }, ctx());
    assert.equal(missing.isError, true);
    assert.match(missing.content, /Could not start/);
  });

  it('cancellation stops the run', async () => {
    const controller = new AbortController();
    const running = tools(fakeAtmos).get('atmos_terraform_plan')!.run({ component: 'slow', stack: 's' }, ctx(controller.signal));
    setTimeout(() => controller.abort(), 200);
    const out = await running;
    assert.equal(out.isError, true);
    assert.match(out.content, /cancelled/);
  });
});
