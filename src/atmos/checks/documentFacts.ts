/**
 * What the checks need to know about one manifest, read from its text alone in a single pass with exact
 * ranges: imports, component definitions (abstract, inherits, metadata.component, dependencies, backend
 * types), duplicate keys, numbers written like versions, template strings, YAML functions, workflow steps.
 * Never throws: broken YAML yields its syntax diagnostics and whatever could be read.
 */
import { isMap as isYamlMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode, type Scalar } from 'yaml';
import type { AtmosDiagnostic } from '../diagnostics';
import { plainValue, syntaxProblems } from './plainValue';

/** A located stretch of text: 1-based line and column; the end column is just past the last character. */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export type PathSeg = string | number;

export interface ImportFact {
  path: string;
  span: Span;
  skipIfMissing: boolean;
  /** imported with a non-empty `context` (the file's templates are rendered against it) */
  withContext: boolean;
}

export interface NamedRef {
  name: string;
  span: Span;
}

export interface DependencyFact extends NamedRef {
  /** an explicit `stack:` on the entry (the dependency lives in another stack) */
  stack?: string;
}

export interface DefinitionFact {
  type: string;
  name: string;
  file: string;
  /** the component's key */
  span: Span;
  abstract: boolean;
  inherits: NamedRef[];
  /** `metadata.component` */
  folder?: NamedRef;
  /** the legacy top-level `component:` (inherits from that component, or names the folder) */
  legacyBase?: NamedRef;
  dependsOn: DependencyFact[];
}

export interface ValueFact {
  path: PathSeg[];
  /** the text as written */
  source: string;
  value: unknown;
  span: Span;
}

export interface TemplateFact {
  path: PathSeg[];
  /** the string value (after YAML unquoting) */
  value: string;
  /** offset of the value's first character in the document, and whether that value is written verbatim there */
  offset: number;
  verbatim: boolean;
  span: Span;
}

export interface FunctionFact {
  path: PathSeg[];
  tag: string;
  arg: string;
  span: Span;
}

export interface WorkflowStepFact {
  workflow: string;
  command: string;
  stack?: string;
  span: Span;
}

export interface DocumentFacts {
  file: string;
  text: string;
  /** yaml-syntax and unknown-tag problems (the first document only, as Atmos reads it) */
  syntax: AtmosDiagnostic[];
  /** the plain JSON value, YAML functions as their text (for the schema check); undefined when the YAML is broken */
  value: unknown;
  imports: ImportFact[];
  definitions: DefinitionFact[];
  duplicateKeys: Array<{ path: PathSeg[]; key: string; span: Span; firstLine: number }>;
  numbers: ValueFact[];
  backendTypes: ValueFact[];
  templates: TemplateFact[];
  functions: FunctionFact[];
  workflowSteps: WorkflowStepFact[];
  /** key spans by dotted path, for locating schema errors */
  keySpans: Map<string, Span>;
  /** value spans by dotted path */
  valueSpans: Map<string, Span>;
  /** offset → 1-based line/col */
  position(offset: number): { line: number; col: number };
}

export const BACKEND_TYPE_KEYS = new Set(['backend_type', 'remote_state_backend_type']);

export function pathKey(path: PathSeg[]): string {
  return path.map(String).join('\u0000');
}

