import assert from 'node:assert/strict';
import { abs, openRepo } from './repo';

describe('atmos provenance (where)', () => {
  const repo = {
    'stacks/catalog/app.yaml': 'components:\n  terraform:\n    app:\n      vars:\n        size: small\n        tags:\n          team: core\n',
    'stacks/orgs/acme/_defaults.yaml': 'import: [catalog/app]\nvars:\n  tenant: acme\n  size: medium\n',
    'stacks/orgs/acme/dev.yaml': 'import: [orgs/acme/_defaults]\nvars:\n  stage: dev\ncomponents:\n  terraform:\n    app:\n      vars:\n        size: large\n',
  };

  it('gives the value and every file:line that set it, winner first (component over global over import)', () => {
    const { engine } = openRepo(repo);
    const r = engine.whereSync('app', 'acme-dev', 'vars.size');
    assert.equal(r.value, 'large');
    assert.deepEqual(
      r.origins.map((o) => `${o.file}:${o.line}`),
      [abs('stacks/orgs/acme/dev.yaml') + ':8', abs('stacks/catalog/app.yaml') + ':5', abs('stacks/orgs/acme/_defaults.yaml') + ':4'],
    );
  });

  it('locates nested keys and reports unknown paths as not found', () => {
    const { engine } = openRepo(repo);
    const r = engine.whereSync('app', 'acme-dev', 'vars.tags.team');
    assert.equal(r.value, 'core');
    assert.deepEqual(r.origins.map((o) => `${o.file}:${o.line}:${o.col}`), [`${abs('stacks/catalog/app.yaml')}:7:11`]);
    assert.equal(engine.whereSync('app', 'acme-dev', 'vars.nope').found, false);
  });

  it('marks values it cannot compute natively as unresolved, never invents them', () => {
    const { engine } = openRepo({
      'stacks/orgs/acme/dev.yaml': 'vars: { tenant: acme, stage: dev }\ncomponents:\n  terraform:\n    app:\n      vars:\n        vpc_id: !terraform.output vpc vpc_id\n        home: !env ATMOS_TEST_HOME fallback\n',
    });
    const d = engine.describeComponentSync('app', 'acme-dev');
    assert.deepEqual((d.section.vars as Record<string, unknown>).vpc_id, { $atmosFunction: '!terraform.output vpc vpc_id' });
    assert.equal((d.section.vars as Record<string, unknown>).home, 'fallback');
    assert.deepEqual(d.unresolved.map((u) => u.path), ['vars.vpc_id']);
  });
});

describe('atmos relations (dependents, affected)', () => {
  const repo = {
    'stacks/catalog/net.yaml': 'components:\n  terraform:\n    vpc:\n      vars: { cidr: 10.0.0.0/16 }\n',
    'stacks/orgs/acme/dev.yaml': [
      'import: [catalog/net]',
      'vars: { tenant: acme, stage: dev }',
      'components:',
      '  terraform:',
      '    eks:',
      '      dependencies:',
      '        components:',
      '          - component: vpc',
      '    app:',
      '      settings:',
      '        depends_on:',
      '          1: { component: eks }',
      '',
    ].join('\n'),
    // context fields select other stacks only in the legacy form (as in Atmos); `name` is an alias of `component`
    'stacks/orgs/acme/prod.yaml': 'vars: { tenant: acme, stage: prod }\ncomponents:\n  terraform:\n    vpc: {}\n    eks:\n      settings:\n        depends_on:\n          1: { component: vpc, stage: dev }\n    api:\n      dependencies:\n        components:\n          - name: vpc\n            stage: dev\n          - kind: file\n            path: x.json\n',
  };

  it('finds dependents in the same stack and across stacks by context', async () => {
    const { engine } = openRepo(repo);
    assert.deepEqual(await engine.dependents('vpc', 'acme-dev'), [{ component: 'eks', stack: 'acme-dev' }, { component: 'eks', stack: 'acme-prod' }]);
    assert.deepEqual(await engine.dependents('vpc', 'acme-prod'), [{ component: 'api', stack: 'acme-prod' }]);
    assert.deepEqual(await engine.dependents('eks', 'acme-dev'), [{ component: 'app', stack: 'acme-dev' }]);
    assert.deepEqual(await engine.dependencies('eks', 'acme-prod'), [{ component: 'vpc', stack: 'acme-dev' }]);
  });

  it('lists the instances a changed manifest or component folder affects', async () => {
    const { engine } = openRepo(repo);
    const byCatalog = await engine.affected([abs('stacks/catalog/net.yaml')]);
    assert.deepEqual(byCatalog.map((a) => `${a.component}@${a.stack}`), ['app@acme-dev', 'eks@acme-dev', 'vpc@acme-dev']);
    const byFolder = await engine.affected([abs('components/terraform/vpc/main.tf')]);
    assert.deepEqual(byFolder.map((a) => `${a.component}@${a.stack}`), ['vpc@acme-dev', 'vpc@acme-prod']);
  });
});

describe('atmos CLI fallback for unresolved values', () => {
  const repo = {
    'stacks/orgs/acme/dev.yaml': 'vars: { tenant: acme, stage: dev }\ncomponents:\n  terraform:\n    app:\n      vars:\n        vpc_id: !terraform.output vpc vpc_id\n        name: app\n',
  };

  it('fills only the unresolved paths from `atmos describe component` output', async () => {
    const { engine } = openRepo(repo);
    const calls: string[][] = [];
    const runner = {
      run: async (_cmd: string, args: string[]) => {
        calls.push(args);
        return { code: 0, stdout: JSON.stringify({ vars: { vpc_id: 'vpc-123', name: 'from-cli' } }), stderr: '' };
      },
    };
    const d = await engine.describeComponentWithFallback('app', 'acme-dev', { runner, atmosPath: 'atmos' });
    assert.deepEqual(calls, [['describe', 'component', 'app', '-s', 'acme-dev', '--format', 'json']]);
    assert.deepEqual(d.section.vars, { tenant: 'acme', stage: 'dev', vpc_id: 'vpc-123', name: 'app' });
    assert.deepEqual(d.unresolved, []);
  });

  it('keeps the marker and says why when the CLI fails', async () => {
    const { engine } = openRepo(repo);
    const runner = { run: async () => ({ code: 1, stdout: '', stderr: 'no credentials' }) };
    const d = await engine.describeComponentWithFallback('app', 'acme-dev', { runner, atmosPath: 'atmos' });
    assert.deepEqual((d.section.vars as Record<string, unknown>).vpc_id, { $atmosFunction: '!terraform.output vpc vpc_id' });
    assert.match(d.fallback.error ?? '', /no credentials/);
    assert.equal(d.unresolved.length, 1);
  });
});
