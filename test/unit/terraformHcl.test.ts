import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../src/atmos/fs';
import { hclParserIfLoaded, loadHclParser, type HclParser } from '../../src/atmos/terraform/hclParser';
import { hclFileAsValue } from '../../src/atmos/terraform/hclInclude';
import { decodeQuoted, parseHcl } from '../../src/atmos/terraform/hclSyntax';
import { clearTerraformCaches, loadTerraformModule, parseHclFileCached, terraformFiles } from '../../src/atmos/terraform/module';

const dir = path.resolve('/ws/components/terraform/vpc');
const at = (name: string): string => path.join(dir, name);

let parser: HclParser;
before(async () => {
  parser = await loadHclParser();
});

const VARIABLES_TF = `# leading comment
variable "plain" {}

variable "subnets" {
  // a complex type, kept as written
  type = map(object({
    cidr = string
    tags = optional(map(string), {})
  }))
  description = "Subnets by name"
  default = {
    private = { cidr = "10.0.0.0/20", tags = {} }
  }
}

/* block comment */
variable "legacy" {
  type    = "string"
  default = "x"
}

variable "doc" {
  description = <<-EOT
    First line.
      Indented line.
    Unicode: é ✓ $\${literal}
  EOT
  default     = <<EOT
raw \\n stays
EOT
  sensitive   = true
}

variable "numbers" {
  type    = list(number)
  default = [1, -2.5, 1.5e-3, true, null, "a\\tb\\u00e9"]
}

variable "computed_default" {
  default = "\${var.plain}-x"
}

variable "deprecated_one" {
  type       = bool
  default    = false
  deprecated = "use plain"
}
`;

describe('terraform: HCL syntax (web-tree-sitter + tree-sitter-hcl)', () => {
  it('loads once: the same parser comes back and is then available synchronously', async () => {
    assert.equal(await loadHclParser(), parser);
    assert.equal(hclParserIfLoaded(), parser);
  });

  it('reads blocks, labels, attributes and literal values with 1-based ranges', () => {
    const f = parseHcl(parser, 'a = 1\n\nblock "x" "y" {\n  b = "two"\n}\n');
    assert.deepEqual(f.problems, []);
    assert.equal(f.body.attributes[0].name, 'a');
    assert.deepEqual(f.body.attributes[0].value, { known: true, value: 1 });
    const b = f.body.blocks[0];
    assert.equal(b.type, 'block');
    assert.deepEqual(b.labels, ['x', 'y']);
    assert.deepEqual([b.range.line, b.range.column, b.range.endLine], [3, 1, 5]);
    assert.deepEqual(b.body.attributes[0].nameRange, { line: 4, column: 3, endLine: 4, endColumn: 4 });
  });

  it('columns count UTF-16 code units (as editors do), also after non-ASCII text', () => {
    const f = parseHcl(parser, 'x = "é✓😀"\ny = 1\n');
    assert.deepEqual(f.body.attributes[0].exprRange, { line: 1, column: 5, endLine: 1, endColumn: 11 });
    assert.equal(f.body.attributes[0].exprText, '"é✓😀"');
    assert.deepEqual(f.body.attributes[0].value, { known: true, value: 'é✓😀' });
  });

  it('decodes quoted-string escapes as hclsyntax does', () => {
    assert.equal(decodeQuoted('a\\nb\\t\\"q\\" \\\\ \\u00e9 \\U0001F600 $${x} %%{y}'), 'a\nb\t"q" \\ é 😀 ${x} %{y}');
  });

  it('a broken file gives located problems and still yields what parsed', () => {
    const f = parseHcl(parser, 'variable "ok" {\n  default = 1\n}\n\nvariable "broken" {\n  type = \n');
    assert.ok(f.problems.length > 0);
    const first = f.problems[0];
    assert.ok(first.line >= 5, `problem located after the good block, got line ${first.line}`);
    assert.ok(first.message.length > 0);
    assert.equal(f.body.blocks[0].labels[0], 'ok');
  });

  it('reports the column of the unexpected token', () => {
    const f = parseHcl(parser, 'x = 1\ny = = 2\n');
    assert.ok(f.problems.some((p) => p.line === 2), JSON.stringify(f.problems));
  });
});

