/**
 * HCL text → plain data (blocks, attributes, literal values, ranges, syntax problems), read off the
 * tree-sitter tree and freed at once: nothing outside this file touches tree-sitter nodes.
 * Values follow hcl's `Expr.Value(nil)`: literals, strings without interpolation, tuples and
 * objects of those; anything needing variables or functions is "not known".
 */
import type { HclNode, HclParser } from './hclParser';

/** 1-based lines and columns (columns in UTF-16 code units, as editors count) */
export interface HclRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface HclProblem extends HclRange {
  message: string;
}

export type HclValue = { known: true; value: unknown } | { known: false; reason: string };

export interface HclAttribute {
  name: string;
  range: HclRange;
  nameRange: HclRange;
  exprRange: HclRange;
  /** the expression's source text (what terraform-config-inspect prints for a type expression) */
  exprText: string;
  value: HclValue;
  /** for an object expression: its elements one by one (so a partly literal object can still be read) */
  items?: HclObjectItem[];
}

export interface HclObjectItem {
  key: string;
  value: HclValue;
  exprText: string;
}

export interface HclBlock {
  type: string;
  labels: string[];
  /** the whole block, `type "label" { … }` */
  range: HclRange;
  body: HclBody;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export interface HclFile {
  body: HclBody;
  /** syntax errors, in document order (at most MAX_PROBLEMS) */
  problems: HclProblem[];
}

const MAX_PROBLEMS = 20;

export function parseHcl(parser: HclParser, text: string): HclFile {
  const tree = parser.parse(text);
  try {
    const root = tree.rootNode;
    const problems: HclProblem[] = [];
    if (root.hasError) collectProblems(root, problems);
    const bodyNode = root.namedChildren.find((c) => c?.type === 'body');
    return { body: bodyNode ? readBody(bodyNode, text) : { attributes: [], blocks: [] }, problems };
  } finally {
    tree.delete();
  }
}

export function rangeOf(n: HclNode): HclRange {
  return { line: n.startPosition.row + 1, column: n.startPosition.column + 1, endLine: n.endPosition.row + 1, endColumn: n.endPosition.column + 1 };
}

function named(n: HclNode): HclNode[] {
  return n.namedChildren.filter((c): c is HclNode => c !== null);
}

function collectProblems(n: HclNode, out: HclProblem[]): void {
  if (out.length >= MAX_PROBLEMS) return;
  if (n.isMissing) {
    out.push({ ...rangeOf(n), message: `missing ${n.type === 'identifier' ? 'a name or value' : `'${n.type}'`}` });
    return;
  }
  if (n.isError) {
    const snippet = n.text.trim().split('\n')[0].slice(0, 40);
    out.push({ ...rangeOf(n), message: snippet ? `unexpected '${snippet}'` : 'syntax error' });
    return;
  }
  if (!n.hasError) return;
  for (const c of n.children) if (c) collectProblems(c, out);
}

function readBody(n: HclNode, text: string): HclBody {
  const body: HclBody = { attributes: [], blocks: [] };
  for (const c of named(n)) {
    if (c.type === 'attribute') {
      const attr = readAttribute(c, text);
      if (attr) body.attributes.push(attr);
    } else if (c.type === 'block') {
      const block = readBlock(c, text);
      if (block) body.blocks.push(block);
    }
  }
  return body;
}

function readAttribute(n: HclNode, text: string): HclAttribute | undefined {
  const kids = named(n);
  const id = kids.find((c) => c.type === 'identifier');
  const expr = kids.find((c) => c.type === 'expression');
  if (!id || !expr || id.isMissing) return undefined;
  return {
    name: id.text,
    range: rangeOf(n),
    nameRange: rangeOf(id),
    exprRange: rangeOf(expr),
    exprText: text.slice(expr.startIndex, expr.endIndex),
    value: evaluate(expr, text),
    items: objectItems(expr, text),
  };
}

function objectItems(expr: HclNode, text: string): HclObjectItem[] | undefined {
  let n: HclNode | undefined = expr;
  while (n && (n.type === 'expression' || n.type === 'collection_value')) n = named(n)[0];
  if (!n || n.type !== 'object') return undefined;
  const items: HclObjectItem[] = [];
  for (const el of named(n)) {
    const keyNode = el.type === 'object_elem' ? el.childForFieldName('key') : null;
    const valNode = el.type === 'object_elem' ? el.childForFieldName('val') : null;
    if (!keyNode || !valNode) continue;
    const key = objectKey(keyNode, text);
    if (key.known) items.push({ key: String(key.value), value: evaluate(valNode, text), exprText: text.slice(valNode.startIndex, valNode.endIndex) });
  }
  return items;
}

function readBlock(n: HclNode, text: string): HclBlock | undefined {
  const kids = named(n);
  const typeNode = kids[0];
  if (!typeNode || typeNode.type !== 'identifier') return undefined;
  const labels: string[] = [];
  let body: HclBody = { attributes: [], blocks: [] };
  for (const c of kids.slice(1)) {
    if (c.type === 'string_lit') labels.push(decodeQuoted(literalParts(c)));
    else if (c.type === 'identifier') labels.push(c.text);
    else if (c.type === 'body') body = readBody(c, text);
  }
  return { type: typeNode.text, labels, range: rangeOf(n), body };
}

const unknown = (reason: string): HclValue => ({ known: false, reason });

/** The value of an expression that needs no variables or functions. */
export function evaluate(n: HclNode, text: string): HclValue {
  switch (n.type) {
    case 'expression':
    case 'collection_value':
    case 'template_expr':
    case 'operation': {
      const inner = named(n).filter((c) => c.type !== 'comment');
      return inner.length === 1 ? evaluate(inner[0], text) : unknown('not a literal value');
    }
    case 'literal_value':
      return evaluate(named(n)[0], text);
    case 'numeric_lit':
      return { known: true, value: Number(n.text) };
    case 'bool_lit':
      return { known: true, value: n.text === 'true' };
    case 'null_lit':
      return { known: true, value: null };
    case 'string_lit':
    case 'quoted_template':
      if (named(n).some((c) => c.type === 'template_interpolation' || c.type === 'template_directive')) return unknown('string template with interpolation');
      return { known: true, value: decodeQuoted(literalParts(n)) };
    case 'heredoc_template':
      return heredocValue(n, text);
    case 'tuple': {
      const out: unknown[] = [];
      for (const c of named(n)) {
        if (c.type !== 'expression') continue;
        const v = evaluate(c, text);
        if (!v.known) return v;
        out.push(v.value);
      }
      return { known: true, value: out };
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const el of named(n)) {
        if (el.type !== 'object_elem') continue;
        const keyNode = el.childForFieldName('key');
        const valNode = el.childForFieldName('val');
        if (!keyNode || !valNode) return unknown('incomplete object element');
        const key = objectKey(keyNode, text);
        if (!key.known) return key;
        const v = evaluate(valNode, text);
        if (!v.known) return v;
        out[String(key.value)] = v.value;
      }
      return { known: true, value: out };
    }
    case 'unary_operation': {
      const op = n.children[0]?.text;
      const operand = named(n)[0];
      if (!operand) return unknown('incomplete operation');
      const v = evaluate(operand, text);
      if (!v.known) return v;
      if (op === '-' && typeof v.value === 'number') return { known: true, value: -v.value };
      if (op === '!' && typeof v.value === 'boolean') return { known: true, value: !v.value };
      return unknown(`operator ${op ?? '?'} on a non-literal`);
    }
    case 'variable_expr':
      return unknown(`reference to '${n.text}'`);
    case 'function_call':
      return unknown(`function call ${named(n)[0]?.text ?? ''}()`);
    default:
      return unknown(`${n.type.replace(/_/g, ' ')} is not a literal value`);
  }
}

