import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isAtmosError } from '../../../src/atmos/diagnostics';
import { AtmosEngine } from '../../../src/atmos/engine';
import { MemoryFileSystem } from '../../../src/atmos/fs';

const corpus = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'fixtures', 'scenarios');
const FIXTURES = ['provenance', 'atmos-overrides-section', 'component-list-merge-strategy', 'locals'];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadTree(dir: string, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) loadTree(p, out);
    else if (/\.(ya?ml|tmpl)$/.test(name)) out[p] = readFileSync(p, 'utf8');
  }
  return out;
}

const SNIPPETS = ['!unknown x', '{{ .vars.', '}}', '*anchor', '&anchor', '<<: *a', '\t', ': :', '- - -', 'import: [self]', '"unterminated', '~', '[', '{', 'null', '!include nope.yaml', '!append', '\0'];

function mutate(text: string, rand: () => number): string {
  const lines = text.split('\n');
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (lines.length + 1));
    const op = Math.floor(rand() * 4);
    if (op === 0) lines.splice(at, 1);
    else if (op === 1) lines.splice(at, 0, lines[Math.floor(rand() * lines.length)] ?? '');
    else if (op === 2) lines.splice(at, 0, `${' '.repeat(Math.floor(rand() * 8))}${SNIPPETS[Math.floor(rand() * SNIPPETS.length)]}`);
    else if (lines[at]) lines[at] = lines[at].slice(0, Math.floor(rand() * lines[at].length));
  }
  return lines.join('\n');
}

describe('atmos engine fuzz (mutated conformance fixtures)', function () {
  this.timeout(120_000);
  if (!existsSync(corpus)) {
    it('is skipped', function () {
      console.log(`fuzz: skipped (corpus not found at ${corpus})`);
      this.skip();
    });
    return;
  }
  for (const fixture of FIXTURES) {
    it(`never throws or hangs on mutated ${fixture}`, () => {
      const root = path.join(corpus, fixture);
      const original = loadTree(root);
      const files = Object.keys(original).filter((f) => f.includes(`${path.sep}stacks${path.sep}`));
      const rand = rng(fixture.length * 7919);
      let diagnosticsSeen = 0;
      for (let round = 0; round < 25; round++) {
        const fs = new MemoryFileSystem(original);
        for (let k = 0; k < 3; k++) {
          const f = files[Math.floor(rand() * files.length)];
          fs.write(f, mutate(fs.readFile(f) ?? '', rand));
        }
        const engine = AtmosEngine.openSync({ cwd: root, fs, env: { ATMOS_GIT_ROOT_BASEPATH: 'false' } });
        diagnosticsSeen += engine.diagnostics().length;
        const stacks = engine.describeStacksSync();
        assert.equal(typeof stacks, 'object');
        for (const c of engine.listComponents().slice(0, 5)) {
          for (const s of c.stacks.slice(0, 2)) {
            try {
              engine.whereSync(c.component, s, 'vars');
            } catch (err) {
              assert.ok(isAtmosError(err), `only located engine errors may escape: ${String(err)}`);
            }
          }
        }
      }
      assert.ok(diagnosticsSeen > 0, 'the mutations produced diagnostics');
    });
  }
});
