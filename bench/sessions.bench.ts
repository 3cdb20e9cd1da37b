/**
 * Session store figures: append latency (journal write + fdatasync + apply) at 1k / 10k / 100k stored
 * messages, open (snapshot load + journal replay) time and memory at 100k, list and search p95, snapshot
 * time, and file sizes. The store is prefilled by writing a snapshot directly, then used as the app would.
 */
import { closeSync, cpSync, fdatasyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEntry } from '../src/sessions/mutations';
import { migrate } from '../src/sessions/migrations';
import { loadSqlJs } from '../src/sessions/sqljs';
import { SessionStore } from '../src/sessions/store';
import type { ContentBlock } from '../src/sessions/content';

const SESSIONS = 100;
const WORDS = ['vpc', 'subnet', 'eks', 'rds', 'stack', 'component', 'import', 'override', 'catalog', 'mixin', 'tfstate', 'backend'];

function content(i: number): ContentBlock[] {
  const words = Array.from({ length: 60 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ');
  return i % 3 === 2
    ? [{ type: 'tool_use', id: `t${i}`, name: 'atmos_describe_component', input: { component: 'vpc', stack: `plat-ue2-${i % 5}` } }]
    : [{ type: 'text', text: `message ${i} ticket-${i}: ${words}` }];
}

async function prefill(dataDir: string, messages: number): Promise<string[]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  migrate(db);
  const ids: string[] = [];
  const base = Date.now() - messages * 1000;
  db.run('BEGIN');
  for (let s = 0; s < SESSIONS; s++) {
    const id = `session-${s}`;
    ids.push(id);
    applyEntry(db, { w: 'prefill', s: s + 1, m: { op: 'session.create', session: { id, name: `session ${s}`, projectPath: '/repo', provider: s % 2 ? 'anthropic' : 'openai', model: 'm', agent: 'general', createdAt: base, metadata: {} } } });
  }
  for (let i = 0; i < messages; i++) {
    applyEntry(db, {
      w: 'prefill',
      s: SESSIONS + i + 1,
      m: {
        op: 'message.append',
        message: { id: `m${i}`, sessionId: ids[i % SESSIONS], role: i % 2 ? 'assistant' : 'user', content: content(i), createdAt: base + i * 1000 },
        usage: { provider: 'anthropic', model: 'm', inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0.001 },
      },
    });
  }
  db.run('COMMIT');
  mkdirSync(path.join(dataDir, 'sessions'), { recursive: true });
  writeFileSync(path.join(dataDir, 'sessions', 'sessions.sqlite'), db.export());
  db.close();
  return ids;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const ms = (v: number) => `${v.toFixed(3)} ms`;
const mb = (v: number) => `${(v / 1024 / 1024).toFixed(1)} MB`;

/** What the disk alone costs: append 600 bytes + fdatasync, the floor under every acknowledged append. */
function fdatasyncBaseline(): number[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-bench-fsync-'));
  const fd = openSync(path.join(dir, 'f'), 'a');
  const line = Buffer.from(`${'x'.repeat(599)}\n`);
  const samples: number[] = [];
  try {
    for (let i = 0; i < 1000; i++) {
      samples.push(
        time(() => {
          writeSync(fd, line);
          fdatasyncSync(fd);
        }),
      );
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return samples;
}

export async function run(): Promise<void> {
  const disk = fdatasyncBaseline();
  console.log(`disk: write 600 B + fdatasync p50 ${ms(percentile(disk, 50))}  p95 ${ms(percentile(disk, 95))}`);
  for (const size of (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number)) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'atmos-ai-bench-sessions-'));
    try {
      const ids = await prefill(dataDir, size);
      const t0 = process.hrtime.bigint();
      const store = await SessionStore.open({ dataDir, snapshotAfterBytes: 64 * 1024 * 1024 });
      const openMs = Number(process.hrtime.bigint() - t0) / 1e6;

      const appends: number[] = [];
      for (let i = 0; i < 1000; i++) {
        appends.push(time(() => store.appendMessage(ids[i % SESSIONS], { role: i % 2 ? 'assistant' : 'user', content: content(size + i), usage: { inputTokens: 10, outputTokens: 5 } })));
      }
      const lists: number[] = [];
      for (let i = 0; i < 100; i++) lists.push(time(() => store.listSessions()));
      const searches: number[] = [];
      for (let i = 0; i < 50; i++) searches.push(time(() => store.search(`${WORDS[i % WORDS.length]} ${WORDS[(i + 5) % WORDS.length]}`, { limit: 50 })));
      const rare: number[] = [];
      for (let i = 0; i < 50; i++) rare.push(time(() => store.search(`ticket-${(i * 7919) % size}`, { limit: 50 })));
      const sizesBefore = store.sizes();
      const snapshotMs = time(() => store.checkpoint());
      const sizesAfter = store.sizes();

      // a store left with 1,000 journal lines (as after a crash): copy it while this one is still open
      for (let i = 0; i < 1000; i++) store.appendMessage(ids[i % SESSIONS], { role: 'user', content: content(i) });
      const crashedDir = `${dataDir}-crashed`;
      cpSync(dataDir, crashedDir, { recursive: true });
      store.close();
      const t1 = process.hrtime.bigint();
      const reopened = await SessionStore.open({ dataDir: crashedDir, snapshotAfterBytes: 64 * 1024 * 1024 });
      const reopenMs = Number(process.hrtime.bigint() - t1) / 1e6;
      const memory = process.memoryUsage();
      reopened.close();
      rmSync(crashedDir, { recursive: true, force: true });

      console.log(`${size.toLocaleString('en')} messages in ${SESSIONS} sessions`);
      console.log(`  append (journal + fdatasync + apply): p50 ${ms(percentile(appends, 50))}  p95 ${ms(percentile(appends, 95))}  max ${ms(Math.max(...appends))}`);
      console.log(`  list sessions: p50 ${ms(percentile(lists, 50))}  p95 ${ms(percentile(lists, 95))}`);
      console.log(`  search, 2 common words (every message matches), 50 newest: p50 ${ms(percentile(searches, 50))}  p95 ${ms(percentile(searches, 95))}`);
      console.log(`  search, a rare term: p50 ${ms(percentile(rare, 50))}  p95 ${ms(percentile(rare, 95))}`);
      console.log(`  open (snapshot load): ${ms(openMs)}; open with 1,000 journal lines to replay: ${ms(reopenMs)}; RSS after ${mb(memory.rss)} (WASM/array buffers ${mb(memory.arrayBuffers)})`);
      console.log(`  snapshot write: ${ms(snapshotMs)}; files: snapshot ${mb(sizesAfter.snapshot)}, journal before snapshot ${mb(sizesBefore.journals)} (1,000 appends)`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
