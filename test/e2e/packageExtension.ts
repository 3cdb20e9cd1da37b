import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { run } from './processes';

export interface PackagedExtension {
  vsix: string;
  vsixBytes: number;
  /** Size of the production dist/extension.js inside the package. */
  extensionJsBytes: number;
  id: string;
  version: string;
}

interface Manifest {
  publisher: string;
  name: string;
  version: string;
  repository?: string | { url?: string };
}

/**
 * vsce rewrites README's relative links against the repository, and refuses to package when it cannot tell a
 * GitHub/GitLab repository from `repository.url`; giving it that URL as the base keeps packaging independent of it.
 */
function baseUrlArgs(pkg: Manifest): string[] {
  const url = (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url)?.replace(/\.git$/, '');
  if (!url || /github\.com|gitlab\.com/.test(url)) return [];
  return ['--baseContentUrl', url, '--baseImagesUrl', url];
}

/** What `npm run package` ships besides dist/ (the rest is excluded by .vscodeignore anyway). */
const shipped = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media', 'prompts'];
/** What the build reads. */
const buildInputs = ['esbuild.mjs', 'tsconfig.json', 'src', 'webview'];

/**
 * The `npm run package` logic (production build, then `vsce package --no-dependencies`), run in a staging copy
 * of the sources under `workDir`: the package always reflects the current sources, and the repo's own dist/ —
 * which other tools may be using — is never rebuilt or deleted under them.
 */
export async function packageExtension(workDir: string): Promise<PackagedExtension> {
  const stage = path.join(workDir, 'package-stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const entry of [...shipped, ...buildInputs]) {
    const from = path.join(repoRoot, entry);
    if (existsSync(from)) cpSync(from, path.join(stage, entry), { recursive: true });
  }
  const modules = path.join(stage, 'node_modules');
  symlinkSync(path.join(repoRoot, 'node_modules'), modules, 'dir');
  try {
    await run(process.execPath, ['esbuild.mjs', '--production'], { cwd: stage, timeoutMs: 3 * 60_000 });
  } finally {
    unlinkSync(modules);
  }
  for (const entry of buildInputs) rmSync(path.join(stage, entry), { recursive: true, force: true });

  const pkg = JSON.parse(readFileSync(path.join(stage, 'package.json'), 'utf8')) as Manifest;
  const vsix = path.join(workDir, `${pkg.name}.vsix`);
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix, ...baseUrlArgs(pkg)], { cwd: stage, timeoutMs: 3 * 60_000 });
  return {
    vsix,
    vsixBytes: statSync(vsix).size,
    extensionJsBytes: statSync(path.join(stage, 'dist', 'extension.js')).size,
    id: `${pkg.publisher}.${pkg.name}`,
    version: pkg.version,
  };
}
