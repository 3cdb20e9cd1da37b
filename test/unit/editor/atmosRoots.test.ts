import assert from 'node:assert/strict';
import { orderRoots, rootForFile, rootLabel } from '../../../src/editorSupport/atmosRoots';

describe('Atmos roots of a workspace', () => {
  const roots = orderRoots(['/w/b', '/w/a/nested', '/w/a', '/w/a']);
  it('orders them shallowest first, without duplicates', () => {
    assert.deepEqual(roots, ['/w/a', '/w/b', '/w/a/nested']);
  });
  it('gives a file to the deepest root that contains it', () => {
    assert.equal(rootForFile(roots, '/w/a/stacks/x.yaml'), '/w/a');
    assert.equal(rootForFile(roots, '/w/a/nested/stacks/x.yaml'), '/w/a/nested');
    assert.equal(rootForFile(roots, '/w/a/nested'), '/w/a/nested');
    assert.equal(rootForFile(roots, '/w/b/stacks/y.yaml'), '/w/b');
    assert.equal(rootForFile(roots, '/w/ab/stacks/y.yaml'), undefined, 'a sibling with a common prefix is not inside');
    assert.equal(rootForFile(roots, '/elsewhere/x.yaml'), undefined);
  });
  it('labels a root by its path in its workspace folder', () => {
    assert.equal(rootLabel('/w/a/nested', ['/w/a']), 'nested');
    assert.equal(rootLabel('/w/a', ['/w/a']), 'a');
    assert.equal(rootLabel('/w/a/nested', ['/w/a', '/w/b']), 'a/nested');
    assert.equal(rootLabel('/w/b', ['/w/a', '/w/b']), 'b');
  });
});
