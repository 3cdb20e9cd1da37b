import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkCase, loadCases, runCase, type CorpusCase } from './corpus';

const repoRoot = path.resolve(__dirname, '..', '..');
const corpusDir = path.resolve(repoRoot, '..', 'shared', 'conformance');
const cliPath = path.join(repoRoot, 'dist', 'cli.js');
const knownFailuresFile = path.join(__dirname, 'known-failures.txt');

/** `<case> # reason` per line; the list may only shrink. */
function loadKnownFailures(): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(knownFailuresFile)) return out;
  for (const line of readFileSync(knownFailuresFile, 'utf8').split('\n')) {
    const m = /^\s*([^#\s]+)\s*(?:#\s*(.*))?$/.exec(line);
    if (m) out.set(m[1], m[2] ?? '');
  }
  return out;
}

describe('atmos conformance corpus (../shared/conformance through dist/cli.js)', function () {
  this.timeout(120_000);
  const missing = !existsSync(path.join(corpusDir, 'index.json')) ? `corpus not found at ${corpusDir}` : !existsSync(cliPath) ? `${cliPath} not built (run npm run build)` : undefined;
  if (missing) {
    it('is skipped', function () {
      console.log(`conformance: skipped (${missing})`);
      this.skip();
    });
    return;
  }
  const cases: CorpusCase[] = loadCases(corpusDir);
  const known = loadKnownFailures();
  let passed = 0;
  let failed = 0;
  const failures: string[] = [];

  after(() => {
    console.log(`conformance: ${passed} passed, ${failed} failed (of ${cases.length}; ${known.size} listed as known failures)`);
    if (process.env.CONFORMANCE_VERBOSE) for (const f of failures) console.log(`  ${f}`);
  });

  it('lists only cases that exist', () => {
    const names = new Set(cases.map((c) => c.name));
    assert.deepEqual([...known.keys()].filter((k) => !names.has(k)), []);
  });

  for (const c of cases) {
    it(c.name, () => {
      const r = runCase(c, corpusDir, cliPath);
      const problems = checkCase(c, corpusDir, r);
      if (problems.length === 0) passed++;
      else {
        failed++;
        failures.push(`${c.name}: ${problems.join('; ')}`);
      }
      if (known.has(c.name)) {
        assert.ok(problems.length > 0, `${c.name} passes now: remove it from test/conformance/known-failures.txt`);
        return;
      }
      assert.deepEqual(problems, [], `${c.name} (${c.args.join(' ')})`);
    });
  }
});
