import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeProcessRunner } from '../../../src/process/processRunner';
import { headlessDiagnostics, validateFileLspTool } from '../../../src/tools/lsp/validateFileLspTool';
import { WorkspaceGuard } from '../../../src/tools/workspaceGuard';

/** A small manifest schema of our own, so the test does not depend on files outside the repository. */
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    import: { type: 'array', items: { type: 'string' } },
    vars: { type: 'object' },
    components: { type: 'object', properties: { terraform: { type: 'object' } }, additionalProperties: false },
  },
};

describe('validate_file_lsp (headless, real yaml-language-server)', function () {
  this.timeout(60_000);
  let root: string;
  const ctx = { signal: new AbortController().signal, client: 'test' };
  let tool: ReturnType<typeof validateFileLspTool>;

  before(async () => {
    root = await realpath(await mkdtemp(path.join(tmpdir(), 'atmos-ai-lsp-')));
    await mkdir(path.join(root, 'stacks'), { recursive: true });
    await writeFile(path.join(root, 'schema.json'), JSON.stringify(schema));
    await writeFile(path.join(root, 'stacks/good.yaml'), 'import:\n  - catalog/vpc\nvars:\n  stage: prod\n  secret: !env DB_PASSWORD\n');
    await writeFile(path.join(root, 'stacks/bad.yaml'), 'import: catalog/vpc\ncomponents:\n  terrafrom:\n    vpc: {}\nvars:\n  a: [1, 2\n');
    await writeFile(path.join(root, 'notes.txt'), 'x');
    const runner = new NodeProcessRunner();
    tool = validateFileLspTool(WorkspaceGuard.fromIgnoreText(root, ''), headlessDiagnostics({ rootDir: root, runner, manifestSchema: { uri: pathToFileURL(path.join(root, 'schema.json')).href, globs: ['**/stacks/**/*.yaml'] } }));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('reports no problems for a valid stack file (Atmos YAML functions are known tags)', async () => {
    const out = await tool.run({ path: 'stacks/good.yaml' }, ctx);
    assert.equal(out.isError, undefined, out.content);
    assert.equal(out.content, 'stacks/good.yaml: no problems');
  });

  it('reports schema and syntax problems with file:line:col', async () => {
    const out = await tool.run({ path: 'stacks/bad.yaml' }, ctx);
    const lines = out.content.split('\n');
    assert.ok(lines.some((l) => /^stacks\/bad\.yaml:1:\d+: (error|warning): .*(array|Incorrect type)/i.test(l)), out.content);
    assert.ok(lines.some((l) => /^stacks\/bad\.yaml:3:\d+: (error|warning): .*terrafrom/i.test(l)), out.content);
    assert.ok(lines.some((l) => /^stacks\/bad\.yaml:[67]:\d+: error: .*Flow sequence/.test(l)), out.content);
  });

  it('refuses paths outside the workspace and says which files it cannot check', async () => {
    assert.equal((await tool.run({ path: '../etc/passwd' }, ctx)).isError, true);
    const txt = await tool.run({ path: 'notes.txt' }, ctx);
    assert.equal(txt.isError, true);
    assert.match(txt.content, /only YAML stack files and Terraform/);
  });
});
