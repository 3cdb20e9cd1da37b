/**
 * Where the cursor is in a YAML document, as a key path (`components.terraform.vpc.vars.name`), and where
 * each key is: what hovers, definitions and code lenses need. Parses with the `yaml` package (ranges kept);
 * broken YAML yields what could be parsed, never an exception.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

export type PathSegment = string | number;

export interface PathAtOffset {
  path: PathSegment[];
  /** on a map key, or on a value (a scalar value or a list item) */
  on: 'key' | 'value';
  /** the scalar under the cursor, when it is one */
  scalar?: string;
  /** offsets of the node under the cursor */
  start: number;
  end: number;
}

export interface KeyLocation {
  path: PathSegment[];
  /** offset of the key (map entries) or of the item (list entries) */
  start: number;
  end: number;
  /** where the entry's value ends (its block, for maps and lists) */
  valueEnd: number;
  line: number;
  col: number;
  /** the scalar value of a list item or a key's scalar value, when there is one */
  scalar?: string;
}

type ParsedYaml = ReturnType<typeof parseDocument>;

/** The last few parses by text: a hover asks for the path and the keys of the same text, again on every move. */
const recent: Array<{ text: string; doc: ParsedYaml; lines: LineCounter; keys?: KeyLocation[] }> = [];

function parse(text: string): (typeof recent)[number] {
  const hit = recent.find((r) => r.text === text);
  if (hit) return hit;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, strict: false, prettyErrors: false, keepSourceTokens: false });
  const entry = { text, doc, lines };
  recent.unshift(entry);
  if (recent.length > 4) recent.pop();
  return entry;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  return undefined;
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  return node.value === null || node.value === undefined ? undefined : String(node.value);
}

function inside(node: YamlNode | null | undefined, offset: number): boolean {
  const r = node?.range;
  return !!r && offset >= r[0] && offset <= r[1];
}

/** The key path at `offset` (0-based character offset), or undefined outside any entry. */
export function yamlPathAt(text: string, offset: number): PathAtOffset | undefined {
  const { doc } = parse(text);
  let best: PathAtOffset | undefined;
  const visit = (node: unknown, trail: PathSegment[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyText(pair.key);
        if (key === undefined) continue;
        const keyNode = pair.key as YamlNode;
        if (inside(keyNode, offset) && offset < (keyNode.range?.[1] ?? 0) + 1) {
          best = { path: [...trail, key], on: 'key', scalar: key, start: keyNode.range![0], end: keyNode.range![1] };
          return;
        }
        const value = pair.value as YamlNode | null;
        if (value && inside(value, offset)) {
          if (isScalar(value)) {
            best = { path: [...trail, key], on: 'value', scalar: scalarText(value), start: value.range![0], end: value.range![1] };
            return;
          }
          visit(value, [...trail, key]);
          return;
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const n = item as YamlNode | null;
        if (!n || !inside(n, offset)) return;
        if (isScalar(n)) best = { path: [...trail, i], on: 'value', scalar: scalarText(n), start: n.range![0], end: n.range![1] };
        else visit(n, [...trail, i]);
      });
    }
  };
  visit(doc.contents, []);
  return best;
}

/** Every map key and list item of the document with its path and 1-based line/col (document order). */
export function yamlKeys(text: string): KeyLocation[] {
  const parsed = parse(text);
  parsed.keys ??= collectKeys(parsed.doc, parsed.lines);
  return parsed.keys;
}

function collectKeys(doc: ParsedYaml, lines: LineCounter): KeyLocation[] {
  const out: KeyLocation[] = [];
  const loc = (path: PathSegment[], node: YamlNode, valueEnd: number, scalar?: string): KeyLocation => {
    const p = lines.linePos(node.range![0]);
    return { path, start: node.range![0], end: node.range![1], valueEnd, line: p.line, col: p.col, ...(scalar !== undefined ? { scalar } : {}) };
  };
  const visit = (node: unknown, trail: PathSegment[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyText(pair.key);
        if (key === undefined || !(pair.key as YamlNode).range) continue;
        const keyNode = pair.key as YamlNode;
        out.push(loc([...trail, key], keyNode, (pair.value as YamlNode | null)?.range?.[1] ?? keyNode.range![1], scalarText(pair.value)));
        visit(pair.value, [...trail, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const n = item as YamlNode | null;
        if (!n?.range) return;
        out.push(loc([...trail, i], n, n.range[1], scalarText(n)));
        visit(n, [...trail, i]);
      });
    }
  };
  visit(doc.contents, []);
  return out;
}

/** The first key location whose path equals `path`. */
export function findKey(keys: KeyLocation[], path: PathSegment[]): KeyLocation | undefined {
  return keys.find((k) => k.path.length === path.length && k.path.every((s, i) => s === path[i]));
}
