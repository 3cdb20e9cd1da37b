import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { encodeEntry, type JournalEntry } from '../../src/sessions/journal';
import { SessionStore, type StoreDiagnostic } from '../../src/sessions/store';

const text = (t: string) => [{ type: 'text' as const, text: t }];

describe('sessions: store', () => {
  let dataDir: string;
  let clock: number;
  const now = () => clock;
  const open = (extra: Partial<Parameters<typeof SessionStore.open>[0]> = {}) => SessionStore.open({ dataDir, now, ...extra });

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-store-'));
    clock = Date.UTC(2026, 0, 10);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates, lists by recency, filters by provider, renames and deletes', async () => {
    const store = await open();
    const a = store.createSession({ name: 'a', provider: 'anthropic', model: 'claude', agent: 'general', projectPath: '/repo' });
    clock += 1000;
    const b = store.createSession({ name: 'b', provider: 'openai' });
    clock += 1000;
    store.appendMessage(a.id, { role: 'user', content: text('hello') });
    assert.deepEqual(store.listSessions().map((s) => s.name), ['a', 'b']);
    assert.deepEqual(store.listSessions({ provider: 'openai' }).map((s) => s.id), [b.id]);
    assert.deepEqual(store.listSessions({ limit: 1 }).map((s) => s.id), [a.id]);
    assert.equal(store.getSession(a.id)?.messageCount, 1);
    assert.equal(store.getSession(a.id)?.agent, 'general');
    assert.equal(store.renameSession(b.id, 'renamed').name, 'renamed');
    assert.equal(store.deleteSession(a.id), true);
    assert.equal(store.deleteSession(a.id), false);
    assert.equal(store.getSession(a.id), undefined);
    assert.throws(() => store.appendMessage(a.id, { role: 'user', content: text('late') }), /no session/);
    store.close();

    const again = await open();
    assert.deepEqual(again.listSessions().map((s) => s.name), ['renamed']);
    again.close();
  });

  it('keeps typed blocks, orders messages and numbers them', async () => {
    const store = await open();
    const s = store.createSession();
    const blocks = [
      { type: 'text' as const, text: 'checking' },
      { type: 'tool_use' as const, id: 'tu1', name: 'atmos_describe_component', input: { component: 'vpc', stack: 'plat-ue2-dev' } },
    ];
    store.appendMessage(s.id, { role: 'assistant', content: blocks });
    // the clock stands still: later messages still sort after earlier ones
    store.appendMessage(s.id, { role: 'user', content: [{ type: 'tool_result', toolUseId: 'tu1', content: 'cidr 10.0.0.0/16', isError: false }] });
    const third = store.appendMessage(s.id, { role: 'assistant', content: text('done') });
    assert.equal(third.sequence, 3);
    const messages = store.getMessages(s.id);
    assert.deepEqual(messages.map((m) => m.role), ['assistant', 'user', 'assistant']);
    assert.deepEqual(messages[0].content, blocks);
    assert.deepEqual(messages.map((m) => m.sequence), [1, 2, 3]);
    store.close();
  });

  it('searches message text, tool inputs and results, newest first, and not in deleted sessions', async () => {
    const store = await open();
    const s = store.createSession({ name: 'network' });
    store.appendMessage(s.id, { role: 'user', content: text('Why does the VPC in plat-ue2-dev have two NAT gateways?') });
    clock += 10;
    store.appendMessage(s.id, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'atmos_where', input: { path: 'vars.nat_gateway_enabled' } }] });
    const gone = store.createSession({ name: 'gone' });
    store.appendMessage(gone.id, { role: 'user', content: text('nat gateway in the deleted session') });
    store.deleteSession(gone.id);
    const hits = store.search('nat gateway');
    assert.deepEqual(hits.map((h) => h.sessionName), ['network', 'network']);
    assert.match(hits[1].snippet, /\[NAT\]/);
    assert.deepEqual(store.search('plat-ue2').length, 1);
    assert.deepEqual(store.search('kubernetes'), []);
    assert.equal(store.search('?').length, 1); // no word characters: substring match
    store.close();
  });

  it('adds up tokens and cost per session and in total', async () => {
    const store = await open();
    const a = store.createSession();
    const b = store.createSession();
    store.appendMessage(a.id, { role: 'assistant', content: text('x'), usage: { inputTokens: 100, outputTokens: 10, cacheReadTokens: 50, cacheWriteTokens: 5, cost: 0.25 } });
    store.appendMessage(a.id, { role: 'assistant', content: text('y'), usage: { inputTokens: 1, outputTokens: 2, cost: 0.5 } });
    store.appendMessage(b.id, { role: 'assistant', content: text('z'), usage: { inputTokens: 7, outputTokens: -3 } });
    assert.deepEqual(store.totals(a.id), { inputTokens: 101, outputTokens: 12, cacheReadTokens: 50, cacheWriteTokens: 5, cost: 0.75 });
    assert.deepEqual(store.totals(), { inputTokens: 108, outputTokens: 12, cacheReadTokens: 50, cacheWriteTokens: 5, cost: 0.75 });
    assert.equal(store.getMessages(a.id)[0].inputTokens, 100);
    store.close();
  });

  it('cleans up beyond max_sessions and after retention_days', async () => {
    const store = await open();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(store.createSession({ name: `s${i}` }).id);
      clock += 86_400_000; // one a day
    }
    // now: day 5; s0 is 5 days old, s4 one day old
    const removedByAge = store.cleanup({ retentionDays: 3 });
    assert.deepEqual(removedByAge.sort(), [ids[0], ids[1]].sort());
    const removedByCount = store.cleanup({ maxSessions: 2 });
    assert.deepEqual(removedByCount, [ids[2]]);
    assert.deepEqual(store.listSessions().map((s) => s.name), ['s4', 's3']);
    assert.deepEqual(store.cleanup({ retentionDays: 0 }), []);
    store.close();
  });

  it('archives compacted messages and keeps their summary', async () => {
    const store = await open();
    const s = store.createSession();
    const ids = [1, 2, 3].map((i) => store.appendMessage(s.id, { role: i % 2 ? 'user' : 'assistant', content: text(`m${i}`) }).id);
    const summary = store.compactMessages(s.id, ids.slice(0, 2), 'the user asked twice');
    assert.equal(summary.messageCount, 2);
    assert.deepEqual(store.getMessages(s.id, { includeArchived: false }).map((m) => m.id), [ids[2]]);
    assert.equal(store.getMessages(s.id).length, 3);
    store.close();
    const again = await open();
    assert.deepEqual(again.getSummaries(s.id).map((x) => x.content), ['the user asked twice']);
    assert.deepEqual(again.getMessages(s.id).map((m) => m.archived), [true, true, false]);
    again.close();
  });

  describe('durability', () => {
    const dir = () => path.join(dataDir, 'sessions');
    const journals = () => readdirSync(dir()).filter((f) => f.startsWith('journal-'));

    it('replays the journal when no snapshot was written (as after kill -9)', async () => {
      const store = await open({ snapshotAfterBytes: 1e9 });
      const s = store.createSession({ name: 'unsnapshotted' });
      store.appendMessage(s.id, { role: 'user', content: text('kept') });
      // no close(): the process "dies" with everything only in its journal
      assert.equal(journals().length, 1);
      const reopened = await open();
      assert.deepEqual(reopened.getMessages(s.id).map((m) => m.content), [text('kept')]);
      reopened.close();
      store.close();
    });

    it('ignores a torn last line and reports a damaged line in the middle', async () => {
      const store = await open({ snapshotAfterBytes: 1e9 });
      const s = store.createSession();
      store.appendMessage(s.id, { role: 'user', content: text('one') });
      const file = path.join(dir(), journals()[0]);
      const lines = readFileSync(file, 'utf8').split('\n');
      // a damaged copy of the append in the middle, then a torn tail (a crash mid-write)
      writeFileSync(file, `${lines[0]}\n${lines[1].replace('one', 'uno')}\n${lines[1]}\n`);
      appendFileSync(file, lines[1].slice(0, 30));
      const seen: StoreDiagnostic[] = [];
      const reopened = await open({ onDiagnostic: (d) => seen.push(d) });
      assert.deepEqual(reopened.getMessages(s.id).map((m) => m.content), [text('one')]);
      assert.deepEqual(seen.map((d) => d.kind), ['corrupt-journal-line']);
      assert.match(seen[0].message, /checksum/);
      reopened.close();
      store.close();
    });

    it('moves a corrupt snapshot aside, says so, and starts fresh with what the journals hold', async () => {
      const first = await open();
      const old = first.createSession({ name: 'in the snapshot' });
      first.close();
      const snapshot = path.join(dir(), 'sessions.sqlite');
      const original = readFileSync(snapshot);
      writeFileSync(snapshot, Buffer.concat([Buffer.from('garbage!'), original.subarray(8)]));
      const writer = await open({ snapshotAfterBytes: 1e9 });
      const diagnostics = writer.diagnostics;
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0].kind, 'corrupt-snapshot');
      assert.ok(diagnostics[0].movedTo && existsSync(diagnostics[0].movedTo), 'the damaged file is kept');
      assert.match(path.basename(diagnostics[0].movedTo), /^sessions\.sqlite\.corrupt-/);
      assert.equal(writer.getSession(old.id), undefined);
      const s = writer.createSession({ name: 'after' });
      writer.close();
      const again = await open();
      assert.deepEqual(again.listSessions().map((x) => x.id), [s.id]);
      assert.deepEqual(again.diagnostics, []);
      again.close();
    });

    it('snapshots when the journal grows, and retires the journal it covers', async () => {
      const store = await open({ snapshotAfterBytes: 2000 });
      const s = store.createSession();
      for (let i = 0; i < 40; i++) store.appendMessage(s.id, { role: 'user', content: text(`message number ${i}`) });
      const sizes = store.sizes();
      assert.ok(sizes.snapshot > 0);
      assert.ok(sizes.journals < 2000 + 400, `journal was not rotated: ${sizes.journals}`);
      store.close();
      assert.deepEqual(journals(), []);
      const again = await open();
      assert.equal(again.getMessages(s.id).length, 40);
      again.close();
    });

    it('two stores on one directory see each other’s writes and agree on order', async () => {
      const a = await open({ snapshotAfterBytes: 1500 });
      const b = await open({ snapshotAfterBytes: 1500 });
      const s = a.createSession({ name: 'shared' });
      for (let i = 0; i < 30; i++) {
        clock += 1;
        (i % 2 ? a : b).appendMessage(s.id, { role: 'user', content: text(`turn ${i}`) });
      }
      b.renameSession(s.id, 'from b');
      const orderA = a.getMessages(s.id).map((m) => m.id);
      const orderB = b.getMessages(s.id).map((m) => m.id);
      assert.equal(orderA.length, 30);
      assert.deepEqual(orderA, orderB);
      assert.deepEqual(a.getMessages(s.id).map((m) => (m.content[0] as { text: string }).text), Array.from({ length: 30 }, (_, i) => `turn ${i}`));
      assert.equal(a.getSession(s.id)?.name, 'from b');
      assert.equal(a.getSession(s.id)?.messageCount, 30);
      assert.equal(b.getSession(s.id)?.messageCount, 30, 'replayed entries are counted once');
      a.close();
      b.close();
      const c = await open();
      assert.deepEqual(c.getMessages(s.id).map((m) => m.id), orderA);
      c.close();
    });

    it('two stores snapshotting in quick succession never lose each other’s writes', async () => {
      // snapshots every few hundred bytes: file times tick coarsely and inodes are reused, so this
      // catches a snapshot identity that mistakes a new snapshot for the one already loaded
      const a = await open({ snapshotAfterBytes: 600 });
      const b = await open({ snapshotAfterBytes: 700 });
      const sa = a.createSession({ name: 'a' });
      const sb = b.createSession({ name: 'b' });
      const written: string[] = [];
      for (let i = 0; i < 300; i++) {
        clock += 1;
        const [store, session] = i % 3 === 0 ? [b, sb] : [a, sa];
        written.push(store.appendMessage(session.id, { role: 'user', content: text(`m${i}`) }).id);
      }
      a.close();
      b.close();
      const c = await open();
      const present = new Set([...c.getMessages(sa.id), ...c.getMessages(sb.id)].map((m) => m.id));
      assert.deepEqual(written.filter((id) => !present.has(id)), []);
      const header = readFileSync(path.join(dir(), 'sessions.sqlite')).subarray(60, 64).readUInt32BE(0);
      assert.notEqual(header, 0, 'the snapshot carries its nonce');
      c.close();
    });

    it('tells a watcher when another process changed the store', async () => {
      const watcher = await open();
      const other = await open();
      let calls = 0;
      const stop = watcher.watch(() => calls++, 10);
      try {
        other.createSession({ name: 'from another window' });
        for (let i = 0; i < 1000 && calls === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
        assert.ok(calls > 0, 'the watcher was never called');
        assert.deepEqual(watcher.listSessions().map((s) => s.name), ['from another window']);
      } finally {
        stop();
        other.close();
        watcher.close();
      }
    });

    it('defers a message whose session arrives later from another journal, and applies entries once', async () => {
      mkdirSync(dir(), { recursive: true });
      const create: JournalEntry = {
        w: '1-aaaa',
        s: 1,
        m: { op: 'session.create', session: { id: 'S', name: 'n', projectPath: '', provider: '', model: '', agent: '', createdAt: 5, metadata: {} } },
      };
      const append: JournalEntry = { w: '2-bbbb', s: 1, m: { op: 'message.append', message: { id: 'M', sessionId: 'S', role: 'user', content: text('hi'), createdAt: 6 } } };
      // writer 2's append is seen before writer 1's create: it waits instead of being lost
      writeFileSync(path.join(dir(), 'journal-2-bbbb.jsonl'), encodeEntry(append) + encodeEntry(append));
      const store = await open({ isAlive: () => true });
      assert.equal(store.getSession('S'), undefined);
      writeFileSync(path.join(dir(), 'journal-1-aaaa.jsonl'), encodeEntry(create));
      assert.deepEqual(store.getMessages('S').map((m) => m.id), ['M']);
      assert.equal(store.getSession('S')?.updatedAt, 6);
      store.close();
    });

    it('never retires a journal that gained lines while its writer was dying', async () => {
      mkdirSync(dir(), { recursive: true });
      const file = path.join(dir(), 'journal-333-cccc.jsonl');
      const create: JournalEntry = {
        w: '333-cccc',
        s: 1,
        m: { op: 'session.create', session: { id: 'S', name: 'n', projectPath: '', provider: '', model: '', agent: '', createdAt: 1, metadata: {} } },
      };
      const last: JournalEntry = { w: '333-cccc', s: 2, m: { op: 'message.append', message: { id: 'M', sessionId: 'S', role: 'user', content: text('acknowledged just before dying'), createdAt: 2 } } };
      writeFileSync(file, encodeEntry(create));
      let calls = 0;
      // pid 333 is alive when first asked; the next time it is asked it writes one more line and dies
      const isAlive = (pid: number) => {
        if (pid !== 333) return true;
        calls++;
        if (calls === 1) return true;
        if (calls === 2) appendFileSync(file, encodeEntry(last));
        return false;
      };
      const store = await open({ isAlive });
      assert.equal(store.getSession('S')?.name, 'n');
      store.checkpoint();
      store.close();
      const again = await open({ isAlive: (pid) => pid !== 333 });
      assert.deepEqual(again.getMessages('S').map((m) => m.id), ['M']);
      again.close();
    });

    it('never deletes a live process’s journal, and folds in a dead one’s', async () => {
      mkdirSync(dir(), { recursive: true });
      const entry = (w: string, id: string): JournalEntry => ({
        w,
        s: 1,
        m: { op: 'session.create', session: { id, name: id, projectPath: '', provider: '', model: '', agent: '', createdAt: 1, metadata: {} } },
      });
      writeFileSync(path.join(dir(), 'journal-111-aaaa.jsonl'), encodeEntry(entry('111-aaaa', 'live')));
      writeFileSync(path.join(dir(), 'journal-222-bbbb.jsonl'), encodeEntry(entry('222-bbbb', 'dead')));
      const store = await open({ isAlive: (pid) => pid !== 222 });
      assert.deepEqual(journals(), ['journal-111-aaaa.jsonl']);
      assert.deepEqual(store.listSessions().map((s) => s.id).sort(), ['dead', 'live']);
      store.close();
      // the live writer's entry is already in the snapshot: replaying it again changes nothing
      const again = await open({ isAlive: (pid) => pid !== 222 });
      assert.equal(again.listSessions().length, 2);
      again.close();
    });
  });
});
