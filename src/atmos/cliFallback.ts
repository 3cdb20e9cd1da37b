import type { UnresolvedValue } from './finalize';
import { getPath, isMap, type PlainMap } from './values';

/** Runs a program and returns its exit code and output (a port, so tests and editors can supply their own). */
export interface ProcessRunner {
  run(command: string, args: string[], options: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number }): Promise<{ code: number; stdout: string; stderr: string }>;
}

export interface FallbackResult {
  /** paths whose value now comes from the atmos CLI */
  filled: string[];
  /** why the CLI could not help, when it could not */
  error?: string;
}

/**
 * Asks the `atmos` CLI for the values the native engine left unresolved (`!terraform.output`, `!store`,
 * exotic template functions, …) and writes them into `section` at the same paths. Only those paths
 * change; everything else stays the native result.
 */
export async function fillFromAtmosCli(
  runner: ProcessRunner,
  atmosPath: string,
  request: { component: string; stack: string; cwd: string; env: Record<string, string | undefined> },
  section: PlainMap,
  unresolved: UnresolvedValue[],
): Promise<FallbackResult> {
  const targets = unresolved.filter((u) => u.path !== '');
  if (targets.length === 0) return { filled: [] };
  let out: { code: number; stdout: string; stderr: string };
  try {
    out = await runner.run(atmosPath, ['describe', 'component', request.component, '-s', request.stack, '--format', 'json'], {
      cwd: request.cwd,
      env: { ...request.env, ATMOS_DESCRIBE_COMPONENT_FILTER: 'full', ATMOS_TELEMETRY_ENABLED: 'false' },
      timeoutMs: 120_000,
    });
  } catch (err) {
    return { filled: [], error: `could not run ${atmosPath}: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (out.code !== 0) return { filled: [], error: `atmos exited with ${out.code}: ${out.stderr.trim().split('\n').slice(-1)[0] ?? ''}` };
  let data: unknown;
  try {
    data = JSON.parse(out.stdout);
  } catch {
    return { filled: [], error: 'atmos printed no JSON' };
  }
  const filled: string[] = [];
  for (const u of targets) {
    const got = getPath(data, u.path);
    if (!got.found) continue;
    if (setPath(section, u.path, got.value)) filled.push(u.path);
  }
  return { filled };
}

function setPath(root: PlainMap, dotted: string, value: unknown): boolean {
  const segs = dotted.split('.');
  let cur: unknown = root;
  for (const seg of segs.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(seg)] : isMap(cur) ? cur[seg] : undefined;
    if (cur === undefined) return false;
  }
  const last = segs[segs.length - 1];
  if (Array.isArray(cur) && /^\d+$/.test(last)) cur[Number(last)] = value;
  else if (isMap(cur)) cur[last] = value;
  else return false;
  return true;
}

/** The real process runner (child_process.execFile, no shell). */
export const nodeProcessRunner: ProcessRunner = {
  run(command, args, options) {
    return new Promise((resolve, reject) => {
      // loaded lazily so the engine itself never touches child_process unless asked to
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { execFile } = require('node:child_process') as typeof import('node:child_process');
      execFile(command, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, timeout: options.timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err && typeof (err as { code?: unknown }).code !== 'number') {
          reject(err);
          return;
        }
        resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  },
};
