/**
 * How template functions are declared. Parameter types mirror the Go
 * signatures of text/template builtins and Sprig, so argument checking and
 * the errors it raises ("wrong type for value; expected string; got int")
 * follow Go.
 */

/**
 * - `value`: a reflect.Value parameter (builtins): receives `undefined` for "no value" and `null` for nil.
 * - `any`: interface{}: "no value" and nil both arrive as `null`.
 * - the rest are Go's concrete types; a wrong type is an execution error, as in Go.
 */
export type ParamType = 'value' | 'any' | 'string' | 'int' | 'int64' | 'float64' | 'bool' | 'map' | 'list';

export interface GoFunc {
  params: ParamType[];
  /** Type of the trailing `...` parameter, when the function is variadic. */
  variadic?: ParamType;
  /** Throw an Error to report a call failure (becomes `error calling NAME: MESSAGE`). */
  call: (args: unknown[], ctx: CallContext) => unknown;
  /** Set on text/template's own builtins (and / or short-circuit only as builtins). */
  builtin?: boolean;
}

export interface CallContext {
  /** Counts work done inside a function against the render's step budget (e.g. per generated element). */
  charge(steps: number): void;
  /** Largest string a function may build, so `repeat` and friends cannot exhaust memory. */
  readonly maxStringLength: number;
}

export type FuncMap = Map<string, GoFunc>;

/** Thrown by a function that refuses work beyond the render's budgets (reported with code `limit`). */
export class TemplateLimitError extends Error {
  override readonly name = 'TemplateLimitError';
}

/** Go's name for a parameter type, as used in its error messages. */
export function paramTypeName(t: ParamType): string {
  switch (t) {
    case 'value':
      return 'reflect.Value';
    case 'any':
      return 'interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'list':
      return '[]interface {}';
    default:
      return t;
  }
}

export function fn(params: ParamType[], call: (...args: never[]) => unknown, variadic?: ParamType): GoFunc {
  return { params, variadic, call: (args) => (call as (...a: unknown[]) => unknown)(...args) };
}

/** Marks a namespace method's Go arity: `fixed` interface{} parameters, plus `...` when variadic. */
export interface GoArity {
  goArity?: { fixed: number; variadic: boolean };
}

/** Declares a method with Go's arity checks (`wrong number of args for X: want N got M`). */
export function method<F extends (...args: never[]) => unknown>(f: F, variadic = false): F & GoArity {
  const m = f as F & GoArity;
  m.goArity = { fixed: variadic ? Math.max(0, f.length) : f.length, variadic };
  return m;
}

/**
 * Wraps a JS function as a template function: Go's arity when declared with `method`, else (caller
 * functions) variadic interface{} parameters.
 */
export function jsFunc(f: ((...args: unknown[]) => unknown) & GoArity): GoFunc {
  const arity = f.goArity;
  if (arity) return { params: Array<ParamType>(arity.fixed).fill('any'), variadic: arity.variadic ? 'any' : undefined, call: (args) => f(...args) };
  return { params: [], variadic: 'any', call: (args) => f(...args) };
}
