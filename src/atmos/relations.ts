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

/** One declared dependency, as Atmos reads it (`dependencies.components` or the legacy `depends_on`). */
export interface DependencySpec {
  component: string;
  stack?: string;
  /** legacy context fields (namespace, tenant, environment, stage) */
  context: Partial<Record<(typeof CONTEXT_KEYS)[number], string>>;
  /** where it was declared, e.g. `dependencies.components.0` or `settings.depends_on.1` */
  via: string;
  legacy: boolean;
}

/**
 * A component's declared dependencies, with Atmos's precedence: `dependencies.components` first (entries
 * with `component` or its alias `name`; file and folder entries are not component dependencies), else the
 * deprecated `settings.depends_on`, else a component-level `depends_on`.
 */
export function dependencySpecs(section: PlainMap): DependencySpec[] {
  const deps = asMap(section.dependencies).components;
  if (Array.isArray(deps)) {
    const specs = deps.flatMap((d, i): DependencySpec[] => {
      if (!isMap(d) || d.kind === 'file' || d.kind === 'folder') return [];
      const component = asString(d.component) || asString(d.name);
      return component ? [{ component, stack: asString(d.stack) || undefined, context: {}, via: `dependencies.components.${i}`, legacy: false }] : [];
    });
    if (specs.length > 0) return specs;
  }
  for (const [where, legacy] of [['settings.depends_on', asMap(section.settings).depends_on], ['depends_on', section.depends_on]] as const) {
    const entries: [string, unknown][] = Array.isArray(legacy) ? legacy.map((d, i) => [String(i), d]) : isMap(legacy) ? Object.entries(legacy) : [];
    const specs = entries.flatMap(([key, d]): DependencySpec[] => {
      if (!isMap(d) || !asString(d.component)) return [];
      const context = Object.fromEntries(CONTEXT_KEYS.filter((k) => asString(d[k])).map((k) => [k, asString(d[k])]));
      return [{ component: asString(d.component), stack: asString(d.stack) || undefined, context, via: `${where}.${key}`, legacy: true }];
    });
    if (specs.length > 0) return specs;
  }
  return [];
}

/**
 * What an instance depends on. Atmos's matching: an explicit `stack` names the stack; otherwise the
 * dependency is in the same stack, except for legacy entries with context fields, which pick the stacks
 * whose vars match (a field left out must equal the dependent's own).
 */
export function dependenciesOf(inst: Instance, all: Instance[]): DependencyRef[] {
  const out: DependencyRef[] = [];
  const myVars = asMap(inst.section.vars);
  for (const spec of dependencySpecs(inst.section)) {
    if (spec.stack) out.push({ component: spec.component, stack: spec.stack });
    else if (!spec.legacy || Object.keys(spec.context).length === 0) out.push({ component: spec.component, stack: inst.stack });
    else {
      for (const other of all) {
        if (other.component !== spec.component) continue;
        const vars = asMap(other.section.vars);
        const matches = CONTEXT_KEYS.every((k) => (spec.context[k] !== undefined ? String(vars[k]) === spec.context[k] : String(vars[k]) === String(myVars[k])));
        if (matches) out.push({ component: spec.component, stack: other.stack });
      }
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
 * Instances a set of changed files affects: a change to atmos.yaml affects every instance; a manifest change
 * every instance of the stacks it reaches; a file inside a component folder every instance using that folder.
 */
export function affectedBy(files: string[], all: Instance[], componentBasePaths: Record<string, string>, configFiles: readonly string[] = []): Array<{ component: string; stack: string; reason: string }> {
  const out = new Map<string, { component: string; stack: string; reason: string }>();
  const config = files.find((f) => configFiles.includes(f));
  if (config) for (const inst of all) out.set(`${inst.component}\0${inst.stack}`, { component: inst.component, stack: inst.stack, reason: `configuration ${path.basename(config)}` });
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
