/**
 * The one place the engine reaches the Go-template evaluator (src/atmos/templates, built separately).
 * Until it is wired in (`setTemplateRenderer`), a small built-in renderer handles only plain field
 * references (`{{ .vars.stage }}`, with `{{-`/`-}}` trimming); anything else is reported unresolved,
 * never guessed.
 */

export type MissingKey = 'default' | 'zero' | 'error';

export interface RenderOptions {
  file: string;
  missingKey?: MissingKey;
  delims?: [string, string];
}

export type RenderResult = { ok: true; text: string } | { ok: false; error: { message: string; line: number; col: number }; unsupported?: boolean };

export interface TemplateRenderer {
  renderTemplate(source: string, data: unknown, options: RenderOptions): RenderResult;
  hasTemplate(source: string, delims?: [string, string]): boolean;
}

let renderer: TemplateRenderer | undefined;

/** Plugs in the full Go text/template + Sprig evaluator. */
export function setTemplateRenderer(r: TemplateRenderer | undefined): void {
  renderer = r;
}

export function hasTemplate(source: string, delims: [string, string] = ['{{', '}}']): boolean {
  if (renderer) return renderer.hasTemplate(source, delims);
  return source.includes(delims[0]);
}

export function renderTemplate(source: string, data: unknown, options: RenderOptions): RenderResult {
  if (renderer) return renderer.renderTemplate(source, data, options);
  return renderFieldReferences(source, data, options);
}

export function fullTemplateEngineAvailable(): boolean {
  return renderer !== undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Text and `{{ .a.b }}` actions only: the subset whose Go semantics are unambiguous. */
function renderFieldReferences(source: string, data: unknown, options: RenderOptions): RenderResult {
  const [open, close] = options.delims ?? ['{{', '}}'];
  const re = new RegExp(`${escapeRe(open)}(-\\s)?\\s*([^]*?)\\s*(\\s-)?${escapeRe(close)}`, 'g');
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source)) !== null) {
    let text = source.slice(last, m.index);
    if (m[1]) text = text.replace(/\s+$/, '');
    out += text;
    const expr = m[2];
    if (!/^(\.[A-Za-z_][\w-]*)+$|^\.$/.test(expr)) {
      const line = source.slice(0, m.index).split('\n').length;
      return { ok: false, unsupported: true, error: { message: `template action '${open} ${expr} ${close}' needs the Go template engine, which is not available`, line, col: 1 } };
    }
    let cur: unknown = data;
    let missing = false;
    for (const seg of expr === '.' ? [] : expr.slice(1).split('.')) {
      if (cur && typeof cur === 'object' && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) cur = (cur as Record<string, unknown>)[seg];
      else {
        missing = true;
        break;
      }
    }
    if (missing) {
      if (options.missingKey === 'error') {
        const line = source.slice(0, m.index).split('\n').length;
        return { ok: false, error: { message: `map has no entry for key in '${expr}'`, line, col: 1 } };
      }
      out += '<no value>';
    } else out += goPrint(cur);
    last = re.lastIndex;
    if (m[3]) {
      const rest = source.slice(last);
      last += rest.length - rest.replace(/^\s+/, '').length;
    }
  }
  out += source.slice(last);
  return { ok: true, text: out };
}

/** How Go's fmt prints a value inside a template action. */
function goPrint(v: unknown): string {
  if (v === null || v === undefined) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goPrint((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}