/** Reads a manifest's facts. `.tmpl` files may not be YAML before rendering: their syntax problems are dropped. */
export function documentFacts(file: string, text: string): DocumentFacts {
  const lines = new LineCounter();
  const position = (offset: number) => lines.linePos(Math.max(0, Math.min(offset, text.length)));
  const span = (start: number, end: number): Span => {
    const a = position(start);
    const b = position(Math.max(start, end));
    return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  };
  const facts: DocumentFacts = {
    file, text, syntax: [], value: undefined, imports: [], definitions: [], duplicateKeys: [], numbers: [], backendTypes: [],
    templates: [], functions: [], workflowSteps: [], keySpans: new Map(), valueSpans: new Map(), position,
  };
  const template = file.endsWith('.tmpl');
  let doc: Document.Parsed | undefined;
  try {
    // the options yamlLoad.ts reads manifests with (Go's yaml reads the first document only)
    const docs = parseAllDocuments(text, { lineCounter: lines, merge: true, uniqueKeys: false, strict: false, prettyErrors: false });
    doc = (Array.isArray(docs) ? docs[0] : docs) as Document.Parsed | undefined;
  } catch (err) {
    if (!template) facts.syntax = [{ severity: 'error', code: 'yaml-syntax', message: `invalid YAML: ${String(err)}`, file, line: 1, col: 1 }];
    return facts;
  }
  if (!doc) {
    facts.value = null;
    return facts;
  }
  const syntax = syntaxProblems(doc, lines, text, file);
  if (!template) facts.syntax = syntax;
  facts.value = syntax.some((d) => d.code === 'yaml-syntax') ? undefined : plainValue(doc);

  const nodeSpan = (n: YamlNode | null | undefined): Span | undefined => (n?.range ? span(n.range[0], n.range[1]) : undefined);
  // a value written with a YAML function (`import: !include …`) is not a name: it is resolved later
  const scalarString = (n: unknown): string | undefined => (isScalar(n) && typeof n.value === 'string' && !isFunctionTag(n.tag) ? n.value : undefined);

  const visit = (node: unknown, trail: PathSeg[]): void => {
    if (isYamlMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const keyNode = pair.key as Scalar;
        if (typeof keyNode.value === 'symbol' || (keyNode.value === '<<' && keyNode.source === '<<')) continue;
        const key = keyNode.value === null || keyNode.value === undefined ? '' : String(keyNode.value);
        const kSpan = nodeSpan(keyNode);
        if (!kSpan) continue;
        const first = seen.get(key);
        if (first !== undefined) facts.duplicateKeys.push({ path: [...trail, key], key, span: kSpan, firstLine: first });
        else seen.set(key, kSpan.line);
        const p = [...trail, key];
        if (!facts.keySpans.has(pathKey(p))) facts.keySpans.set(pathKey(p), kSpan);
        const vSpan = nodeSpan(pair.value as YamlNode | null);
        if (vSpan && !facts.valueSpans.has(pathKey(p))) facts.valueSpans.set(pathKey(p), vSpan);
        visit(pair.value, p);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const s = nodeSpan(item as YamlNode | null);
        if (s) facts.valueSpans.set(pathKey([...trail, i]), s);
        visit(item, [...trail, i]);
      });
    } else if (isScalar(node) && node.range) {
      const s = span(node.range[0], node.range[1]);
      const tag = node.tag;
      if (isFunctionTag(tag)) {
        // the located text starts at the tag, which sits just before the value on the same line
        const tagStart = text.lastIndexOf(tag, node.range[0]);
        const from = tagStart >= 0 && !text.slice(tagStart, node.range[0]).includes('\n') ? tagStart : node.range[0];
        facts.functions.push({ path: trail, tag, arg: String(node.source ?? node.value ?? '').trim(), span: span(from, node.range[1]) });
        return;
      }
      if (node.type === 'PLAIN' && typeof node.value === 'number') {
        const source = text.slice(node.range[0], node.range[1]).trim();
        facts.numbers.push({ path: trail, source, value: node.value, span: s });
      }
      if (typeof node.value === 'string' && node.value.includes('{{')) {
        // a plain or single-line quoted value without escapes is found verbatim after its opening quote
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        const offset = node.range[0] + (quoted ? 1 : 0);
        const verbatim = text.startsWith(node.value, offset);
        facts.templates.push({ path: trail, value: node.value, offset, verbatim, span: s });
      }
      const last = trail[trail.length - 1];
      if (typeof last === 'string' && BACKEND_TYPE_KEYS.has(last)) facts.backendTypes.push({ path: trail, source: text.slice(node.range[0], node.range[1]), value: node.value, span: s });
    }
  };
  visit(doc.contents, []);

  const root = doc.contents;
  if (!isYamlMap(root)) return facts;
  const get = (map: unknown, key: string): YamlNode | undefined => {
    if (!isYamlMap(map)) return undefined;
    for (const pair of map.items) if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return (pair.value ?? undefined) as YamlNode | undefined;
    return undefined;
  };

  // imports: a string, a list of strings, or objects with `path`
  const imp = get(root, 'import');
  const importItems = isSeq(imp) ? imp.items : imp ? [imp] : [];
  for (const item of importItems) {
    const n = item as YamlNode | null;
    const direct = scalarString(n);
    if (direct !== undefined && nodeSpan(n)) {
      facts.imports.push({ path: direct, span: nodeSpan(n)!, skipIfMissing: false, withContext: false });
    } else if (isYamlMap(n)) {
      const pathNode = get(n, 'path');
      const p = scalarString(pathNode);
      const skip = get(n, 'skip_if_missing');
      const context = get(n, 'context');
      const withContext = isYamlMap(context) && context.items.length > 0;
      if (p !== undefined && nodeSpan(pathNode)) facts.imports.push({ path: p, span: nodeSpan(pathNode)!, skipIfMissing: isScalar(skip) && skip.value === true, withContext });
    }
  }

  // components.<type>.<name>
  const components = get(root, 'components');
  if (isYamlMap(components)) {
    for (const typePair of components.items) {
      if (!isPair(typePair) || !isScalar(typePair.key) || !isYamlMap(typePair.value)) continue;
      const type = String(typePair.key.value);
      for (const pair of typePair.value.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        const keySpan = nodeSpan(pair.key as YamlNode);
        if (!keySpan) continue;
        const comp = pair.value;
        const def: DefinitionFact = { type, name, file, span: keySpan, abstract: false, inherits: [], dependsOn: [] };
        const metadata = get(comp, 'metadata');
        def.abstract = scalarString(get(metadata, 'type')) === 'abstract';
        const inherits = get(metadata, 'inherits');
        if (isSeq(inherits)) {
          for (const it of inherits.items) {
            const v = scalarString(it);
            const s = nodeSpan(it as YamlNode);
            if (v !== undefined && s) def.inherits.push({ name: v, span: s });
          }
        }
        const folder = get(metadata, 'component');
        if (scalarString(folder) !== undefined && nodeSpan(folder)) def.folder = { name: scalarString(folder)!, span: nodeSpan(folder)! };
        const legacy = get(comp, 'component');
        if (scalarString(legacy) !== undefined && nodeSpan(legacy)) def.legacyBase = { name: scalarString(legacy)!, span: nodeSpan(legacy)! };
        const depEntry = (entry: unknown, aliases: string[]) => {
          if (!isYamlMap(entry)) return;
          const kind = scalarString(get(entry, 'kind'));
          if (kind === 'file' || kind === 'folder') return;
          for (const alias of aliases) {
            const n = get(entry, alias);
            const v = scalarString(n);
            if (v !== undefined && nodeSpan(n)) {
              def.dependsOn.push({ name: v, span: nodeSpan(n)!, stack: scalarString(get(entry, 'stack')) });
              return;
            }
          }
        };
        const deps = get(get(comp, 'dependencies'), 'components');
        if (isSeq(deps)) for (const d of deps.items) depEntry(d, ['component', 'name']);
        for (const legacyDeps of [get(get(comp, 'settings'), 'depends_on'), get(comp, 'depends_on')]) {
          if (isYamlMap(legacyDeps)) for (const p of legacyDeps.items) if (isPair(p)) depEntry(p.value, ['component']);
          if (isSeq(legacyDeps)) for (const d of legacyDeps.items) depEntry(d, ['component']);
        }
        facts.definitions.push(def);
      }
    }
  }

  // workflows.<name>.steps[].command (type atmos, the default)
  const workflows = get(root, 'workflows');
  if (isYamlMap(workflows)) {
    for (const wf of workflows.items) {
      if (!isPair(wf) || !isScalar(wf.key)) continue;
      const steps = get(wf.value, 'steps');
      if (!isSeq(steps)) continue;
      for (const step of steps.items) {
        const type = scalarString(get(step, 'type'));
        if (type && type !== 'atmos') continue;
        const cmd = get(step, 'command');
        const command = scalarString(cmd);
        if (command === undefined || !nodeSpan(cmd)) continue;
        facts.workflowSteps.push({ workflow: String(wf.key.value), command, stack: scalarString(get(step, 'stack')), span: nodeSpan(cmd)! });
      }
    }
  }
  return facts;
}

function isFunctionTag(tag: string | undefined): tag is string {
  return !!tag && tag.startsWith('!') && !tag.startsWith('!!');
}

/** A located diagnostic at `span`. */
export function at(facts: { file: string }, span: Span, d: Omit<AtmosDiagnostic, 'file' | 'line' | 'col' | 'endLine' | 'endCol'>): AtmosDiagnostic {
  return { ...d, file: facts.file, line: span.line, col: span.col, endLine: span.endLine, endCol: span.endCol };
}
