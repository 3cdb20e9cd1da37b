import { Alias, isAlias, isMap as isYamlMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { AtmosDiagnostic, Origin } from './diagnostics';
import { markAppend, setMeta } from './provenance';
import { yamlFunction, type PlainMap } from './values';

/** The YAML function tags Atmos knows; any other `!tag` is an error (as in Atmos). */
export const KNOWN_TAGS = new Set([
  '!exec', '!secret', '!store', '!store.get', '!template', '!terraform.output', '!terraform.state', '!env', '!cel',
  '!include', '!include.raw', '!repo-root', '!git.root', '!git.sha', '!git.branch', '!git.ref', '!git.repository',
  '!git.owner', '!git.name', '!git.host', '!git.url', '!append', '!cwd', '!unset', '!random', '!literal',
  '!aws.account_id', '!aws.caller_identity_arn', '!aws.caller_identity_user_id', '!aws.region', '!aws.organization_id',
  '!emulator', '!version', '!tags', '!labels', '!labels.keys', '!labels.values',
]);

export interface LoadedYaml {
  /** the first document's value (Go's yaml.Unmarshal reads only the first) */
  value: unknown;
  diagnostics: AtmosDiagnostic[];
}

/**
 * Parses YAML text into plain values, recording the file:line:col of every map key and list item
 * (see provenance.ts). YAML function tags become `YamlFunction` leaves; `!append` marks its list.
 */
export function loadYaml(text: string, file: string): LoadedYaml {
  const lineCounter = new LineCounter();
  const diagnostics: AtmosDiagnostic[] = [];
  let doc: Document.Parsed;
  try {
    // several documents in one file: Go's yaml.Unmarshal reads the first one only
    const docs = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false, strict: false });
    const all = Array.isArray(docs) ? docs : [docs];
    if (all.length === 0) return { value: null, diagnostics };
    doc = all[0] as Document.Parsed;
  } catch (err) {
    diagnostics.push({ severity: 'error', code: 'yaml-syntax', message: `invalid YAML: ${String(err)}`, file, line: 1, col: 1 });
    return { value: undefined, diagnostics };
  }
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    diagnostics.push({ severity: 'error', code: 'yaml-syntax', message: `invalid YAML: ${e.message.split('\n')[0]}`, file, line: pos.line, col: pos.col });
  }
  if (doc.errors.length > 0) return { value: undefined, diagnostics };
  const at = (offset: number | undefined): Origin => {
    const p = lineCounter.linePos(offset ?? 0);
    return { file, line: p.line, col: p.col };
  };
  const seen = new Set<YamlNode>();
  const convert = (node: unknown): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = (node as Alias).resolve(doc);
      if (!target || seen.has(target as YamlNode)) return null;
      seen.add(target as YamlNode);
      try {
        return convert(target);
      } finally {
        seen.delete(target as YamlNode);
      }
    }
    const tag = (node as { tag?: string }).tag;
    const customTag = tag && tag.startsWith('!') && !tag.startsWith('!!') ? tag : undefined;
    if (customTag && !KNOWN_TAGS.has(customTag)) {
      // point at the tag itself, which sits just before the node's value
      const valueStart = (node as YamlNode).range?.[0] ?? 0;
      const tagStart = text.lastIndexOf(customTag, valueStart);
      const o = at(tagStart >= 0 && !text.slice(tagStart, valueStart).includes('\n') ? tagStart : valueStart);
      diagnostics.push({ severity: 'error', code: 'unknown-tag', message: `unsupported YAML tag '${customTag}'`, file, line: o.line, col: o.col });
    }
    if (isScalar(node)) {
      if (customTag && customTag !== '!append') {
        const src = node.source ?? (node.value === null || node.value === undefined ? '' : String(node.value));
        return yamlFunction(customTag, String(src).trim());
      }
      const v = node.value;
      if (typeof v === 'bigint') return Number(v);
      if (v instanceof Date) return (node as { source?: string }).source ?? v.toISOString();
      return v === undefined ? null : v;
    }
    if (isYamlMap(node)) {
      const out: PlainMap = {};
      const keys = new Map<string, Origin[]>();
      const mergeSources: unknown[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const keyVal = isScalar(keyNode) ? keyNode.value : keyNode ? convert(keyNode) : null;
        // `<<:` merge key (the yaml package gives it a symbol value when `merge` is on)
        if (isScalar(keyNode) && (typeof keyNode.value === 'symbol' || (keyNode.value === '<<' && (keyNode as { source?: string }).source === '<<'))) {
          const v = pair.value as YamlNode | null;
          if (isSeq(v)) for (const item of v.items) mergeSources.push(convert(item));
          else mergeSources.push(convert(v));
          continue;
        }
        const key = keyVal === null || keyVal === undefined ? '' : String(keyVal);
        const value = convert(pair.value);
        if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
        keys.set(key, [at(keyNode?.range?.[0])]);
      }
      // `<<:` merge keys: explicit keys win; earlier sources win over later ones
      for (const src of mergeSources) {
        if (typeof src !== 'object' || src === null || Array.isArray(src)) continue;
        for (const [k, v] of Object.entries(src)) {
          if (!keys.has(k)) {
            out[k] = v;
            keys.set(k, [at(node.range?.[0])]);
          }
        }
      }
      setMeta(out, { origin: at(node.range?.[0]), keys });
      return out;
    }
    if (isSeq(node)) {
      const out = node.items.map((item) => convert(item));
      setMeta(out, { origin: at(node.range?.[0]), items: node.items.map((item) => [at((item as YamlNode | null)?.range?.[0] ?? node.range?.[0])]) });
      if (customTag === '!append') markAppend(out);
      return out;
    }
    return null;
  };
  return { value: convert(doc.contents), diagnostics };
}
