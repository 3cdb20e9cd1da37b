/**
 * Rendered HTML per transcript item, least recently used first out. Rows of a virtualised list unmount when
 * they scroll away and mount again when they come back: the cache spares marked + highlight.js + DOMPurify
 * the second time, and its bound keeps memory flat however far the user scrolls.
 */
export class RenderCache {
  private readonly entries = new Map<string, { text: string; html: string }>();

  constructor(private readonly capacity = 300) {}

  get size(): number {
    return this.entries.size;
  }

  /** The HTML for `text` under `key`, rendered by `render` only when the key is new or its text changed. */
  get(key: string, text: string, render: (text: string) => string): string {
    const hit = this.entries.get(key);
    if (hit && hit.text === text) {
      this.entries.delete(key); // re-insert: most recently used last
      this.entries.set(key, hit);
      return hit.html;
    }
    const html = render(text);
    this.entries.delete(key);
    this.entries.set(key, { text, html });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return html;
  }

  clear(): void {
    this.entries.clear();
  }
}
