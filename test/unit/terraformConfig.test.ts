import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AtmosEngine } from '../../src/atmos/engine';
import { MemoryFileSystem, nodeFileSystem } from '../../src/atmos/fs';
import { loadHclParser, type HclParser } from '../../src/atmos/terraform/hclParser';
import { loadTerraformModule } from '../../src/atmos/terraform/module';
import { terraformConfigGoYaml, terraformConfigJson, withGoYamlTerraformConfig } from '../../src/atmos/terraform/terraformConfig';

const corpus = path.resolve(__dirname, '..', '..', '..', 'shared', 'conformance');
const fixtures = path.join(corpus, 'fixtures');

/** The goldens print `/absolute/path/to/repo/(tests/fixtures/)?…`; our runs print `<corpus>/fixtures/…`. */
function normalizePaths(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/^\/absolute\/path\/to\/repo\/(tests\/fixtures\/)?/, '<root>/').replace(fixtures + path.sep, '<root>/');
  if (Array.isArray(v)) return v.map(normalizePaths);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalizePaths(x)]));
  return v;
}

interface CaseYaml {
  fixture: string;
  workdir: string;
  args: string[];
  env?: Record<string, string>;
  expect: { stdout_file?: string };
}

function caseEnv(c: CaseYaml): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ATMOS_')) env[k] = v;
  return { ...env, HOME: os.tmpdir(), ATMOS_GIT_ROOT_BASEPATH: 'false', ATMOS_COMPONENTS_TERRAFORM_COMMAND: 'tofu', ...(c.env ?? {}) };
}

let parser: HclParser;
before(async () => {
  parser = await loadHclParser();
});

describe('terraform: component_info.terraform_config equals the atmos goldens', () => {
  const cases = ['native-terraform-describe-vpc-dev', 'stack-names-describe-dev', 'stack-names-describe-production', 'stack-manifest-name-describe-explicit-name'];
  for (const name of cases) {
    it(name, async function () {
      const dir = path.join(corpus, 'cases', name);
      if (!existsSync(dir)) this.skip();
      const c = parseYaml(readFileSync(path.join(dir, 'case.yaml'), 'utf8')) as CaseYaml;
      const expected = JSON.parse(readFileSync(path.join(dir, c.expect.stdout_file!), 'utf8')) as { component_info: unknown };
      const [component, stack] = [c.args[c.args.indexOf('component') + 1], c.args[c.args.indexOf('-s') + 1]];
      const engine = await AtmosEngine.open({ cwd: path.join(fixtures, c.fixture, c.workdir), env: caseEnv(c) });
      const d = await engine.describeComponent(component, stack);
      assert.deepEqual(normalizePaths(d.section.component_info), normalizePaths(expected.component_info));
    });
  }

  it('the YAML shape (Go field names, every field) equals provenance-describe-component-full-yaml', function () {
    const dir = path.join(corpus, 'cases', 'provenance-describe-component-full-yaml');
    if (!existsSync(dir)) this.skip();
    const expected = parseYaml(readFileSync(path.join(dir, 'expected.stdout.yaml'), 'utf8')) as { component_info: { terraform_config: unknown } };
    const m = loadTerraformModule(nodeFileSystem, path.join(fixtures, 'components', 'terraform', 'mock'), parser)!;
    assert.deepEqual(normalizePaths(terraformConfigGoYaml(m)), normalizePaths(expected.component_info.terraform_config));
  });
});

describe('terraform: the YAML shape from the JSON shape (for --format yaml)', () => {
  it('converts what the engine put in component_info to what terraform-config-inspect prints through yaml.v3', () => {
    const root = path.resolve('/m');
    const fs = new MemoryFileSystem({
      [path.join(root, 'main.tf')]:
        'terraform {\n  required_version = ">= 1.5"\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n      version = "~> 5.0"\n      configuration_aliases = [aws.west]\n    }\n  }\n}\nprovider "aws" {\n  alias = "west"\n}\nresource "aws_vpc" "a" {\n  provider = aws.west\n}\ndata "aws_region" "r" {}\nmodule "m" {\n  source = "x"\n  version = "1.0"\n}\nvariable "v" {\n  type = string\n  sensitive = true\n  default = "d"\n}\noutput "o" {\n  value = 1\n  description = "O"\n}\n',
    });
    const m = loadTerraformModule(fs, root, parser)!;
    assert.deepEqual(m.problems, []);
    const section = { vars: {}, component_info: { component_type: 'terraform', terraform_config: terraformConfigJson(m) } };
    const converted = withGoYamlTerraformConfig(section) as { component_info: { terraform_config: unknown; component_type: string } };
    assert.deepEqual(converted.component_info.terraform_config, terraformConfigGoYaml(m));
    assert.equal(converted.component_info.component_type, 'terraform');
    assert.notEqual(converted, section, 'a copy: the engine section is left as it is');
    const nullConfig = { component_info: { terraform_config: null } };
    assert.equal(withGoYamlTerraformConfig(nullConfig), nullConfig, 'terraform_config: null stays as it is');
  });
});

