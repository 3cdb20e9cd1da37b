/**
 * Go text/template rendering for Atmos manifests: `renderTemplate` parses and
 * executes a template with the text/template builtins, Sprig and the cheap
 * Gomplate namespaces, never throws, and reports Go-worded errors with a
 * location. Work is bounded by a step budget, an output cap and a call-depth
 * limit, so a pathological template fails instead of hanging.
 */

import { builtinFuncs } from './builtins';
import { execute, goLocation, TemplateExecError, type MissingKey } from './exec';
import { lex } from './lexer';
import { funcLookup, withPorts } from './library';
import { parseTemplate, TemplateParseError } from './parser';
import { unsupportedReason } from './unsupported';

export { GoFloat, GoTime, goStruct } from './values';
export { unsupportedReason } from './unsupported';
/** yaml.v3-compatible YAML writer (Go's Marshal with indent 2), also usable for Atmos-identical output. */
export { goYamlMarshal, yamlKeyLess } from './yamlv3';
/** encoding/json-compatible writer (sorted keys, HTML escaping). */
export { goJsonMarshal } from './gojson';

export interface TemplateOptions {
  /** Template name: shown in errors (`template: <file>:3:12: ...`) and returned in `error.file`. */
  file: string;
  /** Go's `missingkey` option. Atmos uses `error`, or `default` when `ignore_missing_template_values`. Default: `default`. */
  missingKey?: MissingKey;
  /** Left and right delimiters (atmos.yaml `templates.settings.delimiters`). Default `{{` `}}`. */
  delims?: [string, string];
  /**
   * Extra functions, registered last (they override same-named ones, builtins included, as a Go
   * FuncMap does). A function returning an object of functions acts as a namespace:
   * `{{ atmos.Component "c" .stack }}`; build that object with `goStruct` so an unknown member is an
   * error rather than `<no value>`. Functions run synchronously; throw an Error to fail the render
   * with `error calling NAME: MESSAGE`. Arguments arrive as Go sees them (`null` for nil/missing).
   */
  functions?: Record<string, (...args: unknown[]) => unknown>;
  /** Register the Sprig functions (atmos.yaml `templates.settings.sprig.enabled`). Default true. */
  sprig?: boolean;
  /** Register the Gomplate namespaces we support (`strings.*`, `conv.*`, ...). Default true. */
  gomplate?: boolean;
  /**
   * Environment lookup for Sprig `env` / `expandenv` and Gomplate `getenv` / `env.Getenv`. Unset: those
   * functions are not defined (recent Atmos registers Sprig's hermetic map without env/expandenv; older
   * releases, like the conformance corpus's, had them).
   */
  env?: (name: string) => string | undefined;
  /** Clock for `now` and friends. Default: the system clock. */
  now?: () => Date;
  /** Execution step budget (nodes walked, commands run, range iterations). Default 1,000,000. */
  maxSteps?: number;
  /** Largest output (and largest string a function may build), in UTF-16 units. Default 32 MiB. */
  maxOutputLength?: number;
  /** Deepest `{{template}}` recursion. Default 1000. */
  maxDepth?: number;
}

/**
 * What went wrong, for callers that react differently:
 * - `parse` / `exec`: the template or its data is wrong (a user error, as Atmos would report it);
 * - `undefined-function`: a function no one defines (also a user error in Atmos);
 * - `unsupported-function`: a function Atmos has but we do not evaluate natively (see `reason`):
 *   mark the value unresolved or delegate to the `atmos` CLI;
 * - `limit`: a step / output / depth budget stopped the render;
 * - `internal`: a bug of ours, never a user error.
 */
export type RenderErrorCode = 'parse' | 'exec' | 'undefined-function' | 'unsupported-function' | 'limit' | 'internal';

export interface RenderError {
  /** Go's text (`template: FILE:LINE:COL: executing ...`); its column is a 0-based byte offset. */
  message: string;
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 units (an editor column). */
  col: number;
  code?: RenderErrorCode;
  /** For `undefined-function` / `unsupported-function`: the function's name. */
  function?: string;
  /** For `unsupported-function`: why we do not evaluate it. */
  reason?: string;
}

