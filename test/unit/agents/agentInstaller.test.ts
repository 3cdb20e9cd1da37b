import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AgentInstallError, installAgents, parseInstallSource, uninstallAgent, updateAgent } from '../../../src/agents/agentInstaller';
import { NodeProcessRunner } from '../../../src/process/processRunner';

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'pipe' });

describe('agent packages', function () {
  this.timeout(30_000);
  let dir: string;
  let agentsDir: string;
  const opts = () => ({ agentsDir, runner: new NodeProcessRunner(), now: () => new Date('2026-11-25T00:00:00Z') });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'atmos-ai-pkg-'));
    agentsDir = path.join(dir, 'home/.atmos/agents');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('parses git URLs with tags and local paths', () => {
    assert.deepEqual(parseInstallSource('https://example.com/org/agents.git@v1.2'), { kind: 'git', location: 'https://example.com/org/agents.git', ref: 'v1.2' });
    assert.deepEqual(parseInstallSource('git@github.com:org/agents.git'), { kind: 'git', location: 'git@github.com:org/agents.git' });
    assert.deepEqual(parseInstallSource('git@github.com:org/agents.git@main'), { kind: 'git', location: 'git@github.com:org/agents.git', ref: 'main' });
    assert.equal(parseInstallSource('./my-agent').kind, 'path');
  });

  it('installs a multi-agent package from a git repository at a tag, updates it, uninstalls it', async () => {
    const repo = path.join(dir, 'repo');
    await mkdir(path.join(repo, 'agents/tf-review'), { recursive: true });
    await mkdir(path.join(repo, 'agents/drift'), { recursive: true });
    await writeFile(path.join(repo, 'agents/tf-review/.agent.yaml'), 'name: tf-review\ndescription: Reviews Terraform v1\nsystem_prompt: v1\n');
    await writeFile(path.join(repo, 'agents/drift/SKILL.md'), '---\nname: drift\ndescription: Finds drift\n---\nFind drift.\n');
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'v1');
    git(repo, 'tag', 'v1');
    await writeFile(path.join(repo, 'agents/tf-review/.agent.yaml'), 'name: tf-review\ndescription: Reviews Terraform v2\nsystem_prompt: v2\n');
    git(repo, 'commit', '-qam', 'v2');
    git(repo, 'tag', 'v2');

    const url = pathToFileURL(repo).href;
    const installed = await installAgents(`${url}@v1`, opts());
    assert.deepEqual(installed.map((a) => a.name).sort(), ['drift', 'tf-review']);
    assert.equal(installed.find((a) => a.name === 'tf-review')?.prompt, 'v1');
    const record = JSON.parse(await readFile(path.join(agentsDir, 'tf-review/.install.json'), 'utf8')) as { source: { ref: string }; commit: string };
    assert.equal(record.source.ref, 'v1');
    assert.match(record.commit, /^[0-9a-f]{40}$/);
    assert.ok(!(await readdir(path.join(agentsDir, 'tf-review'))).includes('.git'));

    await installAgents(`${url}@v2`, opts());
    assert.match(await readFile(path.join(agentsDir, 'tf-review/.agent.yaml'), 'utf8'), /v2/);
    await updateAgent('tf-review', opts());
    assert.match(await readFile(path.join(agentsDir, 'tf-review/.agent.yaml'), 'utf8'), /v2/);

    await uninstallAgent('drift', agentsDir);
    assert.deepEqual((await readdir(agentsDir)).sort(), ['tf-review']);
    await assert.rejects(uninstallAgent('../home', agentsDir), AgentInstallError);
  });

  it('refuses an invalid package with located errors and leaves installed agents alone', async () => {
    const good = path.join(dir, 'good');
    await mkdir(good, { recursive: true });
    await writeFile(path.join(good, '.agent.yaml'), 'name: keeper\ndescription: stays\nsystem_prompt: x\n');
    await installAgents(good, opts());
    const bad = path.join(dir, 'bad');
    await mkdir(path.join(bad, 'keeper'), { recursive: true });
    await writeFile(path.join(bad, 'keeper/.agent.yaml'), 'name: keeper\ndescription: broken\ntools: oops\nsystem_prompt: y\n');
    await assert.rejects(installAgents(bad, opts()), (err: AgentInstallError) => err.problems.some((p) => p.line === 3 && /tools/.test(p.message)));
    assert.match(await readFile(path.join(agentsDir, 'keeper/.agent.yaml'), 'utf8'), /stays/);
    await assert.rejects(installAgents(path.join(dir, 'missing'), opts()), /is not a folder/);
    await assert.rejects(installAgents(`${pathToFileURL(path.join(dir, 'nope')).href}.git`, opts()), /git clone .* failed/);
  });
});
