import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AtmosEngine } from '../../src/atmos/engine';
import { MemoryFileSystem } from '../../src/atmos/fs';
import { loadHclParser, type HclParser } from '../../src/atmos/terraform/hclParser';
import { loadTerraformModule } from '../../src/atmos/terraform/module';
import { definitionsIn } from '../../src/editorSupport/componentIndex';
import { addVarsInsertion, declareVarInsertion, missingRequiredVars, undeclaredVarProblems, varCompletionsAt, type TextInsertion } from '../../src/editorSupport/terraformVars';
import { terraformVarsContext } from '../../src/editorSupport/terraformVarsContext';

const root = path.resolve('/repo');
const p = (rel: string): string => path.join(root, rel);

const VARIABLES_TF = `variable "region" {
  type        = string
  description = "AWS region"
}

variable "cidr" {
  type        = string
  description = "The VPC CIDR block"
}

variable "azs" {
  type = list(string)
}

variable "enabled" {
  type    = bool
  default = true
}

variable "tags" {
  type        = map(string)
  default     = { Team = "platform" }
  description = "Tags"
}
`;

const STACK = `vars:
  stage: dev
components:
  terraform:
    vpc:
      metadata:
        component: network
      vars:
        cidr: 10.0.0.0/16
        not_a_var: 1
        region: us-east-2
    app:
      vars:
        anything: 1
    broken:
      vars:
        x: 1
`;

function repo(extra: Record<string, string> = {}): MemoryFileSystem {
  const fs = new MemoryFileSystem();
  const files: Record<string, string> = {
    'atmos.yaml': 'base_path: .\ncomponents:\n  terraform:\n    base_path: components/terraform\nstacks:\n  base_path: stacks\n  included_paths: ["orgs/**/*"]\n  name_template: "{{ .vars.stage }}"\n',
    'stacks/orgs/dev.yaml': STACK,
    'components/terraform/network/variables.tf': VARIABLES_TF,
    'components/terraform/network/main.tf': 'resource "null_resource" "x" {}\n',
    'components/terraform/broken/main.tf': 'variable "x" {\n  type = \n',
    ...extra,
  };
  for (const [rel, text] of Object.entries(files)) fs.write(p(rel), text);
  return fs;
}

async function setup(extra: Record<string, string> = {}, manifest = 'stacks/orgs/dev.yaml') {
  const fs = repo(extra);
  const engine = await AtmosEngine.open({ cwd: root, fs, env: { ATMOS_GIT_ROOT_BASEPATH: 'false' } });
  const text = fs.readFile(p(manifest))!;
  const allDefs = ['stacks/orgs/dev.yaml', 'stacks/catalog/base.yaml'].flatMap((f) => (fs.readFile(p(f)) ? definitionsIn(fs.readFile(p(f))!, p(f)) : []));
  const ctx = terraformVarsContext({
    engine,
    fs,
    manifest: p(manifest),
    text,
    describe: (c, s) => {
      try {
        return engine.describeComponentSync(c, s);
      } catch {
        return undefined;
      }
    },
    definitions: (type, name) => allDefs.filter((d) => d.type === type && d.name === name),
  });
  return { fs, engine, text, ctx };
}

