/**
 * `component-duplicate` across manifests, as `atmos validate stacks` finds it: the same component in the same
 * logical stack comes from more than one top-level manifest, with different configurations, so Atmos cannot
 * tell which one to use. Reported in each of those manifests, at the component's definition when it is there.
 */
import type { AtmosDiagnostic } from '../diagnostics';
import type { AtmosEngine } from '../engine';
import type { PlainMap } from '../values';
import { at } from './documentFacts';
import type { FactsView } from './workspaceFacts';

/**
 * The sections that make up a component's configuration (the rest names the manifest it came from), compared
 * before templates and functions run, as Atmos compares them (`{{ .atmos_manifest }}` differs by manifest).
 */
const COMPARED = ['vars', 'settings', 'env', 'backend', 'backend_type', 'remote_state_backend', 'remote_state_backend_type', 'metadata', 'component', 'command', 'providers', 'hooks', 'dependencies', 'overrides', 'auth'];

export function duplicateStackComponents(engine: AtmosEngine, view: FactsView): AtmosDiagnostic[] {
  const byName = new Map<string, Array<{ file: string; stackFile: string }>>();
  for (const s of engine.stackEntries()) {
    for (const n of s.names) {
      const l = byName.get(n) ?? [];
      l.push({ file: s.file, stackFile: s.stackFile });
      byName.set(n, l);
    }
  }
  const out: AtmosDiagnostic[] = [];
  for (const [stack, manifests] of byName) {
    if (manifests.length < 2) continue;
    const configs = new Map<string, Array<{ file: string; stackFile: string; type: string; text: string }>>();
    for (const m of manifests) {
      for (const c of engine.listComponents(m.stackFile)) {
        if (!c.stacks.includes(stack)) continue;
        let section: PlainMap;
        try {
          section = engine.describeComponentSync(c.component, m.stackFile, { processTemplates: false, processFunctions: false }).section;
        } catch {
          continue;
        }
        const l = configs.get(c.component) ?? [];
        l.push({ ...m, type: c.type, text: stableJson(Object.fromEntries(COMPARED.map((k) => [k, section[k]]))) });
        configs.set(c.component, l);
      }
    }
    for (const [component, list] of configs) {
      if (list.length < 2 || list.every((x) => x.text === list[0].text)) continue;
      const files = list.map((x) => x.stackFile).join(', ');
      for (const x of list) {
        const def = view.facts(x.file)?.definitions.find((d) => d.name === component && d.type === x.type);
        const message = `component '${component}' in the stack '${stack}' is defined in more than one top-level manifest (${files}) with different configurations; Atmos cannot tell which to use`;
        out.push(def ? at({ file: x.file }, def.span, { severity: 'error', code: 'component-duplicate', message }) : { severity: 'error', code: 'component-duplicate', message, file: x.file, line: 1, col: 1 });
      }
    }
  }
  return out;
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as PlainMap).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}
