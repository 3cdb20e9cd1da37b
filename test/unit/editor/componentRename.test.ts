import assert from 'node:assert/strict';
import { componentNameProblem, planComponentRename, renameTargetAt, type RenamePlan } from '../../../src/editorSupport/componentRename';

/** Applies a plan's edits to the texts (back to front), as the editor would. */
function apply(files: Record<string, string>, plan: RenamePlan): Record<string, string> {
  const out = { ...files };
  for (const [file, edits] of plan.edits) {
    let text = out[file];
    for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    out[file] = text;
  }
  return out;
}

const catalog = `components:
  terraform:
    vpc/defaults:
      metadata:
        type: abstract
      vars:
        enabled: true
    vpc:
      metadata:
        inherits:
          - vpc/defaults
      vars:
        name: vpc
`;
const eks = `components:
  terraform:
    eks:
      metadata:
        component: eks/cluster
      settings:
        depends_on:
          vpc:
            component: vpc
          2:
            component: "vpc"
            kind: helmfile
      dependencies:
        components:
          - name: vpc
          - component: vpc
      vars:
        vpc_id: !terraform.output vpc vpc_id
        subnets: '{{ (atmos.Component "vpc" .stack).outputs.private_subnet_ids }}'
        other: vpc
  helmfile:
    vpc:
      vars: {}
`;
const override = `import:
  - catalog/vpc
components:
  terraform:
    "vpc":
      vars:
        name: prod
`;

describe('component rename: planning', () => {
  const files = { '/s/catalog/vpc.yaml': catalog, '/s/catalog/eks.yaml': eks, '/s/orgs/prod.yaml': override };
  const list = () => Object.entries(files).map(([file, text]) => ({ file, text }));

  it('renames the definitions, depends_on (component values and keys), dependencies, functions and templates; never the folder or another type', () => {
    const plan = planComponentRename({ files: list(), type: 'terraform', from: 'vpc', to: 'network', folderExists: () => false });
    assert.ok(!('error' in plan), JSON.stringify(plan));
    const after = apply(files, plan);
    assert.match(after['/s/catalog/vpc.yaml'], /^ {4}network:$/m);
    assert.match(after['/s/catalog/vpc.yaml'], /- vpc\/defaults/, 'a different component that starts with the name is untouched');
    assert.match(after['/s/catalog/vpc.yaml'], /name: vpc/, 'a var value equal to the name is not a reference');
    assert.match(after['/s/orgs/prod.yaml'], /"network":/, 'quotes kept');
    const e = after['/s/catalog/eks.yaml'];
    assert.match(e, /network:\n {12}component: network/, 'depends_on key equal to the name and its component');
    assert.match(e, /component: "vpc"\n {12}kind: helmfile/, 'an entry of another kind stays');
    assert.match(e, /- name: network\n {10}- component: network/);
    assert.match(e, /!terraform\.output network vpc_id/);
    assert.match(e, /atmos\.Component "network" \.stack/);
    assert.match(e, /other: vpc/);
    assert.match(e, /component: eks\/cluster/);
    assert.match(e, /helmfile:\n {4}vpc:/, 'the helmfile component of the same name stays');
    assert.equal(plan.counts.definition, 2);
    assert.equal(plan.counts['folder-pin'], undefined);
  });

  it('renames metadata.inherits entries of the same type', () => {
    const plan = planComponentRename({ files: list(), type: 'terraform', from: 'vpc/defaults', to: 'vpc/base' });
    assert.ok(!('error' in plan));
    const after = apply(files, plan);
    assert.match(after['/s/catalog/vpc.yaml'], /vpc\/base:\n {6}metadata:\n {8}type: abstract/);
    assert.match(after['/s/catalog/vpc.yaml'], /inherits:\n {10}- vpc\/base/);
    assert.equal(plan.counts.inherits, 1);
  });

  it('pins the old folder with metadata.component when the folder came from the name', () => {
    const plan = planComponentRename({ files: list(), type: 'terraform', from: 'vpc', to: 'network', folderExists: (f) => f === 'vpc' });
    assert.ok(!('error' in plan));
    const after = apply(files, plan);
    assert.match(after['/s/catalog/vpc.yaml'], / {4}network:\n {6}metadata:\n {8}component: vpc\n {8}inherits:/);
    assert.match(after['/s/orgs/prod.yaml'], / {4}"network":\n {6}metadata:\n {8}component: vpc\n {6}vars:/);
    assert.equal(plan.counts['folder-pin'], 2);
  });

  it('does not pin when a definition already names its folder', () => {
    const plan = planComponentRename({ files: list(), type: 'terraform', from: 'eks', to: 'kubernetes', folderExists: () => true });
    assert.ok(!('error' in plan));
    assert.equal(plan.counts['folder-pin'], undefined);
    assert.match(apply(files, plan)['/s/catalog/eks.yaml'], /kubernetes:\n {6}metadata:\n {8}component: eks\/cluster/);
  });

  it('refuses a clash, a bad name, an unknown component', () => {
    const clash = planComponentRename({ files: list(), type: 'terraform', from: 'vpc', to: 'eks' });
    assert.match((clash as { error: string }).error, /already exists/);
    assert.match((planComponentRename({ files: list(), type: 'terraform', from: 'vpc', to: 'a b' }) as { error: string }).error, /whitespace/);
    assert.match((planComponentRename({ files: list(), type: 'terraform', from: 'nope', to: 'x' }) as { error: string }).error, /No manifest defines/);
    assert.equal(componentNameProblem('eks/cluster-2'), undefined);
    assert.ok(componentNameProblem('a:b'));
  });

  it('gives line and character for each edit', () => {
    const plan = planComponentRename({ files: [{ file: 'f', text: override }], type: 'terraform', from: 'vpc', to: 'net' });
    assert.ok(!('error' in plan));
    const [e] = plan.edits.get('f')!;
    assert.deepEqual([e.line, e.character, e.endLine, e.endCharacter], [4, 5, 4, 8]);
  });
});

describe('component rename: where it may start', () => {
  it('on a component key, an inherits entry, a depends_on component; refuses elsewhere with a reason', () => {
    const onKey = renameTargetAt(catalog, catalog.indexOf('    vpc:') + 5);
    assert.deepEqual(onKey, { name: 'vpc', type: 'terraform', start: catalog.indexOf('    vpc:') + 4, end: catalog.indexOf('    vpc:') + 7 });
    const onInherits = renameTargetAt(catalog, catalog.indexOf('- vpc/defaults') + 4);
    assert.equal((onInherits as { name: string }).name, 'vpc/defaults');
    const onDep = renameTargetAt(eks, eks.indexOf('"vpc"') + 2);
    assert.deepEqual(onDep, { name: 'vpc', start: eks.indexOf('"vpc"') + 1, end: eks.indexOf('"vpc"') + 4 });
    const onVar = renameTargetAt(catalog, catalog.indexOf('enabled'));
    assert.match((onVar as { refusal: string }).refusal, /put the cursor on a component name/);
    const onFolder = renameTargetAt(eks, eks.indexOf('eks/cluster') + 2);
    assert.match((onFolder as { refusal: string }).refusal, /folder/);
  });
});
