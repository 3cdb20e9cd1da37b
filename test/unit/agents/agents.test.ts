import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadAgentCatalog } from '../../../src/agents/agentCatalog';
import { BUILTIN_AGENTS } from '../../../src/agents/builtinAgents';
import { decide } from '../../../src/tools/permissionPolicy';

const promptsDir = path.resolve(__dirname, '../../../prompts');
const policy = { allowed: [{ pattern: '*', source: 'settings' as const }], restricted: [], blocked: [], yolo: true, requireConfirmation: true };
const nothingRemembered = { has: () => false };

describe('agents', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'atmos-ai-agents-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('ships five built-ins, each with a substantial prompt that includes the shared Atmos notes', async () => {
    const catalog = await loadAgentCatalog({ promptsDir });
    assert.deepEqual(catalog.agents.map((a) => a.name), ['general', 'stack-analyzer', 'component-refactor', 'security-auditor', 'config-validator']);
    for (const agent of catalog.agents) {
      assert.ok(agent.prompt.length > 1500, `${agent.name} prompt is too thin`);
      assert.ok(!agent.prompt.includes('{{shared}}'), `${agent.name}: shared notes not substituted`);
      assert.match(agent.prompt, /metadata\.inherits/);
    }
  });

  it('keeps read-only agents away from writes and terraform even in YOLO mode', async () => {
    const catalog = await loadAgentCatalog({ promptsDir });
    for (const name of ['stack-analyzer', 'security-auditor', 'config-validator']) {
      const agent = catalog.get(name)!;
      for (const tool of ['file_write', 'write_stack_file', 'atmos_terraform_apply', 'atmos_terraform_plan']) {
        assert.equal(decide(tool, agent, policy, nothingRemembered).rule, 'agent_scope', `${name} may use ${tool}`);
      }
      assert.equal(decide('atmos_describe_component', agent, policy, nothingRemembered).decision, 'allow');
    }
    const refactor = catalog.get('component-refactor')!;
    assert.equal(decide('write_stack_file', refactor, policy, nothingRemembered).decision, 'allow');
    assert.equal(decide('atmos_terraform_apply', refactor, policy, nothingRemembered).rule, 'agent_scope');
    assert.equal(catalog.get('general')!.tools, undefined);
  });

  it('loads workspace agents, lets them shadow built-ins, and imports SKILL.md', async () => {
    const ws = path.join(dir, 'ws');
    await mkdir(path.join(ws, '.atmos/agents/tf-reviewer'), { recursive: true });
    await writeFile(path.join(ws, '.atmos/agents/tf-reviewer/.agent.yaml'), 'name: tf-reviewer\ndescription: Reviews Terraform\ntools: [atmos_describe_*, file_read]\nrestricted_tools: [file_read]\n');
    await writeFile(path.join(ws, '.atmos/agents/tf-reviewer/prompt.md'), 'You review Terraform.');
    await mkdir(path.join(ws, '.atmos/agents/general'), { recursive: true });
    await writeFile(path.join(ws, '.atmos/agents/general/.agent.yaml'), 'name: general\ndescription: Team general\nsystem_prompt: Be terse.\n');
    await mkdir(path.join(ws, '.atmos/agents/atmos-imports'), { recursive: true });
    await writeFile(path.join(ws, '.atmos/agents/atmos-imports/SKILL.md'), '---\nname: atmos-imports\ndescription: Explains imports\nallowed-tools: atmos_describe_component, file_read\n---\n# Imports\nExplain imports.\n');
    const catalog = await loadAgentCatalog({ promptsDir, workspaceRoot: ws });
    assert.deepEqual(catalog.problems, []);
    assert.deepEqual(catalog.get('tf-reviewer')?.tools, ['atmos_describe_*', 'file_read']);
    assert.deepEqual(catalog.get('tf-reviewer')?.restrictedTools, ['file_read']);
    assert.equal(catalog.get('general')?.prompt, 'Be terse.');
    assert.equal(catalog.get('general')?.origin, 'workspace');
    assert.deepEqual(catalog.get('atmos-imports')?.tools, ['atmos_describe_component', 'file_read']);
    assert.match(catalog.get('atmos-imports')!.prompt, /^# Imports/);
  });

  it('reports invalid definitions with file:line:col and keeps loading the rest', async () => {
    const agents = path.join(dir, '.atmos/agents');
    await mkdir(path.join(agents, 'bad-key'), { recursive: true });
    await writeFile(path.join(agents, 'bad-key/.agent.yaml'), 'name: bad-key\ndescription: x\ntools:\n  - atmos_where\n  - 42\ncolour: red\n');
    await writeFile(path.join(agents, 'bad-key/prompt.md'), 'x');
    await mkdir(path.join(agents, 'bad-yaml'), { recursive: true });
    await writeFile(path.join(agents, 'bad-yaml/.agent.yaml'), 'name: bad-yaml\ndescription: [unclosed\n');
    await mkdir(path.join(agents, 'no-prompt'), { recursive: true });
    await writeFile(path.join(agents, 'no-prompt/.agent.yaml'), 'name: no-prompt\ndescription: x\nprompt: missing.md\n');
    await mkdir(path.join(agents, 'empty'), { recursive: true });
    await mkdir(path.join(agents, 'good'), { recursive: true });
    await writeFile(path.join(agents, 'good/.agent.yaml'), 'name: good\ndescription: fine\nsystem_prompt: ok\n');
    const catalog = await loadAgentCatalog({ promptsDir, workspaceRoot: dir });
    const by = (folder: string) => catalog.problems.filter((p) => p.file.includes(`${path.sep}${folder}${path.sep}`) || p.file.endsWith(`${path.sep}${folder}`));
    const badKey = by('bad-key');
    assert.ok(badKey.some((p) => p.line === 5 && p.col === 5 && /tools\.1/.test(p.message)), JSON.stringify(badKey));
    assert.ok(badKey.some((p) => p.line === 6 && /unknown key 'colour'/.test(p.message)), JSON.stringify(badKey));
    assert.equal(by('bad-yaml').length > 0, true);
    assert.ok(by('no-prompt').some((p) => p.line === 3 && /missing\.md not found/.test(p.message)), JSON.stringify(by('no-prompt')));
    assert.ok(by('empty').some((p) => /no \.agent\.yaml or SKILL\.md/.test(p.message)));
    assert.ok(catalog.get('good'));
    assert.equal(catalog.agents.length, BUILTIN_AGENTS.length + 1);
  });
});
