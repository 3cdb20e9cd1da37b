import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WorkspaceGuard } from '../../../src/tools/workspaceGuard';

describe('workspace guard (file tool confinement)', () => {
  let base: string;
  let root: string;
  let outside: string;
  let guard: WorkspaceGuard;

  before(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'atmos-ai-guard-')));
    root = path.join(base, 'repo');
    outside = path.join(base, 'outside');
    await mkdir(path.join(root, 'stacks/orgs/acme'), { recursive: true });
    await mkdir(path.join(root, 'private'), { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(root, 'stacks/orgs/acme/_defaults.yaml'), 'vars: {}\n');
    await writeFile(path.join(outside, 'passwd'), 'root:x:0:0\n');
    await symlink(outside, path.join(root, 'escape'));
    await symlink(path.join(outside, 'passwd'), path.join(root, 'stacks/link.yaml'));
    await symlink(path.join(root, 'stacks'), path.join(root, 'stacks-alias'));
    guard = WorkspaceGuard.fromIgnoreText(root, 'private/\n*.secret.yaml\n');
  });
  after(() => rm(base, { recursive: true, force: true }));

  const refused: [string, string, string][] = [
    ['parent traversal', '../outside/passwd', 'outside_workspace'],
    ['traversal hidden in the middle', 'stacks/../../outside/passwd', 'outside_workspace'],
    ['absolute path outside', '/etc/passwd', 'outside_workspace'],
    ['symlinked directory out', 'escape/passwd', 'outside_workspace'],
    ['symlinked file out', 'stacks/link.yaml', 'outside_workspace'],
    ['new file under a symlink out', 'escape/new.txt', 'outside_workspace'],
    ['.atmosignore directory', 'private/notes.md', 'ignored'],
    ['.atmosignore glob', 'stacks/db.secret.yaml', 'ignored'],
    ['.env', '.env', 'secret'],
    ['.env.production', 'config/.env.production', 'secret'],
    ['private key', 'certs/server.key', 'secret'],
    ['pem', 'certs/ca.pem', 'secret'],
    ['terraform state', 'components/terraform/vpc/terraform.tfstate', 'secret'],
    ['terraform state backup', 'components/terraform/vpc/terraform.tfstate.backup', 'secret'],
    ['.terraform dir', 'components/terraform/vpc/.terraform/providers.json', 'secret'],
    ['NUL byte', 'stacks/a\0b', 'invalid'],
    ['empty', '', 'invalid'],
  ];
  for (const [name, requested, reason] of refused) {
    it(`refuses ${name}`, async () => {
      const result = await guard.check(requested);
      assert.equal(result.ok, false, `${requested} was accepted`);
      if (!result.ok) assert.equal(result.reason, reason, result.message);
    });
  }

  it('accepts files inside, relative or absolute, existing or new', async () => {
    for (const requested of ['stacks/orgs/acme/_defaults.yaml', path.join(root, 'stacks/orgs/acme/_defaults.yaml'), 'stacks/new.yaml', './stacks/./orgs/../orgs/acme/x.yaml']) {
      const result = await guard.check(requested);
      assert.ok(result.ok, `${requested} was refused`);
    }
  });

  it('accepts a symlink that stays inside and reports the real path', async () => {
    const result = await guard.check('stacks-alias/orgs/acme/_defaults.yaml');
    assert.ok(result.ok);
    if (result.ok) assert.equal(result.relative, 'stacks/orgs/acme/_defaults.yaml');
  });

  it('lets an explicit caller read secret files, but never outside or ignored ones', async () => {
    assert.equal((await guard.check('.env', { allowSecrets: true })).ok, true);
    assert.equal((await guard.check('.env.example')).ok, true);
    assert.equal((await guard.check('../outside/passwd', { allowSecrets: true })).ok, false);
    assert.equal((await guard.check('private/x', { allowSecrets: true })).ok, false);
  });
});
