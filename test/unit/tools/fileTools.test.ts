import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileTools } from '../../../src/tools/file/fileTools';
import type { ToolContext, ToolSpec } from '../../../src/tools/toolSpec';
import { WorkspaceGuard } from '../../../src/tools/workspaceGuard';

const ctx: ToolContext = { signal: new AbortController().signal, client: 'test' };

describe('file tools', () => {
  let base: string;
  let root: string;
  let tools: Map<string, ToolSpec>;
  const run = (name: string, args: Record<string, unknown>) => tools.get(name)!.run(args, ctx);

  before(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'atmos-ai-files-')));
    root = path.join(base, 'repo');
    await mkdir(path.join(root, 'stacks/orgs/acme'), { recursive: true });
    await mkdir(path.join(root, 'components/terraform/vpc'), { recursive: true });
    await mkdir(path.join(root, 'secret-notes'), { recursive: true });
    await writeFile(path.join(root, 'stacks/orgs/acme/_defaults.yaml'), 'vars:\n  namespace: acme\n  region: us-east-2\n');
    await writeFile(path.join(root, 'components/terraform/vpc/variables.tf'), 'variable "cidr_block" {\n  type = string\n}\n');
    await writeFile(path.join(root, '.env'), 'AWS_SECRET_ACCESS_KEY=abc\n');
    await writeFile(path.join(root, 'secret-notes/x.md'), 'namespace: hidden\n');
    await writeFile(path.join(root, 'blob.bin'), Buffer.from([1, 2, 0, 3]));
    await writeFile(path.join(base, 'outside.yaml'), 'namespace: outside\n');
    await symlink(path.join(base, 'outside.yaml'), path.join(root, 'stacks/escape.yaml'));
    const guard = WorkspaceGuard.fromIgnoreText(root, 'secret-notes/\n');
    tools = new Map(fileTools({ root, guard, stacksDir: 'stacks', componentDirs: { terraform: 'components/terraform', helmfile: 'components/helmfile' } }).map((t) => [t.name, t]));
  });
  after(() => rm(base, { recursive: true, force: true }));

  it('reads workspace, stack and component files, and line ranges', async () => {
    assert.match((await run('file_read', { path: 'stacks/orgs/acme/_defaults.yaml' })).content, /namespace: acme/);
    assert.match((await run('read_stack_file', { path: 'orgs/acme/_defaults.yaml' })).content, /region: us-east-2/);
    assert.match((await run('read_component_file', { component: 'vpc', file: 'variables.tf' })).content, /variable "cidr_block"/);
    const range = await run('file_read', { path: 'stacks/orgs/acme/_defaults.yaml', start_line: 2, end_line: 2 });
    assert.equal(range.content, 'stacks/orgs/acme/_defaults.yaml lines 2-2 of 4:\n  namespace: acme');
  });

  const attacks: [string, string, Record<string, unknown>, RegExp][] = [
    ['../ out of the workspace', 'file_read', { path: '../outside.yaml' }, /outside the workspace/],
    ['absolute path', 'file_read', { path: '/etc/passwd' }, /outside the workspace/],
    ['symlink out', 'read_stack_file', { path: 'escape.yaml' }, /outside the workspace/],
    ['../ out of the stacks folder', 'read_stack_file', { path: '../components/terraform/vpc/variables.tf' }, /outside stacks/],
    ['component ../', 'read_component_file', { component: '../../stacks', file: 'orgs/acme/_defaults.yaml' }, /outside components/],
    ['component type unknown', 'read_component_file', { component: 'vpc', file: 'main.tf', type: 'packer' }, /unknown component type/],
    ['.atmosignore', 'file_read', { path: 'secret-notes/x.md' }, /\.atmosignore/],
    ['secret file', 'file_read', { path: '.env' }, /secret/],
    ['binary', 'file_read', { path: 'blob.bin' }, /binary/],
    ['write outside', 'file_write', { path: '../evil.yaml', content: 'x' }, /outside the workspace/],
    ['write through symlink', 'write_stack_file', { path: 'escape.yaml', content: 'x' }, /outside the workspace/],
    ['write a secret', 'file_write', { path: 'certs/new.key', content: 'x' }, /secret/],
  ];
  for (const [name, tool, args, message] of attacks) {
    it(`refuses ${name}`, async () => {
      const out = await run(tool, args);
      assert.equal(out.isError, true, out.content);
      assert.match(out.content, message);
    });
  }

  it('never wrote through a refused path', async () => {
    assert.equal(await readFile(path.join(base, 'outside.yaml'), 'utf8'), 'namespace: outside\n');
    assert.deepEqual((await readdir(base)).sort(), ['outside.yaml', 'repo']);
  });

  it('writes atomically and previews a diff', async () => {
    const args = { path: 'orgs/acme/_defaults.yaml', content: 'vars:\n  namespace: acme\n  region: us-west-2\n' };
    const preview = await tools.get('write_stack_file')!.preview!(args, ctx);
    assert.match(preview!.diff!, /- {2}region: us-east-2\n\+ {2}region: us-west-2/);
    assert.equal(preview!.summary, 'edit stacks/orgs/acme/_defaults.yaml');
    const out = await run('write_stack_file', args);
    assert.equal(out.isError, undefined);
    assert.equal(await readFile(path.join(root, 'stacks/orgs/acme/_defaults.yaml'), 'utf8'), args.content);
    assert.deepEqual((await readdir(path.join(root, 'stacks/orgs/acme'))).filter((f) => f.endsWith('.tmp')), []);
    await run('write_component_file', { component: 'vpc', file: 'outputs.tf', content: 'output "id" {}\n' });
    assert.equal(await readFile(path.join(root, 'components/terraform/vpc/outputs.tf'), 'utf8'), 'output "id" {}\n');
  });

  it('searches by glob and text, skipping hidden and secret files', async () => {
    const byGlob = (await run('file_search', { glob: 'stacks/**/*.yaml' })).content.split('\n');
    assert.ok(byGlob.includes('stacks/orgs/acme/_defaults.yaml'));
    const byText = (await run('file_search', { text: 'namespace' })).content;
    assert.match(byText, /stacks\/orgs\/acme\/_defaults\.yaml:2: namespace: acme/);
    assert.ok(!byText.includes('hidden'), 'searched an .atmosignore-d file');
    assert.ok(!byText.includes('outside'), 'followed a symlink out');
    assert.ok(!(await run('file_search', { text: 'AWS_SECRET' })).content.includes('.env'));
    assert.match((await run('file_search', { text: '[', regex: true })).content, /invalid regular expression/);
  });
});
