/**
 * Terraform variables in stack manifests, from the component folder's `variable` blocks: completion of
 * var names under `components.terraform.<c>.vars`, the "var not declared" problem at the exact key, and
 * the edits behind "Add missing required vars" and "Declare var in variables.tf". Headless: which
 * folder a component uses and what it declares come in through `TerraformVarsContext`.
 */
import * as path from 'node:path';
import type { AtmosDiagnostic } from '../atmos/diagnostics';
import type { TerraformVariable } from '../atmos/terraform/module';
import { enclosingKeys } from './stackCompletion';
import { yamlKeys } from './yamlPath';

/** What a Terraform component folder declares, for one component of the manifest. */
export interface ComponentVariables {
  /** the folder, absolute */
  folder: string;
  /** the folder as the user reads it, e.g. `components/terraform/vpc` */
  folderLabel: string;
  variables: Map<string, TerraformVariable>;
  /** where a new `variable` block goes: variables.tf (it may not exist yet) */
  variablesFile: string;
  /** the current text of variablesFile, undefined when it does not exist */
  variablesText?: string;
}

export interface TerraformVarsContext {
  /** the variables of Terraform component `component` written in this manifest; undefined when its folder is unknown, missing or does not parse */
  variablesOf(component: string): ComponentVariables | undefined;
}

/** An AtmosDiagnostic located at the whole key (line/col to endLine/endCol, 1-based). */
export type TerraformVarProblem = AtmosDiagnostic & { file: string; line: number; col: number; endLine: number; endCol: number; component: string; variable: string };

export const VAR_NOT_DECLARED = 'var-not-declared';

/** 1-based line/col of a character offset. */
function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** Every `components.terraform.<c>.vars.<name>` key of the manifest, with its offsets. */
export function componentVarKeys(text: string): Array<{ component: string; name: string; start: number; end: number }> {
  const out: Array<{ component: string; name: string; start: number; end: number }> = [];
  for (const k of yamlKeys(text)) {
    const [a, type, component, section, name] = k.path;
    if (k.path.length === 5 && a === 'components' && type === 'terraform' && section === 'vars' && typeof component === 'string' && typeof name === 'string') {
      out.push({ component, name, start: k.start, end: k.end });
    }
  }
  return out;
}

/** "var `x` is not declared by Terraform component `c` (components/terraform/c)", warning, at the key. */
export function undeclaredVarProblems(text: string, file: string, ctx: TerraformVarsContext): TerraformVarProblem[] {
  const out: TerraformVarProblem[] = [];
  const byComponent = new Map<string, ComponentVariables | undefined>();
  for (const k of componentVarKeys(text)) {
    if (!byComponent.has(k.component)) byComponent.set(k.component, ctx.variablesOf(k.component));
    const vars = byComponent.get(k.component);
    if (!vars || vars.variables.has(k.name)) continue;
    const start = positionOf(text, k.start);
    const end = positionOf(text, k.end);
    out.push({
      severity: 'warning',
      code: VAR_NOT_DECLARED,
      message: `var \`${k.name}\` is not declared by Terraform component \`${k.component}\` (${vars.folderLabel})`,
      file,
      line: start.line,
      col: start.col,
      endLine: end.line,
      endCol: end.col,
      component: k.component,
      variable: k.name,
    });
  }
  return out;
}

export interface VarCompletion {
  name: string;
  /** `type · default …` or `type · required` */
  detail: string;
  /** the description, as markdown */
  documentation: string;
  required: boolean;
  /** what to insert (`name: `) */
  insertText: string;
  /** the component folder the variable comes from */
  folderLabel: string;
}

/** Short one-line text of a default value for the completion detail. */
export function defaultText(v: TerraformVariable): string {
  if (!v.hasDefault) return 'required';
  const json = JSON.stringify(v.default);
  return `default ${json === undefined ? 'null' : json.length > 40 ? `${json.slice(0, 37)}…` : json}`;
}

/** The component whose `vars:` block the cursor is typing a new key in, from the text alone (cheap: no engine). */
export function varCompletionComponent(text: string, line: number, character: number): string | undefined {
  const lines = text.split(/\r?\n/);
  const typed = (lines[line] ?? '').slice(0, character);
  if (!/^\s+[\w-]*$/.test(typed)) return undefined;
  const parents = enclosingKeys(lines, line);
  if (parents.length !== 4 || parents[0] !== 'components' || parents[1] !== 'terraform' || parents[3] !== 'vars') return undefined;
  return parents[2];
}

/**
 * Var names to offer at (line, character) (0-based) when the cursor is on a new key directly under
 * `components.terraform.<c>.vars`; undefined elsewhere. Names already set in that block are left out.
 */
export function varCompletionsAt(text: string, line: number, character: number, ctx: TerraformVarsContext): VarCompletion[] | undefined {
  const component = varCompletionComponent(text, line, character);
  if (component === undefined) return undefined;
  const vars = ctx.variablesOf(component);
  if (!vars) return undefined;
  const present = new Set(componentVarKeys(text).filter((k) => k.component === component).map((k) => k.name));
  const out: VarCompletion[] = [];
  for (const v of [...vars.variables.values()].sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name))) {
    if (present.has(v.name)) continue;
    out.push({
      name: v.name,
      detail: [v.type ?? 'any', defaultText(v)].join(' · '),
      documentation: [v.description ?? '', `Declared in \`${path.basename(v.file)}:${v.range.line}\` of \`${vars.folderLabel}\`.`].filter(Boolean).join('\n\n'),
      required: v.required,
      insertText: `${v.name}: `,
      folderLabel: vars.folderLabel,
    });
  }
  return out;
}

