/**
 * Parse tree of a Go template, shaped like text/template/parse's nodes.
 * `nodeString` renders a node the way Go's Node.String() does, because Go puts
 * that text in execution errors (`executing "x" at <.a.b>: ...`).
 */

import { goQuote } from './lexer';

export interface Pos {
  pos: number;
}

export type Node =
  | TextNode
  | ActionNode
  | CommentNode
  | IfNode
  | RangeNode
  | WithNode
  | TemplateNode
  | BreakNode
  | ContinueNode
  | ListNode;

export type ArgNode =
  | FieldNode
  | VariableNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | IdentifierNode
  | ChainNode
  | PipeNode;

export interface ListNode extends Pos {
  kind: 'list';
  nodes: Node[];
}
export interface TextNode extends Pos {
  kind: 'text';
  text: string;
}
export interface CommentNode extends Pos {
  kind: 'comment';
}
export interface ActionNode extends Pos {
  kind: 'action';
  pipe: PipeNode;
}
export interface BranchFields extends Pos {
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface IfNode extends BranchFields {
  kind: 'if';
}
export interface RangeNode extends BranchFields {
  kind: 'range';
}
export interface WithNode extends BranchFields {
  kind: 'with';
}
export interface TemplateNode extends Pos {
  kind: 'template';
  name: string;
  pipe: PipeNode | null;
}
export interface BreakNode extends Pos {
  kind: 'break';
}
export interface ContinueNode extends Pos {
  kind: 'continue';
}
export interface PipeNode extends Pos {
  kind: 'pipe';
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode extends Pos {
  kind: 'command';
  args: ArgNode[];
}
export interface FieldNode extends Pos {
  kind: 'field';
  ident: string[];
}
export interface VariableNode extends Pos {
  kind: 'variable';
  ident: string[];
}
export interface DotNode extends Pos {
  kind: 'dot';
}
export interface NilNode extends Pos {
  kind: 'nil';
}
export interface BoolNode extends Pos {
  kind: 'bool';
  value: boolean;
}
export interface NumberNode extends Pos {
  kind: 'number';
  text: string;
  isInt: boolean;
  isFloat: boolean;
  isComplex: boolean;
  /** Integer value when isInt (bigint keeps 64-bit range exact). */
  int: bigint;
  float: number;
  /** True when the literal is a char constant like 'a'. */
  isChar: boolean;
}
export interface StringNode extends Pos {
  kind: 'string';
  quoted: string;
  text: string;
}
export interface IdentifierNode extends Pos {
  kind: 'identifier';
  name: string;
}
export interface ChainNode extends Pos {
  kind: 'chain';
  node: ArgNode;
  fields: string[];
}

export function nodeString(n: Node | ArgNode | CommandNode): string {
  switch (n.kind) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return goQuote(n.text);
    case 'comment':
      return '{{/* */}}';
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      let s = `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}`;
      if (n.elseList) s += `{{else}}${nodeString(n.elseList)}`;
      return s + '{{end}}';
    }
    case 'template':
      return `{{template ${goQuote(n.name)}${n.pipe ? ' ' + nodeString(n.pipe) : ''}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) {
        s += n.decl.map(nodeString).join(', ');
        s += n.isAssign ? ' = ' : ' := ';
      }
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'field':
      return n.ident.map((i) => '.' + i).join('');
    case 'variable':
      return n.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'identifier':
      return n.name;
    case 'chain': {
      const base = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return base + n.fields.map((f) => '.' + f).join('');
    }
  }
}
