/**
 * Parser for Go text/template, a close port of the grammar in Go's
 * text/template/parse/parse.go: actions, pipelines with declarations,
 * control structures (if / range / with with `else if` / `else with`,
 * break / continue), define / template / block, parenthesized pipelines and
 * field chains. Errors carry Go's wording so messages match `atmos`.
 */

import type {
  ActionNode,
  ArgNode,
  CommandNode,
  IfNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  RangeNode,
  TemplateNode,
  VariableNode,
  WithNode,
} from './ast';
import { nodeString } from './ast';
import { goQuote, lex, type Token } from './lexer';
import { unquoteChar, unquoteGoString } from './unquote';

/** A parse failure: Go reports `template: NAME:LINE: MESSAGE`; we also keep the offset. */
export class TemplateParseError extends Error {
  readonly kind = 'parse';
  constructor(
    message: string,
    readonly line: number,
    readonly pos: number,
    /** Set when the failure is an identifier that names no function. */
    readonly undefinedFunction?: string,
  ) {
    super(message);
  }
}

export interface ParsedTemplates {
  /** Named trees: the main one (under the file name) plus every define / block. */
  trees: Map<string, ListNode>;
}

/** Parentheses and control structures nest recursively; keep far below the JS stack limit. */
const MAX_NESTING = 1000;

type EndOrElse = { kind: 'end'; pos: number } | { kind: 'else'; pos: number; line: number };

