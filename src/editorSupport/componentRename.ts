/**
 * Renaming an Atmos component across the stack manifests, planned from the raw YAML (no vscode): the text edits
 * per file, so the editor can apply them as one WorkspaceEdit with a preview.
 *
 * What refers to a component by its Atmos name (not its folder):
 * - its definition keys `components.<type>.<name>` (every file that defines or overrides it),
 * - `metadata.inherits` entries of components of the same type,
 * - `settings.depends_on` entries (`component:`, and a map key equal to the name) and `dependencies.components`
 *   entries (`component:` or `name:`, when their `kind` is absent or the type),
 * - `!terraform.output` / `!terraform.state` functions and `atmos.Component "<name>"` templates.
 * `metadata.component` names a folder under the type's base path, so it is never renamed. A component without
 * `metadata.component` (or the legacy `component:`) takes its folder from its name: there the rename pins the old
 * folder with `metadata.component: <old>`, so the component keeps deploying the same Terraform code.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { PathSegment } from './yamlPath';
import { yamlPathAt } from './yamlPath';
import { classifyStackKey } from './stackKeyPath';

export type RenameEditKind = 'definition' | 'inherits' | 'depends-on' | 'depends-on-key' | 'function' | 'template' | 'folder-pin';

export interface RenameTextEdit {
  kind: RenameEditKind;
  /** 0-based offsets into the file's text */
  start: number;
  end: number;
  /** 0-based line/character of start and end (for files the editor has not opened) */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  newText: string;
}

export interface RenameInput {
  files: Iterable<{ file: string; text: string }>;
  type: string;
  from: string;
  to: string;
  /** whether `<type base path>/<folder>` exists (decides whether the old folder must be pinned) */
  folderExists?(folder: string): boolean;
}

export interface RenamePlan {
  edits: Map<string, RenameTextEdit[]>;
  /** edits by kind (for the summary) */
  counts: Partial<Record<RenameEditKind, number>>;
  /** what the plan could not do, in words */
  notes: string[];
}

