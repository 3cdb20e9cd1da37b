/**
 * Located problems in what components refer to, at the exact entry that is wrong (the engine reports a broken
 * inherits chain per stack, without the line): an unknown `metadata.inherits` base, a `metadata.component`
 * folder that does not exist, a depends_on component that no manifest defines.
 */
import * as path from 'node:path';
import type { AtmosDiagnostic } from '../atmos/diagnostics';
import type { ComponentIndex } from './componentIndex';

export interface ReferenceCheckInput {
  index: ComponentIndex;
  /** components the engine resolved (also those defined outside the stacks folder) */
  knownComponents: Array<{ component: string; type: string }>;
  componentBasePaths: Record<string, string>;
  basePath: string;
  isDir(absPath: string): boolean;
}

export function referenceProblems(input: ReferenceCheckInput): AtmosDiagnostic[] {
  const defs = input.index.all();
  const known = new Set([...defs.map((d) => `${d.type}\0${d.name}`), ...input.knownComponents.map((c) => `${c.type}\0${c.component}`)]);
  const anyType = new Set([...defs.map((d) => d.name), ...input.knownComponents.map((c) => c.component)]);
  const out: AtmosDiagnostic[] = [];
  for (const d of defs) {
    for (const r of d.refs) {
      const where = { file: d.file, line: r.line, col: r.col };
      if (r.kind === 'inherits' && !known.has(`${d.type}\0${r.name}`)) {
        out.push({ severity: 'error', code: 'inherits-unknown', message: `'${d.name}' inherits '${r.name}', which no manifest defines as a ${d.type} component`, ...where });
      } else if (r.kind === 'folder' && !r.name.includes('{{')) {
        const base = input.componentBasePaths[d.type] ?? input.basePath;
        if (!input.isDir(path.join(base, r.name))) {
          out.push({ severity: 'warning', code: 'component-folder-missing', message: `component folder '${r.name}' not found under ${path.relative(input.basePath, base) || '.'}`, ...where });
        }
      } else if (r.kind === 'depends-on' && !r.name.includes('{{') && !anyType.has(r.name)) {
        out.push({ severity: 'warning', code: 'depends-on-unknown', message: `'${d.name}' depends on '${r.name}', which no manifest defines`, ...where });
      }
    }
  }
  return out;
}
