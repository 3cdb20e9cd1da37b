/** `inherits-unknown` and `inherits-cycle`, located at the `metadata.inherits` entry that is wrong. */
import type { AtmosDiagnostic } from '../diagnostics';
import { at, type DefinitionFact } from './documentFacts';
import type { FactsView } from './workspaceFacts';

/**
 * Components the engine resolved (also those defined outside the stacks folder): asked only for names no
 * manifest under the stacks folder defines, so a clean repository never pays for the list.
 */
export interface KnownComponents {
  /** `type\0name` */
  has(typeAndName: string): boolean;
  hasName(name: string): boolean;
}

/** KnownComponents over a list computed on first use. */
export function lazyKnownComponents(list: () => Array<{ type: string; component: string }>): KnownComponents {
  let keys: Set<string> | undefined;
  let names: Set<string> | undefined;
  const load = () => {
    if (!keys) {
      const all = list();
      keys = new Set(all.map((c) => `${c.type}\0${c.component}`));
      names = new Set(all.map((c) => c.component));
    }
  };
  return {
    has: (k) => (load(), keys!.has(k)),
    hasName: (n) => (load(), names!.has(n)),
  };
}

export function inheritsUnknown(view: FactsView, file: string, known: KnownComponents): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const out: AtmosDiagnostic[] = [];
  for (const d of facts.definitions) {
    for (const r of d.inherits) {
      if (r.name.includes(view.config.templateDelimiters[0])) continue;
      if (view.definitions(r.name, d.type).length > 0) continue;
      // the engine vouches only for components no saved manifest under the stacks folder defines (an unsaved edit may remove one)
      if (view.savedDefinitions(r.name, d.type).length === 0 && known.has(`${d.type}\0${r.name}`)) continue;
      out.push(at(facts, r.span, { severity: 'error', code: 'inherits-unknown', message: `'${d.name}' inherits '${r.name}', which no manifest defines as a ${d.type} component` }));
    }
  }
  return out;
}

/**
 * Inheritance that loops (`a` inherits `b`, `b` inherits `a`, possibly through others): reported at the
 * entry of each definition in the loop that starts it. Atmos fails every component that inherits into such
 * a loop. Inheriting oneself is reported too (Atmos skips it silently; it is never meant).
 */
export function inheritsCycles(view: FactsView, file: string): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const out: AtmosDiagnostic[] = [];
  for (const d of facts.definitions) {
    for (const r of d.inherits) {
      const chain = r.name === d.name ? [] : pathBack(view, d, r.name);
      if (!chain) continue;
      const loop = [d.name, ...chain, d.name].join(' -> ');
      out.push(at(facts, r.span, { severity: 'error', code: 'inherits-cycle', message: r.name === d.name ? `'${d.name}' inherits itself` : `circular component inheritance: ${loop}` }));
      break;
    }
  }
  return out;
}

/** The names from `start` back to `def.name` along `metadata.inherits` edges (any definition of each name), or undefined. */
function pathBack(view: FactsView, def: DefinitionFact, start: string): string[] | undefined {
  const dead = new Set<string>();
  const walk = (name: string, trail: string[]): string[] | undefined => {
    if (name === def.name) return trail;
    if (dead.has(name) || trail.includes(name)) return undefined;
    for (const other of view.definitions(name, def.type)) {
      for (const r of other.inherits) {
        const found = walk(r.name, [...trail, name]);
        if (found) return found;
      }
    }
    dead.add(name);
    return undefined;
  };
  return walk(start, []);
}
