/**
 * Who depends on whom (`dependencies.components`, or the legacy `settings.depends_on`) and what a set of
 * changed files affects, computed from the engine's resolved components.
 */
import * as path from 'node:path';
import type { AtmosEngine, ComponentDescription } from '../../atmos/engine';
import { isMap } from '../../atmos/values';

const CONTEXT_KEYS = ['namespace', 'tenant', 'environment', 'stage'] as const;

export interface Instance {
  component: string;
  stack: string;
  type: string;
}

export interface Dependent extends Instance {
  /** the entry that pointed at the target, e.g. `dependencies.components.0` */
  via: string;
}

export interface Affected extends Instance {
  reason: string;
  /** the changed file that caused it, relative to the Atmos root */
  file: string;
}

/** Every deployable component instance with its resolved description (abstract ones are skipped). */
export function allInstances(engine: AtmosEngine): ComponentDescription[] {
  const out: ComponentDescription[] = [];
  for (const stack of engine.listStacks()) {
    for (const listing of engine.listComponents(stack)) {
      if (listing.abstract) continue;
      try {
        out.push(engine.describeComponentSync(listing.component, stack));
      } catch {
        // a component that fails to resolve is reported by validate, not here
      }
    }
  }
  return out;
}

interface DependencyEntry {
  component: string;
  stack?: string;
  context: Partial<Record<(typeof CONTEXT_KEYS)[number], string>>;
  via: string;
  legacy: boolean;
}

/**
 * A component's dependencies, as Atmos reads them: `dependencies.components` first (entries with `name` or
 * `component`, file/folder kinds skipped), else the legacy `settings.depends_on`, else a component-level `depends_on`.
 */
export function dependenciesOf(section: Record<string, unknown>): DependencyEntry[] {
  const deps = isMap(section.dependencies) ? section.dependencies : undefined;
  if (deps && Array.isArray(deps.components)) {
    const entries = deps.components.flatMap((e, i): DependencyEntry[] => {
      if (!isMap(e) || e.kind === 'file' || e.kind === 'folder') return [];
      const component = typeof e.component === 'string' && e.component ? e.component : typeof e.name === 'string' ? e.name : '';
      return component ? [{ component, stack: typeof e.stack === 'string' && e.stack ? e.stack : undefined, context: {}, via: `dependencies.components.${i}`, legacy: false }] : [];
    });
    if (entries.length > 0) return entries;
  }
  const settings = isMap(section.settings) ? section.settings : {};
  for (const [where, legacy] of [['settings.depends_on', settings.depends_on], ['depends_on', section.depends_on]] as const) {
    const list: [string, unknown][] = Array.isArray(legacy) ? legacy.map((e, i) => [String(i), e]) : isMap(legacy) ? Object.entries(legacy) : [];
    const entries = list.flatMap(([key, e]): DependencyEntry[] => {
      if (!isMap(e) || typeof e.component !== 'string' || !e.component) return [];
      const context = Object.fromEntries(CONTEXT_KEYS.filter((k) => typeof e[k] === 'string' && e[k] !== '').map((k) => [k, String(e[k])]));
      return [{ component: e.component, stack: typeof e.stack === 'string' && e.stack ? e.stack : undefined, context, via: `${where}.${key}`, legacy: true }];
    });
    if (entries.length > 0) return entries;
  }
  return [];
}

/** Instances that depend on `component` in `stack`, with Atmos's matching rules for both formats. */
export function dependentsOf(engine: AtmosEngine, component: string, stack: string): Dependent[] {
  const target = engine.describeComponentSync(component, stack);
  const targetVars = isMap(target.section.vars) ? target.section.vars : {};
  const out: Dependent[] = [];
  for (const d of allInstances(engine)) {
    if (d.component === component && d.stack === target.stack) continue;
    const ownVars = isMap(d.section.vars) ? d.section.vars : {};
    for (const dep of dependenciesOf(d.section)) {
      if (dep.component !== component) continue;
      let matches: boolean;
      if (dep.stack) matches = dep.stack === target.stack;
      else if (!dep.legacy || Object.keys(dep.context).length === 0) matches = d.stack === target.stack;
      else matches = CONTEXT_KEYS.every((k) => (dep.context[k] !== undefined ? targetVars[k] === dep.context[k] : targetVars[k] === ownVars[k]));
      if (matches) out.push({ component: d.component, stack: d.stack, type: d.type, via: dep.via });
    }
  }
  return out.sort((a, b) => a.stack.localeCompare(b.stack) || a.component.localeCompare(b.component));
}

/** Component instances that a set of changed files (absolute, or relative to the Atmos root) affects. */
export function affectedBy(engine: AtmosEngine, files: string[]): Affected[] {
  const root = engine.config.basePath;
  const changed = files.map((f) => path.resolve(engine.config.cwd, f));
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const configChanged = changed.find((f) => engine.config.files.includes(f));
  const out: Affected[] = [];
  for (const d of allInstances(engine)) {
    const folder = path.resolve(engine.config.cwd, String((d.section.component_info as { component_path?: string } | undefined)?.component_path ?? ''));
    let hit: { reason: string; file: string } | undefined;
    if (configChanged) hit = { reason: 'atmos.yaml changed', file: rel(configChanged) };
    for (const f of changed) {
      if (hit) break;
      if (d.depth.has(f)) hit = { reason: f === d.manifest ? 'its stack manifest changed' : 'an imported manifest changed', file: rel(f) };
      else if (f === folder || f.startsWith(folder + path.sep)) hit = { reason: 'its component source changed', file: rel(f) };
    }
    if (hit) out.push({ component: d.component, stack: d.stack, type: d.type, ...hit });
  }
  return out.sort((a, b) => a.stack.localeCompare(b.stack) || a.component.localeCompare(b.component));
}
