import * as path from 'node:path';
import { asMap, asString, isMap, type PlainMap } from './values';

/** One component in one stack, as the relation queries see it. */
export interface Instance {
  component: string;
  type: string;
  stack: string;
  stackFile: string;
  /** absolute top-level manifest */
  manifest: string;
  /** every file the stack was built from */
  files: ReadonlySet<string>;
  section: PlainMap;
}

export interface DependencyRef {
  component: string;
  /** the stack the dependency points at (resolved) */
  stack: string;
}

const CONTEXT_KEYS = ['namespace', 'tenant', 'environment', 'stage'] as const;

/**
 * What an instance depends on: `dependencies.components` (list of {component, stack?} or context keys) and
 * the deprecated `settings.depends_on` map. A dependency without a stack or context is in the same stack;
 * context keys (tenant, stage, …) pick the stacks whose vars match.
 */
export function dependenciesOf(inst: Instance, all: Instance[]): DependencyRef[] {
  const specs: PlainMap[] = [];
  const deps = asMap(inst.section.dependencies).components;
  if (Array.isArray(deps)) for (const d of deps) if (isMap(d)) specs.push(d);
  const legacy = asMap(inst.section.settings).depends_on;
  if (isMap(legacy)) for (const d of Object.values(legacy)) if (isMap(d)) specs.push(d);
  const out: DependencyRef[] = [];
  for (const spec of specs) {
    const component = asString(spec.component);
    if (!component) continue;
    if (asString(spec.stack)) {
      out.push({ component, stack: asString(spec.stack) });
      continue;
    }
    const context = CONTEXT_KEYS.filter((k) => spec[k] !== undefined);
    if (context.length === 0) {
      out.push({ component, stack: inst.stack });
      continue;
    }
    const myVars = asMap(inst.section.vars);
    for (const other of all) {
      if (other.component !== component) continue;
      const vars = asMap(other.section.vars);
      const matches = CONTEXT_KEYS.every((k) => (spec[k] !== undefined ? String(vars[k]) === String(spec[k]) : String(vars[k]) === String(myVars[k])));
      if (matches) out.push({ component, stack: other.stack });
    }
  }
  return out;
}

/** Instances that depend on `component` in `stack`. */
export function dependentsOf(component: string, stack: string, all: Instance[]): Array<{ component: string; stack: string }> {
  return all
    .filter((i) => dependenciesOf(i, all).some((d) => d.component === component && d.stack === stack))
    .map((i) => ({ component: i.component, stack: i.stack }));
}

/**
 * Instances a set of changed files affects: a manifest change affects every instance of the stacks it
 * reaches; a file inside a component folder affects every instance using that folder.
 */
export function affectedBy(files: string[], all: Instance[], componentBasePaths: Record<string, string>): Array<{ component: string; stack: string; reason: string }> {
  const out = new Map<string, { component: string; stack: string; reason: string }>();
  for (const file of files) {
    for (const inst of all) {
      const key = `${inst.component}\0${inst.stack}`;
      if (out.has(key)) continue;
      if (inst.files.has(file)) {
        out.set(key, { component: inst.component, stack: inst.stack, reason: `stack manifest ${path.basename(file)}` });
        continue;
      }
      const base = componentBasePaths[inst.type];
      const folder = base ? path.join(base, asString(inst.section.component) || inst.component) : '';
      if (folder && (file === folder || file.startsWith(folder + path.sep))) out.set(key, { component: inst.component, stack: inst.stack, reason: `component folder ${path.relative(base, folder)}` });
    }
  }
  return [...out.values()].sort((a, b) => (a.stack + a.component < b.stack + b.component ? -1 : 1));
}