export function parseTemplate(
  name: string,
  text: string,
  hasFunction: (name: string) => boolean,
  leftDelim = '{{',
  rightDelim = '}}',
): ParsedTemplates {
  const tokens = lex(text, leftDelim, rightDelim);
  const trees = new Map<string, ListNode>();
  new Parser(name, tokens, hasFunction, trees).parseMain();
  return { trees };
}

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private depth = 0;
  private actionLine = 0;
  /** The token most recently consumed; Go reports parse errors at its line. */
  private last: Token;

  constructor(
    private readonly name: string,
    private readonly tokens: Token[],
    private readonly hasFunction: (name: string) => boolean,
    private readonly trees: Map<string, ListNode>,
  ) {
    this.last = tokens[0];
  }

  // ---- token stream -------------------------------------------------------
  private next(): Token {
    const t = this.tokens[Math.min(this.i, this.tokens.length - 1)];
    this.i++;
    this.last = t;
    return t;
  }
  private backup(n = 1): void {
    this.i -= n;
  }
  private peek(): Token {
    return this.tokens[Math.min(this.i, this.tokens.length - 1)];
  }
  private nextNonSpace(): Token {
    let t: Token;
    do t = this.next();
    while (t.type === 'space');
    return t;
  }
  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private errorf(message: string, at: Token = this.last, undefinedFunction?: string): never {
    throw new TemplateParseError(`template: ${this.name}:${at.line}: ${message}`, at.line, at.pos, undefinedFunction);
  }

  private unexpected(token: Token, context: string): never {
    if (token.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${token.val}${extra}`, token);
    }
    this.errorf(`unexpected ${tokenString(token)} in ${context}`, token);
  }

  private expect(type: Token['type'], context: string, val?: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type || (val !== undefined && t.val !== val)) this.unexpected(t, context);
    return t;
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) this.errorf('max expression depth exceeded');
  }
  private leave(): void {
    this.depth--;
  }

  private add(name: string, root: ListNode): void {
    const existing = this.trees.get(name);
    if (!existing || isEmptyTree(existing)) {
      this.trees.set(name, root);
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${goQuote(name)}`);
  }

  // ---- top level ------------------------------------------------------------
  parseMain(): void {
    const root: ListNode = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next();
        const t = this.nextNonSpace();
        if (t.type === 'keyword' && t.val === 'define') {
          this.parseDefinition();
          continue;
        }
        // back up to before the delimiter (skipping any spaces we consumed)
        while (this.tokens[this.i - 1] !== delim) this.backup();
        this.backup();
      }
      const n = this.textOrAction();
      if (isEndOrElse(n)) this.errorf(`unexpected ${n.kind === 'end' ? '{{end}}' : '{{else}}'}`);
      root.nodes.push(n as Node);
    }
    this.add(this.name, root);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const saved = this.vars;
    this.vars = ['$'];
    const nameTok = this.nextNonSpace();
    if (nameTok.type !== 'string' && nameTok.type !== 'rawString') this.unexpected(nameTok, context);
    const defName = this.unquote(nameTok.val);
    this.expect('rightDelim', context);
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected {{else}} in ${context}`);
    this.add(defName, list);
    this.vars = saved;
  }

  private itemList(): [ListNode, EndOrElse] {
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (isEndOrElse(n)) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | EndOrElse {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'text':
        return { kind: 'text', pos: token.pos, text: token.val };
      case 'leftDelim': {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node | EndOrElse {
    const token = this.nextNonSpace();
    if (token.type === 'keyword') {
      switch (token.val) {
        case 'block':
          return this.blockControl();
        case 'break':
          return this.loopControl('break', token);
        case 'continue':
          return this.loopControl('continue', token);
        case 'else':
          return this.elseControl();
        case 'end':
          return { kind: 'end', pos: this.expect('rightDelim', 'end').pos };
        case 'if':
          return this.branch('if');
        case 'range':
          return this.branch('range');
        case 'template':
          return this.templateControl();
        case 'with':
          return this.branch('with');
        case 'define':
          this.unexpected(token, 'command');
      }
    }
    this.backup();
    const t = this.peek();
    const node: ActionNode = { kind: 'action', pos: t.pos, pipe: this.pipeline('command', 'rightDelim') };
    return node;
  }

  private loopControl(kind: 'break' | 'continue', token: Token): Node {
    const t = this.nextNonSpace();
    if (t.type !== 'rightDelim') this.unexpected(t, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
    return { kind, pos: token.pos };
  }

  private elseControl(): EndOrElse {
    const peek = this.peekNonSpace();
    if (peek.type === 'keyword' && (peek.val === 'if' || peek.val === 'with')) {
      return { kind: 'else', pos: peek.pos, line: peek.line };
    }
    const t = this.expect('rightDelim', 'else');
    return { kind: 'else', pos: t.pos, line: t.line };
  }

  private branch(context: 'if' | 'range' | 'with'): IfNode | RangeNode | WithNode {
    this.enter();
    const varsLen = this.vars.length;
    const pipe = this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.kind === 'else') {
      const p = this.peek();
      if (context === 'if' && p.type === 'keyword' && p.val === 'if') {
        this.next();
        elseList = { kind: 'list', pos: next.pos, nodes: [this.branch('if')] };
      } else if (context === 'with' && p.type === 'keyword' && p.val === 'with') {
        this.next();
        elseList = { kind: 'list', pos: next.pos, nodes: [this.branch('with')] };
      } else {
        const [els, end] = this.itemList();
        if (end.kind !== 'end') this.errorf('expected end; found {{else}}');
        elseList = els;
      }
    }
    this.vars.length = varsLen;
    this.leave();
    return { kind: context, pos: pipe.pos, pipe, list, elseList } as IfNode | RangeNode | WithNode;
  }

  private parseTemplateName(token: Token, context: string): string {
    if (token.type === 'string' || token.type === 'rawString') return this.unquote(token.val);
    this.unexpected(token, context);
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { kind: 'template', pos: token.pos, name, pipe };
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const saved = this.vars;
    const savedRange = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected {{else}} in ${context}`);
    this.vars = saved;
    this.rangeDepth = savedRange;
    this.add(name, list);
    return { kind: 'template', pos: token.pos, name, pipe };
  }

  // ---- pipelines --------------------------------------------------------------
  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = { kind: 'pipe', pos: first.pos, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace();
          if (p.type === 'variable' || p.type === 'rightDelim' || p.type === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else {
        // not a declaration: re-read the variable (and any space after it) as an operand
        this.i = this.tokens.indexOf(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (token.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0].kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.backup();
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (!node) return null;
    if (this.peek().type === 'field') {
      const chainPos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
      switch (node.kind) {
        case 'field':
          return { kind: 'field', pos: chainPos, ident: [...node.ident, ...fields] };
        case 'variable':
          return { kind: 'variable', pos: chainPos, ident: [...node.ident, ...fields] };
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
          break;
        default:
          return { kind: 'chain', pos: chainPos, node, fields };
      }
    }
    return node;
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'identifier':
        if (!this.hasFunction(token.val)) this.errorf(`function ${goQuote(token.val)} not defined`, token, token.val);
        return { kind: 'identifier', pos: token.pos, name: token.val };
      case 'dot':
        return { kind: 'dot', pos: token.pos };
      case 'nil':
        return { kind: 'nil', pos: token.pos };
      case 'variable':
        return this.useVar(token);
      case 'field':
        return { kind: 'field', pos: token.pos, ident: [token.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos: token.pos, value: token.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.newNumber(token);
      case 'leftParen': {
        this.enter();
        try {
          return this.pipeline('parenthesized pipeline', 'rightParen');
        } finally {
          this.leave();
        }
      }
      case 'string':
      case 'rawString':
        return { kind: 'string', pos: token.pos, quoted: token.val, text: this.unquote(token.val) };
    }
    this.backup();
    return null;
  }

  private useVar(token: Token): VariableNode {
    const v = newVariable(token.pos, token.val);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${goQuote(v.ident[0])}`);
    return v;
  }

  private unquote(quoted: string): string {
    const s = unquoteGoString(quoted);
    if (s === null) this.errorf('invalid syntax');
    return s;
  }

  private newNumber(token: Token): NumberNode {
    const text = token.val;
    const base: NumberNode = {
      kind: 'number',
      pos: token.pos,
      text,
      isInt: false,
      isFloat: false,
      isComplex: false,
      int: 0n,
      float: 0,
      isChar: false,
    };
    if (token.type === 'charConstant') {
      const r = unquoteChar(text.slice(1), "'");
      if (!r) this.errorf('invalid syntax');
      if (r.tail !== "'") this.errorf(`malformed character constant: ${text}`);
      return { ...base, isInt: true, isFloat: true, isChar: true, int: BigInt(r.code), float: r.code };
    }
    if (token.type === 'complex' || text.endsWith('i')) {
      return { ...base, isComplex: true };
    }
    const asInt = parseGoInt(text);
    if (asInt !== null && asInt >= -(2n ** 63n) && asInt < 2n ** 63n) {
      return { ...base, isInt: true, isFloat: true, int: asInt, float: Number(asInt) };
    }
    if (asInt !== null && asInt >= 0n && asInt < 2n ** 64n) {
      // fits uint64 only: usable as a float, overflows int at execution
      return { ...base, isFloat: true, float: Number(asInt) };
    }
    const f = parseGoFloat(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${goQuote(text)}`);
      const n = { ...base, isFloat: true, float: f };
      if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
        n.isInt = true;
        n.int = BigInt(f);
      }
      return n;
    }
    this.errorf(`illegal number syntax: ${goQuote(text)}`);
  }
}

