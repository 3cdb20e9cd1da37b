/**
 * Two processes (two VS Code windows) write the same store at once: each to its own session and both
 * to one shared session, snapshotting every few KB so their compactions race. Afterwards every
 * acknowledged message is there, intact, once, in each writer's order, and nothing else appeared.
 * In every other round one writer is SIGKILLed mid-way. Rounds: SESSIONS_STRESS_ROUNDS (default 5).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SessionStore } from '../../src/sessions/store';
import { contentFor } from './fixtures/messageContent';
import { settle, spawnWriter, stressRounds } from './fixtures/spawnWriter';

const PER_WRITER = 60;

function labelOf(text: string): string {
  return text.split(' ')[1];
}

describe('sessions: two writer processes at once', function () {
  const rounds = stressRounds();
  this.timeout(30_000 + rounds * 20_000);

  it(`loses and corrupts nothing over ${rounds} rounds`, async () => {
    let total = 0;
    for (let round = 0; round < rounds; round++) {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-two-'));
      try {
        const setup = await SessionStore.open({ dataDir });
        const shared = setup.createSession({ name: 'shared', provider: 'openai' });
        setup.close();

        const env = (tag: string) => ({
          WRITER_DATA_DIR: dataDir,
          WRITER_TAG: tag,
          WRITER_COUNT: String(PER_WRITER),
          WRITER_SHARED_SESSION: shared.id,
          WRITER_SNAPSHOT_BYTES: String(2048 + Math.floor(Math.random() * 4096)),
        });
        const a = spawnWriter(env('a'));
        const b = spawnWriter(env('b'));
        const killA = round % 2 === 1;
        if (killA) {
          await a.waitForAcks(Math.floor(Math.random() * PER_WRITER));
          a.child.kill('SIGKILL');
        }
        await Promise.all([settle(a), settle(b)]);
        assert.equal(b.child.exitCode, 0, `round ${round}: writer b failed: ${b.stderr}`);
        if (!killA) assert.equal(a.child.exitCode, 0, `round ${round}: writer a failed: ${a.stderr}`);
        if (!killA) assert.equal(a.acks.length, PER_WRITER);
        assert.equal(b.acks.length, PER_WRITER);

        // the evidence of a failure is worth keeping: copy the store aside before checking
        const evidence = `${dataDir}-evidence`;
        cpSync(dataDir, evidence, { recursive: true });
        const store = await SessionStore.open({ dataDir });
        try {
          const acks = [...a.acks, ...b.acks];
          total += acks.length;
          for (const ack of acks) {
            const message = store.getMessage(ack.messageId);
            assert.ok(message, `round ${round}: acknowledged ${ack.label} is missing`);
            assert.equal(message.sessionId, ack.sessionId, `round ${round}: ${ack.label} is in the wrong session`);
            assert.deepEqual(message.content, contentFor(ack.label), `round ${round}: ${ack.label} is damaged`);
          }
          const ackedIds = new Set(acks.map((x) => x.messageId));
          // a writer killed before it created its own session has none
          const sessionIds = [shared.id, a.sessionId, b.sessionId].filter((id): id is string => id !== undefined);
          for (const sessionId of sessionIds) {
            const messages = store.getMessages(sessionId);
            const labels = messages.map((m) => (m.content[0].type === 'text' ? labelOf(m.content[0].text) : '?'));
            assert.equal(new Set(labels).size, labels.length, `round ${round}: a message appears twice`);
            assert.deepEqual(messages.map((m) => m.sequence), messages.map((_, i) => i + 1));
            assert.equal(store.getSession(sessionId)?.messageCount, messages.length, `round ${round}: message count drifted`);
            for (const [i, m] of messages.entries()) {
              // nothing that is not a writer's own message; at most the one a killed writer had not yet acknowledged
              assert.deepEqual(m.content, contentFor(labels[i]), `round ${round}: unexpected content`);
              if (!ackedIds.has(m.id)) assert.ok(killA && labels[i].startsWith('a-'), `round ${round}: unacknowledged ${labels[i]}`);
            }
            for (const tag of ['a', 'b']) {
              const mine = labels.filter((l) => l.startsWith(`${tag}-`)).map((l) => Number(l.slice(2)));
              assert.deepEqual(mine, [...mine].sort((x, y) => x - y), `round ${round}: ${tag}'s messages out of order`);
            }
          }
          const sharedCount = store.getMessages(shared.id).length;
          const sharedAcks = acks.filter((x) => x.sessionId === shared.id).length;
          assert.ok(sharedCount >= sharedAcks && sharedCount <= sharedAcks + 1);
          assert.equal(sessionIds.reduce((sum, id) => sum + store.totals(id).inputTokens, 0), store.totals().inputTokens);
          assert.equal(store.integrityCheck(), 'ok');
          assert.deepEqual(store.diagnostics, []);
          rmSync(evidence, { recursive: true, force: true });
        } catch (err) {
          (err as Error).message += ` (the store as the writers left it: ${evidence})`;
          throw err;
        } finally {
          store.close();
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    console.log(`      two writers: ${rounds} rounds, ${total} acknowledged messages checked`);
  });
});
