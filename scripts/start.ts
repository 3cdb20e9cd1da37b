/**
 * `npm start` (after `npm run build`): opens VS Code with Atmos AI loaded on examples/acme.
 * - Desktop VS Code when `code` is on PATH: `code --extensionDevelopmentPath=<repo> examples/acme`.
 * - Otherwise code-server (installed on first use by the e2e harness's installer into the same cache), with the
 *   repo linked into its extensions dir, on 127.0.0.1; prints the URL and runs until Ctrl+C.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { isolate, startCodeServer } from '../test/e2e/codeServer';
import { ensureCodeServer, ensureNode24 } from '../test/e2e/install';
import { cacheDir, exampleWorkspace, repoRoot } from '../test/e2e/paths';
import { killAllGroups } from '../test/e2e/processes';

function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, command);
    if (dir && existsSync(file)) return file;
  }
  return null;
}

/** Desktop VS Code loads the extension straight from the repo (F5-style), so `npm run watch` + Reload Window works. */
function startDesktop(code: string): number {
  console.log(`start: ${code} --extensionDevelopmentPath=${repoRoot} ${exampleWorkspace}`);
  const result = spawnSync(code, [`--extensionDevelopmentPath=${repoRoot}`, exampleWorkspace], { stdio: 'inherit' });
  return result.status ?? 1;
}

/**
 * Links the repo into the extensions dir as `<publisher>.<name>-<version>` (replacing any other version), so
 * code-server runs the freshly built dist/ — and picks up rebuilds on Reload Window.
 */
function linkExtension(extensionsDir: string): string {
  const { publisher, name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, string>;
  const id = `${publisher}.${name}`;
  for (const entry of readdirSync(extensionsDir)) {
    if (entry.startsWith(`${id}-`)) rmSync(path.join(extensionsDir, entry), { recursive: true, force: true });
  }
  rmSync(path.join(extensionsDir, 'extensions.json'), { force: true }); // rescan: the folder is the source of truth
  const link = path.join(extensionsDir, `${id}-${version}`);
  symlinkSync(repoRoot, link, 'dir');
  if (!lstatSync(link).isSymbolicLink()) throw new Error(`could not link ${link}`);
  return `${id}-${version}`;
}

async function startBrowser(): Promise<number> {
  const cache = cacheDir();
  console.log('start: `code` is not on PATH; using code-server (installed on first use into ' + cache + ')');
  const node = await ensureNode24(cache);
  const codeServer = await ensureCodeServer(cache, node);
  const tools = { node, ...codeServer, chromium: '' };
  // Kept between starts, so settings and the extension's storage survive; isolated from the real home.
  const root = path.join(cache, 'start');
  mkdirSync(root, { recursive: true });
  const iso = isolate(root, node);
  const linked = linkExtension(iso.extensionsDir);
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  const logFile = path.join(root, 'code-server.log');
  const server = await startCodeServer(tools, iso, { workspace: exampleWorkspace, port, logFile });

  const stop = async (code: number) => {
    await server.stop();
    killAllGroups();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  process.on('exit', killAllGroups);

  console.log(`start: code-server ${codeServer.codeServerVersion} with ${linked} (linked to this repo); log: ${logFile}`);
  console.log(`\n  Open ${server.baseUrl}/?folder=${encodeURIComponent(exampleWorkspace)}\n`);
  console.log('start: after `npm run build` (or `npm run watch`), run "Developer: Reload Window" in the browser. Ctrl+C stops.');
  // Run until the server ends on its own or Ctrl+C stops it.
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      process.kill(server.pid, 0);
    } catch {
      console.error(`start: code-server exited; see ${logFile}`);
      killAllGroups();
      return 1;
    }
  }
}

async function main(): Promise<number> {
  if (!existsSync(path.join(exampleWorkspace, 'atmos.yaml'))) {
    console.error(`start: ${exampleWorkspace}/atmos.yaml is missing`);
    return 1;
  }
  if (!existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    console.error('start: dist/extension.js is missing: run `npm run build` first (`npm start` does)');
    return 1;
  }
  const code = process.env.ATMOS_AI_START_BROWSER === '1' ? null : onPath('code');
  return code ? startDesktop(code) : startBrowser();
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
    killAllGroups();
    process.exit(1);
  },
);
