import assert from 'node:assert/strict';
import { importFileContent, missingImportFile, terraformSkeleton } from '../../../src/editorSupport/scaffold';
import { parse } from 'yaml';
import { quickFixesAt } from '../../../src/editorSupport/quickFixes';

describe('scaffold: a missing import file', () => {
  it('is created where Atmos looks it up', () => {
    assert.deepEqual(missingImportFile('/r/stacks', '/r/stacks/orgs/a.yaml', 'catalog/new/thing'), { file: '/r/stacks/catalog/new/thing.yaml' });
    assert.deepEqual(missingImportFile('/r/stacks', '/r/stacks/orgs/a.yaml', './local'), { file: '/r/stacks/orgs/local.yaml' });
    assert.deepEqual(missingImportFile('/r/stacks', '/r/stacks/orgs/a.yaml', 'mixins/x.yml'), { file: '/r/stacks/mixins/x.yml' });
  });
  it('is refused for globs, remote and templated imports', () => {
    assert.ok('refusal' in missingImportFile('/r/stacks', '/r/stacks/a.yaml', 'catalog/*'));
    assert.ok('refusal' in missingImportFile('/r/stacks', '/r/stacks/a.yaml', 'git::https://x/y'));
    assert.ok('refusal' in missingImportFile('/r/stacks', '/r/stacks/a.yaml', 'mixins/{{ .stage }}'));
  });
  it('holds a valid minimal manifest', () => {
    assert.deepEqual(parse(importFileContent('catalog/x', 'orgs/a.yaml')), { vars: {} });
  });
});

describe('scaffold: a Terraform component folder', () => {
  it('declares a variable per var the stacks give, typed from the value', () => {
    const files = terraformSkeleton('network', { name: 'x', enabled: true, azs: ['a', 'b'], tags: { a: 1 }, size: 2, count: 3, 'bad name': 1 });
    assert.deepEqual(Object.keys(files).sort(), ['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf']);
    const v = files['variables.tf'];
    assert.match(v, /variable "azs" \{\n {2}type {8}= list\(string\)/);
    assert.match(v, /variable "enabled" \{\n {2}type {8}= bool/);
    assert.match(v, /variable "size" \{\n {2}type {8}= number/);
    assert.match(v, /variable "tags" \{\n {2}type {8}= any/);
    assert.doesNotMatch(v, /bad name/);
    assert.doesNotMatch(v, /"count"/, 'a reserved name is never declared');
    assert.match(files['versions.tf'], /required_version/);
    assert.match(files['outputs.tf'], /output "enabled"/);
  });
  it('has a region variable when no var is known', () => {
    assert.match(terraformSkeleton('x')['variables.tf'], /variable "region"/);
  });
});

describe('quick fixes in a stack manifest', () => {
  const text = `import:
  - catalog/present
  - catalog/absent
  - path: ./local
  - catalog/*
components:
  terraform:
    net:
      metadata:
        component: network/core
    vpc:
      vars: {}
    base:
      metadata:
        type: abstract
    named-base:
      metadata:
        type: abstract
        component: named/folder
`;
  const ctx = {
    stacksBasePath: '/r/stacks',
    manifest: '/r/stacks/orgs/a.yaml',
    importTargets: (p: string) => (p === 'catalog/present' ? ['/r/stacks/catalog/present.yaml'] : []),
    folderExists: (_t: string, f: string) => f === 'vpc',
    isAbstract: (_t: string, c: string) => c === 'base' || c === 'named-base',
  };
  const at = (needle: string, d = 2) => quickFixesAt(text, text.indexOf(needle) + d, ctx);
  it('offers to create an import that resolves to nothing, never a glob or a resolved one', () => {
    assert.deepEqual(at('catalog/absent'), [{ kind: 'create-import', importPath: 'catalog/absent', file: '/r/stacks/catalog/absent.yaml' }]);
    assert.deepEqual(at('./local'), [{ kind: 'create-import', importPath: './local', file: '/r/stacks/orgs/local.yaml' }]);
    assert.deepEqual(at('catalog/present'), []);
    assert.deepEqual(at('catalog/*'), []);
  });
  it('offers to scaffold a missing Terraform folder from metadata.component or the component key', () => {
    assert.deepEqual(at('network/core'), [{ kind: 'scaffold-terraform', component: 'net', folder: 'network/core' }]);
    assert.deepEqual(at('net:', 1), [{ kind: 'scaffold-terraform', component: 'net', folder: 'network/core' }]);
    assert.deepEqual(at('component: network/core', 2), [{ kind: 'scaffold-terraform', component: 'net', folder: 'network/core' }], 'on the component: key (where the diagnostic starts)');
    assert.deepEqual(at('named/folder'), [{ kind: 'scaffold-terraform', component: 'named-base', folder: 'named/folder' }], 'a folder an abstract component names explicitly');
    assert.deepEqual(at('vpc:', 1), [], 'the folder exists');
    assert.deepEqual(at('base:', 1), [], 'abstract components need no folder');
  });
});
