import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileLock } from '../../src/sessions/lock';

describe('sessions: compaction lock', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-lock-'));
    file = path.join(dir, 'compact.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is exclusive while held and free after release', () => {
    const a = new FileLock(file);
    const b = new FileLock(file);
    assert.equal(a.tryAcquire('a'), true);
    assert.equal(b.tryAcquire('b'), false);
    assert.equal(a.stillHeld(), true);
    a.release();
    assert.equal(b.tryAcquire('b'), true);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).writer, 'b');
    assert.deepEqual(readdirSync(dir), ['compact.lock'], 'no draft files left behind');
  });

  it('breaks a lock whose process is gone', () => {
    writeFileSync(file, JSON.stringify({ pid: 999_999, writer: 'dead', at: Date.now() }));
    const lock = new FileLock(file, { isAlive: (pid) => pid !== 999_999 });
    assert.equal(lock.tryAcquire('me'), true);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).writer, 'me');
  });

  it('respects a live holder until the lock is older than staleAfterMs', () => {
    writeFileSync(file, JSON.stringify({ pid: process.pid, writer: 'other', at: 1000 }));
    assert.equal(new FileLock(file, { now: () => 2000, staleAfterMs: 60_000 }).tryAcquire('me'), false);
    assert.equal(new FileLock(file, { now: () => 70_000, staleAfterMs: 60_000 }).tryAcquire('me'), true);
  });

  it('does not release a lock someone else now holds', () => {
    const a = new FileLock(file);
    assert.equal(a.tryAcquire('a'), true);
    writeFileSync(file, JSON.stringify({ pid: process.pid, writer: 'thief', at: Date.now() }));
    assert.equal(a.stillHeld(), false);
    a.release();
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).writer, 'thief');
  });
});