describe('terraform: the engine hook', () => {
  const root = path.resolve('/repo');
  const files = (extra: Record<string, string>): MemoryFileSystem => {
    const fs = new MemoryFileSystem();
    const all: Record<string, string> = {
      'atmos.yaml': 'base_path: .\ncomponents:\n  terraform:\n    base_path: components/terraform\nstacks:\n  base_path: stacks\n  included_paths: ["**/*"]\n  name_template: "{{ .vars.stage }}"\n',
      'stacks/dev.yaml': 'vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      vars: !include ../components/terraform/vpc/dev.tfvars\n    broken:\n      vars: {}\n    ghost:\n      vars: {}\n',
      'components/terraform/vpc/variables.tf': 'variable "cidr" {\n  type = string\n}\n',
      'components/terraform/vpc/dev.tfvars': 'cidr = "10.0.0.0/16"\nazs  = ["a", "b"]\n',
      'components/terraform/broken/main.tf': 'variable "ok" {}\n\nvariable "bad" {\n  type = \n',
      ...extra,
    };
    for (const [rel, text] of Object.entries(all)) fs.write(path.join(root, rel), text);
    return fs;
  };

  it('describe component carries terraform_config; !include of a .tfvars file gives its attributes', async () => {
    const engine = await AtmosEngine.open({ cwd: root, fs: files({}), env: { ATMOS_GIT_ROOT_BASEPATH: 'false' } });
    const d = await engine.describeComponent('vpc', 'dev');
    assert.deepEqual(d.section.vars, { stage: 'dev', cidr: '10.0.0.0/16', azs: ['a', 'b'] });
    const tc = (d.section.component_info as { terraform_config: { variables: Record<string, unknown> } }).terraform_config;
    assert.deepEqual(tc.variables.cidr, { name: 'cidr', type: 'string', default: null, required: true, pos: { filename: path.join(root, 'components/terraform/vpc/variables.tf'), line: 1 } });
    assert.deepEqual(d.unresolved, []);
  });

  it('a component folder that does not exist prints terraform_config: null', async () => {
    const engine = await AtmosEngine.open({ cwd: root, fs: files({}), env: { ATMOS_GIT_ROOT_BASEPATH: 'false' } });
    const d = await engine.describeComponent('ghost', 'dev');
    assert.equal((d.section.component_info as Record<string, unknown>).terraform_config, null);
  });

  it('unparseable HCL: the component still describes, terraform_config is null and the problem is located', async () => {
    const engine = await AtmosEngine.open({ cwd: root, fs: files({}), env: { ATMOS_GIT_ROOT_BASEPATH: 'false' } });
    const d = await engine.describeComponent('broken', 'dev');
    assert.equal((d.section.component_info as Record<string, unknown>).terraform_config, null);
    const u = d.unresolved.find((x) => x.path === 'component_info.terraform_config');
    assert.ok(u, JSON.stringify(d.unresolved));
    assert.match(u.reason, new RegExp(`${path.join(root, 'components/terraform/broken/main.tf').replace(/[/\\]/g, '.')}:[45]:\\d+: `));
  });

  it('an !include of a .tfvars holding a reference is a located error of that stack, not a crash', async () => {
    const engine = await AtmosEngine.open({ cwd: root, fs: files({ 'components/terraform/vpc/dev.tfvars': 'cidr = var.x\n' }), env: { ATMOS_GIT_ROOT_BASEPATH: 'false' } });
    await assert.rejects(engine.describeComponent('vpc', 'dev'));
    const problems = engine.diagnostics().filter((x) => /not valid HCL/.test(x.message));
    assert.equal(problems.length, 1, JSON.stringify(engine.diagnostics()));
    assert.match(problems[0].message, /dev\.tfvars:1:8: /);
  });

  it('the JSON shape omits empty optional fields as Go does (omitempty)', () => {
    const fs = new MemoryFileSystem({ [path.join(root, 'c/main.tf')]: 'variable "x" {\n  default = 1\n}\noutput "y" {\n  value = 1\n}\n' });
    const json = terraformConfigJson(loadTerraformModule(fs, path.join(root, 'c'), parser)!);
    assert.deepEqual(Object.keys(json), ['path', 'variables', 'outputs', 'required_providers', 'managed_resources', 'data_resources', 'module_calls']);
    assert.deepEqual(json.variables, { x: { name: 'x', default: 1, required: false, pos: { filename: path.join(root, 'c/main.tf'), line: 1 } } });
    assert.deepEqual(json.outputs, { y: { name: 'y', pos: { filename: path.join(root, 'c/main.tf'), line: 4 } } });
  });
});
