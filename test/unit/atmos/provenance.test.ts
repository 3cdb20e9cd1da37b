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
