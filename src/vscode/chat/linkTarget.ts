/**
 * What a link in model output points at, decided before anything opens: a web page (http/https), a file
 * inside the workspace (a relative path, an absolute path or a `file:` URI, with an optional `:line[:col]` or
 * `#L<line>`), or something refused (another scheme, a file outside the workspace). Plain TypeScript (no
 * `vscode`), so the rules are unit-tested; the openLink handler asks the user and opens.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export type LinkTarget =
  | { kind: 'web'; url: string }
  | { kind: 'file'; candidates: string[]; line?: number; column?: number }
  | { kind: 'refused'; reason: string };

/** `file.ext:12`, `file.ext:12:5`, `file.ext#L12`: the path and the position. */
function splitPosition(ref: string): { file: string; line?: number; column?: number } {
  const hash = /^(.*)#L(\d+)(?:C(\d+))?$/.exec(ref);
  if (hash) return { file: hash[1], line: Number(hash[2]), ...(hash[3] ? { column: Number(hash[3]) } : {}) };
  const colon = /^(.*?):(\d+)(?::(\d+))?$/.exec(ref);
  if (colon && colon[1]) return { file: colon[1], line: Number(colon[2]), ...(colon[3] ? { column: Number(colon[3]) } : {}) };
  return { file: ref };
}

/** Whether `file` is `root` or below it (no `..` escape). */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Classifies `href` against the workspace folders `roots` (absolute paths). A relative path may be under any
 * root: the candidates come in root order and the handler opens the first that exists.
 */
export function classifyLink(href: string, roots: readonly string[]): LinkTarget {
  const text = href.trim();
  if (!text) return { kind: 'refused', reason: 'The link is empty.' };
  if (/^https?:\/\//i.test(text)) {
    try {
      return { kind: 'web', url: new URL(text).href };
    } catch {
      return { kind: 'refused', reason: 'The link is not a valid URL.' };
    }
  }
  let ref = text;
  if (/^file:/i.test(text)) {
    const hashAt = text.indexOf('#');
    try {
      ref = fileURLToPath(hashAt >= 0 ? text.slice(0, hashAt) : text) + (hashAt >= 0 ? text.slice(hashAt) : '');
    } catch {
      return { kind: 'refused', reason: 'The file: link is not a valid local file URI.' };
    }
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text) && !/^[\w./-]+\.\w+:\d+(?::\d+)?$/.test(text)) {
    const scheme = text.slice(0, text.indexOf(':') + 1);
    return { kind: 'refused', reason: `Only http, https and workspace file links open; this is a ${scheme} link.` };
  }
  const { file, line, column } = splitPosition(ref);
  let decoded = file;
  try {
    decoded = decodeURIComponent(file);
  } catch {
    // a literal % in a file name
  }
  const position = { ...(line ? { line } : {}), ...(column ? { column } : {}) };
  if (roots.length === 0) return { kind: 'refused', reason: 'No folder is open, so no file link can open.' };
  if (path.isAbsolute(decoded)) {
    const abs = path.normalize(decoded);
    if (!roots.some((r) => isInside(r, abs))) return { kind: 'refused', reason: `${abs} is outside the workspace; only files in the workspace open from the chat.` };
    return { kind: 'file', candidates: [abs], ...position };
  }
  const candidates = roots.map((r) => path.resolve(r, decoded)).filter((abs, i) => isInside(roots[i], abs));
  if (candidates.length === 0) return { kind: 'refused', reason: `${decoded} is outside the workspace; only files in the workspace open from the chat.` };
  return { kind: 'file', candidates, ...position };
}
