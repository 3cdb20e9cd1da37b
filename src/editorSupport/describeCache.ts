/**
 * Resolved components by (component, stack), kept until the engine recomputes their stack: hovers and
 * code lenses ask for the same few components over and over, and one describe costs milliseconds.
 */
import type { AtmosEngine, ComponentDescription } from '../atmos/engine';

export class DescribeCache {
  /** per engine (one per Atmos root): roots never evict each other */
  private readonly byEngine = new WeakMap<AtmosEngine, Map<string, ComponentDescription | null>>();
  private readonly maps = new Set<Map<string, ComponentDescription | null>>();

  get(engine: AtmosEngine, component: string, stack: string): ComponentDescription | undefined {
    let entries = this.byEngine.get(engine);
    if (!entries) {
      entries = new Map();
      this.byEngine.set(engine, entries);
      this.maps.add(entries);
    }
    const key = `${component}\0${stack}`;
    if (!entries.has(key)) {
      let d: ComponentDescription | null;
      try {
        d = engine.describeComponentSync(component, stack);
      } catch {
        d = null; // not in that stack, or the stack failed: the diagnostics say why
      }
      entries.set(key, d);
    }
    return entries.get(key) ?? undefined;
  }

  /** Forgets the components of these stack files (relative names), or everything; only of `engine` when given. */
  invalidate(stackFiles?: string[], engine?: AtmosEngine): void {
    const maps = engine ? [this.byEngine.get(engine)].filter((m) => !!m) : [...this.maps];
    for (const entries of maps) {
      if (!stackFiles || stackFiles.length === 0) {
        entries.clear();
        continue;
      }
      const hit = new Set(stackFiles);
      for (const [key, d] of entries) if (!d || hit.has(d.stackFile)) entries.delete(key);
    }
  }
}
