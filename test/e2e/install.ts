import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from './paths';
import { step } from './log';
import { run } from './processes';

/** What the harness runs: code-server needs Node 24; the browser is the distribution's Chromium. */
export interface Toolchain {
  /** Node 24 binary that runs code-server. */
  node: string;
  /** code-server's entry script (run as `node <entry>`). */
  codeServerEntry: string;
  codeServerVersion: string;
  chromium: string;
}

/** code-server release line verified with this harness (design.md "Testing"); override with ATMOS_AI_E2E_CODE_SERVER. */
const codeServerSpec = process.env.ATMOS_AI_E2E_CODE_SERVER || '4.139';
const completeMarker = '.atmos-ai-e2e-complete';

/** Installs whatever is missing (idempotent; a later run reuses the cache). */
export async function ensureToolchain(): Promise<Toolchain> {
  const cache = cacheDir();
  mkdirSync(cache, { recursive: true });
  const node = await step('Node 24', () => ensureNode24(cache));
  const codeServer = await step(`code-server@${codeServerSpec}`, () => ensureCodeServer(cache, node));
  const chromium = await step('Chromium', () => ensureChromium());
  return { node, ...codeServer, chromium };
}

/** Node 24 from npm (`node-<platform>-<arch>@24`), unless this process already runs on Node 24. */
export async function ensureNode24(cache: string): Promise<string> {
  if (process.versions.node.split('.')[0] === '24') return process.execPath;
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = path.join(cache, 'node24');
  const binary = path.join(dir, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(path.join(dir, completeMarker)) && existsSync(binary)) return binary;

  await installInto(dir, async (staging) => {
    await run('npm', ['install', '--prefix', staging, '--no-audit', '--no-fund', '--ignore-scripts', `${pkg}@24`], {
      timeoutMs: 5 * 60_000,
    });
    const staged = path.join(staging, 'node_modules', pkg, 'bin', 'node');
    const { output } = await run(staged, ['--version'], { timeoutMs: 30_000 });
    if (!output.startsWith('v24.')) throw new Error(`${pkg}@24 installed ${output.trim()}, not Node 24`);
  });
  return binary;
}

/**
 * code-server from npm, the verified way: `--ignore-scripts` (its postinstall needs native build tools), then
 * VS Code's own JavaScript dependencies, which that skipped (without them every page answers HTTP 500).
 * Native modules stay missing: the integrated terminal does not work; webviews, trees and editors do.
 */
export async function ensureCodeServer(cache: string, node: string): Promise<{ codeServerEntry: string; codeServerVersion: string }> {
  const dir = path.join(cache, 'code-server');
  const located = () => locateCodeServer(dir);
  if (existsSync(path.join(dir, completeMarker))) {
    const found = located();
    if (found && (!process.env.ATMOS_AI_E2E_CODE_SERVER || found.codeServerVersion.startsWith(codeServerSpec))) return found;
  }
  const env = withNodeOnPath(node);
  await installInto(dir, async (staging) => {
    await run('npm', ['install', '--prefix', staging, '--no-audit', '--no-fund', '--ignore-scripts', `code-server@${codeServerSpec}`], {
      env,
      timeoutMs: 10 * 60_000,
    });
    const vscodeDir = path.join(staging, 'node_modules', 'code-server', 'lib', 'vscode');
    for (const cwd of [vscodeDir, path.join(vscodeDir, 'extensions')]) {
      await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd, env, timeoutMs: 10 * 60_000 });
    }
  });
  const found = located();
  if (!found) throw new Error(`code-server is not where it was installed (${dir})`);
  return found;
}

function locateCodeServer(dir: string): { codeServerEntry: string; codeServerVersion: string } | null {
  const pkgFile = path.join(dir, 'node_modules', 'code-server', 'package.json');
  if (!existsSync(pkgFile)) return null;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string; bin: Record<string, string> | string };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['code-server'];
  return { codeServerEntry: path.join(path.dirname(pkgFile), bin), codeServerVersion: pkg.version };
}

/** Debian's Chromium (`apt-get install -y chromium`); ATMOS_AI_E2E_CHROMIUM points at another binary. */
export async function ensureChromium(): Promise<string> {
  const wanted = process.env.ATMOS_AI_E2E_CHROMIUM || '/usr/bin/chromium';
  if (existsSync(wanted)) return wanted;
  if (process.env.ATMOS_AI_E2E_CHROMIUM) throw new Error(`ATMOS_AI_E2E_CHROMIUM=${wanted} does not exist`);
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    throw new Error('Chromium is missing and this is not a Debian/Ubuntu machine: install Chromium and set ATMOS_AI_E2E_CHROMIUM to its binary');
  }
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && !existsSync('/usr/bin/sudo')) throw new Error('Chromium is missing: run `apt-get install -y chromium` as root');
  const apt = (args: string[], timeoutMs: number) =>
    asRoot
      ? run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs })
      : run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { timeoutMs });
  await apt(['update', '-qq'], 5 * 60_000);
  await apt(['install', '-y', '-qq', 'chromium'], 10 * 60_000);
  if (!existsSync(wanted)) throw new Error(`apt-get installed chromium but ${wanted} is missing`);
  return wanted;
}

/** PATH with `node` first, so npm and anything it starts run on that Node. */
export function withNodeOnPath(node: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, PATH: `${path.dirname(node)}${path.delimiter}${env.PATH ?? ''}` };
}

/**
 * Installs into a staging dir, marks it complete, then renames it into place: an interrupted install never
 * looks finished, and two runs installing at once do not corrupt each other (the later rename loses).
 */
async function installInto(dir: string, install: (staging: string) => Promise<void>): Promise<void> {
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await install(staging);
    writeFileSync(path.join(staging, completeMarker), `${new Date().toISOString()}\n`);
    if (!existsSync(path.join(dir, completeMarker))) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
