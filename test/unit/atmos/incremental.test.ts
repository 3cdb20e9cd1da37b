import assert from 'node:assert/strict';
import { AtmosEngine } from '../../../src/atmos/engine';
import { abs, openRepo, ROOT } from './repo';

function files(): Record<string, string> {
  const out: Record<string, string> = {
    'stacks/catalog/vpc.yaml': 'components:\n  terraform:\n    vpc:\n      vars: { cidr: 10.0.0.0/16 }\n',
    'stacks/orgs/acme/_defaults.yaml': 'import: [catalog/vpc]\nvars: { tenant: acme, owner: platform }\n',
    'stacks/orgs/beta/_defaults.yaml': 'import: [catalog/vpc]\nvars: { tenant: beta, owner: platform }\n',
  };
  for (const t of ['acme', 'beta']) for (const s of ['dev', 'prod']) out[`stacks/orgs/${t}/${s}.yaml`] = `import: [orgs/${t}/_defaults]\nvars: { stage: ${s} }\n`;
  return out;
}

describe('atmos incremental updates', () => {
  it('an edited _defaults.yaml recomputes exactly the stacks it reaches, equal to a full recompute', async () => {
    const { engine, fs } = openRepo(files());
    assert.deepEqual(engine.stacksReachedBy(abs('stacks/orgs/acme/_defaults.yaml')), ['orgs/acme/dev', 'orgs/acme/prod']);
    const parsesBefore = engine.parseCount;
    fs.write(abs('stacks/orgs/acme/_defaults.yaml'), 'import: [catalog/vpc]\nvars: { tenant: acme, owner: network }\n');
    const { recomputed } = await engine.applyChange(abs('stacks/orgs/acme/_defaults.yaml'));
    assert.deepEqual(recomputed, ['orgs/acme/dev', 'orgs/acme/prod']);
    // only the edited file was parsed again; the other files came from the cache
    assert.equal(engine.parseCount - parsesBefore, 1);
    const fresh = AtmosEngine.openSync({ cwd: ROOT, fs, env: { ATMOS_GIT_ROOT_BASEPATH: 'false' } });
    assert.deepEqual(engine.describeStacksSync(), fresh.describeStacksSync());
    assert.equal((engine.describeComponentSync('vpc', 'acme-dev').section.vars as { owner: string }).owner, 'network');
    assert.equal((engine.describeComponentSync('vpc', 'beta-dev').section.vars as { owner: string }).owner, 'platform');
  });

  it('an edit of a known file keeps the directory cache; a created file is still discovered through an import glob', async () => {
    const repo = files();
    repo['stacks/orgs/acme/dev.yaml'] = 'import: [orgs/acme/_defaults, "catalog/extra/*"]\nvars: { stage: dev }\n';
    repo['stacks/catalog/extra/dns.yaml'] = 'components:\n  terraform:\n    dns:\n      vars: { zone: example.io }\n';
    const { engine, fs } = openRepo(repo);
    let listings = 0;
    const readDir = fs.readDir.bind(fs);
    fs.readDir = (p: string) => {
      listings++;
      return readDir(p);
    };
    fs.write(abs('stacks/orgs/acme/prod.yaml'), 'import: [orgs/acme/_defaults]\nvars: { stage: prod, size: 3 }\n');
    assert.deepEqual((await engine.applyChange(abs('stacks/orgs/acme/prod.yaml'))).recomputed, ['orgs/acme/prod']);
    assert.equal(listings, 0, 'an edit of an existing file must not list directories again');
    fs.write(abs('stacks/catalog/extra/dns2.yaml'), 'components:\n  terraform:\n    dns2:\n      vars: { zone: acme.io }\n');
    await engine.applyChange(abs('stacks/catalog/extra/dns2.yaml'));
    assert.ok(listings > 0, 'a created file must refresh the listings');
    assert.equal((engine.describeComponentSync('dns2', 'acme-dev').section.vars as { zone: string }).zone, 'acme.io');
  });

  it('a shared catalog file reaches every stack; a new top-level stack appears', async () => {
    const { engine, fs } = openRepo(files());
    assert.deepEqual(engine.stacksReachedBy(abs('stacks/catalog/vpc.yaml')).length, 4);
    fs.write(abs('stacks/orgs/acme/staging.yaml'), 'import: [orgs/acme/_defaults]\nvars: { stage: staging }\n');
    const { recomputed } = await engine.applyChange(abs('stacks/orgs/acme/staging.yaml'));
    assert.ok(recomputed.includes('orgs/acme/staging'));
    assert.ok(engine.listStacks().includes('acme-staging'));
  });

  it('a broken edit gives a located diagnostic and the other stacks keep resolving; fixing it clears it', async () => {
    const { engine, fs } = openRepo(files());
    fs.write(abs('stacks/orgs/acme/dev.yaml'), 'import: [orgs/acme/_defaults]\nvars: { stage: dev\n');
    await engine.applyChange(abs('stacks/orgs/acme/dev.yaml'));
    const errs = engine.diagnostics().filter((d) => d.severity === 'error');
    assert.equal(errs.length, 1);
    assert.equal(errs[0].file, abs('stacks/orgs/acme/dev.yaml'));
    assert.deepEqual(engine.listStacks(), ['acme-prod', 'beta-dev', 'beta-prod']);
    fs.write(abs('stacks/orgs/acme/dev.yaml'), 'import: [orgs/acme/_defaults]\nvars: { stage: dev }\n');
    await engine.applyChange(abs('stacks/orgs/acme/dev.yaml'));
    assert.deepEqual(engine.diagnostics(), []);
  });

  it('a deleted import gives located errors in exactly the stacks that import it; restoring it heals them', async () => {
    const { engine, fs } = openRepo(files());
    const text = fs.readFile(abs('stacks/orgs/beta/_defaults.yaml')) ?? '';
    fs.delete(abs('stacks/orgs/beta/_defaults.yaml'));
    const { recomputed } = await engine.applyChange(abs('stacks/orgs/beta/_defaults.yaml'));
    assert.deepEqual(recomputed, ['orgs/beta/dev', 'orgs/beta/prod']);
    const errs = engine.diagnostics().filter((d) => d.code === 'import-not-found');
    assert.deepEqual(errs.map((d) => d.file).sort(), [abs('stacks/orgs/beta/dev.yaml'), abs('stacks/orgs/beta/prod.yaml')]);
    assert.deepEqual(engine.listStacks(), ['acme-dev', 'acme-prod']);
    fs.write(abs('stacks/orgs/beta/_defaults.yaml'), text);
    await engine.applyChange(abs('stacks/orgs/beta/_defaults.yaml'));
    assert.deepEqual(engine.diagnostics(), []);
    assert.equal(engine.listStacks().length, 4);
  });

  it('concurrent calls during a change see either the old or the new state, never a mix', async () => {
    const { engine, fs } = openRepo(files());
    fs.write(abs('stacks/catalog/vpc.yaml'), 'components:\n  terraform:\n    vpc:\n      vars: { cidr: 10.9.0.0/16 }\n');
    const [before, , after] = await Promise.all([
      engine.where('vpc', 'acme-dev', 'vars.cidr'),
      engine.applyChange(abs('stacks/catalog/vpc.yaml')),
      engine.where('vpc', 'acme-dev', 'vars.cidr'),
    ]);
    assert.equal(before.value, '10.0.0.0/16');
    assert.equal(after.value, '10.9.0.0/16');
  });
});
