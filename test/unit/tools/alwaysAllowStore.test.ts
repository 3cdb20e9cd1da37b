import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AlwaysAllowStore } from '../../../src/tools/alwaysAllowStore';
import { decide } from '../../../src/tools/permissionPolicy';

describe('always-allow memory', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'atmos-ai-always-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('remembers per workspace, lists and revokes', async () => {
    const store = new AlwaysAllowStore(dir, () => new Date('2026-11-25T00:00:00Z'));
    await store.allow('/ws/a', 'file_write');
    await store.allow('/ws/a', 'web_search');
    await store.allow('/ws/b', 'atmos_terraform_plan');
    assert.deepEqual(await store.list('/ws/a'), [
      { tool: 'file_write', since: '2026-11-25T00:00:00.000Z' },
      { tool: 'web_search', since: '2026-11-25T00:00:00.000Z' },
    ]);
    assert.equal((await store.forWorkspace('/ws/b')).has('file_write'), false);

    assert.equal(await store.revoke('/ws/a', 'file_write'), true);
    assert.equal(await store.revoke('/ws/a', 'file_write'), false);
    assert.deepEqual((await new AlwaysAllowStore(dir).forWorkspace('/ws/a')).tools, ['web_search']);
    assert.equal(await store.revoke('/ws/b'), true);
    assert.deepEqual(await store.list('/ws/b'), []);
  });

  it('feeds decide(): a remembered tool is allowed, a revoked one asks again', async () => {
    const store = new AlwaysAllowStore(dir);
    const policy = { allowed: [], restricted: [{ pattern: 'file_write', source: 'settings' as const }], blocked: [], yolo: false, requireConfirmation: true };
    await store.allow('/ws', 'file_write');
    assert.equal(decide('file_write', { name: 'general' }, policy, await store.forWorkspace('/ws')).rule, 'always_allowed');
    await store.revoke('/ws', 'file_write');
    assert.equal(decide('file_write', { name: 'general' }, policy, await store.forWorkspace('/ws')).rule, 'restricted');
  });

  it('starts empty from an unreadable file instead of failing', async () => {
    await writeFile(path.join(dir, 'always-allow.json'), '{not json');
    assert.deepEqual(await new AlwaysAllowStore(dir).list('/ws'), []);
  });
});
