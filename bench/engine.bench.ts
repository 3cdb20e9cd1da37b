/**
 * The native engine on synthetic repositories (bench/generator, seeded): full `describe stacks` time and
 * peak RSS, incremental re-describe after a leaf edit and after a `_defaults.yaml` edit (p50/p95), `where`
 * p95; and, when the atmos CLI is installed, `atmos describe stacks` on the same repository with the ratio.
 * Presets: BENCH_PRESETS=small,medium,large (default small,medium; large ≈ 1,000 stacks × 30 components).
 * BENCH_ATMOS=0 skips the atmos CLI comparison.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AtmosEngine } from '../src/atmos/engine';
import { generateRepo, PRESETS, type PresetName } from './generator/generate';

const ENV = { ATMOS_GIT_ROOT_BASEPATH: 'false' };

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

function findAtmos(): string | undefined {
  if (process.env.BENCH_ATMOS === '0') return undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && existsSync(path.join(dir, 'atmos'))) return path.join(dir, 'atmos');
  return existsSync('/root/go/bin/atmos') ? '/root/go/bin/atmos' : undefined;
}

async function timeEdits(engine: AtmosEngine, file: string, n: number, describe: { component: string; stack: string }): Promise<number[]> {
  const original = readFileSync(file, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    writeFileSync(file, `${original}\n# edit ${i}\n`);
    const t0 = performance.now();
    await engine.applyChange(file);
    await engine.describeComponent(describe.component, describe.stack);
    times.push(performance.now() - t0);
  }
  writeFileSync(file, original);
  await engine.applyChange(file);
  return times;
}

export async function run(): Promise<void> {
  const presets = (process.env.BENCH_PRESETS ?? 'small,medium').split(',').filter((p): p is PresetName => p in PRESETS);
  const atmos = findAtmos();
  console.log('preset | stacks×components | full describe | peak RSS | leaf edit p50/p95 | _defaults edit p50/p95 | where p95 | atmos describe stacks | ratio');
  for (const preset of presets) {
    const root = mkdtempSync(path.join(os.tmpdir(), `atmos-bench-${preset}-`));
    try {
      const repo = generateRepo(root, preset);
      const t0 = performance.now();
      const engine = AtmosEngine.openSync({ cwd: root, env: ENV });
      const stacks = engine.describeStacksSync();
      const full = performance.now() - t0;
      const rssMb = process.resourceUsage().maxRSS / 1024;
      const pairs = engine.listComponents().filter((c) => !c.abstract).flatMap((c) => c.stacks.map((s) => ({ component: c.component, stack: s })));
      const leafStack = engine.stackEntries().find((s) => s.file === repo.leafFile)?.names[0] ?? pairs[0].stack;
      const leafPair = pairs.find((p) => p.stack === leafStack) ?? pairs[0];
      const leaf = await timeEdits(engine, repo.leafFile, 20, leafPair);
      const defaults = await timeEdits(engine, repo.defaultsFile, 20, leafPair);
      const whereTimes: number[] = [];
      for (let i = 0; i < 200; i++) {
        const p = pairs[(i * 7919) % pairs.length];
        const w0 = performance.now();
        await engine.where(p.component, p.stack, 'vars.size');
        whereTimes.push(performance.now() - w0);
      }
      let atmosCell = 'not installed';
      let ratio = '-';
      if (atmos) {
        const a0 = performance.now();
        const r = spawnSync(atmos, ['describe', 'stacks', '--format', 'json'], { cwd: root, env: { ...process.env, ...ENV, ATMOS_TELEMETRY_ENABLED: 'false', ATMOS_VERSION_CHECK_ENABLED: 'false', HOME: root }, maxBuffer: 1 << 30, timeout: 900_000 });
        const atmosMs = performance.now() - a0;
        const c0 = performance.now();
        const ours = spawnSync(process.execPath, [path.join(__dirname, '..', 'dist', 'cli.js'), 'describe', 'stacks', '--format', 'json'], { cwd: root, env: { ...process.env, ...ENV, HOME: root }, maxBuffer: 1 << 30 });
        const oursMs = performance.now() - c0;
        atmosCell = r.status === 0 ? ms(atmosMs) : `failed (${r.status})`;
        ratio = r.status === 0 && ours.status === 0 ? `${(atmosMs / oursMs).toFixed(1)}× (atmos-ai CLI ${ms(oursMs)})` : '-';
      }
      console.log(`${preset} | ${repo.stacks}×${repo.components} (${Object.keys(stacks).length} stacks described) | ${ms(full)} | ${rssMb.toFixed(0)} MB | ${ms(percentile(leaf, 50))} / ${ms(percentile(leaf, 95))} | ${ms(percentile(defaults, 50))} / ${ms(percentile(defaults, 95))} | ${ms(percentile(whereTimes, 95))} | ${atmosCell} | ${ratio}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
}
