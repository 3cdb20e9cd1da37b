/**
 * Executes a parsed template with Go text/template semantics: dot and
 * variable scoping, field chains over maps, missingkey modes, if / with /
 * range (lists, sorted maps, integers, else, break, continue), template
 * calls, argument type checks and short-circuit and/or. Errors are reported
 * like Go's (`template: FILE:LINE:COL: executing "NAME" at <NODE>: MESSAGE`).
 * A step budget, an output cap and a call-depth limit bound every render.
 */

import type {
  ActionNode,
  ArgNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  RangeNode,
  TemplateNode,
  VariableNode,
} from './ast';
import { nodeString } from './ast';
import { formatV } from './fmt';
import { type GoFunc, jsFunc, type ParamType, paramTypeName, type CallContext } from './functions';
import type { FuncLookup } from './library';
import { goQuote } from './lexer';
import { GoFloat, goTypeName, isGoInt64, isStruct, isTrue, kindOf, mapGet, mapHas, methodOf, numValue, sortedKeys } from './values';

export type MissingKey = 'default' | 'zero' | 'error';

export interface ExecLimits {
  maxSteps: number;
  maxOutputLength: number;
  maxDepth: number;
}

export class TemplateExecError extends Error {
  readonly kind = 'exec';
  constructor(
    message: string,
    readonly pos: number | null,
    /** True when a resource limit (steps, output size, depth) stopped the render. */
    readonly limit = false,
  ) {
    super(message);
  }
}

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
const MISSING = Symbol('missing');
type Final = unknown | typeof MISSING;

interface Variable {
  name: string;
  value: unknown;
}

export interface ExecOptions {
  /** File name: the top template's name and the ParseName in locations. */
  name: string;
  text: string;
  trees: Map<string, ListNode>;
  funcs: FuncLookup;
  missingKey: MissingKey;
  limits: ExecLimits;
}

export function execute(opts: ExecOptions, data: unknown): string {
  const root = opts.trees.get(opts.name);
  const st = new State(opts);
  if (!root) st.errorf(`${goQuote(opts.name)} is an incomplete or empty template`);
  const dot = data === null ? undefined : data;
  st.vars = [{ name: '$', value: dot }];
  st.walk(dot, root!);
  return st.out.join('');
}

class State implements CallContext {
  vars: Variable[] = [];
  out: string[] = [];
  private outLength = 0;
  private steps = 0;
  private depth = 0;
  private node: { pos: number; str: () => string } | null = null;
  private tmplName: string;
  /** Dot is an element of a ranged list or map: Go sees it as interface {} in error messages. */
  private dotIface = false;
  readonly maxStringLength: number;

  constructor(private readonly o: ExecOptions) {
    this.tmplName = o.name;
    this.maxStringLength = o.limits.maxOutputLength;
  }

  // ---- errors ---------------------------------------------------------------
  at(n: Node | ArgNode | CommandNode): void {
    this.node = { pos: n.pos, str: () => nodeString(n) };
  }

  errorf(message: string, limit = false): never {
    if (!this.node) throw new TemplateExecError(`template: ${this.tmplName}: ${message}`, null, limit);
    const { line, col } = goLocation(this.o.text, this.node.pos);
    throw new TemplateExecError(
      `template: ${this.o.name}:${line}:${col}: executing ${goQuote(this.tmplName)} at <${this.node.str()}>: ${message}`,
      this.node.pos,
      limit,
    );
  }

  charge(steps: number): void {
    this.steps += steps;
    if (this.steps > this.o.limits.maxSteps) {
      this.errorf(`template execution exceeded the step budget (${this.o.limits.maxSteps} steps)`, true);
    }
  }

  private write(s: string): void {
    this.outLength += s.length;
    if (this.outLength > this.o.limits.maxOutputLength) {
      this.errorf(`template output exceeded ${this.o.limits.maxOutputLength} characters`, true);
    }
    this.out.push(s);
  }

