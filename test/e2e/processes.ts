import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Every process the harness starts runs in its own process group (detached), and its pid is kept here until it
 * ends, so a finally block or a signal handler can stop the whole tree (code-server forks its extension host,
 * Chromium forks renderers) by pid — never by name.
 */
const groups = new Set<number>();

export function trackGroup(pid: number): void {
  groups.add(pid);
}

export function untrackGroup(pid: number): void {
  groups.delete(pid);
}

/** Sends a signal to one process group; false when it no longer exists. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function groupAlive(pid: number): boolean {
  return signalGroup(pid, 0);
}

/** Last-resort cleanup: SIGKILL every tracked group. Synchronous, so it is safe in `exit` and signal handlers. */
export function killAllGroups(): void {
  for (const pid of groups) signalGroup(pid, 'SIGKILL');
  groups.clear();
}

/** Stops a group politely, then forcefully after `graceMs`. */
export async function stopGroup(pid: number, graceMs = 5000): Promise<void> {
  if (signalGroup(pid, 'SIGTERM')) {
    const deadline = Date.now() + graceMs;
    while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  }
  untrackGroup(pid);
}

/** Starts a long-running process in its own tracked group. */
export function startProcess(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  trackGroup(pid);
  child.once('exit', () => {
    // The leader is gone; its group may still hold children, so keep tracking until the group is empty.
    if (!groupAlive(pid)) untrackGroup(pid);
  });
  return child;
}

export interface RunResult {
  code: number;
  output: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Print the command's output live (long installs), besides keeping it for error messages. */
  echo?: boolean;
}

/**
 * Runs a command to completion within a time limit (its whole group is killed at the limit).
 * Rejects on timeout or a non-zero exit, with the tail of its output.
 */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = startProcess(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid!;
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
      if (options.echo) process.stdout.write(chunk);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const label = [command, ...args].join(' ');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup(pid, 'SIGKILL');
    }, options.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      untrackGroup(pid);
      reject(new Error(`${label}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      signalGroup(pid, 'SIGKILL'); // anything it left behind in its group
      untrackGroup(pid);
      if (timedOut) reject(new Error(`${label}: timed out after ${options.timeoutMs / 1000} s\n${tail(output)}`));
      else if (code !== 0) reject(new Error(`${label}: exited with ${code ?? signal}\n${tail(output)}`));
      else resolve({ code: 0, output });
    });
  });
}

export function tail(text: string, lines = 25): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects when `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
