/**
 * The engine's diagnostics (src/atmos/checks) on the synthetic repositories (bench/generator, seeded): the full
 * saved-state pass (every manifest's checks, the engine's own problems; cold = facts read and parsed, warm =
 * facts cached, after a save = one file's facts read again), and the as-you-type path on one unsaved document (`liveDiagnostics`, what runs ~300 ms after a
 * keystroke) for a top-level stack manifest and for a catalog file, p50/p95 over edited texts. With the
 * shipped Atmos manifest schema (compiled once, outside the timings).
 * Presets: BENCH_PRESETS=small,medium,large (default small,medium).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkOptions, liveDiagnostics, overlayDiagnostics, workspaceDiagnostics } from '../src/atmos/checks/runChecks';
import { WorkspaceFacts } from '../src/atmos/checks/workspaceFacts';
import { AtmosEngine } from '../src/atmos/engine';
import { walkFiles } from '../src/atmos/glob';
import { generateRepo, PRESETS, type PresetName } from './generator/generate';

const ENV = { ATMOS_GIT_ROOT_BASEPATH: 'false' };
const SCHEMA = path.resolve(__dirname, '..', 'media', 'schemas', 'atmos-manifest.json');

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

/** liveDiagnostics on `n` different unsaved versions of `file` (a new value each time, so nothing is reused). */
function timeLive(facts: WorkspaceFacts, file: string, opts: ReturnType<typeof checkOptions>, n: number): { times: number[]; found: number } {
  const original = readFileSync(file, 'utf8');
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < n; i++) {
    const text = `${original}\n# edit ${i}\n`;
    const t0 = performance.now();
    found = liveDiagnostics(facts, file, text, opts).length;
    times.push(performance.now() - t0);
  }
  return { times, found };
}

function timeLiveText(facts: WorkspaceFacts, file: string, text: string, opts: ReturnType<typeof checkOptions>, n: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    liveDiagnostics(facts, file, `${text}\n# edit ${i}\n`, opts);
    times.push(performance.now() - t0);
  }
  return times;
}

/** A catalog manifest with `n` components, each inheriting an abstract base, with vars, settings and a dependency. */
function bigCatalog(n: number): string {
  const out = ['components:', '  terraform:', '    big/base:', '      metadata:', '        type: abstract', '      vars:', '        enabled: true'];
  for (let i = 0; i < n; i++) {
    out.push(`    big/c${i}:`, '      metadata:', '        component: vpc', '        inherits:', '          - big/base', '      settings:', '        owner: "{{ .vars.stage }}"', '      dependencies:', '        components:', `          - component: big/c${Math.max(0, i - 1)}`, '      vars:');
    for (let v = 0; v < 10; v++) out.push(`        var_${v}: "value-${i}-${v}"`);
  }
  return `${out.join('\n')}\n`;
}

export async function run(): Promise<void> {
  const presets = (process.env.BENCH_PRESETS ?? 'small,medium').split(',').filter((p): p is PresetName => p in PRESETS);
  console.log('preset | manifests | full pass cold | full pass warm | full pass after a save (p50) | problems | as-you-type stack file p50/p95 | as-you-type catalog file p50/p95 | as-you-type, 5 open files p50/p95 | as-you-type 3,300-line file p50/p95');
  for (const preset of presets) {
    const root = mkdtempSync(path.join(os.tmpdir(), `atmos-bench-diag-${preset}-`));
    try {
      const repo = generateRepo(root, preset);
      const engine = AtmosEngine.openSync({ cwd: root, env: ENV });
      const opts = checkOptions(engine, SCHEMA);
      const facts = new WorkspaceFacts(engine.config, engine.fs);
      const c0 = performance.now();
      const problems = workspaceDiagnostics(engine, facts, opts);
      const cold = performance.now() - c0;
      const w0 = performance.now();
      workspaceDiagnostics(engine, facts, opts);
      const warm = performance.now() - w0;
      // after a save: the engine took in the change, the facts forget that file (what the bridge does)
      const saved: number[] = [];
      for (let i = 0; i < 5; i++) {
        await engine.applyChange(repo.leafFile);
        const s0 = performance.now();
        facts.invalidate(repo.leafFile);
        workspaceDiagnostics(engine, facts, checkOptions(engine, SCHEMA));
        saved.push(performance.now() - s0);
      }
      const catalog = walkFiles(engine.fs, path.join(engine.config.stacksBasePath, 'catalog')).find((f) => f.endsWith('.yaml')) ?? repo.defaultsFile;
      const leaf = timeLive(facts, repo.leafFile, opts, 100);
      const cat = timeLive(facts, catalog, opts, 100);
      // what the editor runs: one unsaved stack file and four more open (saved) manifests rechecked with it
      const openFiles = [repo.leafFile, repo.defaultsFile, catalog, ...facts.files().filter((f) => f.endsWith('.yaml')).slice(0, 2)];
      const leafText = readFileSync(repo.leafFile, 'utf8');
      const five: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t0 = performance.now();
        overlayDiagnostics(facts, new Map([[repo.leafFile, `${leafText}\n# edit ${i}\n`]]), openFiles, opts);
        five.push(performance.now() - t0);
      }
      // a big unsaved catalog file (not on disk yet): 150 components, ~3,300 lines
      const big = timeLiveText(facts, path.join(engine.config.stacksBasePath, 'catalog', 'big.yaml'), bigCatalog(150), opts, 30);
      console.log(`${preset} | ${facts.files().length} | ${ms(cold)} | ${ms(warm)} | ${ms(percentile(saved, 50))} | ${problems.length} | ${ms(percentile(leaf.times, 50))} / ${ms(percentile(leaf.times, 95))} | ${ms(percentile(cat.times, 50))} / ${ms(percentile(cat.times, 95))} | ${ms(percentile(five, 50))} / ${ms(percentile(five, 95))} | ${ms(percentile(big, 50))} / ${ms(percentile(big, 95))}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
}
