import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AtmosDiagnostic } from '../../../src/atmos/diagnostics';
import { checkOptions, workspaceDiagnostics } from '../../../src/atmos/checks/runChecks';
import { WorkspaceFacts } from '../../../src/atmos/checks/workspaceFacts';
import { AtmosEngine } from '../../../src/atmos/engine';
import { abs, openRepo } from '../atmos/repo';

const SCHEMA = readFileSync(path.resolve(__dirname, '../../../media/schemas/atmos-manifest.json'), 'utf8');

/** Runs every check on an in-memory repository (files relative to /repo), with the Atmos manifest schema. */
function check(files: Record<string, string>): AtmosDiagnostic[] {
  const { engine } = openRepo({ ...files, 'schemas/atmos-manifest.json': SCHEMA });
  return workspaceDiagnostics(engine, new WorkspaceFacts(engine.config, engine.fs), checkOptions(engine, abs('schemas/atmos-manifest.json')));
}

/** The one diagnostic with `code`, asserting where it is. */
function expectAt(found: AtmosDiagnostic[], code: string, file: string, line: number, col: number, endCol?: number): AtmosDiagnostic {
  const hits = found.filter((d) => d.code === code && d.file === abs(file));
  assert.equal(hits.length, 1, `${code} in ${file}: ${JSON.stringify(found.map((d) => `${d.code} ${d.file}:${d.line}:${d.col} ${d.message}`), null, 1)}`);
  const d = hits[0];
  assert.deepEqual({ line: d.line, col: d.col }, { line, col }, d.message);
  if (endCol !== undefined) assert.equal(d.endCol, endCol, d.message);
  assert.equal(d.endLine, line);
  return d;
}

const STACK = (body: string) => `vars:\n  tenant: plat\n  stage: dev\n${body}`;
const CATALOG = 'stacks/catalog/vpc.yaml';
const VPC_BASE = `components:
  terraform:
    vpc/defaults:
      metadata:
        type: abstract
      vars:
        cidr: 10.0.0.0/16
`;