describe('terraform: a component folder (terraform-config-inspect semantics)', () => {
  beforeEach(() => clearTerraformCaches());

  function folder(files: Record<string, string>): MemoryFileSystem {
    const fs = new MemoryFileSystem();
    for (const [name, text] of Object.entries(files)) fs.write(at(name), text);
    return fs;
  }

  it('reads variables: type text, description, default, required, sensitive, deprecated, position', () => {
    const m = loadTerraformModule(folder({ 'variables.tf': VARIABLES_TF }), dir, parser)!;
    const v = (n: string) => m.variables.get(n)!;
    assert.deepEqual(m.problems.filter((p) => p.kind === 'syntax'), []);
    assert.equal(v('plain').required, true);
    assert.equal(v('plain').hasDefault, false);
    assert.equal(v('plain').type, undefined);
    assert.equal(v('subnets').type, 'map(object({\n    cidr = string\n    tags = optional(map(string), {})\n  }))');
    assert.equal(v('subnets').description, 'Subnets by name');
    assert.deepEqual(v('subnets').default, { private: { cidr: '10.0.0.0/20', tags: {} } });
    assert.equal(v('subnets').required, false);
    assert.deepEqual([v('subnets').range.line, v('subnets').range.column], [4, 1]);
    assert.equal(v('subnets').file, at('variables.tf'));
    assert.equal(v('legacy').type, 'string', 'a quoted legacy type keyword is unquoted');
    assert.equal(v('doc').description, 'First line.\n  Indented line.\nUnicode: é ✓ ${literal}\n');
    assert.equal(v('doc').default, 'raw \\n stays\n', 'heredocs keep backslashes');
    assert.equal(v('doc').sensitive, true);
    assert.deepEqual(v('numbers').default, [1, -2.5, 0.0015, true, null, 'a\tbé']);
    assert.equal(v('deprecated_one').deprecated, 'use plain');
    assert.equal(v('deprecated_one').default, false);
  });

  it('a default that needs evaluation is present but null, with a located value problem (Atmos refuses such a component)', () => {
    const m = loadTerraformModule(folder({ 'variables.tf': VARIABLES_TF }), dir, parser)!;
    const v = m.variables.get('computed_default')!;
    assert.equal(v.hasDefault, true);
    assert.equal(v.required, false);
    assert.equal(v.default, null);
    const w = m.problems.find((p) => p.message.includes("'computed_default'"));
    assert.ok(w && w.kind === 'value' && w.line === VARIABLES_TF.split('\n').findIndex((l) => l.includes('${var.plain}')) + 1, JSON.stringify(m.problems));
  });

  it('reads outputs, required_version, required_providers (both forms), providers, resources and module calls', () => {
    const m = loadTerraformModule(
      folder({
        'versions.tf': 'terraform {\n  required_version = ">= 1.5"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n      configuration_aliases = [aws.west]\n    }\n    random = "~> 3.0"\n  }\n}\n',
        // read after versions.tf: the first declaration of a provider's requirement keeps its aliases (as in terraform-config-inspect)
        'z_main.tf': 'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n\nresource "aws_vpc" "this" {\n  provider = aws.west\n}\n\ndata "http_http" "ip" {}\n\nmodule "label" {\n  source  = "cloudposse/label/null"\n  version = "0.25.0"\n}\n\nmodule "local" {\n  source = "./mods/${var.x}"\n}\n',
        'outputs.tf': 'output "id" {\n  description = "The id"\n  value       = aws_vpc.this.id\n  sensitive   = true\n}\n',
      }),
      dir,
      parser,
    )!;
    assert.deepEqual(m.requiredCore, ['>= 1.5']);
    assert.deepEqual(m.requiredProviders.get('aws'), { source: 'hashicorp/aws', versionConstraints: ['~> 5.0'], aliases: [{ name: 'aws', alias: 'west' }] });
    assert.deepEqual(m.requiredProviders.get('random'), { versionConstraints: ['~> 3.0'], aliases: [] });
    assert.ok(m.requiredProviders.has('http'), 'a data source implies its provider');
    assert.deepEqual(m.providerConfigs.get('aws.west'), { name: 'aws', alias: 'west' });
    assert.deepEqual(m.managedResources.get('aws_vpc.this')?.provider, { name: 'aws', alias: 'west' });
    assert.equal(m.dataResources.get('data.http_http.ip')?.mode, 'data');
    assert.equal(m.moduleCalls.get('label')?.version, '0.25.0');
    assert.equal(m.moduleCalls.get('local')?.source, '"./mods/${var.x}"', 'an interpolated source is kept as written');
    assert.equal(m.outputs.get('id')?.sensitive, true);
    assert.equal(m.outputs.get('id')?.description, 'The id');
  });

  it('file selection: .tf in name order, overrides last, hidden/backup files skipped', () => {
    const fs = folder({ 'b.tf': '', 'a.tf': '', 'override.tf': '', 'x_override.tf': '', '.hidden.tf': '', 'c.tf~': '', 'notes.md': '', 'z.tf.json': '{}' });
    assert.deepEqual(terraformFiles(fs, dir).map((f) => path.basename(f)), ['a.tf', 'b.tf', 'z.tf.json', 'override.tf', 'x_override.tf']);
  });

  it('an override file replaces a variable of the same name', () => {
    const m = loadTerraformModule(folder({ 'variables.tf': 'variable "x" { default = 1 }\n', 'override.tf': 'variable "x" { default = 2 }\n' }), dir, parser)!;
    assert.equal(m.variables.get('x')?.default, 2);
  });

  it('a missing folder is undefined (terraform_config: null); an unparseable file is a located error, never a throw', () => {
    assert.equal(loadTerraformModule(new MemoryFileSystem(), dir, parser), undefined);
    const m = loadTerraformModule(folder({ 'main.tf': 'variable "a" {}\n\nresource "x" "y" {\n  count = \n}\n' }), dir, parser)!;
    const e = m.problems.find((p) => p.kind === 'syntax');
    assert.ok(e, 'an error is reported');
    assert.equal(e.file, at('main.tf'));
    assert.ok(e.line >= 4 && e.line <= 5, `line ${e.line}`);
    assert.ok(m.variables.has('a'), 'what parsed is still read');
  });

  it('sensitive that is not a bool is an error (terraform-config-inspect refuses it)', () => {
    const m = loadTerraformModule(folder({ 'o.tf': 'output "x" {\n  value = 1\n  sensitive = [1, 2]\n}\n' }), dir, parser)!;
    const e = m.problems.find((p) => p.kind === 'value');
    assert.ok(e && e.line === 3 && /bool is required/.test(e.message), JSON.stringify(m.problems));
  });

  it('caches per file content: same text → the same parse; edited text → a new one', () => {
    const a = parseHclFileCached(parser, at('x.tf'), 'a = 1\n');
    assert.equal(parseHclFileCached(parser, at('x.tf'), 'a = 1\n'), a);
    const b = parseHclFileCached(parser, at('x.tf'), 'a = 2\n');
    assert.notEqual(b, a);
    assert.deepEqual(b.body.attributes[0].value, { known: true, value: 2 });
    const fs = folder({ 'variables.tf': 'variable "x" {}\n' });
    const m1 = loadTerraformModule(fs, dir, parser);
    assert.equal(loadTerraformModule(fs, dir, parser), m1, 'unchanged folder → same module object');
    fs.write(at('variables.tf'), 'variable "y" {}\n');
    assert.deepEqual([...loadTerraformModule(fs, dir, parser)!.variables.keys()], ['y']);
  });
});

