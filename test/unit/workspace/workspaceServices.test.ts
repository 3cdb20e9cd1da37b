import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decide } from '../../../src/tools/permissionPolicy';
import { DEFAULT_SETTINGS } from '../../../src/workspace/assistantSettings';
import { openWorkspaceServices } from '../../../src/workspace/workspaceServices';
import { readFileSync } from 'node:fs';

const repo = path.resolve(__dirname, '../../..');
const fixtureScript = path.join(repo, 'test/unit/mcp/fixtures/fixtureMcpServer.ts');

describe('workspace services (the wiring the CLI, the chat and Copilot share)', function () {
  this.timeout(60_000);
  let dir: string;
  let acme: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'atmos-ai-services-'));
    acme = path.join(dir, 'acme');
    await cp(path.join(repo, 'examples/acme'), acme, { recursive: true });
    // a team's atmos.yaml: one extra blocked tool, and an MCP server of the test's own
    await appendFile(
      path.join(acme, 'atmos.yaml'),
      `\nsettings:\n  ai:\n    tools:\n      blocked_tools: [web_search]\n    mcp:\n      servers:\n        fixture:\n          command: ${JSON.stringify(process.execPath)}\n          args: ["--import", "tsx", ${JSON.stringify(fixtureScript)}]\n        dead:\n          command: /nonexistent/mcp-server\n`,
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('registers every tool of the contract plus the MCP servers\' tools, under one policy', async () => {
    const services = await openWorkspaceServices({ cwd: acme, dataDir: path.join(dir, 'data'), settings: DEFAULT_SETTINGS, env: { ...process.env, HOME: dir } });
    try {
      const names = services.registry.list().map((t) => t.name);
      for (const tool of ['atmos_describe_component', 'atmos_describe_stacks', 'atmos_list_stacks', 'atmos_list_components', 'atmos_validate_stacks', 'atmos_validate_component', 'file_read', 'file_write', 'file_search', 'read_component_file', 'read_stack_file', 'write_component_file', 'write_stack_file', 'validate_file_lsp', 'web_search', 'atmos_terraform_plan', 'atmos_terraform_apply', 'atmos_terraform_destroy', 'atmos_where', 'atmos_describe_dependents', 'atmos_describe_affected']) {
        assert.ok(names.includes(tool), `missing ${tool}`);
      }
      assert.ok(names.includes('fixture__echo'), names.join(', '));
      const echo = await services.registry.get('fixture__echo')!.run({ text: 'hi' }, { signal: new AbortController().signal, client: 'test' });
      assert.equal(echo.content, 'echo: hi');
      assert.ok(services.mcpProblems.some((p) => /dead/.test(p)), services.mcpProblems.join('\n'));

      const none = { has: () => false };
      assert.equal(decide('web_search', { name: 'general' }, services.policy, none).rule, 'blocked', 'atmos.yaml blocked list applies');
      assert.equal(decide('atmos_terraform_apply', { name: 'general' }, services.policy, none).rule, 'blocked', 'settings blocked list applies');
      assert.equal(decide('fixture__echo', { name: 'general' }, services.policy, none).decision, 'ask', 'external tools ask by default');
    } finally {
      await services.dispose();
    }
  });

  it('keeps the policy defaults in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual(props['atmosAi.tools.allowed'].default, DEFAULT_SETTINGS.tools.allowed);
    assert.deepEqual(props['atmosAi.tools.restricted'].default, DEFAULT_SETTINGS.tools.restricted);
    assert.deepEqual(props['atmosAi.tools.blocked'].default, DEFAULT_SETTINGS.tools.blocked);
    assert.equal(props['atmosAi.tools.requireConfirmation'].default, DEFAULT_SETTINGS.tools.requireConfirmation);
    assert.equal(props['atmosAi.audit.path'].default, DEFAULT_SETTINGS.audit.path);
    assert.equal(props['atmosAi.memory.maxBytes'].default, DEFAULT_SETTINGS.memory.maxBytes);
  });
});