/** Why `name` cannot be a component name, or undefined when it can. */
export function componentNameProblem(name: string): string | undefined {
  if (!name.trim()) return 'A component name cannot be empty.';
  if (/\s/.test(name)) return 'A component name cannot contain whitespace.';
  if (/[:{}[\],&*#?|<>=!%@`'"\\]/.test(name)) return `'${name}' has characters a component name cannot have (YAML or path syntax).`;
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return `'${name}' is not a valid component path.`;
  return undefined;
}

/** The component name under the cursor that a rename may start from, with the name's own offsets (quotes excluded). */
export function renameTargetAt(text: string, offset: number): { name: string; type?: string; start: number; end: number } | { refusal: string } {
  const refusal = 'Atmos AI renames components: put the cursor on a component name (its key under components.terraform|helmfile|packer, a metadata.inherits entry or a depends_on component).';
  const at = yamlPathAt(text, offset);
  if (!at || at.scalar === undefined) return { refusal };
  const key = classifyStackKey(at.path);
  const last = at.path[at.path.length - 1];
  const inner = (): { start: number; end: number } => {
    const raw = text.slice(at.start, at.end);
    const i = raw.indexOf(at.scalar!);
    return i >= 0 ? { start: at.start + i, end: at.start + i + at.scalar!.length } : { start: at.start, end: at.end };
  };
  if (key.kind === 'component' && at.on === 'key') return { name: at.scalar, type: key.type, ...inner() };
  if (key.kind === 'inherits' && at.on === 'value') return { name: at.scalar, type: key.type, ...inner() };
  if (key.kind === 'depends-on' && at.on === 'value' && (last === 'component' || last === 'name')) return { name: at.scalar, ...inner() };
  if (key.kind === 'metadata-component') return { refusal: `metadata.component names the component's folder ('${at.scalar}'), not an Atmos component: rename the folder instead, or rename the component at its key.` };
  return { refusal };
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

function position(starts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

const scalarValue = (n: unknown): string | undefined => (isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : undefined);
const mapGet = (m: unknown, key: string): Pair | undefined => (isMap(m) ? (m.items.find((p) => isPair(p) && scalarValue(p.key) === key) as Pair | undefined) : undefined);
const yamlName = (s: string): string => (/^[\w./-]+$/.test(s) && !/^[-.]/.test(s) ? s : JSON.stringify(s));

interface Definition {
  file: string;
  text: string;
  key: YamlNode;
  value: unknown;
  pinsFolder: boolean;
}

export function planComponentRename(input: RenameInput): RenamePlan | { error: string } {
  const { type, from, to } = input;
  const problem = componentNameProblem(to);
  if (problem) return { error: problem };
  if (from === to) return { error: `The component is already named '${to}'.` };
  const plan: RenamePlan = { edits: new Map(), counts: {}, notes: [] };
  const definitions: Definition[] = [];
  let clash: string | undefined;

  for (const { file, text } of input.files) {
    const starts = lineStarts(text);
    const out: RenameTextEdit[] = [];
    const push = (kind: RenameEditKind, start: number, end: number, newText: string) => {
      const a = position(starts, start);
      const b = position(starts, end);
      out.push({ kind, start, end, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character, newText });
    };
    /** replaces `name` inside the node's source (keeps quotes) */
    const renameIn = (kind: RenameEditKind, node: YamlNode | null | undefined, name: string) => {
      const r = node?.range;
      if (!r) return;
      const i = text.slice(r[0], r[1]).indexOf(name);
      if (i >= 0) push(kind, r[0] + i, r[0] + i + name.length, to);
    };
    let doc;
    try {
      doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false });
    } catch {
      continue;
    }
    const root = doc.contents;
    const components = mapGet(root, 'components')?.value;
    if (isMap(components)) {
      for (const typePair of components.items) {
        const t = scalarValue(typePair.key);
        if (!t || !isMap(typePair.value)) continue;
        for (const c of (typePair.value as YAMLMap).items) {
          const name = scalarValue(c.key);
          if (name === undefined) continue;
          if (t === type && name === to) clash = file;
          if (t === type && name === from) {
            renameIn('definition', c.key as YamlNode, from);
            const metadata = mapGet(c.value, 'metadata')?.value;
            definitions.push({ file, text, key: c.key as YamlNode, value: c.value, pinsFolder: !!mapGet(metadata, 'component') || !!mapGet(c.value, 'component') });
          }
          const metadata = mapGet(c.value, 'metadata')?.value;
          const inherits = mapGet(metadata, 'inherits')?.value;
          if (t === type && isSeq(inherits)) for (const item of inherits.items) if (scalarValue(item) === from) renameIn('inherits', item as YamlNode, from);
          const settings = mapGet(c.value, 'settings')?.value;
          const dependsOn = mapGet(settings, 'depends_on')?.value;
          const entries = isMap(dependsOn) ? dependsOn.items.map((p) => ({ key: p.key as YamlNode, value: p.value })) : isSeq(dependsOn) ? dependsOn.items.map((value) => ({ key: undefined, value })) : [];
          for (const e of entries) {
            const ref = mapGet(e.value, 'component');
            if (!ref || scalarValue(ref.value) !== from) continue;
            const kind = scalarValue(mapGet(e.value, 'kind')?.value);
            if (kind && kind !== type) continue;
            renameIn('depends-on', ref.value as YamlNode, from);
            if (e.key && scalarValue(e.key) === from) renameIn('depends-on-key', e.key, from);
          }
          const deps = mapGet(mapGet(c.value, 'dependencies')?.value, 'components')?.value;
          if (isSeq(deps)) {
            for (const item of deps.items) {
              const kind = scalarValue(mapGet(item, 'kind')?.value);
              if (kind && kind !== type) continue;
              for (const k of ['component', 'name']) {
                const ref = mapGet(item, k);
                if (ref && scalarValue(ref.value) === from) renameIn('depends-on', ref.value as YamlNode, from);
              }
              if (isScalar(item) && scalarValue(item) === from) renameIn('depends-on', item as YamlNode, from);
            }
          }
        }
      }
    }
    // functions and templates anywhere in the file
    const visit = (node: unknown, trail: PathSegment[]): void => {
      if (isMap(node)) for (const p of node.items) visit(p.value, [...trail, scalarValue(p.key) ?? '']);
      else if (isSeq(node)) node.items.forEach((n, i) => visit(n, [...trail, i]));
      else if (isScalar(node) && typeof node.value === 'string' && node.range) {
        const [s, e] = node.range;
        const raw = text.slice(s, e);
        if (node.tag === '!terraform.output' || node.tag === '!terraform.state') {
          const m = /^(["']?\s*)(\S+)/.exec(raw);
          if (m && m[2].replace(/["']$/, '') === from) push('function', s + m[1].length, s + m[1].length + from.length, to);
        }
        const re = /atmos\.Component\s+(\\?["`])([^"`\\]+)\\?["`]/g;
        for (let m = re.exec(raw); m; m = re.exec(raw)) {
          if (m[2] !== from) continue;
          const at = s + m.index + m[0].indexOf(m[1]) + m[1].length;
          push('template', at, at + from.length, to);
        }
      }
    };
    visit(root, []);
    if (out.length > 0) plan.edits.set(file, out);
  }

  if (clash) return { error: `A ${type} component named '${to}' already exists (${clash}): renaming would merge two components.` };
  if (definitions.length === 0) return { error: `No manifest defines the ${type} component '${from}'.` };

  // the folder came from the old name: keep it
  if (!definitions.some((d) => d.pinsFolder) && (input.folderExists?.(from) ?? false)) {
    for (const d of definitions) {
      const pin = folderPin(d, from);
      if (!pin) {
        plan.notes.push(`${d.file}: could not add 'metadata.component: ${from}' (the component is not a block map); add it by hand to keep its folder.`);
        continue;
      }
      const starts = lineStarts(d.text);
      const a = position(starts, pin.offset);
      const edits = plan.edits.get(d.file) ?? [];
      edits.push({ kind: 'folder-pin', start: pin.offset, end: pin.offset, line: a.line, character: a.character, endLine: a.line, endCharacter: a.character, newText: pin.text });
      plan.edits.set(d.file, edits);
    }
  }
  for (const edits of plan.edits.values()) {
    edits.sort((a, b) => a.start - b.start);
    for (const e of edits) plan.counts[e.kind] = (plan.counts[e.kind] ?? 0) + 1;
  }
  return plan;
}

/** Where and what to insert so that the definition says `metadata.component: <folder>`. */
function folderPin(d: Definition, folder: string): { offset: number; text: string } | undefined {
  const lineStart = (o: number) => d.text.lastIndexOf('\n', o - 1) + 1;
  const eol = d.text.includes('\r\n') ? '\r\n' : '\n';
  const metadata = mapGet(d.value, 'metadata');
  const firstItemAt = (m: unknown): number | undefined => {
    if (!isMap(m) || m.flow || m.items.length === 0) return undefined;
    const r = (m.items[0].key as YamlNode | null)?.range;
    return r ? r[0] : undefined;
  };
  if (metadata) {
    const at = firstItemAt(metadata.value);
    if (at === undefined) return undefined;
    const ls = lineStart(at);
    const indent = d.text.slice(ls, at);
    if (indent.trim()) return undefined;
    return { offset: ls, text: `${indent}component: ${yamlName(folder)}${eol}` };
  }
  const at = firstItemAt(d.value);
  if (at !== undefined) {
    const ls = lineStart(at);
    const indent = d.text.slice(ls, at);
    if (indent.trim()) return undefined;
    return { offset: ls, text: `${indent}metadata:${eol}${indent}  component: ${yamlName(folder)}${eol}` };
  }
  if (d.value === null || (isScalar(d.value) && (d.value.value === null || d.value.value === undefined))) {
    const keyStart = d.key.range![0];
    const indent = ' '.repeat(keyStart - lineStart(keyStart));
    const lineEnd = d.text.indexOf('\n', keyStart);
    const offset = lineEnd < 0 ? d.text.length : d.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    return { offset, text: `${eol}${indent}  metadata:${eol}${indent}    component: ${yamlName(folder)}` };
  }
  return undefined;
}
