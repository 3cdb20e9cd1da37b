/**
 * What to complete at a cursor in a stack manifest, from the text alone (the line being typed is usually not
 * valid YAML yet, so the ancestors come from indentation, not from a parse): import paths, component names
 * in `metadata.inherits` / depends_on, component folders in `metadata.component`.
 */
import * as path from 'node:path';
import type { FileSystemPort } from '../atmos/fs';
import { walkFiles } from '../atmos/glob';

export type CompletionSite =
  | { kind: 'import'; prefix: string }
  | { kind: 'component-name'; type?: string; prefix: string }
  | { kind: 'component-folder'; type: string; prefix: string };

const KEY_LINE = /^(\s*)(?:-\s+)?([^\s#:'"][^:#]*?|'[^']*'|"[^"]*"):(?:\s+(.*?))?\s*$/;

function unquote(k: string): string {
  return k.replace(/^['"]|['"]$/g, '');
}

/** The keys enclosing line `index` (outermost first), found by indentation. */
export function enclosingKeys(lines: string[], index: number): string[] {
  const line = lines[index] ?? '';
  let indent = line.search(/\S|$/);
  let isItem = /^\s*-(\s|$)/.test(line);
  const out: string[] = [];
  for (let i = index - 1; i >= 0 && (indent > 0 || isItem); i--) {
    const l = lines[i];
    if (!l.trim() || l.trim().startsWith('#')) continue;
    const m = KEY_LINE.exec(l);
    const ind = l.search(/\S/);
    const keyIndent = m && /^\s*-\s+/.test(l) ? l.indexOf(m[2]) : ind;
    if (!m) {
      if (ind < indent) indent = ind; // a list item or a scalar block above: keep climbing from there
      continue;
    }
    const opensBlock = m[3] === undefined || m[3] === '' || m[3].startsWith('#');
    const parent = opensBlock && (keyIndent < indent || (isItem && keyIndent === indent && !/^\s*-/.test(l)));
    if (parent) {
      out.unshift(unquote(m[2]));
      indent = ind;
      isItem = /^\s*-\s+/.test(l); // an item's parent may sit at the dash's own indentation
    }
  }
  return out;
}

/** The site at (line, character), or undefined where nothing Atmos-specific completes. */
export function completionSite(text: string, line: number, character: number): CompletionSite | undefined {
  const lines = text.split(/\r?\n/);
  const current = (lines[line] ?? '').slice(0, character);
  const item = /^\s*-\s*(['"]?)([^'"\s]*)$/.exec(current);
  const keyed = /^\s*(?:-\s+)?([\w.-]+):\s*(['"]?)([^'"\s]*)$/.exec(current);
  const parents = enclosingKeys(lines, line);
  const [a, type] = parents;
  const inComponent = a === 'components' && typeof type === 'string' && parents.length >= 3;
  if (item) {
    const prefix = item[2];
    const last = parents[parents.length - 1];
    if (parents.length === 1 && last === 'import') return { kind: 'import', prefix };
    if (inComponent && parents[3] === 'metadata' && last === 'inherits') return { kind: 'component-name', type, prefix };
    if (inComponent && (last === 'depends_on' || last === 'components')) return { kind: 'component-name', prefix };
  }
  if (keyed) {
    const [, key, , prefix] = keyed;
    const last = parents[parents.length - 1];
    if (key === 'path' && parents[0] === 'import') return { kind: 'import', prefix };
    if (inComponent && key === 'component' && last === 'metadata' && parents.length === 4) return { kind: 'component-folder', type, prefix };
    if (inComponent && key === 'component' && (parents.includes('depends_on') || parents.includes('dependencies'))) return { kind: 'component-name', prefix };
    if (key === 'import' && parents.length === 0) return { kind: 'import', prefix };
  }
  return undefined;
}

/** Import paths as Atmos writes them: relative to the stacks folder, without the extension. */
export function importCandidates(fs: FileSystemPort, stacksBasePath: string): string[] {
  if (fs.stat(stacksBasePath) !== 'dir') return [];
  const out = new Set<string>();
  for (const f of walkFiles(fs, stacksBasePath)) {
    const m = /^(.*?)\.(ya?ml)(\.tmpl)?$/.exec(path.relative(stacksBasePath, f).split(path.sep).join('/'));
    if (m) out.add(m[1]);
  }
  return [...out].sort();
}

/** Component folders (relative to the type's base path) that hold files of their own. */
export function componentFolders(fs: FileSystemPort, basePath: string): string[] {
  if (fs.stat(basePath) !== 'dir') return [];
  const dirs = new Set<string>();
  for (const f of walkFiles(fs, basePath)) {
    const rel = path.relative(basePath, path.dirname(f)).split(path.sep).join('/');
    if (rel && !rel.split('/').some((s) => s.startsWith('.'))) dirs.add(rel);
  }
  return [...dirs].sort();
}
