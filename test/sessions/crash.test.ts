/**
 * kill -9 at random moments loses no acknowledged message. Each round starts a real writer process,
 * SIGKILLs it after a random number of acknowledgements (sometimes mid-snapshot: snapshots are made
 * every few KB), then reopens the store and checks every acknowledged message so far is present and
 * intact. Rounds: SESSIONS_STRESS_ROUNDS (default 5).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SessionStore } from '../../src/sessions/store';
import { contentFor } from './fixtures/messageContent';
import { settle, spawnWriter, stressRounds, type Ack } from './fixtures/spawnWriter';

describe('sessions: kill -9 durability (real child processes)', function () {
  const rounds = stressRounds();
  this.timeout(30_000 + rounds * 15_000);
  let dataDir: string;

  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-crash-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`keeps every acknowledged message across ${rounds} random kills`, async () => {
    const acked: Ack[] = [];
    let killedMidWrite = 0;
    for (let round = 0; round < rounds; round++) {
      const writer = spawnWriter({ WRITER_DATA_DIR: dataDir, WRITER_TAG: `r${round}`, WRITER_SNAPSHOT_BYTES: String(1024 + Math.floor(Math.random() * 8192)) });
      const target = Math.floor(Math.random() * 60);
      await writer.waitForAcks(target);
      // a little more time so the kill lands at an arbitrary point (between acks, mid-write, mid-snapshot)
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
      writer.child.kill('SIGKILL');
      await settle(writer);
      assert.equal(writer.child.signalCode, 'SIGKILL', `round ${round}: the writer ended before it was killed: ${writer.stderr}`);
      if (writer.acks.length > 0) killedMidWrite++;
      acked.push(...writer.acks);

      const store = await SessionStore.open({ dataDir });
      try {
        for (const ack of acked) {
          const message = store.getMessage(ack.messageId);
          assert.ok(message, `round ${round}: acknowledged message ${ack.label} (${ack.messageId}) is missing`);
          assert.equal(message.sessionId, ack.sessionId);
          assert.deepEqual(message.content, contentFor(ack.label), `round ${round}: message ${ack.label} is damaged`);
        }
        // per session, each writer's messages stay in the order they were written
        for (const session of store.listSessions()) {
          const labels = store.getMessages(session.id).map((m) => (m.content[0].type === 'text' ? m.content[0].text.split(' ')[1] : ''));
          const numbers = labels.map((l) => Number(l.split('-')[1]));
          assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), `round ${round}: out of order in ${session.id}`);
        }
        assert.equal(store.integrityCheck(), 'ok');
        assert.deepEqual(store.diagnostics.filter((d) => d.kind === 'corrupt-snapshot'), []);
      } finally {
        store.close();
      }
    }
    assert.ok(acked.length > 0, 'no writer acknowledged anything: the test proved nothing');
    // the store folded the killed writers' journals into snapshots instead of piling them up
    const journals = readdirSync(path.join(dataDir, 'sessions')).filter((f) => f.startsWith('journal-'));
    assert.ok(journals.length <= 1, `stale journals left behind: ${readdirSync(path.join(dataDir, 'sessions')).join(', ')}`);
    console.log(`      crash: ${rounds} rounds, ${acked.length} acknowledged messages checked, ${killedMidWrite} kills after at least one ack`);
  });
});
