import assert from 'node:assert/strict';
import { abs, openRepo } from './repo';

describe('atmos imports', () => {
  it('resolves base-path and ./relative imports, globs in lexical order, later imports win', () => {
    const { engine } = openRepo({
      'stacks/catalog/z.yaml': 'vars: { order: z, z: 1 }\n',
      'stacks/catalog/a.yaml': 'vars: { order: a, a: 1 }\n',
      'stacks/orgs/acme/local.yaml': 'vars: { local: true }\n',
      'stacks/orgs/acme/_defaults.yaml': 'import: [catalog/*, ./local]\nvars: { tenant: acme }\n',
      'stacks/orgs/acme/dev.yaml': `
import: [orgs/acme/_defaults]
vars: { stage: dev }
components: { terraform: { app: { vars: {} } } }
`,
    });
    const d = engine.describeComponentSync('app', 'acme-dev');
    assert.deepEqual(d.section.vars, { order: 'z', a: 1, z: 1, local: true, tenant: 'acme', stage: 'dev' });
    assert.deepEqual(d.section.imports, ['catalog/a', 'catalog/z', 'orgs/acme/_defaults', 'orgs/acme/local']);
    assert.deepEqual(engine.stacksReachedBy(abs('stacks/catalog/a.yaml')), ['orgs/acme/dev']);
  });

  it('a missing import is an error located at the import line; other stacks still resolve', () => {
    const { engine } = openRepo({
      'stacks/orgs/acme/dev.yaml': 'vars: { tenant: acme, stage: dev }\nimport:\n  - catalog/nope\n',
      'stacks/orgs/acme/prod.yaml': 'vars: { tenant: acme, stage: prod }\ncomponents: { terraform: { app: { vars: { ok: 1 } } } }\n',
    });
    const err = engine.diagnostics().find((d) => d.code === 'import-not-found');
    assert.ok(err, 'import-not-found diagnostic');
    assert.equal(err.file, abs('stacks/orgs/acme/dev.yaml'));
    assert.equal(err.line, 3);
    assert.equal(err.col, 5);
    assert.deepEqual(engine.listStacks(), ['acme-prod']);
  });

  it('skip_if_missing silences a missing import', () => {
    const { engine } = openRepo({
      'stacks/orgs/acme/dev.yaml': 'import:\n  - path: catalog/nope\n    skip_if_missing: true\nvars: { tenant: acme, stage: dev }\ncomponents: { terraform: { app: {} } }\n',
    });
    assert.deepEqual(engine.diagnostics(), []);
    assert.deepEqual(engine.listStacks(), ['acme-dev']);
  });

  it('an import cycle is a located error, not a hang', () => {
    const { engine } = openRepo({
      'stacks/catalog/a.yaml': 'import: [catalog/b]\n',
      'stacks/catalog/b.yaml': 'vars: {}\nimport: [catalog/a]\n',
      'stacks/orgs/acme/dev.yaml': 'import: [catalog/a]\nvars: { tenant: acme, stage: dev }\n',
    });
    const err = engine.diagnostics().find((d) => d.code === 'import-cycle');
    assert.ok(err);
    assert.equal(err.file, abs('stacks/catalog/b.yaml'));
    assert.equal(err.line, 2);
    assert.match(err.message, /catalog\/a -> catalog\/b -> catalog\/a/);
  });

  it('malformed YAML and unknown tags are located errors', () => {
    const { engine } = openRepo({
      'stacks/orgs/acme/bad.yaml': 'vars:\n  a: [1, 2\n',
      'stacks/orgs/acme/tag.yaml': 'vars:\n  a: !nope x\n',
    });
    const codes = engine.diagnostics().map((d) => `${d.code}@${d.line}`).sort();
    assert.ok(codes.some((c) => c.startsWith('yaml-syntax@')), codes.join());
    assert.ok(codes.includes('unknown-tag@2'), codes.join());
  });

  it('import context renders the imported file as a template', () => {
    const { engine } = openRepo({
      'stacks/catalog/svc.yaml': 'components:\n  terraform:\n    "svc-{{ .flavor }}":\n      vars: { size: "{{ .size }}" }\n',
      'stacks/orgs/acme/dev.yaml': 'import:\n  - path: catalog/svc\n    context: { flavor: large, size: xl }\nvars: { tenant: acme, stage: dev }\n',
    });
    assert.equal((engine.describeComponentSync('svc-large', 'acme-dev').section.vars as { size: string }).size, 'xl');
  });
});
