import assert from 'node:assert/strict';
import * as path from 'node:path';
import { AtmosEngine } from '../../../src/atmos/engine';
import { ComponentIndex, definitionsIn } from '../../../src/editorSupport/componentIndex';
import { DescribeCache } from '../../../src/editorSupport/describeCache';
import { describeText } from '../../../src/editorSupport/describeText';
import { valueReportMarkdown, provenanceMarkdown } from '../../../src/editorSupport/hoverText';
import { importTargets } from '../../../src/editorSupport/importTargets';
import { valueAt } from '../../../src/editorSupport/provenanceAt';
import { groupStacks } from '../../../src/editorSupport/stackGroups';
import { classifyStackKey } from '../../../src/editorSupport/stackKeyPath';
import { completionSite, componentFolders, enclosingKeys, importCandidates } from '../../../src/editorSupport/stackCompletion';
import { stacksOfFile, stackValueReport } from '../../../src/editorSupport/stackValues';
import { findKey, yamlKeys, yamlPathAt } from '../../../src/editorSupport/yamlPath';

const acme = path.resolve(__dirname, '../../../examples/acme');
const stacks = path.join(acme, 'stacks');

describe('editor support: YAML key paths', () => {
  const text = 'import:\n  - catalog/vpc\ncomponents:\n  terraform:\n    vpc:\n      vars:\n        cidr: 10.0.0.0/16\n';
  it('finds the key path on a key and on a value', () => {
    const onKey = yamlPathAt(text, text.indexOf('cidr') + 1);
    assert.deepEqual(onKey?.path, ['components', 'terraform', 'vpc', 'vars', 'cidr']);
    assert.equal(onKey?.on, 'key');
    const onValue = yamlPathAt(text, text.indexOf('10.0') + 2);
    assert.equal(onValue?.on, 'value');
    assert.equal(onValue?.scalar, '10.0.0.0/16');
    const onImport = yamlPathAt(text, text.indexOf('catalog/vpc') + 3);
    assert.deepEqual(onImport?.path, ['import', 0]);
    assert.equal(onImport?.scalar, 'catalog/vpc');
  });
  it('lists every key with its 1-based line and column', () => {
    const keys = yamlKeys(text);
    const cidr = findKey(keys, ['components', 'terraform', 'vpc', 'vars', 'cidr']);
    assert.equal(cidr?.line, 7);
    assert.equal(cidr?.col, 9);
    assert.equal(findKey(keys, ['import', 0])?.scalar, 'catalog/vpc');
  });
  it('survives broken YAML', () => {
    assert.doesNotThrow(() => yamlPathAt('a: [\n  b: }', 5));
    assert.doesNotThrow(() => yamlKeys('a: [\n  b: }'));
  });
});

describe('editor support: stack key meaning', () => {
  it('classifies component values, type and global values, imports, metadata', () => {
    assert.deepEqual(classifyStackKey(['components', 'terraform', 'vpc', 'vars', 'cidr']), { kind: 'component-value', type: 'terraform', component: 'vpc', sectionPath: ['vars', 'cidr'] });
    assert.deepEqual(classifyStackKey(['terraform', 'vars', 'x']), { kind: 'type-value', type: 'terraform', sectionPath: ['vars', 'x'] });
    assert.deepEqual(classifyStackKey(['vars', 'stage']), { kind: 'global-value', sectionPath: ['vars', 'stage'] });
    assert.deepEqual(classifyStackKey(['import', 2]), { kind: 'import', index: 2 });
    assert.deepEqual(classifyStackKey(['components', 'terraform', 'vpc', 'metadata', 'component']), { kind: 'metadata-component', type: 'terraform', component: 'vpc' });
    assert.deepEqual(classifyStackKey(['components', 'terraform', 'vpc', 'metadata', 'inherits', 0]), { kind: 'inherits', type: 'terraform', component: 'vpc', index: 0 });
    assert.equal(classifyStackKey(['components', 'terraform', 'vpc', 'vars']).kind, 'other');
    assert.equal(classifyStackKey(['name']).kind, 'other');
  });
});

