import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SessionStore, type SessionChange } from '../../src/sessions/store';

describe('SessionStore.onDidChangeSession', () => {
  let dir: string;
  let store: SessionStore;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-changes-'));
    store = await SessionStore.open({ dataDir: dir });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells listeners about a rename with the renamed session', () => {
    const id = store.createSession({ name: 'before' }).id;
    const seen: SessionChange[] = [];
    store.onDidChangeSession((c) => seen.push(c));
    store.renameSession(id, 'after');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].kind, 'updated');
    assert.equal(seen[0].kind === 'updated' && seen[0].session.name, 'after');
    assert.equal(seen[0].kind === 'updated' && seen[0].session.id, id);
  });

  it('tells listeners about a delete, and not about a delete of nothing', () => {
    const id = store.createSession({ name: 'doomed' }).id;
    const seen: SessionChange[] = [];
    store.onDidChangeSession((c) => seen.push(c));
    assert.equal(store.deleteSession('no-such-session'), false);
    assert.equal(store.deleteSession(id), true);
    assert.deepEqual(seen, [{ kind: 'deleted', id }]);
  });

  it('stops when unsubscribed, and a throwing listener does not undo the write', () => {
    const id = store.createSession({ name: 'a' }).id;
    let calls = 0;
    const off = store.onDidChangeSession(() => calls++);
    store.onDidChangeSession(() => {
      throw new Error('listener failure');
    });
    store.renameSession(id, 'b');
    off();
    store.renameSession(id, 'c');
    assert.equal(calls, 1);
    assert.equal(store.getSession(id)?.name, 'c');
  });
});
