/**
 * The one place the engine reaches the Go-template evaluator (src/atmos/templates: Go text/template
 * with Sprig and the Gomplate subset). Tests may swap the renderer with `setTemplateRenderer`.
 */
import * as goTemplates from './templates';

export type MissingKey = 'default' | 'zero' | 'error';

export interface RenderOptions {
  file: string;
  missingKey?: MissingKey;
  delims?: [string, string];
  /** environment for Sprig `env` / Gomplate `getenv`; default process.env */
  env?: Record<string, string | undefined>;
}

export type RenderResult = { ok: true; text: string } | { ok: false; error: { message: string; line: number; col: number }; unsupported?: boolean };

export interface TemplateRenderer {
  renderTemplate(source: string, data: unknown, options: RenderOptions): RenderResult;
  hasTemplate(source: string, delims?: [string, string]): boolean;
}

const goRenderer: TemplateRenderer = {
  renderTemplate(source, data, options) {
    const env = options.env ?? process.env;
    return goTemplates.renderTemplate(source, data, { file: options.file, missingKey: options.missingKey, delims: options.delims, env: (name) => env[name] });
  },
  hasTemplate(source, delims) {
    return goTemplates.hasTemplate(source, delims);
  },
};

let renderer: TemplateRenderer = goRenderer;

/** Swaps the evaluator (tests); `undefined` restores the Go one. */
export function setTemplateRenderer(r: TemplateRenderer | undefined): void {
  renderer = r ?? goRenderer;
}

export function hasTemplate(source: string, delims: [string, string] = ['{{', '}}']): boolean {
  return renderer.hasTemplate(source, delims);
}

export function renderTemplate(source: string, data: unknown, options: RenderOptions): RenderResult {
  return renderer.renderTemplate(source, data, options);
}