/** Applies a 1-based insertion/replacement to text. */
function apply(text: string, ins: TextInsertion): string {
  const lines = text.split('\n');
  const offset = (line: number, col: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
  const start = Math.min(offset(ins.line, ins.col), text.length);
  const end = ins.endLine !== undefined ? Math.min(offset(ins.endLine, ins.endCol ?? 1), text.length) : start;
  return text.slice(0, start) + ins.text + text.slice(end);
}

let parser: HclParser;
before(async () => {
  parser = await loadHclParser();
});

describe('terraformVars: var-not-declared problems', () => {
  it('one warning per undeclared var, at the exact key, naming the component and its folder', async () => {
    const { text, ctx } = await setup();
    const problems = undeclaredVarProblems(text, p('stacks/orgs/dev.yaml'), ctx);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    const [x] = problems;
    assert.equal(x.code, 'var-not-declared');
    assert.equal(x.severity, 'warning');
    assert.equal(x.message, 'var `not_a_var` is not declared by Terraform component `vpc` (components/terraform/network)');
    const line = text.split('\n').findIndex((l) => l.includes('not_a_var')) + 1;
    assert.deepEqual([x.line, x.col, x.endLine, x.endCol], [line, 9, line, 18]);
    assert.equal(text.split('\n')[x.line - 1].slice(x.col - 1, x.endCol - 1), 'not_a_var');
  });

  it('says nothing for a component without a folder (app) or whose HCL does not parse (broken)', async () => {
    const { text, ctx } = await setup();
    const problems = undeclaredVarProblems(text, p('stacks/orgs/dev.yaml'), ctx);
    assert.ok(!problems.some((x) => x.component === 'app' || x.component === 'broken'));
    assert.equal(ctx.variablesOf('app'), undefined);
    assert.equal(ctx.variablesOf('broken'), undefined);
  });

  it('finds the folder through a metadata.inherits base in another file (catalog) when this file does not name it', async () => {
    const { text, ctx } = await setup(
      {
        'stacks/catalog/base.yaml': 'components:\n  terraform:\n    net/base:\n      metadata:\n        type: abstract\n        component: network\n',
        'stacks/catalog/child.yaml': 'components:\n  terraform:\n    net:\n      metadata:\n        inherits:\n          - net/base\n      vars:\n        bogus: 1\n        cidr: x\n',
      },
      'stacks/catalog/child.yaml',
    );
    const problems = undeclaredVarProblems(text, p('stacks/catalog/child.yaml'), ctx);
    assert.deepEqual(
      problems.map((x) => [x.variable, x.line, x.col]),
      [['bogus', 8, 9]],
    );
  });

  it('sees a .tf edit at once (the folder is re-read, the cache keyed by content)', async () => {
    const { fs, engine, text } = await setup();
    fs.write(p('components/terraform/network/variables.tf'), VARIABLES_TF + 'variable "not_a_var" {}\n');
    const ctx = terraformVarsContext({ engine, fs, manifest: p('stacks/orgs/dev.yaml'), text, describe: () => undefined });
    assert.deepEqual(undeclaredVarProblems(text, p('stacks/orgs/dev.yaml'), ctx), []);
  });
});

describe('terraformVars: completion under vars', () => {
  it('offers the declared vars not yet set, required first, with type, default and description', async () => {
    const { text, ctx } = await setup();
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('region: us-east-2')) + 1;
    const typed = [...lines.slice(0, at), '        ta', ...lines.slice(at)].join('\n');
    const items = varCompletionsAt(typed, at, 10, ctx)!;
    assert.deepEqual(
      items.map((i) => i.name),
      ['azs', 'enabled', 'tags'],
      'cidr and region are set already; azs is required so it comes first',
    );
    const tags = items.find((i) => i.name === 'tags')!;
    assert.equal(tags.detail, 'map(string) · default {"Team":"platform"}');
    assert.match(tags.documentation, /^Tags\n\nDeclared in `variables.tf:20` of `components\/terraform\/network`/);
    assert.equal(tags.insertText, 'tags: ');
    assert.equal(items[0].detail, 'list(string) · required');
  });

  it('offers nothing outside a component vars block or on a value', async () => {
    const { text, ctx } = await setup();
    const lines = text.split('\n');
    const metaLine = lines.findIndex((l) => l.includes('component: network'));
    assert.equal(varCompletionsAt(text, metaLine, 8, ctx), undefined, 'under metadata');
    const regionLine = lines.findIndex((l) => l.includes('region: us-east-2'));
    assert.equal(varCompletionsAt(text, regionLine, lines[regionLine].length, ctx), undefined, 'after `key: `');
    const globalVars = [lines[0], '  re', ...lines.slice(1)].join('\n');
    assert.equal(varCompletionsAt(globalVars, 1, 4, ctx), undefined, 'global vars reach every component: no single folder');
  });
});

