import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { createMcpServer } from '../../../src/mcp/server';
import type { AuditEntry, AuditLog } from '../../../src/tools/auditLog';
import { makeWorkspace, textOf, workspaceServer, type TempWorkspace } from './mcpFixtures';

interface Connected {
  client: Client;
  /** the server's own audit log (its write queue is the one to wait on) */
  audit: { read(): Promise<AuditEntry[]> };
  close(): Promise<void>;
}

/** Our server and the SDK's own client, linked in memory. `elicit` set means the client declares elicitation. */
async function connect(ws: TempWorkspace, options: { name?: string; elicit?: (req: ElicitRequest) => ElicitResult; calls?: string[] } = {}): Promise<Connected> {
  const { deps } = await workspaceServer(ws, options.calls);
  const server = createMcpServer(deps);
  const client = new Client({ name: options.name ?? 'test-client', version: '1.0.0' }, { capabilities: options.elicit ? { elicitation: {} } : {} });
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (req) => answer(req));
  }
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  return {
    client,
    audit: deps.audit as AuditLog,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

describe('mcp server (SDK client, in-memory transport)', () => {
  let ws: TempWorkspace;
  let conn: Connected | undefined;

  beforeEach(async () => {
    ws = await makeWorkspace();
  });
  afterEach(async () => {
    await conn?.audit.read(); // audit lines are written after the answer: let them land before the folder goes
    await conn?.close();
    conn = undefined;
    await ws.cleanup();
  });

  const audit = () => conn!.audit.read();

  it('lists the registry tools with their JSON Schemas and read-only hints, without blocked tools', async () => {
    conn = await connect(ws);
    const { tools } = await conn.client.listTools();
    const names = tools.map((t) => t.name);
    for (const expected of ['file_read', 'read_stack_file', 'file_search', 'file_write', 'write_stack_file', 'atmos_describe_component']) assert.ok(names.includes(expected), `${expected} listed`);
    assert.ok(!names.includes('atmos_terraform_apply'), 'blocked by default: not listed');
    assert.ok(!names.includes('danger_drop'), 'blocked by atmos.yaml: not listed');
    const fileRead = tools.find((t) => t.name === 'file_read');
    assert.equal(fileRead?.inputSchema.type, 'object');
    assert.deepEqual(fileRead?.inputSchema.required, ['path']);
    assert.equal(fileRead?.annotations?.readOnlyHint, true);
    assert.equal(tools.find((t) => t.name === 'file_write')?.annotations?.readOnlyHint, false);
  });

  it('runs file_read on the workspace and audits the call with the client name', async () => {
    conn = await connect(ws, { name: 'claude-code' });
    const result = await conn.client.callTool({ name: 'file_read', arguments: { path: 'stacks/orgs/acme/dev.yaml' } });
    assert.notEqual(result.isError, true);
    assert.match(textOf(result), /cidr_block: 10\.1\.0\.0\/16/);
    const entries = await audit();
    assert.equal(entries.length, 1);
    assert.equal(entries[0].client, 'claude-code');
    assert.equal(entries[0].tool, 'file_read');
    assert.equal(entries[0].outcome, 'success');
    assert.equal(entries[0].rule, 'allowed');
  });

  it('returns structured results as JSON text', async () => {
    const calls: string[] = [];
    conn = await connect(ws, { calls });
    const result = await conn.client.callTool({ name: 'atmos_describe_component', arguments: { component: 'vpc', stack: 'acme-dev' } });
    assert.deepEqual(JSON.parse(textOf(result)).vars, { cidr_block: '10.1.0.0/16' });
    assert.deepEqual(calls, ['describe vpc acme-dev']);
  });

  it('refuses a path that climbs out of the workspace, and secret files', async () => {
    conn = await connect(ws);
    const out = await conn.client.callTool({ name: 'file_read', arguments: { path: '../outside.txt' } });
    assert.equal(out.isError, true);
    assert.match(textOf(out), /outside the workspace/);
    assert.doesNotMatch(textOf(out), /outside the workspace\n$/, 'the file content is not returned');
    const stack = await conn.client.callTool({ name: 'read_stack_file', arguments: { path: '../../outside.txt' } });
    assert.equal(stack.isError, true);
    assert.match(textOf(stack), /outside/);
    const secret = await conn.client.callTool({ name: 'file_read', arguments: { path: '.env' } });
    assert.equal(secret.isError, true);
    assert.match(textOf(secret), /secret/);
    assert.deepEqual(
      (await audit()).map((e) => e.outcome),
      ['error', 'error', 'error'],
    );
  });

  it('refuses blocked tools even when called by name, and audits the denial', async () => {
    const calls: string[] = [];
    conn = await connect(ws, { calls, elicit: () => ({ action: 'accept', content: {} }) });
    const apply = await conn.client.callTool({ name: 'atmos_terraform_apply', arguments: { component: 'vpc' } });
    assert.equal(apply.isError, true);
    assert.match(textOf(apply), /Refused: atmos_terraform_apply is blocked by 'atmos_terraform_apply' \(settings\)/);
    const drop = await conn.client.callTool({ name: 'danger_drop', arguments: {} });
    assert.equal(drop.isError, true);
    assert.match(textOf(drop), /blocked by 'danger_\*' \(atmos\.yaml\)/);
    assert.deepEqual(calls, [], 'neither tool ran');
    const entries = await audit();
    assert.deepEqual(
      entries.map((e) => [e.tool, e.decision, e.rule, e.outcome]),
      [
        ['atmos_terraform_apply', 'deny', 'blocked', 'denied'],
        ['danger_drop', 'deny', 'blocked', 'denied'],
      ],
    );
  });

  it('refuses a restricted tool when the client cannot ask, saying how to allow it', async () => {
    conn = await connect(ws, { name: 'no-elicitation-client' });
    const result = await conn.client.callTool({ name: 'file_write', arguments: { path: 'notes.txt', content: 'hello' } });
    assert.equal(result.isError, true);
    const text = textOf(result);
    assert.match(text, /file_write needs the user's approval/);
    assert.match(text, /does not support elicitation/);
    assert.match(text, /settings\.ai\.tools\.allowed_tools/);
    assert.match(text, /atmosAi\.tools\.allowed/);
    await assert.rejects(readFile(path.join(ws.root, 'notes.txt')), /ENOENT/);
    const [entry] = await audit();
    assert.deepEqual([entry.client, entry.decision, entry.rule, entry.outcome], ['no-elicitation-client', 'ask', 'restricted', 'denied']);
  });

  it('asks through elicitation, with the diff, and writes when the user accepts', async () => {
    const asked: ElicitRequest[] = [];
    conn = await connect(ws, {
      elicit: (req) => {
        asked.push(req);
        return { action: 'accept', content: { allow_always: false } };
      },
    });
    const result = await conn.client.callTool({ name: 'write_stack_file', arguments: { path: 'orgs/acme/prod.yaml', content: 'vars:\n  stage: prod\n' } });
    assert.notEqual(result.isError, true, textOf(result));
    assert.equal(await readFile(path.join(ws.root, 'stacks/orgs/acme/prod.yaml'), 'utf8'), 'vars:\n  stage: prod\n');
    assert.equal(asked.length, 1);
    const message = (asked[0].params as { message: string }).message;
    assert.match(message, /write_stack_file/);
    assert.match(message, /\+\s*stage: prod/, 'the diff is shown');
    const [entry] = await audit();
    assert.deepEqual([entry.decision, entry.rule, entry.outcome], ['allow', 'user_allowed', 'success']);
  });

  it('does not write when the user declines the elicitation', async () => {
    conn = await connect(ws, { elicit: () => ({ action: 'decline' }) });
    const result = await conn.client.callTool({ name: 'file_write', arguments: { path: 'notes.txt', content: 'hello' } });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /denied/);
    await assert.rejects(readFile(path.join(ws.root, 'notes.txt')), /ENOENT/);
    const [entry] = await audit();
    assert.deepEqual([entry.rule, entry.outcome], ['user_denied', 'denied']);
  });

  it('remembers "allow always" so the next call does not ask', async () => {
    let asked = 0;
    conn = await connect(ws, {
      elicit: () => {
        asked += 1;
        return { action: 'accept', content: { allow_always: true } };
      },
    });
    await conn.client.callTool({ name: 'file_write', arguments: { path: 'a.txt', content: '1' } });
    const second = await conn.client.callTool({ name: 'file_write', arguments: { path: 'b.txt', content: '2' } });
    assert.notEqual(second.isError, true);
    assert.equal(asked, 1);
    assert.equal(await readFile(path.join(ws.root, 'b.txt'), 'utf8'), '2');
    assert.deepEqual(
      (await audit()).map((e) => e.rule),
      ['user_allowed_always', 'always_allowed'],
    );
  });

  it('reports bad arguments and unknown tools as tool errors', async () => {
    conn = await connect(ws);
    const bad = await conn.client.callTool({ name: 'file_read', arguments: { path: 7 } });
    assert.equal(bad.isError, true);
    assert.match(textOf(bad), /invalid arguments for file_read: path: must be string/);
    const unknown = await conn.client.callTool({ name: 'atmos_list_nothing', arguments: {} });
    assert.equal(unknown.isError, true);
    assert.match(textOf(unknown), /Unknown tool 'atmos_list_nothing'/);
  });

  it('serves atmos.yaml and ATMOS.md as resources', async () => {
    conn = await connect(ws);
    const { resources } = await conn.client.listResources();
    assert.deepEqual(resources.map((r) => r.uri).sort(), ['atmos://config/atmos.yaml', 'atmos://memory/ATMOS.md']);
    const memory = await conn.client.readResource({ uri: 'atmos://memory/ATMOS.md' });
    assert.match(String((memory.contents[0] as { text: string }).text), /tenant-environment-stage/);
    await assert.rejects(conn.client.readResource({ uri: 'atmos://nothing' }), /no resource atmos:\/\/nothing/);
  });

  it('serves the agents as prompts', async () => {
    conn = await connect(ws);
    const { prompts } = await conn.client.listPrompts();
    const names = prompts.map((p) => p.name);
    assert.ok(names.includes('general'), `general in ${names.join(', ')}`);
    assert.ok(names.includes('security-auditor'));
    const prompt = await conn.client.getPrompt({ name: 'security-auditor', arguments: { task: 'check the vpc component' } });
    const text = (prompt.messages[0].content as { text: string }).text;
    assert.match(text, /check the vpc component$/);
    assert.ok(text.length > 200, 'the agent instructions come first');
    await assert.rejects(conn.client.getPrompt({ name: 'nope' }), /no prompt 'nope'/);
  });
});