/** An object key: a bare identifier is its own name (`{ a = 1 }`), otherwise a literal value. */
function objectKey(keyNode: HclNode, text: string): HclValue {
  const inner = keyNode.type === 'expression' ? named(keyNode) : [keyNode];
  if (inner.length === 1 && inner[0].type === 'variable_expr') {
    const ids = named(inner[0]);
    if (ids.length === 1 && ids[0].type === 'identifier') return { known: true, value: ids[0].text };
  }
  const v = evaluate(keyNode, text);
  if (v.known && (typeof v.value === 'string' || typeof v.value === 'number' || typeof v.value === 'boolean')) return { known: true, value: String(v.value) };
  return v.known ? unknown('object key is not a string') : v;
}

function literalParts(n: HclNode): string {
  return named(n)
    .filter((c) => c.type === 'template_literal')
    .map((c) => c.text)
    .join('');
}

/** Quoted-string escapes (hclsyntax): \n \r \t \" \\ \uNNNN \UNNNNNNNN, and $${ / %%{ for literal ${ / %{. */
export function decodeQuoted(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[nrt"\\])|\$\$\{|%%\{/g, (m, esc: string | undefined) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    switch (esc?.[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(esc.slice(1), 16));
      default:
        return esc ?? m;
    }
  });
}

/** `<<EOT` keeps the lines as written; `<<-EOT` removes the indentation common to every line. */
function heredocValue(n: HclNode, text: string): HclValue {
  const kids = named(n);
  if (kids.some((c) => c.type === 'template_interpolation' || c.type === 'template_directive')) return unknown('heredoc with interpolation');
  const start = kids.find((c) => c.type === 'heredoc_start');
  const ids = kids.filter((c) => c.type === 'heredoc_identifier');
  if (!start || ids.length < 2) return unknown('incomplete heredoc');
  const open = ids[0];
  const close = ids[ids.length - 1];
  const bodyStart = text.indexOf('\n', open.endIndex) + 1;
  const bodyEnd = text.lastIndexOf('\n', close.startIndex) + 1;
  let body = bodyStart > 0 && bodyEnd > bodyStart ? text.slice(bodyStart, bodyEnd) : '';
  if (start.text.includes('-')) {
    const lines = body.split('\n');
    const last = lines.pop(); // '' after the final newline
    const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
    const cut = indents.length > 0 ? Math.min(...indents) : 0;
    body = [...lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))), last].join('\n');
  }
  return { known: true, value: body.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') };
}
