import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AtmosEngine } from '../../../../src/atmos/engine';
import { atmosTools } from '../../../../src/tools/atmos/atmosTools';
import type { ToolSpec } from '../../../../src/tools/toolSpec';

const acme = path.resolve(__dirname, '../../../../examples/acme');
const ctx = { signal: new AbortController().signal, client: 'test' };

describe('atmos tools on examples/acme (native engine, in-process)', function () {
  this.timeout(60_000);
  let engine: AtmosEngine;
  let tools: Map<string, ToolSpec>;
  const call = async (name: string, args: Record<string, unknown>) => tools.get(name)!.run(args, ctx);
  const data = async (name: string, args: Record<string, unknown>) => {
    const out = await call(name, args);
    assert.ok(!out.isError, out.content);
    return JSON.parse(out.content) as never;
  };

  before(async () => {
    engine = await AtmosEngine.open({ cwd: acme, env: { HOME: tmpdir() } });
    tools = new Map(atmosTools(async () => engine).map((t) => [t.name, t]));
  });

  it('registers every Atmos tool of the contract', () => {
    for (const name of ['atmos_describe_component', 'atmos_describe_stacks', 'atmos_list_stacks', 'atmos_list_components', 'atmos_validate_stacks', 'atmos_validate_component', 'atmos_where', 'atmos_describe_dependents', 'atmos_describe_affected']) {
      assert.ok(tools.has(name), name);
    }
  });

  it('describes a component with the same values as the engine, filtered by sections', async () => {
    const out = await data('atmos_describe_component', { component: 'vpc', stack: 'plat-ue2-prod', sections: ['vars'] });
    const direct = engine.describeComponentSync('vpc', 'plat-ue2-prod').section.vars as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['vars']);
    assert.equal((out as { vars: Record<string, unknown> }).vars.ipv4_primary_cidr_block, direct.ipv4_primary_cidr_block);
    assert.equal(tools.get('atmos_describe_component')!.atmosCommand!({ component: 'vpc', stack: 'plat-ue2-prod' }), 'atmos describe component vpc -s plat-ue2-prod');
  });

  it('says where a value is set, winner first, with file:line inside the repository', async () => {
    const out = (await data('atmos_where', { component: 'vpc', stack: 'plat-ue2-prod', path: 'vars.ipv4_primary_cidr_block' })) as { value: string; set_by: { location: string; role: string }[] };
    assert.equal(out.value, '10.130.0.0/16');
    assert.equal(out.set_by[0].role, 'winner');
    const [file, line] = out.set_by[0].location.split(':');
    const text = (await readFile(path.join(acme, file), 'utf8')).split('\n');
    assert.match(text[Number(line) - 1], /ipv4_primary_cidr_block: 10\.130\.0\.0\/16/);
    assert.ok(out.set_by.length > 1, 'the catalog default it overrode is listed too');
  });

  it('lists stacks and components', async () => {
    const stacks = (await data('atmos_list_stacks', {})) as string[];
    assert.equal(stacks.length, 12);
    assert.deepEqual(stacks, engine.listStacks());
    const withEks = (await data('atmos_list_stacks', { component: 'eks/cluster' })) as string[];
    assert.ok(withEks.length > 0 && withEks.every((s) => s.startsWith('plat-')));
    const components = (await data('atmos_list_components', { stack: 'plat-ue2-prod' })) as { component: string }[];
    assert.ok(components.some((c) => c.component === 'vpc'));
  });

  it('validates the example as clean and reports located errors for bad input', async () => {
    const clean = (await data('atmos_validate_stacks', {})) as { valid: boolean; errors: number };
    assert.equal(clean.valid, true, JSON.stringify(clean));
    const err = await call('atmos_describe_component', { component: 'vpc', stack: 'plat-ue2-prdo' });
    assert.equal(err.isError, true);
    assert.match(err.content, /Did you mean plat-ue2-prod\?/);
  });

  it('finds the dependents of vpc through dependencies.components', async () => {
    const out = (await data('atmos_describe_dependents', { component: 'vpc', stack: 'plat-ue2-prod' })) as { component: string; stack: string }[];
    assert.ok(out.some((d) => d.component === 'eks/cluster' && d.stack === 'plat-ue2-prod'), JSON.stringify(out));
    assert.ok(out.some((d) => d.component === 'rds' && d.stack === 'plat-ue2-prod'), JSON.stringify(out));
    assert.ok(out.every((d) => d.stack === 'plat-ue2-prod'), 'dependencies without a stack stay in their own stack');
  });

  it('computes affected instances from changed files', async () => {
    const layer = 'stacks/orgs/acme/plat/prod/_defaults.yaml';
    const affected = (await data('atmos_describe_affected', { files: [layer] })) as { component: string; stack: string; reason: string }[];
    assert.ok(affected.length > 0);
    assert.deepEqual([...new Set(affected.map((a) => a.stack))].sort(), ['plat-ue2-prod', 'plat-uw2-prod']);
    const source = (await data('atmos_describe_affected', { files: ['components/terraform/vpc/main.tf'] })) as { component: string; stack: string; reason: string }[];
    assert.equal(source.length, 12);
    assert.ok(source.every((a) => a.component === 'vpc' && /component folder vpc/.test(a.reason)), JSON.stringify(source));
    const config = (await data('atmos_describe_affected', { files: ['atmos.yaml'] })) as unknown[];
    assert.equal(config.length, engine.listStacks().reduce((n, s) => n + engine.listComponents(s).filter((c) => !c.abstract).length, 0));
  });
});

describe('atmos tools follow edits (incremental engine)', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'atmos-ai-acme-'));
    await cp(acme, dir, { recursive: true });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('answers with the new value after a _defaults.yaml edit', async () => {
    const engine = await AtmosEngine.open({ cwd: dir, env: { HOME: tmpdir() } });
    const where = atmosTools(async () => engine).find((t) => t.name === 'atmos_where')!;
    const file = path.join(dir, 'stacks/orgs/acme/plat/prod/_defaults.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('10.130.0.0/16', '10.199.0.0/16'));
    await engine.applyChange(file);
    const out = JSON.parse((await where.run({ component: 'vpc', stack: 'plat-ue2-prod', path: 'vars.ipv4_primary_cidr_block' }, ctx)).content) as { value: string };
    assert.equal(out.value, '10.199.0.0/16');
  });
});
