/** `import-not-found` and `import-cycle`, located at the import entry that is wrong. */
import type { AtmosDiagnostic } from '../diagnostics';
import { stackFileName } from '../manifest';
import { at } from './documentFacts';
import type { FactsView } from './workspaceFacts';

/** Imports of `file` that name no manifest (entries with `skip_if_missing: true`, templated and remote ones are left alone). */
export function importNotFound(view: FactsView, file: string): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const out: AtmosDiagnostic[] = [];
  for (const { fact, targets } of view.imports(file)) {
    if (!targets || targets.length > 0 || fact.skipIfMissing) continue;
    out.push(at(facts, fact.span, { severity: 'error', code: 'import-not-found', message: `import '${fact.path}' not found (manifest '${stackFileName(view.config, file)}')` }));
  }
  return out;
}

/**
 * Imports of `file` that lead back to it (directly or through other manifests), each reported once at the
 * entry that starts the loop, with the chain.
 */
export function importCycles(view: FactsView, file: string): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const out: AtmosDiagnostic[] = [];
  const name = (f: string) => stackFileName(view.config, f);
  // files known not to lead back to `file`
  const dead = new Set<string>();
  const pathBack = (from: string, trail: string[]): string[] | undefined => {
    if (from === file) return trail;
    if (dead.has(from) || trail.includes(from)) return undefined;
    for (const { targets } of view.imports(from)) {
      for (const t of targets ?? []) {
        const found = pathBack(t, [...trail, from]);
        if (found) return found;
      }
    }
    dead.add(from);
    return undefined;
  };
  for (const { fact, targets } of view.imports(file)) {
    for (const t of targets ?? []) {
      const chain = t === file ? [] : pathBack(t, []);
      if (!chain) continue;
      const loop = [file, ...chain, file].map(name).join(' -> ');
      out.push(at(facts, fact.span, { severity: 'error', code: 'import-cycle', message: t === file ? `manifest '${name(file)}' imports itself via '${fact.path}'` : `import cycle: ${loop}` }));
      break;
    }
  }
  return out;
}
