/** Progress lines: one prefix, the time since the run started, so slow steps stand out. */
const started = Date.now();

export function progress(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`e2e [${seconds}s] ${message}`);
}

/** Runs a step, printing its start and its duration. */
export async function step<T>(title: string, body: () => Promise<T>): Promise<T> {
  progress(`${title} …`);
  const t0 = Date.now();
  const result = await body();
  progress(`${title}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return result;
}

export function elapsedMs(): number {
  return Date.now() - started;
}
