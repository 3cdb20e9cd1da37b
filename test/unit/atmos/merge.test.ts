import assert from 'node:assert/strict';
import { mergeMaps } from '../../../src/atmos/merge';
import { keyChain } from '../../../src/atmos/provenance';
import { isMap } from '../../../src/atmos/values';
import { loadYaml } from '../../../src/atmos/yamlLoad';

const y = (text: string, file = '/f.yaml') => loadYaml(text, file).value;

describe('atmos deep merge', () => {
  it('later scalars win, including false, 0 and empty string', () => {
    const out = mergeMaps([{ a: true, b: 1, c: 'x' }, { a: false, b: 0, c: '' }]);
    assert.deepEqual(out, { a: false, b: 0, c: '' });
  });

  it('merges maps recursively and keeps keys from every layer', () => {
    assert.deepEqual(mergeMaps([{ tags: { a: 1, b: 2 } }, { tags: { b: 3, c: 4 } }]), { tags: { a: 1, b: 3, c: 4 } });
  });

  it('null in a later layer replaces the value and keeps the key', () => {
    assert.deepEqual(mergeMaps([{ list: [1, 2] }, { list: null }]), { list: null });
  });

  it('a later value of another type replaces (list to map, map to scalar)', () => {
    assert.deepEqual(mergeMaps([{ a: [1], b: { x: 1 } }, { a: { k: 'v' }, b: 'flat' }]), { a: { k: 'v' }, b: 'flat' });
  });

  it('lists: replace by default, append and merge on request', () => {
    const layers = [{ l: [{ a: 1 }, 'x', 'y'] }, { l: [{ b: 2 }, 'z'] }];
    assert.deepEqual(mergeMaps(layers), { l: [{ b: 2 }, 'z'] });
    assert.deepEqual(mergeMaps(layers, { listMergeStrategy: 'append' }), { l: [{ a: 1 }, 'x', 'y', { b: 2 }, 'z'] });
    // merge: maps at the same index deep-merge, scalars keep the earlier value, extra items stay
    assert.deepEqual(mergeMaps(layers, { listMergeStrategy: 'merge' }), { l: [{ a: 1, b: 2 }, 'x', 'y'] });
  });

  it('!append extends the inherited list whatever the strategy', () => {
    const base = y('l: [a, b]\n');
    const over = y('l: !append [c]\n');
    assert.deepEqual(mergeMaps([base, over]), { l: ['a', 'b', 'c'] });
  });

  it('!unset deletes the key', () => {
    assert.deepEqual(mergeMaps([y('a: 1\nb: 2\n'), y('a: !unset\n')]), { b: 2 });
  });

  it('never modifies its inputs (results share unchanged subtrees: copy-on-write)', () => {
    const a = { m: { x: 1, deep: { y: 1 } }, l: [1] };
    const b = { m: { deep: { z: 2 } }, l: [2] };
    const out = mergeMaps([a, b], { listMergeStrategy: 'append' });
    assert.deepEqual(out, { m: { x: 1, deep: { y: 1, z: 2 } }, l: [1, 2] });
    assert.deepEqual(a, { m: { x: 1, deep: { y: 1 } }, l: [1] });
    assert.deepEqual(b, { m: { deep: { z: 2 } }, l: [2] });
  });

  it('records the origin chain of every key, winner first', () => {
    const a = y('vars:\n  region: us-east-1\n  tags:\n    team: a\n', '/a.yaml');
    const b = y('vars:\n  region: us-west-2\n', '/b.yaml');
    const out = mergeMaps([a, b]);
    const vars = out.vars;
    assert.ok(isMap(vars));
    assert.deepEqual(keyChain(vars, 'region').map((o) => `${o.file}:${o.line}:${o.col}`), ['/b.yaml:2:3', '/a.yaml:2:3']);
    assert.deepEqual(keyChain(vars, 'tags').map((o) => o.file), ['/a.yaml']);
    assert.deepEqual(keyChain(vars.tags, 'team').map((o) => `${o.file}:${o.line}`), ['/a.yaml:4']);
  });
});

describe('atmos YAML loading', () => {
  it('resolves anchors and `<<:` merge keys (explicit keys win), reads the first document only, keeps ${...} literal', () => {
    const v = y('base: &base\n  a: 1\n  b: 2\nx:\n  <<: *base\n  b: 3\ny:\n  <<: [*base]\n  c: 4\nlit: "${var.x}"\n---\nsecond: doc\n');
    assert.deepEqual(v, { base: { a: 1, b: 2 }, x: { a: 1, b: 3 }, y: { a: 1, b: 2, c: 4 }, lit: '${var.x}' });
  });

  it('keeps YAML functions as tagged leaves and flags unknown tags with their position', () => {
    const r = loadYaml('a: !env HOME\nb: !nope x\n', '/t.yaml');
    assert.deepEqual(r.value, { a: { kind: 'yaml-function', tag: '!env', arg: 'HOME' }, b: { kind: 'yaml-function', tag: '!nope', arg: 'x' } });
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.line, d.col]), [['unknown-tag', 2, 4]]);
  });
});