describe('editor support: stack grouping', () => {
  it('groups tenant-environment-stage names into three levels', () => {
    const g = groupStacks(['plat-ue2-prod', 'core-ue2-dev', 'plat-uw2-prod', 'plat-ue2-dev']);
    assert.deepEqual(g.map((x) => x.label), ['core', 'plat']);
    const plat = g[1];
    assert.deepEqual(plat.children.map((x) => x.label), ['ue2', 'uw2']);
    assert.deepEqual(plat.children[0].children.map((x) => x.stack), ['plat-ue2-dev', 'plat-ue2-prod']);
  });
  it('stays flat when names do not split evenly', () => {
    const g = groupStacks(['prod', 'plat-ue2-dev']);
    assert.deepEqual(g.map((x) => x.stack), ['plat-ue2-dev', 'prod']);
  });
});

describe('editor support on examples/acme', () => {
  const engine = AtmosEngine.openSync({ cwd: acme });
  const cache = new DescribeCache();
  const index = new ComponentIndex(engine.fs, engine.config.stacksBasePath);
  const platProdDefaults = path.join(stacks, 'orgs/acme/plat/prod/_defaults.yaml');
  const vpcDefaults = path.join(stacks, 'catalog/vpc/defaults.yaml');

  it('reports where a var wins and where it is overridden', () => {
    const key = { kind: 'component-value' as const, type: 'terraform', component: 'vpc/defaults', sectionPath: ['vars', 'ipv4_primary_cidr_block'] };
    const report = stackValueReport(engine, cache, index, vpcDefaults, 18, key);
    assert.equal(report.stackCount, 12);
    const prod = report.rows.find((r) => r.stack === 'plat-ue2-prod');
    assert.ok(prod, 'a row for plat-ue2-prod');
    assert.equal(prod.component, 'vpc');
    assert.equal(prod.value, '10.130.0.0/16');
    assert.equal(prod.thisWins, false);
    assert.equal(prod.origins[0].file, platProdDefaults);
    const md = valueReportMarkdown('vpc/defaults · vars.ipv4_primary_cidr_block', report, vpcDefaults, stacks);
    assert.match(md, /overridden by \[orgs\/acme\/plat\/prod\/_defaults\.yaml:21\]\(file:\/\/.*_defaults\.yaml#L21,9\)/);
  });

  it('says when this file wins', () => {
    const key = { kind: 'component-value' as const, type: 'terraform', component: 'vpc', sectionPath: ['vars', 'ipv4_primary_cidr_block'] };
    const report = stackValueReport(engine, cache, index, platProdDefaults, 21, key);
    assert.deepEqual(report.rows.map((r) => r.stack).sort(), ['plat-ue2-prod', 'plat-uw2-prod']);
    assert.equal(report.rows.find((r) => r.stack === 'plat-ue2-prod')?.thisWins, true);
    assert.equal(report.rows.find((r) => r.stack === 'plat-uw2-prod')?.thisWins, false);
  });

  it('lists the stacks a file reaches', () => {
    assert.deepEqual(stacksOfFile(engine, platProdDefaults), ['plat-ue2-prod', 'plat-uw2-prod']);
  });

  it('resolves import entries to files', () => {
    assert.deepEqual(importTargets(engine, platProdDefaults, 'mixins/stage/prod'), [path.join(stacks, 'mixins/stage/prod.yaml')]);
    assert.deepEqual(importTargets(engine, platProdDefaults, 'mixins/nope'), []);
    assert.ok(importTargets(engine, platProdDefaults, 'mixins/stage/*').length === 3);
  });

  it('indexes component definitions and inheritors', () => {
    const defs = index.definitions('terraform', 'vpc/defaults');
    assert.equal(defs.length, 1);
    assert.equal(defs[0].file, vpcDefaults);
    assert.equal(defs[0].line, 4);
    assert.ok(index.inheritorsOf('terraform', 'vpc/defaults').has('vpc'));
    assert.deepEqual(definitionsIn('components:\n  terraform:\n    a:\n      metadata:\n        inherits: [b]\n', '/x.yaml').map((d) => d.inherits), [['b']]);
  });

  it('renders a describe document whose key paths map back to provenance', () => {
    const d = engine.describeComponentSync('vpc', 'plat-ue2-prod');
    const text = describeText(d);
    const at = yamlPathAt(text, text.indexOf('ipv4_primary_cidr_block:') + 2);
    assert.deepEqual(at?.path, ['vars', 'ipv4_primary_cidr_block']);
    const v = valueAt(d.section, at!.path);
    assert.equal(v.value, '10.130.0.0/16');
    assert.equal(v.origins.length, 2);
    const md = provenanceMarkdown('vars.ipv4_primary_cidr_block', v.value, v.origins, stacks);
    assert.match(md, /Set by \[orgs\/acme\/plat\/prod\/_defaults\.yaml:21\]/);
    assert.match(md, /catalog\/vpc\/defaults\.yaml:18/);
  });

  it('caches descriptions until their stack is recomputed', () => {
    const c = new DescribeCache();
    const a = c.get(engine, 'vpc', 'plat-ue2-prod');
    assert.equal(c.get(engine, 'vpc', 'plat-ue2-prod'), a);
    c.invalidate(['orgs/acme/core/dev/us-east-2']);
    assert.equal(c.get(engine, 'vpc', 'plat-ue2-prod'), a);
    c.invalidate(['orgs/acme/plat/prod/us-east-2']);
    assert.notEqual(c.get(engine, 'vpc', 'plat-ue2-prod'), a);
    assert.equal(c.get(engine, 'nope', 'plat-ue2-prod'), undefined);
  });
});

describe('editor support: completion sites', () => {
  it('finds enclosing keys by indentation, also under list items at key level', () => {
    const lines = ['import:', '- catalog/a', 'components:', '  terraform:', '    vpc:', '      metadata:', '        inherits:', '          - vp'];
    assert.deepEqual(enclosingKeys(lines, 7), ['components', 'terraform', 'vpc', 'metadata', 'inherits']);
    assert.deepEqual(enclosingKeys(lines, 1), ['import']);
  });
  it('knows import entries, inherits entries, metadata.component and depends_on', () => {
    assert.deepEqual(completionSite('import:\n  - cat', 1, 7), { kind: 'import', prefix: 'cat' });
    assert.deepEqual(completionSite('import:\n  - path: mix', 1, 13), { kind: 'import', prefix: 'mix' });
    const inherits = 'components:\n  terraform:\n    vpc:\n      metadata:\n        inherits:\n          - ';
    assert.deepEqual(completionSite(inherits, 5, 12), { kind: 'component-name', type: 'terraform', prefix: '' });
    const folder = 'components:\n  helmfile:\n    nginx:\n      metadata:\n        component: ing';
    assert.deepEqual(completionSite(folder, 4, 22), { kind: 'component-folder', type: 'helmfile', prefix: 'ing' });
    const dep = 'components:\n  terraform:\n    eks:\n      settings:\n        depends_on:\n          1:\n            component: v';
    assert.deepEqual(completionSite(dep, 6, 24), { kind: 'component-name', prefix: 'v' });
    assert.equal(completionSite('vars:\n  stage: pr', 1, 11), undefined);
  });
  it('offers import paths and component folders of examples/acme', () => {
    const engine = AtmosEngine.openSync({ cwd: acme });
    const imports = importCandidates(engine.fs, engine.config.stacksBasePath);
    assert.ok(imports.includes('catalog/vpc/defaults') && imports.includes('mixins/stage/prod') && imports.includes('orgs/acme/_defaults'), imports.join(','));
    assert.deepEqual(componentFolders(engine.fs, engine.config.componentBasePaths.terraform), ['eks/cluster', 'iam-role', 'rds', 's3-bucket', 'vpc']);
  });
});