/** Required variables (no default) of `component` that a resolved stack leaves unset; union over the stacks. */
export function missingRequiredVars(vars: ComponentVariables, resolvedVars: Array<Record<string, unknown>>): TerraformVariable[] {
  const missing = new Map<string, TerraformVariable>();
  for (const v of vars.variables.values()) {
    if (!v.required) continue;
    if (resolvedVars.length === 0 || resolvedVars.some((r) => !Object.prototype.hasOwnProperty.call(r, v.name))) missing.set(v.name, v);
  }
  return [...missing.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Replaces (line, col) up to (endLine, endCol) — an insertion when the end is absent — all 1-based, in `file`. */
export interface TextInsertion {
  file: string;
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
  text: string;
  /** the file does not exist yet */
  create?: boolean;
}

/** A YAML placeholder for a Terraform type: the user fills it in. */
export function placeholderFor(type: string | undefined): string {
  const t = (type ?? '').trim();
  if (t === 'string') return '""';
  if (t === 'number') return '0';
  if (t === 'bool') return 'false';
  if (/^(list|set|tuple)\b/.test(t)) return '[]';
  if (/^(map|object)\b/.test(t)) return '{}';
  return 'null';
}

/**
 * Inserts `name: <placeholder>` lines for `missing` under `components.terraform.<component>.vars` of
 * this manifest (after its last entry), or adds a `vars:` block to the component. Undefined when the
 * component is not written in this manifest.
 */
export function addVarsInsertion(text: string, file: string, component: string, missing: TerraformVariable[]): TextInsertion | undefined {
  if (missing.length === 0) return undefined;
  const keys = yamlKeys(text);
  const compKey = keys.find((k) => k.path.length === 3 && k.path[0] === 'components' && k.path[1] === 'terraform' && k.path[2] === component);
  if (!compKey) return undefined;
  const lines = text.split(/\r?\n/);
  const varsKey = keys.find((k) => k.path.length === 4 && k.path[0] === 'components' && k.path[1] === 'terraform' && k.path[2] === component && k.path[3] === 'vars');
  const entry = (indent: string) => missing.map((v) => `${indent}${v.name}: ${placeholderFor(v.type)}${v.description ? `  # ${v.description.split('\n')[0]}` : ''}\n`).join('');
  const childIndent = (key: { col: number }) => {
    const own = ' '.repeat(key.col - 1);
    const firstChild = keys.find((k) => k.path.length === 4 && k.path[2] === component && k.path[0] === 'components' && k.path[1] === 'terraform');
    const step = firstChild ? firstChild.col - key.col : 2;
    return { own, step: step > 0 ? step : 2 };
  };
  if (varsKey) {
    const children = keys.filter((k) => k.path.length === 5 && k.path[2] === component && k.path[3] === 'vars' && k.path[0] === 'components' && k.path[1] === 'terraform');
    if (/^\s*vars:\s*\{\s*\}\s*$/.test(lines[varsKey.line - 1] ?? '')) {
      // `vars: {}` → a block
      const { own } = childIndent(varsKey);
      const step = childIndent(compKey).step;
      return { file, line: varsKey.line, col: 1, endLine: varsKey.line + 1, endCol: 1, text: `${own}vars:\n${entry(own + ' '.repeat(step))}` };
    }
    const indent = children.length > 0 ? ' '.repeat(children[0].col - 1) : ' '.repeat(varsKey.col - 1 + childIndent(compKey).step);
    const after = children.length > 0 ? children[children.length - 1] : varsKey;
    return { file, line: lineAfterValue(text, after.valueEnd), col: 1, text: entry(indent) };
  }
  const { step } = childIndent(compKey);
  const own = ' '.repeat(compKey.col - 1 + step);
  return { file, line: lineAfterValue(text, compKey.valueEnd), col: 1, text: `${own}vars:\n${entry(own + ' '.repeat(step))}` };
}

/** The 1-based line that follows the value ending at `offset` (trailing blank lines and comments stay below). */
function lineAfterValue(text: string, offset: number): number {
  let end = offset;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  const nl = text.indexOf('\n', end);
  return positionOf(text, nl === -1 ? text.length : nl + 1).line + (nl === -1 ? 1 : 0);
}

/** The Terraform type a YAML value suggests. */
export function terraformTypeOf(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list(any)';
  if (value && typeof value === 'object') return 'any';
  return 'any';
}

/** Appends an optional `variable "<name>"` block (type from the YAML value) to the component's variables.tf. */
export function declareVarInsertion(vars: ComponentVariables, name: string, value: unknown): TextInsertion {
  const existing = vars.variablesText;
  const lead = existing === undefined || existing === '' ? '' : existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  const block = `${lead}variable "${name}" {\n  type        = ${terraformTypeOf(value)}\n  description = ""\n  default     = null\n}\n`;
  if (existing === undefined) return { file: vars.variablesFile, line: 1, col: 1, text: block, create: true };
  const end = positionOf(existing, existing.length);
  return { file: vars.variablesFile, line: end.line, col: end.col, text: block };
}