describe('diagnostics: stack checks (each located at line, column and end)', () => {
  it('clean repository: no problems', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/catalog/vpc.yaml': VPC_BASE,
      'stacks/orgs/plat/dev.yaml': STACK('import:\n  - catalog/vpc\ncomponents:\n  terraform:\n    vpc:\n      metadata:\n        component: vpc\n        inherits:\n          - vpc/defaults\n'),
    });
    assert.deepEqual(found, []);
  });

  it('import-not-found at the import entry', () => {
    const found = check({ 'stacks/orgs/plat/dev.yaml': STACK('import:\n  - catalog/nope\n') });
    const d = expectAt(found, 'import-not-found', 'stacks/orgs/plat/dev.yaml', 5, 5, 17);
    assert.match(d.message, /catalog\/nope/);
  });

  it('import-not-found also in a catalog file no stack imports; skip_if_missing is respected', () => {
    const found = check({
      'stacks/catalog/a.yaml': 'import:\n  - path: catalog/missing\n  - path: catalog/optional\n    skip_if_missing: true\n',
      'stacks/orgs/plat/dev.yaml': STACK(''),
    });
    expectAt(found, 'import-not-found', 'stacks/catalog/a.yaml', 2, 11, 26);
  });

  it('an import written with a YAML function (!include) is not checked as a path', () => {
    const found = check({ 'config/imports.yaml': '- catalog/x\n', 'stacks/orgs/plat/dev.yaml': STACK('import: !include config/imports.yaml\n') });
    assert.deepEqual(found.filter((d) => d.message.includes("'config/imports.yaml'")), []);
  });

  it('import-cycle at the entry that closes the loop', () => {
    const found = check({
      'stacks/catalog/a.yaml': 'import:\n  - catalog/b\n',
      'stacks/catalog/b.yaml': 'vars: {}\nimport:\n  - catalog/a\n',
      'stacks/orgs/plat/dev.yaml': STACK(''),
    });
    const a = expectAt(found, 'import-cycle', 'stacks/catalog/a.yaml', 2, 5, 14);
    assert.match(a.message, /catalog\/a -> catalog\/b -> catalog\/a/);
    expectAt(found, 'import-cycle', 'stacks/catalog/b.yaml', 3, 5, 14);
  });

  it('inherits-unknown at the inherits entry', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/orgs/plat/dev.yaml': STACK('components:\n  terraform:\n    vpc:\n      metadata:\n        inherits:\n          - vpc/missing\n'),
    });
    // one problem, at the entry: the engine's per-stack report of the same cause (no line) is left out
    assert.equal(found.filter((x) => x.code === 'inherits-unknown').length, 1, JSON.stringify(found));
    const d = expectAt(found, 'inherits-unknown', 'stacks/orgs/plat/dev.yaml', 9, 13, 24);
    assert.match(d.message, /vpc\/missing/);
  });

  it('inherits-cycle at each entry of the loop', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/catalog/vpc.yaml': 'components:\n  terraform:\n    a:\n      metadata:\n        type: abstract\n        inherits: [b]\n    b:\n      metadata:\n        type: abstract\n        inherits: [a]\n',
      'stacks/orgs/plat/dev.yaml': STACK('import:\n  - catalog/vpc\ncomponents:\n  terraform:\n    vpc:\n      metadata:\n        inherits: [a]\n'),
    });
    const cycles = found.filter((d) => d.code === 'inherits-cycle');
    assert.deepEqual(cycles.map((d) => [d.file, d.line, d.col, d.endCol]), [[abs(CATALOG), 6, 20, 21], [abs(CATALOG), 10, 20, 21]]);
    assert.match(cycles[0].message, /a -> b -> a/);
  });

  it('component-duplicate: the same component twice in one file', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/orgs/plat/dev.yaml': STACK('components:\n  terraform:\n    vpc:\n      vars: {a: 1}\n    vpc:\n      vars: {a: 2}\n'),
    });
    const d = expectAt(found, 'component-duplicate', 'stacks/orgs/plat/dev.yaml', 8, 5, 8);
    assert.match(d.message, /first at line 6/);
  });

  it('component-duplicate: one component of one logical stack in two top-level manifests, configured differently', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/orgs/plat/dev.yaml': STACK('components:\n  terraform:\n    vpc:\n      vars: {a: 1}\n'),
      'stacks/orgs/plat/dev-copy.yaml': STACK('components:\n  terraform:\n    vpc:\n      vars: {a: 2}\n'),
    });
    const d = expectAt(found, 'component-duplicate', 'stacks/orgs/plat/dev.yaml', 6, 5, 8);
    assert.match(d.message, /plat-dev/);
    expectAt(found, 'component-duplicate', 'stacks/orgs/plat/dev-copy.yaml', 6, 5, 8);
    // the same configuration (a template naming the manifest renders differently, but is written the same): fine
    const same = STACK('components:\n  terraform:\n    vpc:\n      vars: {a: 1, from: "{{ .atmos_manifest }}"}\n');
    assert.deepEqual(check({ 'components/terraform/vpc/main.tf': '', 'stacks/orgs/plat/dev.yaml': same, 'stacks/orgs/plat/dev-copy.yaml': same }).filter((d) => d.code === 'component-duplicate'), []);
  });

  it('abstract-unused at the abstract component nobody inherits', () => {
    const found = check({ 'stacks/catalog/vpc.yaml': VPC_BASE, 'stacks/orgs/plat/dev.yaml': STACK('import:\n  - catalog/vpc\n') });
    const d = expectAt(found, 'abstract-unused', CATALOG, 3, 5, 17);
    assert.equal(d.severity, 'info');
    // a stack that defines it again as a real component uses it
    const real = check({ 'components/terraform/vpc/main.tf': '', 'stacks/catalog/vpc.yaml': VPC_BASE, 'stacks/orgs/plat/dev.yaml': STACK('import:\n  - catalog/vpc\ncomponents:\n  terraform:\n    vpc/defaults:\n      metadata:\n        type: real\n        component: vpc\n') });
    assert.deepEqual(real.filter((x) => x.code === 'abstract-unused'), []);
  });

  it('abstract-deployed: a dependency on an abstract component, and a workflow step that deploys one', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/catalog/vpc.yaml': VPC_BASE,
      'stacks/orgs/plat/dev.yaml': STACK('import:\n  - catalog/vpc\ncomponents:\n  terraform:\n    vpc:\n      metadata:\n        component: vpc\n        inherits: [vpc/defaults]\n    eks:\n      metadata:\n        component: vpc\n      dependencies:\n        components:\n          - component: vpc/defaults\n'),
      'stacks/workflows/deploy.yaml': 'workflows:\n  all:\n    steps:\n      - command: terraform deploy vpc/defaults\n      - command: terraform deploy vpc\n',
    });
    const dep = expectAt(found, 'abstract-deployed', 'stacks/orgs/plat/dev.yaml', 17, 24, 36);
    assert.equal(dep.severity, 'warning');
    const wf = expectAt(found, 'abstract-deployed', 'stacks/workflows/deploy.yaml', 4, 18, 47);
    assert.equal(wf.severity, 'error');
  });

  it('depends-on-missing at the dependency entry (dependencies.components and settings.depends_on)', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/orgs/plat/dev.yaml': STACK('components:\n  terraform:\n    vpc:\n      dependencies:\n        components:\n          - component: nowhere\n    eks:\n      metadata:\n        component: vpc\n      settings:\n        depends_on:\n          1:\n            component: vpc\n'),
      'stacks/orgs/plat/prod.yaml': 'vars:\n  tenant: plat\n  stage: prod\ncomponents:\n  terraform:\n    vpc:\n      settings:\n        depends_on:\n          1:\n            component: gone\n',
    });
    expectAt(found, 'depends-on-missing', 'stacks/orgs/plat/dev.yaml', 9, 24, 31);
    expectAt(found, 'depends-on-missing', 'stacks/orgs/plat/prod.yaml', 10, 24, 28);
  });

  it('backend-type-invalid at the value', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/orgs/plat/dev.yaml': STACK('terraform:\n  backend_type: s4\ncomponents:\n  terraform:\n    vpc:\n      backend_type: gcs\n      remote_state_backend_type: dynamo\n'),
    });
    const hits = found.filter((d) => d.code === 'backend-type-invalid');
    assert.deepEqual(hits.map((d) => [d.line, d.col, d.endCol]), [[5, 17, 19], [10, 34, 40]], JSON.stringify(found));
    assert.match(hits[0].message, /'s4'.*s3/);
  });

  it('yaml-number-version: 1.10 read as 1.1, 0755 as 755; quoted and exact numbers pass', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/orgs/plat/dev.yaml': STACK('components:\n  terraform:\n    vpc:\n      vars:\n        kubernetes_version: 1.30\n        mode: 0755\n        quoted: "1.30"\n        count: 3\n        ratio: 1.5\n'),
    });
    const hits = found.filter((d) => d.code === 'yaml-number-version');
    assert.deepEqual(hits.map((d) => [d.line, d.col, d.endCol]), [[8, 29, 33], [9, 15, 19]]);
    assert.match(hits[0].message, /number 1\.3\b.*"1\.30"/);
  });

  it('schema violations at the offending key or value', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/orgs/plat/dev.yaml': STACK('components:\n  terraform:\n    vpc:\n      vars: [1, 2]\n      bogus: 1\n      metadata:\n        type: abstrac\n'),
    });
    const hits = found.filter((d) => d.code === 'schema');
    assert.deepEqual(hits.map((d) => [d.file, d.line, d.col, d.endCol]).sort(), [[abs('stacks/orgs/plat/dev.yaml'), 7, 13, 19], [abs('stacks/orgs/plat/dev.yaml'), 8, 7, 12], [abs('stacks/orgs/plat/dev.yaml'), 10, 15, 22]].sort(), JSON.stringify(hits));
    assert.match(hits.find((d) => d.line === 7)!.message, /must be string or object|must be object or string/);
    assert.match(hits.find((d) => d.line === 8)!.message, /additional properties: 'bogus'/);
  });

  it('deprecated fields at their key; YAML anchors, merge keys and functions read as Atmos reads them (no schema noise)', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/orgs/plat/dev.yaml': STACK('base: &base\n  enabled: true\ncomponents:\n  terraform:\n    vpc:\n      vars:\n        <<: *base\n        home: !env HOME\n      settings:\n        depends_on:\n          1:\n            component: vpc\n'),
    });
    assert.deepEqual(found.map((d) => [d.code, d.line, d.col, d.endCol]), [['deprecated', 13, 9, 19]], JSON.stringify(found));
  });

  it('template-invalid and template-unresolved inside the template text; function-invalid at the function', () => {
    const found = check({
      'components/terraform/vpc/main.tf': '',
      'stacks/orgs/plat/dev.yaml': STACK('components:\n  terraform:\n    vpc:\n      vars:\n        a: "{{ .vars.stage }"\n        b: "{{ .atmos_stak }}"\n        c: "{{ .vars.tenant | nosuchfunc }}"\n        d: !terraform.output vpc\n'),
    });
    const invalid = found.filter((d) => d.code === 'template-invalid');
    assert.deepEqual(invalid.map((d) => d.line), [8, 10], JSON.stringify(found));
    const unresolved = expectAt(found, 'template-unresolved', 'stacks/orgs/plat/dev.yaml', 9, 16, 27);
    assert.match(unresolved.message, /\.atmos_stak/);
    assert.equal(found.filter((d) => d.code === 'template-invalid')[1].col, 31);
    expectAt(found, 'function-invalid', 'stacks/orgs/plat/dev.yaml', 11, 12, 33);
  });
});

