import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (test/e2e/ is two levels below it). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Where screenshots and logs of a run go (git-ignored). ATMOS_AI_E2E_ARTIFACTS overrides it, so two runs on one
 * machine do not empty each other's screenshots.
 */
export const artifactsDir = process.env.ATMOS_AI_E2E_ARTIFACTS
  ? path.resolve(process.env.ATMOS_AI_E2E_ARTIFACTS)
  : path.join(repoRoot, '.artifacts', 'e2e');

/** The Atmos repository the tests open (copied to a temp dir first, so tests never dirty the repo). */
export const exampleWorkspace = path.join(repoRoot, 'examples', 'acme');

/**
 * Installed toolchain (Node 24, code-server) lives outside the repo so later runs on the same machine reuse it.
 * ATMOS_AI_E2E_CACHE overrides it (e.g. to measure a cold install without touching the shared cache).
 */
export function cacheDir(): string {
  if (process.env.ATMOS_AI_E2E_CACHE) return path.resolve(process.env.ATMOS_AI_E2E_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'atmos-ai-e2e');
}
