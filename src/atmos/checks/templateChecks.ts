/**
 * Templates and YAML functions that cannot work: `template-invalid` (a Go template that does not parse or
 * calls a function that does not exist), `template-unresolved` (a function the native engine does not
 * evaluate, or a context field a component's template never has), `function-invalid` (a YAML function
 * with too few arguments).
 */
import type { AtmosDiagnostic } from '../diagnostics';
import type { ArgNode, ListNode, Node, PipeNode } from '../templates/ast';
import { funcLookup } from '../templates/library';
import { parseTemplate, TemplateParseError } from '../templates/parser';
import { unsupportedReason } from '../templates/unsupported';
import { at, type DocumentFacts, type Span, type TemplateFact } from './documentFacts';
import type { FactsView } from './workspaceFacts';

/** Top-level keys of the data a component's templates see (the describe-component section). */
export const TEMPLATE_CONTEXT_KEYS = new Set([
  'atmos_component', 'atmos_stack', 'atmos_stack_file', 'atmos_manifest', 'atmos_cli_config', 'component', 'component_info', 'component_type',
  'stack', 'workspace', 'vars', 'settings', 'env', 'auth', 'backend', 'backend_type', 'remote_state_backend', 'remote_state_backend_type',
  'metadata', 'overrides', 'providers', 'required_providers', 'required_version', 'inheritance', 'command', 'hooks', 'dependencies',
  'locals', 'retry', 'secrets', 'generate', 'source', 'provision', 'test', 'mocks', 'deps', 'deps_all', 'imports', 'sources',
  'spacelift_stack', 'atlantis_project', 'tf_cli_vars', 'cli_args', 'env_vars',
]);

let functions: ReturnType<typeof funcLookup> | undefined;

export function templateProblems(view: FactsView, file: string, contextImported: boolean): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts || file.endsWith('.tmpl') || !view.config.templatesEnabled) return [];
  functions ??= funcLookup({ sprig: true, gomplate: true, env: true });
  const [left, right] = view.config.templateDelimiters;
  const out: AtmosDiagnostic[] = [];
  for (const t of facts.templates) {
    if (!t.value.includes(left)) continue;
    const where = (pos: number, length: number): Span => (t.verbatim ? spanIn(facts, t, pos, length) : t.span);
    let trees: Map<string, ListNode>;
    try {
      trees = parseTemplate(file, t.value, (name) => functions!.has(name), left, right).trees;
    } catch (e) {
      if (!(e instanceof TemplateParseError)) continue;
      const fn = e.undefinedFunction;
      const reason = fn !== undefined ? unsupportedReason(fn) : undefined;
      const message = e.message.replace(/^template: [^:]*:\d+: /, '');
      if (reason) out.push(at(facts, where(t.value.indexOf(fn!), fn!.length), { severity: 'warning', code: 'template-unresolved', message: `'${fn}' is not evaluated by the native engine (${reason}); the value stays unresolved unless the atmos CLI resolves it` }));
      else out.push(at(facts, where(fn !== undefined ? Math.max(0, t.value.indexOf(fn)) : e.pos, fn?.length ?? 1), { severity: 'error', code: 'template-invalid', message: `invalid template: ${message}` }));
      continue;
    }
    // a file imported with `context` is rendered against that context, whose keys are the importer's choice
    if (contextImported || !isComponentPath(t)) continue;
    for (const tree of trees.values()) {
      for (const f of rootFields(tree)) {
        if (TEMPLATE_CONTEXT_KEYS.has(f.name)) continue;
        out.push(at(facts, where(f.pos, f.name.length + 1), { severity: 'warning', code: 'template-unresolved', message: `'.${f.name}' is not in a component's template context (${[...TEMPLATE_CONTEXT_KEYS].slice(0, 6).join(', ')}, …); it renders as <no value>` }));
      }
    }
  }
  return out;
}

/** Templates inside a component section or the stack-level sections that components inherit. */
function isComponentPath(t: TemplateFact): boolean {
  const [head] = t.path;
  return typeof head === 'string' && !['import', 'locals', 'name'].includes(head);
}

function spanIn(facts: DocumentFacts, t: TemplateFact, pos: number, length: number): Span {
  const a = facts.position(t.offset + pos);
  const b = facts.position(t.offset + Math.min(t.value.length, pos + Math.max(1, length)));
  return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

/** `.field` references to the root context, outside `range` and `with` (which move the dot), and `$.field`. */
function rootFields(list: ListNode): Array<{ name: string; pos: number }> {
  const out: Array<{ name: string; pos: number }> = [];
  const arg = (a: ArgNode, dotIsRoot: boolean): void => {
    if (a.kind === 'field' && dotIsRoot) out.push({ name: a.ident[0], pos: a.pos });
    else if (a.kind === 'variable' && a.ident[0] === '$' && a.ident.length > 1) out.push({ name: a.ident[1], pos: a.pos + 1 });
    else if (a.kind === 'chain') arg(a.node, dotIsRoot);
    else if (a.kind === 'pipe') pipe(a, dotIsRoot);
  };
  const pipe = (p: PipeNode | null, dotIsRoot: boolean): void => {
    for (const c of p?.cmds ?? []) for (const a of c.args) arg(a, dotIsRoot);
  };
  const node = (n: Node, dotIsRoot: boolean): void => {
    switch (n.kind) {
      case 'list':
        n.nodes.forEach((x) => node(x, dotIsRoot));
        break;
      case 'action':
        pipe(n.pipe, dotIsRoot);
        break;
      case 'if':
        pipe(n.pipe, dotIsRoot);
        node(n.list, dotIsRoot);
        if (n.elseList) node(n.elseList, dotIsRoot);
        break;
      case 'range':
      case 'with':
        pipe(n.pipe, dotIsRoot);
        node(n.list, false);
        if (n.elseList) node(n.elseList, n.kind === 'with' ? dotIsRoot : false);
        break;
      case 'template':
        pipe(n.pipe, dotIsRoot);
        break;
      default:
        break;
    }
  };
  node(list, true);
  return out;
}

/** Fewest arguments each YAML function needs (before a `|` modifier). */
const MIN_ARGS: Record<string, number> = {
  '!terraform.output': 2, '!terraform.state': 2, '!store': 3, '!store.get': 2, '!env': 1, '!exec': 1, '!include': 1, '!include.raw': 1, '!template': 1,
};

export function functionProblems(view: FactsView, file: string): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const [left] = view.config.templateDelimiters;
  const out: AtmosDiagnostic[] = [];
  for (const f of facts.functions) {
    const min = MIN_ARGS[f.tag];
    if (min === undefined || f.arg.includes(left)) continue;
    const args = splitArgs(f.arg.split('|')[0]);
    if (args.length >= min) continue;
    out.push(at(facts, f.span, { severity: 'error', code: 'function-invalid', message: `${f.tag} needs at least ${min} argument${min === 1 ? '' : 's'}, got ${args.length}` }));
  }
  return out;
}

/** Whitespace-separated arguments; quoted ones stay whole. */
function splitArgs(s: string): string[] {
  return s.match(/"(?:[^"\\]|\\.)*"|'[^']*'|\S+/g) ?? [];
}