describe('diagnostics: stack checks on examples/acme (real files)', () => {
  const acme = path.resolve(__dirname, '../../../examples/acme');
  const schema = path.resolve(__dirname, '../../../media/schemas/atmos-manifest.json');

  it('find nothing wrong in the example repository, with the shipped manifest schema', () => {
    const engine = AtmosEngine.openSync({ cwd: acme, env: { ATMOS_GIT_ROOT_BASEPATH: 'false' } });
    const problems: AtmosDiagnostic[] = [];
    const opts = checkOptions(engine, schema, problems);
    assert.ok(opts.schema, 'the schema loads');
    assert.deepEqual([...problems, ...workspaceDiagnostics(engine, new WorkspaceFacts(engine.config, engine.fs), opts)], []);
  });

  it('a copy with an unquoted version and a workflow deploying an abstract base: both located', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'atmos-ai-checks-'));
    try {
      cpSync(acme, root, { recursive: true });
      const eks = path.join(root, 'stacks/catalog/eks/cluster.yaml');
      const text = readFileSync(eks, 'utf8');
      const lines = text.split('\n');
      const varsLine = lines.findIndex((l) => /^ {6}vars:/.test(l));
      lines.splice(varsLine + 1, 0, '        kubernetes_version: 1.30');
      writeFileSync(eks, lines.join('\n'));
      const wf = path.join(root, 'stacks/workflows/deploy.yaml');
      writeFileSync(wf, readFileSync(wf, 'utf8').replace('      - command: terraform deploy vpc\n', '      - command: terraform deploy vpc/defaults\n'));
      const engine = AtmosEngine.openSync({ cwd: root, env: { ATMOS_GIT_ROOT_BASEPATH: 'false' } });
      const found = workspaceDiagnostics(engine, new WorkspaceFacts(engine.config, engine.fs), checkOptions(engine, schema));
      assert.deepEqual(found.map((d) => [d.code, path.relative(root, d.file!), d.line, d.col]), [
        ['yaml-number-version', 'stacks/catalog/eks/cluster.yaml', varsLine + 2, 29],
        ['abstract-deployed', 'stacks/workflows/deploy.yaml', 8, 18],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
