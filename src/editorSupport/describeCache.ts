/**
 * Resolved components by (component, stack), kept until the engine recomputes their stack: hovers and
 * code lenses ask for the same few components over and over, and one describe costs milliseconds.
 */
import type { AtmosEngine, ComponentDescription } from '../atmos/engine';

export class DescribeCache {
  private engine: AtmosEngine | undefined;
  private readonly entries = new Map<string, ComponentDescription | null>();

  get(engine: AtmosEngine, component: string, stack: string): ComponentDescription | undefined {
    if (engine !== this.engine) {
      this.engine = engine;
      this.entries.clear();
    }
    const key = `${component}\0${stack}`;
    if (!this.entries.has(key)) {
      let d: ComponentDescription | null;
      try {
        d = engine.describeComponentSync(component, stack);
      } catch {
        d = null; // not in that stack, or the stack failed: the diagnostics say why
      }
      this.entries.set(key, d);
    }
    return this.entries.get(key) ?? undefined;
  }

  /** Forgets the components of these stack files (relative names), or everything. */
  invalidate(stackFiles?: string[]): void {
    if (!stackFiles || stackFiles.length === 0) {
      this.entries.clear();
      return;
    }
    const hit = new Set(stackFiles);
    for (const [key, d] of this.entries) if (!d || hit.has(d.stackFile)) this.entries.delete(key);
  }
}
