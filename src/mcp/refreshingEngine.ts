/**
 * The Atmos engine for a long-running MCP server: opened on first use, and opened again when a stack
 * manifest, atmos.yaml or a component file has changed since (clients edit files between calls, and a
 * describe must not answer from before the edit). The check is a cheap fingerprint of those files'
 * sizes and modification times, taken at most once per `checkEveryMs`.
 */
import { stat } from 'node:fs/promises';
import { glob } from 'tinyglobby';
import { AtmosEngine, type EngineOptions } from '../atmos/engine';

export interface RefreshingEngine {
  get(): Promise<AtmosEngine>;
}

const WATCHED = ['**/*.{yaml,yml,yaml.tmpl,yml.tmpl,tf,tf.json}'];
const SKIPPED = ['**/.terraform/**', '**/node_modules/**', '**/.git/**', '**/.atmos/**'];

export function refreshingEngine(options: EngineOptions & { checkEveryMs?: number; open?: (o: EngineOptions) => Promise<AtmosEngine> }): RefreshingEngine {
  const open = options.open ?? ((o: EngineOptions) => AtmosEngine.open(o));
  const checkEveryMs = options.checkEveryMs ?? 1000;
  let current: { engine: AtmosEngine; fingerprint: string; checkedAt: number } | undefined;
  let pending: Promise<AtmosEngine> | undefined;

  const fingerprint = async (engine: AtmosEngine): Promise<string> => {
    // A component type without its own folder points at the base path: not worth walking the whole repository.
    const componentRoots = Object.values(engine.config.componentBasePaths).filter((dir) => dir !== engine.config.basePath);
    const roots = [engine.config.stacksBasePath, ...componentRoots];
    const files = new Set<string>(engine.config.files);
    for (const root of new Set(roots)) {
      for (const f of await glob(WATCHED, { cwd: root, absolute: true, ignore: SKIPPED, dot: false }).catch(() => [] as string[])) files.add(f);
    }
    const parts: string[] = [];
    for (const f of [...files].sort()) {
      const s = await stat(f).catch(() => undefined);
      parts.push(s ? `${f}:${s.size}:${s.mtimeMs}` : `${f}:gone`);
    }
    return parts.join('\n');
  };

  /** Opens the engine again when its files changed since the last check (one check at a time). */
  const refresh = async (): Promise<AtmosEngine> => {
    if (current) {
      const now = await fingerprint(current.engine);
      current.checkedAt = Date.now();
      if (now === current.fingerprint) return current.engine;
      // Taken before opening, so an edit made while the engine loads is seen by the next check.
      const engine = await open(options);
      current = { engine, fingerprint: now, checkedAt: Date.now() };
      return engine;
    }
    const engine = await open(options);
    current = { engine, fingerprint: await fingerprint(engine), checkedAt: Date.now() };
    return engine;
  };

  return {
    get() {
      if (pending) return pending;
      if (current && Date.now() - current.checkedAt < checkEveryMs) return Promise.resolve(current.engine);
      pending = refresh().finally(() => (pending = undefined));
      return pending;
    },
  };
}