export type RenderResult = { ok: true; text: string } | { ok: false; error: RenderError };

const DEFAULT_LIMITS = { maxSteps: 1_000_000, maxOutputLength: 32 * 1024 * 1024, maxDepth: 1000 };

export function renderTemplate(source: string, data: unknown, options: TemplateOptions): RenderResult {
  const file = options.file;
  // like Go's Delims, an empty delimiter means the default one
  const left = options.delims?.[0] || '{{';
  const right = options.delims?.[1] || '}}';
  try {
    const funcs = funcLookup(
      { sprig: options.sprig !== false, gomplate: options.gomplate !== false, env: options.env !== undefined },
      options.functions,
    );
    const { trees } = parseTemplate(file, source, (name) => funcs.has(name), left, right);
    const run = (): string => execute(
      {
        name: file,
        text: source,
        trees,
        funcs,
        missingKey: options.missingKey ?? 'default',
        limits: {
          maxSteps: options.maxSteps ?? DEFAULT_LIMITS.maxSteps,
          maxOutputLength: options.maxOutputLength ?? DEFAULT_LIMITS.maxOutputLength,
          maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
        },
      },
      data,
    );
    const text = withPorts({ env: options.env, now: options.now }, run);
    return { ok: true, text };
  } catch (e) {
    if (e instanceof TemplateParseError) {
      const error: RenderError = { message: e.message, file, line: e.line, ...editorPosition(source, e.pos), code: 'parse' };
      if (e.undefinedFunction !== undefined) {
        const reason = unsupportedReason(e.undefinedFunction);
        error.code = reason ? 'unsupported-function' : 'undefined-function';
        error.function = e.undefinedFunction;
        if (reason) error.reason = reason;
      }
      return { ok: false, error };
    }
    if (e instanceof TemplateExecError) {
      const where = e.pos === null ? { line: 1, col: 1 } : { line: goLocation(source, e.pos).line, col: editorPosition(source, e.pos).col };
      return { ok: false, error: { message: e.message, file, ...where, code: e.limit ? 'limit' : 'exec' } };
    }
    if (e instanceof RangeError) {
      return { ok: false, error: { message: `template: ${file}: template nesting too deep`, file, line: 1, col: 1, code: 'limit' } };
    }
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { message: `template: ${file}: internal error: ${why}`, file, line: 1, col: 1, code: 'internal' } };
  }
}

function editorPosition(source: string, pos: number): { col: number } {
  const nl = source.lastIndexOf('\n', pos - 1);
  return { col: pos - (nl + 1) + 1 };
}

/**
 * Atmos's IsGolangTemplate, exactly: parses `source` as a template named after itself with only the
 * builtin functions, and reports whether its top level has an action node (`{{ .x }}`; an `{{ if }}`
 * block or a comment alone does not count). A parse error (e.g. any Sprig function) is returned as
 * Atmos returns it. Atmos uses this on import paths that match no file.
 */
export function isGolangTemplate(source: string, delims?: [string, string]): { ok: true; isTemplate: boolean } | { ok: false; message: string } {
  const [left, right] = delims ?? ['{{', '}}'];
  const builtins = builtinFuncs();
  try {
    const { trees } = parseTemplate(source, source, (name) => builtins.has(name), left, right);
    const root = trees.get(source);
    return { ok: true, isTemplate: !!root && root.nodes.some((n) => n.kind === 'action') };
  } catch (e) {
    if (e instanceof TemplateParseError) return { ok: false, message: e.message };
    return { ok: false, message: `template: ${source}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Whether `source` contains a template action (Atmos's IsGolangTemplate: an action node at top level;
 * comments alone do not count). Unterminated actions count, so rendering reports them.
 */
export function hasTemplate(source: string, delims?: [string, string]): boolean {
  const [left, right] = delims ?? ['{{', '}}'];
  if (!source.includes(left)) return false;
  return lex(source, left, right).some((t) => t.type === 'leftDelim');
}