  // ---- variables ------------------------------------------------------------
  private push(name: string, value: unknown): void {
    this.vars.push({ name, value });
  }
  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  private setTopVar(n: number, value: unknown): void {
    this.vars[this.vars.length - n].value = value;
  }
  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking --------------------------------------------------------------
  walk(dot: unknown, node: Node): void {
    this.at(node);
    this.charge(1);
    switch (node.kind) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'comment':
        return;
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const val = this.evalPipeline(dot, node.pipe);
        if (isTrue(val)) {
          if (node.kind === 'with') {
            const savedIface = this.dotIface;
            this.dotIface = false;
            try {
              this.walk(val, node.list);
            } finally {
              this.dotIface = savedIface;
            }
          } else this.walk(dot, node.list);
        } else if (node.elseList) this.walk(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'text':
        this.write(node.text);
        return;
    }
  }

  private printValue(n: ActionNode, v: unknown): void {
    this.at(n);
    if (v === undefined) {
      this.write('<no value>');
      return;
    }
    if (typeof v === 'function') this.errorf(`can't print ${nodeString(n)} of type ${goTypeName(v)}`);
    this.write(formatV(v));
  }

  private walkRange(dot: unknown, r: RangeNode): void {
    this.at(r);
    const outerMark = this.vars.length;
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.vars.length;
    const decl = r.pipe.decl;
    const one = (index: unknown, elem: unknown): boolean => {
      this.charge(1);
      if (decl.length > 0) {
        if (r.pipe.isAssign) this.setVar(decl[0].ident[0], decl.length > 1 ? index : elem);
        else this.setTopVar(1, elem);
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem);
        else this.setTopVar(2, index);
      }
      const savedIface = this.dotIface;
      this.dotIface = iface;
      try {
        this.walk(elem, r.list);
      } catch (e) {
        if (e === CONTINUE) return true;
        if (e === BREAK) return false;
        throw e;
      } finally {
        this.vars.length = mark;
        this.dotIface = savedIface;
      }
      return true;
    };
    // list and map elements are interface {} values in Go; integers ranged over are plain ints
    const iface = kindOf(val) === 'slice' || kindOf(val) === 'map';
    let ran = false;
    switch (kindOf(val)) {
      case 'int': {
        if (decl.length > 1) this.errorf(`can't use ${formatV(val)} to iterate over more than one variable`);
        const n = numValue(val);
        for (let i = 0; i < n; i++) {
          ran = true;
          if (!one(undefined, i)) break;
        }
        break;
      }
      case 'slice': {
        const list = val as unknown[];
        for (let i = 0; i < list.length; i++) {
          ran = true;
          if (!one(i, list[i])) break;
        }
        break;
      }
      case 'map': {
        for (const k of sortedKeys(val)) {
          ran = true;
          if (!one(k, mapGet(val, k))) break;
        }
        break;
      }
      case 'invalid':
      case 'nil':
        break;
      default:
        this.errorf(`range can't iterate over ${formatV(val)}`);
    }
    if (!ran && r.elseList) this.walk(dot, r.elseList);
    this.vars.length = outerMark;
  }

  private walkTemplate(dot: unknown, t: TemplateNode): void {
    this.at(t);
    const tree = this.o.trees.get(t.name);
    if (!tree) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth >= this.o.limits.maxDepth) this.errorf(`exceeded maximum template depth (${this.o.limits.maxDepth})`, true);
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined;
    const savedVars = this.vars;
    const savedName = this.tmplName;
    this.depth++;
    const savedIface = this.dotIface;
    this.vars = [{ name: '$', value: newDot }];
    this.tmplName = t.name;
    this.dotIface = false;
    try {
      this.walk(newDot, tree!);
    } finally {
      this.depth--;
      this.vars = savedVars;
      this.tmplName = savedName;
      this.dotIface = savedIface;
    }
  }

  // ---- pipelines and commands -----------------------------------------------
  evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // Go digs into interface{} results: a nil interface becomes "no value".
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], value);
      else this.push(v.ident[0], value);
    }
    return value;
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    this.charge(1);
    const first = cmd.args[0];
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
        break;
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf(`can't evaluate command ${goQuote(nodeString(first))}`);
  }

  private idealConstant(n: NumberNode): unknown {
    this.at(n);
    if (n.isComplex) this.errorf(`complex constants are not supported: ${n.text}`);
    const isHexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !isHexInt && !n.isChar && /[.eEpP]/.test(n.text)) {
      return Number.isInteger(n.float) ? new GoFloat(n.float) : n.float;
    }
    if (n.isInt) return Number.isSafeInteger(Number(n.int)) ? Number(n.int) : n.int;
    if (n.isFloat) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: ArgNode[], final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final, this.dotIface);
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: ArgNode[], final: Final): unknown {
    this.at(chain);
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.fields, args, final);
  }

  private evalVariableNode(dot: unknown, v: VariableNode, args: ArgNode[], final: Final): unknown {
    this.at(v);
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: FieldNode | ChainNode | VariableNode,
    ident: string[],
    args: ArgNode[],
    final: Final,
    receiverIface = false,
  ): unknown {
    const n = ident.length;
    let r = receiver;
    for (let i = 0; i < n - 1; i++) r = this.evalField(dot, ident[i], node, [], MISSING, r, i > 0 || receiverIface);
    return this.evalField(dot, ident[n - 1], node, args, final, r, n > 1 || receiverIface);
  }

  private evalField(
    dot: unknown,
    fieldName: string,
    node: FieldNode | ChainNode | VariableNode,
    args: ArgNode[],
    final: Final,
    receiver: unknown,
    fromInterface: boolean,
  ): unknown {
    if (receiver === undefined) {
      if (this.o.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    const typ = fromInterface ? 'interface {}' : goTypeName(receiver);
    if (receiver === null) this.errorf(`nil pointer evaluating ${fromInterface ? 'interface {}' : typ}.${fieldName}`);
    const member = methodOf(receiver, fieldName);
    if (member) {
      const method: GoFunc = { ...jsFunc(member), call: (a) => member.apply(receiver, a) };
      return this.evalCall(dot, method, false, node, fieldName, args, final);
    }
    if (isStruct(receiver)) {
      const value = (receiver as Record<string, unknown>)[fieldName];
      if (value !== undefined && Object.prototype.hasOwnProperty.call(receiver, fieldName)) {
        if (args.length > 1 || final !== MISSING) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return value;
      }
      this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
    }
    if (kindOf(receiver) === 'map') {
      if (args.length > 1 || final !== MISSING) this.errorf(`${fieldName} is not a method but has arguments`);
      if (mapHas(receiver, fieldName)) {
        const v = mapGet(receiver, fieldName);
        return v === undefined ? null : v;
      }
      switch (this.o.missingKey) {
        case 'zero':
          return null;
        case 'error':
          this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
          break;
        default:
          return undefined;
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  private evalFunction(dot: unknown, node: IdentifierNode, cmd: CommandNode | IdentifierNode, args: ArgNode[], final: Final): unknown {
    this.at(node);
    const f = this.o.funcs.get(node.name);
    if (!f) this.errorf(`${goQuote(node.name)} is not a defined function`);
    return this.evalCall(dot, f!, f!.builtin === true, cmd, node.name, args, final);
  }

  private evalCall(
    dot: unknown,
    f: GoFunc,
    isBuiltin: boolean,
    node: CommandNode | IdentifierNode | FieldNode | ChainNode | VariableNode,
    name: string,
    allArgs: ArgNode[],
    final: Final,
  ): unknown {
    const args = allArgs.slice(1);
    let numIn = args.length;
    if (final !== MISSING) numIn++;
    const numFixed = f.params.length;
    if (f.variadic) {
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`);
    } else if (numIn !== numFixed) {
      this.errorf(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`);
    }

    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (const a of args) {
        v = this.evalArg(dot, 'value', a);
        if (isTrue(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }

    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, f.params[i], args[i]));
    if (f.variadic) for (; i < args.length; i++) argv.push(this.evalArg(dot, f.variadic, args[i]));
    if (final !== MISSING) {
      const t = numIn - 1 < numFixed ? f.params[numIn - 1] : (f.variadic ?? f.params[numFixed - 1]);
      argv.push(this.validateType(final, t));
    }
    // Go passes the callee's source text to the `call` builtin for its error messages.
    if (isBuiltin && name === 'call') argv.unshift(args.length > 0 ? nodeString(args[0]) : formatV(final));
    try {
      return f.call(argv, this);
    } catch (e) {
      if (e instanceof TemplateExecError) throw e;
      this.at(node);
      const msg = e instanceof Error ? e.message : String(e);
      if (e instanceof RangeError && /call stack/i.test(msg)) this.errorf(`error calling ${name}: nesting too deep`, true);
      this.errorf(`error calling ${name}: ${msg}`, e instanceof Error && e.name === 'TemplateLimitError');
    }
  }

  /** Go's validateType: checks a computed value against a parameter type. */
  private validateType(value: unknown, t: ParamType | null): unknown {
    if (t === null || t === 'value') return value;
    if (value === undefined) {
      if (t === 'any' || t === 'map' || t === 'list') return null;
      this.errorf(`invalid value; expected ${paramTypeName(t)}`);
    }
    if (t === 'any') return value;
    const k = kindOf(value);
    const ok =
      (t === 'string' && k === 'string') ||
      (t === 'int' && k === 'int' && !isGoInt64(value)) ||
      (t === 'int64' && k === 'int' && isGoInt64(value)) ||
      (t === 'float64' && k === 'float') ||
      (t === 'bool' && k === 'bool') ||
      (t === 'map' && k === 'map' && goTypeName(value) === 'map[string]interface {}') ||
      (t === 'list' && k === 'slice' && goTypeName(value) === '[]interface {}');
    if (ok) return value;
    const got = value === null ? 'interface {}' : goTypeName(value);
    this.errorf(`wrong type for value; expected ${paramTypeName(t)}; got ${got}`);
  }

  private evalArg(dot: unknown, t: ParamType | null, n: ArgNode): unknown {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, t);
      case 'nil':
        // a builtin's reflect.Value parameter receives the invalid value; interface{} and friends a nil
        if (t === 'value') return undefined;
        if (t === null || t === 'any' || t === 'map' || t === 'list') return null;
        this.errorf(`cannot assign nil to ${paramTypeName(t)}`);
        break;
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), t);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, [], MISSING), t);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), t);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, [], MISSING), t);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, [], MISSING), t);
    }
    switch (t) {
      case 'bool':
        if (n.kind === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
        break;
      case 'float64':
        if (n.kind === 'number' && n.isFloat) return Number.isInteger(n.float) ? new GoFloat(n.float) : n.float;
        this.errorf(`expected float; found ${nodeString(n)}`);
        break;
      case 'int':
      case 'int64':
        if (n.kind === 'number' && n.isInt) return Number(n.int);
        this.errorf(`expected integer; found ${nodeString(n)}`);
        break;
      case 'string':
        if (n.kind === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
        break;
      case 'map':
      case 'list':
        this.errorf(`can't handle ${nodeString(n)} for arg of type ${paramTypeName(t)}`);
        break;
      default:
        // interface{} or reflect.Value
        switch (n.kind) {
          case 'bool':
            return n.value;
          case 'number':
            return this.idealConstant(n);
          case 'string':
            return n.text;
        }
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${t ?? 'interface {}'}`);
  }
}

/** Go's ErrorContext location: 1-based line, 0-based byte column within the line. */
export function goLocation(text: string, pos: number): { line: number; col: number } {
  const before = text.slice(0, pos);
  const nl = before.lastIndexOf('\n');
  let line = 1;
  for (let i = 0; i < before.length; i++) if (before.charCodeAt(i) === 10) line++;
  const col = Buffer.byteLength(nl < 0 ? before : before.slice(nl + 1), 'utf8');
  return { line, col };
}
