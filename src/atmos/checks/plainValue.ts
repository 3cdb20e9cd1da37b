/**
 * The plain data of a parsed manifest as the schema check sees it (Atmos validates YAML functions as their
 * text: `!env FOO` is the string "!env FOO"), and the syntax problems Atmos would report while reading it
 * (invalid YAML, unknown tags), from the one parse the checks already made. Mirrors yamlLoad.ts's reading:
 * aliases resolved, `<<:` merge keys (explicit keys win, earlier sources win), the first document only.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import type { AtmosDiagnostic } from '../diagnostics';
import { KNOWN_TAGS } from '../yamlLoad';

export function syntaxProblems(doc: Document.Parsed, lines: LineCounter, text: string, file: string): AtmosDiagnostic[] {
  const out: AtmosDiagnostic[] = doc.errors.map((e) => {
    const p = lines.linePos(e.pos[0]);
    return { severity: 'error', code: 'yaml-syntax', message: `invalid YAML: ${e.message.split('\n')[0]}`, file, line: p.line, col: p.col };
  });
  if (out.length > 0) return out;
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target || seen.has(target)) return;
      seen.add(target);
      visit(target);
      seen.delete(target);
      return;
    }
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag && tag.startsWith('!') && !tag.startsWith('!!') && !KNOWN_TAGS.has(tag)) {
      const valueStart = (node as YamlNode).range?.[0] ?? 0;
      const tagStart = text.lastIndexOf(tag, valueStart);
      const p = lines.linePos(tagStart >= 0 && !text.slice(tagStart, valueStart).includes('\n') ? tagStart : valueStart);
      out.push({ severity: 'error', code: 'unknown-tag', message: `unsupported YAML tag '${tag}'`, file, line: p.line, col: p.col });
    }
    if (isMap(node)) for (const pair of node.items) if (isPair(pair)) { visit(pair.key); visit(pair.value); }
    if (isSeq(node)) for (const item of node.items) visit(item);
  };
  visit(doc.contents);
  return out;
}

/** The document's value as JSON data, YAML functions as their text. */
export function plainValue(doc: Document.Parsed): unknown {
  const seen = new Set<unknown>();
  const convert = (node: unknown): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target || seen.has(target)) return null;
      seen.add(target);
      try {
        return convert(target);
      } finally {
        seen.delete(target);
      }
    }
    const tag = (node as { tag?: string }).tag;
    if (isScalar(node)) {
      if (tag && tag.startsWith('!') && !tag.startsWith('!!') && tag !== '!append') {
        const src = node.source ?? (node.value === null || node.value === undefined ? '' : String(node.value));
        return `${tag} ${String(src).trim()}`.trim();
      }
      const v = node.value;
      if (typeof v === 'bigint') return Number(v);
      return v === undefined ? null : v;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const merged: unknown[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        if (isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && k.source === '<<'))) {
          if (isSeq(pair.value)) for (const item of pair.value.items) merged.push(convert(item));
          else merged.push(convert(pair.value));
          continue;
        }
        const keyVal = isScalar(k) ? k.value : convert(k);
        const key = keyVal === null || keyVal === undefined ? '' : String(keyVal);
        const value = convert(pair.value);
        if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
      }
      for (const src of merged) {
        if (typeof src !== 'object' || src === null || Array.isArray(src)) continue;
        for (const [k, v] of Object.entries(src)) if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = v;
      }
      return out;
    }
    if (isSeq(node)) return node.items.map(convert);
    return null;
  };
  return convert(doc.contents);
}