function newVariable(pos: number, text: string): VariableNode {
  return { kind: 'variable', pos, ident: text.split('.') };
}

function isEndOrElse(n: Node | EndOrElse): n is EndOrElse {
  return n.kind === 'end' || n.kind === 'else';
}

/** Go's IsEmptyTree: only whitespace text and comments. */
function isEmptyTree(n: Node): boolean {
  switch (n.kind) {
    case 'comment':
      return true;
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return n.text.trim() === '';
    default:
      return false;
  }
}

function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (t.type === 'keyword') return `<${t.val}>`;
  // Go prints long values as %.10q: the first ten characters, quoted, then "..."
  if (t.val.length > 10) return goQuote([...t.val].slice(0, 10).join('')) + '...';
  return goQuote(t.val);
}

/** strconv.ParseInt(text, 0, 64)-style parsing into a bigint; null when not an integer literal. */
export function parseGoInt(text: string): bigint | null {
  let s = text;
  let neg = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let radix = 10;
  let prefixed = false;
  if (/^0[xX]/.test(s)) {
    radix = 16;
    s = s.slice(2);
    prefixed = true;
  } else if (/^0[oO]/.test(s)) {
    radix = 8;
    s = s.slice(2);
    prefixed = true;
  } else if (/^0[bB]/.test(s)) {
    radix = 2;
    s = s.slice(2);
    prefixed = true;
  } else if (/^0\d/.test(s) || /^0_/.test(s)) {
    radix = 8;
    s = s.slice(1);
    prefixed = true;
  }
  if (s.includes('_')) {
    // underscores only between digits (or after a base prefix)
    if (!/^_?[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*$/.test(s) || (s.startsWith('_') && !prefixed)) return null;
    s = s.replace(/_/g, '');
  }
  if (s === '') return null;
  const digits = '0123456789abcdef'.slice(0, radix);
  let v = 0n;
  for (const c of s.toLowerCase()) {
    const d = digits.indexOf(c);
    if (d < 0) return null;
    v = v * BigInt(radix) + BigInt(d);
  }
  return neg ? -v : v;
}

/** strconv.ParseFloat for decimal literals (with underscores); null when invalid. */
export function parseGoFloat(text: string): number | null {
  let s = text;
  if (s.includes('_')) s = s.replace(/_/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (/^[+-]?0[xX]/.test(s)) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s);
    if (!m) return null;
    const mant = parseInt((m[2] || '0') + (m[3] || ''), 16) / 16 ** (m[3] || '').length;
    const v = mant * 2 ** Number(m[4]);
    return m[1] === '-' ? -v : v;
  }
  return null;
}
