/** Maps a JSON pointer (as ajv reports it) to a line and column in the YAML source it came from. */
import { isMap, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export function locatePointer(doc: Document, lines: LineCounter, pointer: string): { line: number; col: number } {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  let found: Node | null = (doc.contents as Node | null) ?? null;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === segment);
      if (!pair) break;
      found = (pair.value as Node | null) ?? (pair.key as Node);
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (!item) break;
      found = item as Node;
      node = item;
    } else break;
  }
  const offset = found?.range?.[0] ?? 0;
  return lines.linePos(offset);
}
