import { createWriteStream, mkdirSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Toolchain } from './install';
import { withNodeOnPath } from './install';
import { run, sleep, startProcess, stopGroup, tail } from './processes';

/** Directories of one isolated code-server: nothing is written to the real home or /tmp. */
export interface Isolation {
  root: string;
  home: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
}

/** HOME, XDG_* and TMPDIR under `root`, and Node 24 first on PATH. */
export function isolate(root: string, node: string, extensionsDir = path.join(root, 'extensions')): Isolation {
  const home = path.join(root, 'home');
  const dirs = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    TMPDIR: path.join(root, 'tmp'),
  };
  const userDataDir = path.join(root, 'user-data');
  for (const dir of [...Object.values(dirs), userDataDir, extensionsDir]) mkdirSync(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = withNodeOnPath(node, { ...process.env, ...dirs });
  // Nothing from an outer VS Code or code-server session may leak in (auth, IPC hooks, a parent's extension host).
  for (const key of Object.keys(env)) {
    if (/^(VSCODE_|ELECTRON_|CODE_SERVER_)/.test(key) || key === 'PASSWORD' || key === 'HASHED_PASSWORD') delete env[key];
  }
  return { root, home, userDataDir, extensionsDir, env };
}

/** `code-server --install-extension <vsix>` into the isolation's extensions dir. */
export async function installExtension(tools: Toolchain, iso: Isolation, vsix: string): Promise<string> {
  const { output } = await run(
    tools.node,
    [tools.codeServerEntry, '--user-data-dir', iso.userDataDir, '--extensions-dir', iso.extensionsDir, '--install-extension', vsix],
    { env: iso.env, timeoutMs: 2 * 60_000 },
  );
  return output;
}

export interface CodeServer {
  port: number;
  baseUrl: string;
  pid: number;
  /** Everything code-server printed. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  workspace: string;
  port?: number;
  /** code-server's stdout and stderr are also written here. */
  logFile?: string;
  readyTimeoutMs?: number;
  /** Extra arguments (e.g. `--log trace`). */
  extraArgs?: string[];
}

/** Starts code-server on 127.0.0.1 without auth, telemetry, update checks or workspace trust; waits for HTTP 200. */
export async function startCodeServer(tools: Toolchain, iso: Isolation, options: StartOptions): Promise<CodeServer> {
  const port = options.port ?? (await freePort());
  const args = [
    tools.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', iso.userDataDir,
    '--extensions-dir', iso.extensionsDir,
    ...(options.extraArgs ?? []),
    options.workspace,
  ];
  const child = startProcess(tools.node, args, { env: iso.env, cwd: iso.root, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  let output = '';
  const file = options.logFile ? createWriteStream(options.logFile) : null;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    file?.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `code-server exited with ${code ?? signal}`));

  const server: CodeServer = {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    pid,
    log: () => output,
    stop: async () => {
      await stopGroup(pid);
      file?.end();
    },
  };
  try {
    await waitForHttp200(`${server.baseUrl}/`, options.readyTimeoutMs ?? 30_000, () => exited);
  } catch (err) {
    await server.stop();
    throw new Error(`${(err as Error).message}\n${tail(output)}`, { cause: err });
  }
  return server;
}

/** Polls until `url` answers 200 (redirects followed); fails early when `gone()` reports the server died. */
export async function waitForHttp200(url: string, timeoutMs: number, gone: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const died = gone();
    if (died) throw new Error(died);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

/** A port the OS says is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

