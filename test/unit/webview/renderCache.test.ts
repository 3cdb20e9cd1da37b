import assert from 'node:assert/strict';
import { RenderCache } from '../../../webview/renderCache';

describe('webview RenderCache', () => {
  it('renders a key once while its text is unchanged, again when the text changed', () => {
    const cache = new RenderCache(10);
    let renders = 0;
    const render = (t: string) => `<p>${t}</p>${++renders}`;
    const a = cache.get('i1', 'hello', render);
    assert.equal(cache.get('i1', 'hello', render), a);
    assert.equal(renders, 1);
    assert.equal(cache.get('i1', 'hello world', render), '<p>hello world</p>2');
    assert.equal(renders, 2);
  });

  it('keeps at most `capacity` entries, dropping the least recently used', () => {
    const cache = new RenderCache(2);
    const seen: string[] = [];
    const render = (t: string) => (seen.push(t), t.toUpperCase());
    cache.get('a', 'a', render);
    cache.get('b', 'b', render);
    cache.get('a', 'a', render); // a is now the most recent
    cache.get('c', 'c', render); // evicts b
    assert.equal(cache.size, 2);
    cache.get('a', 'a', render);
    cache.get('b', 'b', render);
    assert.deepEqual(seen, ['a', 'b', 'c', 'b']);
  });
});
