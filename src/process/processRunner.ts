/**
 * The process-runner port: runs a program without a shell, streams its output, and on cancellation or
 * timeout kills the whole process tree (the child leads its own process group).
 */
import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Called with each chunk of stdout/stderr as it arrives. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Keep at most this many characters of each stream (the tail). Default 1 MiB. */
  maxBufferChars?: number;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** How the run ended when it did not exit by itself. */
  stopped?: 'cancelled' | 'timeout';
}

export interface ProcessRunner {
  run(command: string, args: string[], options?: RunOptions): Promise<RunResult>;
  /** The absolute path of `command` on PATH, or undefined. */
  which(command: string): Promise<string | undefined>;
}

export class NodeProcessRunner implements ProcessRunner {
  run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    const max = options.maxBufferChars ?? 1024 * 1024;
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) {
        resolve({ exitCode: null, signal: null, stdout: '', stderr: '', stopped: 'cancelled' });
        return;
      }
      const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
      let stdout = '';
      let stderr = '';
      let stopped: RunResult['stopped'];
      const keepTail = (buffer: string, chunk: string) => (buffer.length + chunk.length > max ? (buffer + chunk).slice(-max) : buffer + chunk);
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout = keepTail(stdout, c);
        options.onOutput?.(c, 'stdout');
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr = keepTail(stderr, c);
        options.onOutput?.(c, 'stderr');
      });
      const killTree = (why: NonNullable<RunResult['stopped']>) => {
        stopped ??= why;
        if (child.pid === undefined || child.exitCode !== null) return;
        try {
          process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
        setTimeout(() => {
          try {
            if (child.exitCode === null && child.pid !== undefined) process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }, 2000).unref();
      };
      const onAbort = () => killTree('cancelled');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = options.timeoutMs ? setTimeout(() => killTree('timeout'), options.timeoutMs) : undefined;
      child.on('error', (err) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        reject(err);
      });
      child.on('close', (exitCode, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve({ exitCode, signal, stdout, stderr, stopped });
      });
    });
  }

  async which(command: string): Promise<string | undefined> {
    const { access } = await import('node:fs/promises');
    const { constants } = await import('node:fs');
    const path = await import('node:path');
    if (command.includes('/')) return access(command, constants.X_OK).then(() => command, () => undefined);
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      if (!dir) continue;
      const candidate = path.join(dir, command);
      if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
    }
    return undefined;
  }
}
