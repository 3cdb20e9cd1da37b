/**
 * Checks over component definitions: `component-duplicate` (the same component twice in one file),
 * `abstract-unused` (an abstract base nobody inherits), `abstract-deployed` (an abstract component named
 * as a dependency or deployed by a workflow step), `depends-on-missing`, `component-folder-missing`.
 */
import * as path from 'node:path';
import type { AtmosDiagnostic } from '../diagnostics';
import { at } from './documentFacts';
import type { KnownComponents } from './inheritanceChecks';
import type { FactsView } from './workspaceFacts';

/** A component key written twice under `components.<type>` of one file (YAML keeps one; Atmos rejects the file). */
export function duplicateDefinitions(view: FactsView, file: string): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  return facts.duplicateKeys.map((k) => {
    const component = k.path.length === 3 && k.path[0] === 'components';
    return at(facts, k.span, component
      ? { severity: 'error', code: 'component-duplicate', message: `component '${k.key}' (${String(k.path[1])}) is defined twice in this file (first at line ${k.firstLine})` }
      : { severity: 'error', code: 'yaml-duplicate-key', message: `key '${k.key}' is already defined at line ${k.firstLine} (Atmos rejects duplicate keys)` });
  });
}

/**
 * Abstract components that no definition in any manifest inherits (they configure nothing), and that no
 * manifest makes real by defining the same component again without `type: abstract` (a stack may import the
 * abstract definition and set `metadata.type: real`).
 */
export function abstractUnused(view: FactsView, file: string): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const out: AtmosDiagnostic[] = [];
  for (const d of facts.definitions) {
    if (!d.abstract || view.inheritors(d.type, d.name).length > 0) continue;
    if (view.definitions(d.name, d.type).some((other) => !other.abstract)) continue;
    out.push(at(facts, d.span, { severity: 'info', code: 'abstract-unused', message: `abstract component '${d.name}' is not inherited by any component` }));
  }
  return out;
}

/** true when every definition of `name` (of `type`, when given) is abstract, and there is at least one */
function onlyAbstract(view: FactsView, name: string, type?: string): boolean {
  const defs = view.definitions(name, type);
  return defs.length > 0 && defs.every((d) => d.abstract);
}

const DEPLOY_TYPES = new Set(['terraform', 'helmfile', 'packer', 'ansible', 'kubernetes', 'helm']);

/**
 * Abstract components are blueprints, never deployed: a dependency on one is ignored by Atmos (it is
 * not in the dependency graph), and a workflow step that runs one fails.
 */
export function abstractDeployed(view: FactsView, file: string): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const out: AtmosDiagnostic[] = [];
  for (const d of facts.definitions) {
    for (const dep of d.dependsOn) {
      if (!onlyAbstract(view, dep.name)) continue;
      out.push(at(facts, dep.span, { severity: 'warning', code: 'abstract-deployed', message: `'${d.name}' depends on '${dep.name}', which is abstract (metadata.type: abstract) and never deployed; depend on a component that inherits it` }));
    }
  }
  for (const step of facts.workflowSteps) {
    const [type, , component] = step.command.trim().split(/\s+/);
    if (!DEPLOY_TYPES.has(type) || !component || component.startsWith('-')) continue;
    if (!onlyAbstract(view, component, type)) continue;
    out.push(at(facts, step.span, { severity: 'error', code: 'abstract-deployed', message: `workflow '${step.workflow}' runs the abstract component '${component}', which cannot be deployed` }));
  }
  return out;
}

/** A dependency on a component no manifest defines. */
export function dependsOnMissing(view: FactsView, file: string, known: KnownComponents): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const out: AtmosDiagnostic[] = [];
  for (const d of facts.definitions) {
    for (const dep of d.dependsOn) {
      if (dep.name.includes(view.config.templateDelimiters[0]) || view.definitions(dep.name).length > 0) continue;
      if (view.savedDefinitions(dep.name).length === 0 && known.hasName(dep.name)) continue;
      out.push(at(facts, dep.span, { severity: 'warning', code: 'depends-on-missing', message: `'${d.name}' depends on '${dep.name}', which no manifest defines` }));
    }
  }
  return out;
}

/** `metadata.component` naming a folder that does not exist under the component type's base path. */
export function componentFolderMissing(view: FactsView, file: string): AtmosDiagnostic[] {
  const facts = view.facts(file);
  if (!facts) return [];
  const out: AtmosDiagnostic[] = [];
  for (const d of facts.definitions) {
    if (!d.folder || d.folder.name.includes(view.config.templateDelimiters[0])) continue;
    const base = view.config.componentBasePaths[d.type] ?? view.config.basePath;
    if (view.fs.stat(path.join(base, d.folder.name)) === 'dir') continue;
    out.push(at(facts, d.folder.span, { severity: 'warning', code: 'component-folder-missing', message: `component folder '${d.folder.name}' not found under ${path.relative(view.config.basePath, base) || '.'}` }));
  }
  return out;
}