describe('terraform: !include of an HCL file (Atmos parseHCL)', () => {
  it('top-level attributes become a map; numbers are truncated to integers and an empty list is null, as in Atmos', () => {
    const r = hclFileAsValue(parser, 'cidr = "10.0.0.0/16"\nenabled = true\ncount = 2.7\nzones = []\ntags = {\n  Team = "platform"\n}\n# comment\n');
    assert.deepEqual(r, { ok: true, value: { cidr: '10.0.0.0/16', enabled: true, count: 2, zones: null, tags: { Team: 'platform' } } });
  });

  it('a block, a reference or a syntax error is a located problem', () => {
    const block = hclFileAsValue(parser, 'a = 1\nvariable "x" {}\n');
    assert.ok(!block.ok && block.problem.line === 2 && /block/.test(block.problem.message));
    const ref = hclFileAsValue(parser, 'a = 1\nb = var.x\n');
    assert.ok(!ref.ok && ref.problem.line === 2 && ref.problem.column === 5);
    const bad = hclFileAsValue(parser, 'a = "unterminated\n');
    assert.ok(!bad.ok && bad.problem.line >= 1);
  });
});

describe('terraform: mutated HCL never throws', () => {
  it('200 seeded mutations of examples/acme vpc files: a module or located problems, every time', () => {
    const src = path.join(__dirname, '..', '..', 'examples', 'acme', 'components', 'terraform', 'vpc');
    const originals = ['variables.tf', 'main.tf', 'outputs.tf', 'versions.tf'].map((f) => readFileSync(path.join(src, f), 'utf8'));
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = ['{', '}', '"', '<<EOT\n', '${', '=', '\n', '[', ']', '(', '#', '/*', '\\', 'é', '\u0000'];
    let withProblems = 0;
    for (let round = 0; round < 200; round++) {
      clearTerraformCaches();
      const fs = new MemoryFileSystem();
      originals.forEach((text, i) => {
        let t = text;
        for (let k = 0; k < 1 + rand(4); k++) {
          const at = rand(t.length + 1);
          t = rand(2) === 0 ? t.slice(0, at) + pieces[rand(pieces.length)] + t.slice(at) : t.slice(0, at) + t.slice(at + 1 + rand(20));
        }
        fs.write(at(`f${i}.tf`), t);
      });
      const m = loadTerraformModule(fs, dir, parser)!;
      assert.ok(m, `round ${round}: a module`);
      for (const p of m.problems) {
        const lines = (fs.readFile(p.file) ?? '').split('\n').length;
        assert.ok(p.line >= 1 && p.line <= lines + 1 && p.column >= 1, `round ${round}: problem located in the file: ${JSON.stringify(p)}`);
      }
      if (m.problems.length > 0) withProblems++;
    }
    assert.ok(withProblems > 50, `most mutations break the syntax (${withProblems}/200)`);
  });
});
