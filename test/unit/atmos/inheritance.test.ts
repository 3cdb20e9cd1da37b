import assert from 'node:assert/strict';
import { openRepo } from './repo';

const defaults = `
vars:
  tenant: acme
`;

describe('atmos inheritance', () => {
  it('metadata.inherits: bases in list order, each base resolved first, the component wins', () => {
    const { engine } = openRepo({
      'stacks/orgs/acme/_defaults.yaml': defaults,
      'stacks/orgs/acme/dev.yaml': `
import: [orgs/acme/_defaults]
vars: { stage: dev }
components:
  terraform:
    root:
      metadata: { type: abstract }
      vars: { a: root, b: root, c: root, d: root }
    mid:
      metadata: { type: abstract, inherits: [root] }
      vars: { b: mid, c: mid }
    other:
      metadata: { type: abstract }
      vars: { c: other }
    app:
      metadata: { component: vpc, inherits: [mid, other] }
      vars: { d: app }
`,
    });
    const d = engine.describeComponentSync('app', 'acme-dev');
    assert.deepEqual(d.section.vars, { tenant: 'acme', stage: 'dev', a: 'root', b: 'mid', c: 'other', d: 'app' });
    assert.deepEqual(d.section.inheritance, ['other', 'mid', 'root']);
    assert.equal(d.section.component, 'vpc');
    // metadata.inherits and metadata.type are never inherited
    assert.deepEqual(d.section.metadata, { component: 'vpc', inherits: ['mid', 'other'] });
  });

  it('a component-level list_merge_strategy applies to its inheritance merges', () => {
    const { engine } = openRepo({
      'stacks/orgs/acme/dev.yaml': `
vars: { tenant: acme, stage: dev }
components:
  terraform:
    base:
      metadata: { type: abstract }
      vars: { zones: [a, b] }
    app:
      metadata: { inherits: [base] }
      settings: { list_merge_strategy: append }
      vars: { zones: [c] }
`,
    });
    assert.deepEqual((engine.describeComponentSync('app', 'acme-dev').section.vars as { zones: string[] }).zones, ['a', 'b', 'c']);
  });

  it('an unknown base is a located error for that component only; the rest still resolves', () => {
    const { engine } = openRepo({
      'stacks/orgs/acme/dev.yaml': `
vars: { tenant: acme, stage: dev }
components:
  terraform:
    broken:
      metadata: { inherits: [missing] }
    fine:
      vars: { ok: true }
`,
    });
    const errors = engine.diagnostics().filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /inherits from 'missing'/);
    assert.match(errors[0].file ?? '', /dev\.yaml$/);
    assert.equal((engine.describeComponentSync('fine', 'acme-dev').section.vars as { ok: boolean }).ok, true);
  });

  it('an inheritance cycle through `component:` is an error, not a hang (a metadata.inherits loop ends as in Atmos)', () => {
    const { engine } = openRepo({
      'stacks/orgs/acme/dev.yaml': `
vars: { tenant: acme, stage: dev }
components:
  terraform:
    a:
      component: b
    b:
      component: a
    c:
      metadata: { inherits: [d] }
      vars: { from: c }
    d:
      metadata: { inherits: [c] }
      vars: { from: d, only_d: true }
`,
    });
    assert.ok(engine.diagnostics().some((d) => /circular component inheritance/.test(d.message)));
    assert.deepEqual(engine.describeComponentSync('c', 'acme-dev').section.vars, { tenant: 'acme', stage: 'dev', from: 'c', only_d: true });
  });

  it('overrides apply to the components of their file, its imports and later sibling imports (as Atmos does), not earlier ones', () => {
    const { engine } = openRepo({
      'stacks/catalog/c1.yaml': `
components:
  terraform:
    c1:
      vars: { x: catalog }
`,
      'stacks/mixins/c2.yaml': `
components:
  terraform:
    c2:
      vars: { x: mixin }
`,
      'stacks/mixins/c0.yaml': `
components:
  terraform:
    c0:
      vars: { x: early }
`,
      'stacks/teams/a.yaml': `
import: [catalog/c1]
terraform:
  overrides:
    vars: { x: team-a }
`,
      'stacks/orgs/acme/dev.yaml': `
import: [mixins/c0, teams/a, mixins/c2]
vars: { tenant: acme, stage: dev }
`,
    });
    const x = (c: string) => (engine.describeComponentSync(c, 'acme-dev').section.vars as { x: string }).x;
    assert.equal(x('c1'), 'team-a');
    assert.equal(x('c2'), 'team-a');
    assert.equal(x('c0'), 'early');
  });
});
