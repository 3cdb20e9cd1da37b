/**
 * Hover latency in stack files on synthetic repositories (bench/generator): the whole hover pipeline as the
 * editor runs it, minus VS Code (key path at the cursor → meaning → resolved value in every stack the file
 * reaches → markdown), cold (right after the file's stacks were recomputed) and warm (resolved components
 * cached), p50/p95; and the hover in a resolved-component document (key path → provenance).
 * Presets: BENCH_PRESETS=small,medium,large (default small,medium).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AtmosEngine } from '../src/atmos/engine';
import { ComponentIndex } from '../src/editorSupport/componentIndex';
import { DescribeCache } from '../src/editorSupport/describeCache';
import { describeText } from '../src/editorSupport/describeText';
import { provenanceMarkdown, valueReportMarkdown } from '../src/editorSupport/hoverText';
import { valueAt } from '../src/editorSupport/provenanceAt';
import { classifyStackKey } from '../src/editorSupport/stackKeyPath';
import { stackValueReport } from '../src/editorSupport/stackValues';
import { yamlKeys, yamlPathAt } from '../src/editorSupport/yamlPath';
import { generateRepo, type PresetName } from './generator/generate';

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

/** One stack-file hover, as stackFileFeatures.ts runs it. */
function hover(engine: AtmosEngine, cache: DescribeCache, index: ComponentIndex, file: string, text: string, offset: number): string {
  const at = yamlPathAt(text, offset);
  if (!at) throw new Error('no key at the offset');
  const key = classifyStackKey(at.path);
  if (key.kind !== 'component-value' && key.kind !== 'type-value' && key.kind !== 'global-value') throw new Error(`not a value key: ${at.path.join('.')}`);
  const line = yamlKeys(text).find((k) => k.path.join('\0') === at.path.join('\0'))?.line ?? -1;
  const report = stackValueReport(engine, cache, index, file, line, key);
  return valueReportMarkdown(at.path.join('.'), report, file, engine.config.stacksBasePath);
}

export async function run(): Promise<void> {
  const presets = (process.env.BENCH_PRESETS ?? 'small,medium').split(',').map((s) => s.trim()) as PresetName[];
  for (const preset of presets) {
    const root = mkdtempSync(path.join(os.tmpdir(), `atmos-ai-hover-${preset}-`));
    try {
      const repo = generateRepo(root, preset);
      const engine = await AtmosEngine.open({ cwd: root, env: { ATMOS_GIT_ROOT_BASEPATH: 'false' } });
      const index = new ComponentIndex(engine.fs, engine.config.stacksBasePath);
      const cases = [
        { what: 'catalog var (abstract base, reaches many stacks)', file: path.join(root, 'stacks/catalog/svc00/defaults.yaml'), key: 'svc00_opt0:' },
        { what: 'stage _defaults var (global)', file: repo.defaultsFile, key: 'stage:' },
      ];
      console.log(`\n${preset}: ${repo.stacks} stacks × ${repo.components} components`);
      for (const c of cases) {
        const text = readFileSync(c.file, 'utf8');
        const offset = text.indexOf(c.key) + 2;
        const cold: number[] = [];
        const warm: number[] = [];
        const cache = new DescribeCache();
        for (let i = 0; i < 15; i++) {
          // cold: the file's stacks were just recomputed (what the first hover after a save costs)
          await engine.applyChange(c.file);
          cache.invalidate(engine.lastRecomputed);
          let t = performance.now();
          const md = hover(engine, cache, index, c.file, text, offset);
          cold.push(performance.now() - t);
          if (!md.includes('|')) throw new Error(`no value rows in the hover:\n${md}`);
          for (let j = 0; j < 5; j++) {
            t = performance.now();
            hover(engine, cache, index, c.file, text, offset);
            warm.push(performance.now() - t);
          }
        }
        console.log(`  ${c.what}: cold p50 ${ms(percentile(cold, 50))} p95 ${ms(percentile(cold, 95))}; warm p50 ${ms(percentile(warm, 50))} p95 ${ms(percentile(warm, 95))}`);
      }
      // the hover in a resolved-component document
      const stack = engine.listStacks()[0];
      const component = engine.listComponents(stack).find((x) => !x.abstract)!.component;
      const cache = new DescribeCache();
      const d = cache.get(engine, component, stack)!;
      const text = describeText(d);
      const offset = text.indexOf('  name:') + 3;
      const times: number[] = [];
      for (let i = 0; i < 100; i++) {
        const t = performance.now();
        const at = yamlPathAt(text, offset)!;
        const v = valueAt(cache.get(engine, component, stack)!.section, at.path);
        provenanceMarkdown(at.path.join('.'), v.value, v.origins, engine.config.stacksBasePath);
        times.push(performance.now() - t);
      }
      console.log(`  describe-document hover (${component} in ${stack}, ${text.split('\n').length} lines): p50 ${ms(percentile(times, 50))} p95 ${ms(percentile(times, 95))}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
}
