import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { registerSessions } from '../../src/cli/commands/sessions';
import { UserError, UsageError } from '../../src/cli/errors';
import { SessionStore } from '../../src/sessions/store';

describe('sessions: atmos-ai sessions …', () => {
  let dataDir: string;
  let out: string;
  let err: string;
  const run = async (...args: string[]) => {
    out = '';
    err = '';
    const program = new Command('atmos-ai').exitOverride();
    registerSessions(program, { out: (t) => (out += t), err: (t) => (err += t), env: { ATMOS_AI_DATA_DIR: dataDir } });
    for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: (t) => (err += t) });
    await program.parseAsync(['node', 'atmos-ai', 'sessions', ...args]);
    return out;
  };
  let ids: string[];

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-cli-'));
    const store = await SessionStore.open({ dataDir });
    const a = store.createSession({ name: 'vpc questions', provider: 'anthropic', model: 'claude-sonnet-4-5' });
    store.appendMessage(a.id, { role: 'user', content: [{ type: 'text', text: 'where is cidr_block set for vpc?' }] });
    store.appendMessage(a.id, { role: 'assistant', content: [{ type: 'text', text: 'in catalog/vpc.yaml' }], usage: { inputTokens: 120, outputTokens: 30, cost: 0.002 } });
    // explicitly later: a's messages may carry times just after now (they never go back in time)
    const b = store.createSession({ name: 'eks upgrade', provider: 'openai', model: 'gpt-5', createdAt: Date.now() + 60_000 });
    ids = [a.id, b.id];
    store.close();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists, shows, searches, renames and deletes', async () => {
    const list = await run('list');
    assert.match(list, new RegExp(`^${ids[1].slice(0, 8)} .* eks upgrade\\n${ids[0].slice(0, 8)} .*2 msg .*vpc questions\\n`));
    assert.match(list, /2 sessions; tokens in 120, out 30/);
    assert.deepEqual(JSON.parse(await run('list', '--provider', 'anthropic', '--format', 'json')).map((s: { id: string }) => s.id), [ids[0]]);

    const show = await run('show', ids[0].slice(0, 8));
    assert.match(show, /^vpc questions\n/);
    assert.match(show, /\[2\] assistant .*\nin catalog\/vpc\.yaml/);

    assert.match(await run('search', 'cidr_block'), /vpc questions \[user\]: where is \[cidr\]_\[block\]/);
    assert.equal(await run('search', 'kubernetes'), 'no matches\n');

    assert.match(await run('rename', ids[1], 'eks 1.31'), /renamed .* to eks 1\.31/);
    assert.match(await run('delete', ids[0]), /deleted .* \(vpc questions, 2 messages\)/);
    assert.doesNotMatch(await run('list'), /vpc questions/);
    assert.match(out, /eks 1\.31/);
  });

  it('exports and imports a session', async () => {
    const json = await run('export', ids[0]);
    assert.equal(JSON.parse(json).session.name, 'vpc questions');
    assert.match(await run('export', ids[0], '--format', 'md'), /^# Atmos AI Session: vpc questions/);
    const file = path.join(dataDir, 'export.yaml');
    writeFileSync(file, await run('export', ids[0], '--format', 'yaml'));
    assert.match(await run('import', file, '--name', 'copy'), /^imported .* \(copy, 2 messages\)/);
    assert.match(await run('list'), /copy/);
  });

  it('reports a missing session, a bad import and a bad format', async () => {
    await assert.rejects(run('show', 'nope'), (e: unknown) => e instanceof UserError && /no session 'nope'/.test(e.message));
    const bad = path.join(dataDir, 'bad.json');
    writeFileSync(bad, '{\n  "version": "1.0",\n  "session": {"name": "x", "provider": "p", "model": "m"},\n  "messages": [{"role": "robot", "content": "hi"}],\n  "statistics": {"message_count": 1}\n}\n');
    await assert.rejects(run('import', bad), (e: unknown) => e instanceof UserError && e.format().startsWith(`${bad}:4:25: messages.0.role must be`));
    await assert.rejects(run('export', ids[0], '--format', 'xml'), UsageError);
  });

  it('runs as a real command with the contract’s exit codes', function () {
    this.timeout(30_000);
    const main = path.join(__dirname, '..', '..', 'src', 'cli', 'main.ts');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', main, 'sessions', ...args], { env: { ...process.env, ATMOS_AI_DATA_DIR: dataDir }, encoding: 'utf8' });
    const ok = cli('list', '--format', 'json');
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).length, 2);
    const missing = cli('show', 'no-such-session');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no session 'no-such-session'/);
    assert.equal(cli('export', ids[0], '--format', 'xml').status, 2);
  });
});
