import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AuditLog } from '../../../src/tools/auditLog';
import { REDACTED, redactSecrets, redactString } from '../../../src/tools/redactSecrets';

/** Secrets of every shape we promise to keep out of the audit log. */
const secrets = {
  anthropic: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789',
  openai: 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx1234',
  xai: 'xai-abcdefghijklmnopqrstuvwxyz123456',
  google: 'AIzaSyA1234567890abcdefghijklmnopqrstu',
  awsKeyId: 'AKIAIOSFODNN7EXAMPLE',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  github: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  bearer: 'Bearer abcdef0123456789abcdef',
};

describe('secret redaction', () => {
  it('redacts values under secret-looking keys at any depth', () => {
    const out = redactSecrets({ a: { api_key: 'plain-looking', nested: [{ password: 'hunter2' }] }, ANTHROPIC_API_KEY: 'x1', token: 'abc', name: 'vpc' }) as Record<string, unknown>;
    assert.deepEqual(out, { a: { api_key: REDACTED, nested: [{ password: REDACTED }] }, ANTHROPIC_API_KEY: REDACTED, token: REDACTED, name: 'vpc' });
  });

  it('redacts credential formats inside free text', () => {
    for (const [kind, secret] of Object.entries(secrets)) {
      const text = `run with ${kind === 'awsSecret' ? `aws_secret_access_key=${secret}` : secret} now`;
      const out = redactString(text);
      const core = kind === 'bearer' ? secret.slice('Bearer '.length) : secret;
      assert.ok(!out.includes(core), `${kind} leaked: ${out}`);
      assert.ok(out.includes(REDACTED), `${kind}: no redaction marker in ${out}`);
    }
  });

  it('leaves ordinary Atmos values alone', () => {
    const value = { component: 'vpc', stack: 'plat-ue2-prod', path: 'vars.cidr_block', cidr: '10.1.0.0/16', enabled: true, sha: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', file: 'stacks/orgs/acme/plat/_defaults.yaml' };
    assert.deepEqual(redactSecrets(value), value);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    assert.deepEqual(redactSecrets(a), { x: 1, self: '[Circular]' });
  });
});

describe('audit log', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'atmos-ai-audit-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('never writes API keys or tokens placed in arguments', async () => {
    const log = new AuditLog({ file: path.join(dir, '.atmos', 'ai-audit.log'), retentionDays: 30 });
    await log.record({ client: 'chat', session: 's1', agent: 'general', tool: 'web_search', args: { query: `use ${secrets.openai}`, headers: { Authorization: secrets.bearer } }, decision: 'allow', rule: 'allowed', outcome: 'success' });
    await log.record({ client: 'claude-desktop', tool: 'file_write', args: { path: '.env', content: Object.values(secrets).join('\n') }, decision: 'deny', rule: 'blocked', outcome: 'denied', error: `refused ${secrets.github}` });
    const text = await readFile(path.join(dir, '.atmos', 'ai-audit.log'), 'utf8');
    for (const [kind, secret] of Object.entries(secrets)) {
      const core = kind === 'bearer' ? secret.slice('Bearer '.length) : secret;
      assert.ok(!text.includes(core), `${kind} reached the audit log`);
    }
    const entries = await log.read();
    assert.equal(entries.length, 2);
    assert.equal(entries[1].client, 'claude-desktop');
    assert.equal(entries[1].rule, 'blocked');
  });

  it('keeps lines whole under concurrent writes', async () => {
    const log = new AuditLog({ file: path.join(dir, 'a.log'), retentionDays: 0 });
    await Promise.all(Array.from({ length: 200 }, (_, i) => log.record({ client: 'chat', tool: `t${i}`, args: { i, pad: 'x'.repeat(5000) }, decision: 'allow', rule: 'yolo', outcome: 'success' })));
    const entries = await log.read();
    assert.deepEqual(entries.map((e) => e.tool).sort(), Array.from({ length: 200 }, (_, i) => `t${i}`).sort());
  });

  it('prunes entries older than retention_days and keeps unreadable lines', async () => {
    let now = new Date('2026-11-01T00:00:00Z');
    const file = path.join(dir, 'a.log');
    const log = new AuditLog({ file, retentionDays: 7, now: () => now });
    await log.record({ client: 'chat', tool: 'old', args: {}, decision: 'allow', rule: 'allowed', outcome: 'success' });
    now = new Date('2026-11-20T00:00:00Z');
    await log.record({ client: 'chat', tool: 'new', args: {}, decision: 'allow', rule: 'allowed', outcome: 'success' });
    const { appendFile } = await import('node:fs/promises');
    await appendFile(file, 'not json\n');
    assert.equal(await log.prune(), 1);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /"tool":"new"/);
    assert.equal(lines[1], 'not json');
  });
});