describe('terraformVars: code-action edits', () => {
  it('adds the required vars no layer sets, under the component vars block, as valid YAML', async () => {
    const { text, ctx } = await setup();
    const vars = ctx.variablesOf('vpc')!;
    const missing = missingRequiredVars(vars, ctx.resolvedVars('vpc'));
    assert.deepEqual(
      missing.map((v) => v.name),
      ['azs'],
    );
    const edited = apply(text, addVarsInsertion(text, p('stacks/orgs/dev.yaml'), 'vpc', missing)!);
    const doc = parseYaml(edited) as { components: { terraform: { vpc: { vars: Record<string, unknown> }; app: unknown } } };
    assert.deepEqual(doc.components.terraform.vpc.vars, { cidr: '10.0.0.0/16', not_a_var: 1, region: 'us-east-2', azs: [] });
    assert.ok(doc.components.terraform.app, 'the next component is untouched');
  });

  it('a component without vars gets a vars block; `vars: {}` becomes a block', async () => {
    const { ctx } = await setup();
    const vars = ctx.variablesOf('vpc')!;
    const required = [...vars.variables.values()].filter((v) => v.required);
    const bare = 'components:\n  terraform:\n    vpc:\n      metadata:\n        component: network\n    other: {}\n';
    const a = parseYaml(apply(bare, addVarsInsertion(bare, 'f', 'vpc', required)!)) as { components: { terraform: { vpc: { vars: Record<string, unknown>; metadata: unknown }; other: unknown } } };
    assert.deepEqual(Object.keys(a.components.terraform.vpc.vars), ['region', 'cidr', 'azs']);
    assert.deepEqual(a.components.terraform.vpc.metadata, { component: 'network' });
    assert.deepEqual(a.components.terraform.other, {});
    const empty = 'components:\n  terraform:\n    vpc:\n      vars: {}\n';
    const b = parseYaml(apply(empty, addVarsInsertion(empty, 'f', 'vpc', required.slice(0, 1))!)) as { components: { terraform: { vpc: { vars: Record<string, unknown> } } } };
    assert.deepEqual(b.components.terraform.vpc.vars, { region: '' });
  });

  it('nothing to add when every layer sets the required vars', async () => {
    const { ctx } = await setup();
    const vars = ctx.variablesOf('vpc')!;
    assert.deepEqual(missingRequiredVars(vars, [{ region: 'a', cidr: 'b', azs: [] }]), []);
  });

  it('declares an undeclared var at the end of variables.tf (a block that parses), typed from the YAML value', async () => {
    const { fs, ctx } = await setup();
    const vars = ctx.variablesOf('vpc')!;
    const ins = declareVarInsertion(vars, 'not_a_var', 1);
    assert.equal(ins.file, p('components/terraform/network/variables.tf'));
    const edited = apply(VARIABLES_TF, ins);
    fs.write(ins.file, edited);
    const m = loadTerraformModule(fs, p('components/terraform/network'), parser)!;
    assert.deepEqual(m.problems, []);
    assert.equal(m.variables.get('not_a_var')?.type, 'number');
    assert.equal(m.variables.get('not_a_var')?.required, false);
    assert.ok(edited.startsWith(VARIABLES_TF), 'existing text kept');
  });

  it('creates variables.tf when the folder has none', async () => {
    const { ctx } = await setup({ 'components/terraform/network/variables.tf': '' });
    const vars = { ...ctx.variablesOf('vpc')!, variablesText: undefined };
    const ins = declareVarInsertion(vars, 'x', ['a']);
    assert.equal(ins.create, true);
    assert.match(ins.text, /^variable "x" \{\n {2}type {8}= list\(any\)/);
  });
});
