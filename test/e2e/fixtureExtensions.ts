/**
 * Test-only extensions installed next to ours: every folder test/e2e/fixtures/*-extension (plain JavaScript, no
 * build) is packaged with vsce and installed into the same extensions dir. lm-provider-extension registers a
 * scripted vscode.lm chat model, so "VS Code language models" can be tested without Copilot.
 */
import { cpSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { installExtension, type Isolation } from './codeServer';
import type { Toolchain } from './install';
import { repoRoot } from './paths';
import { run } from './processes';

export async function installFixtureExtensions(tools: Toolchain, iso: Isolation, workDir: string): Promise<string[]> {
  const fixtures = path.join(repoRoot, 'test', 'e2e', 'fixtures');
  const dirs = readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name.endsWith('-extension'));
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const installed: string[] = [];
  for (const d of dirs) {
    const stage = path.join(workDir, 'fixtures', d.name);
    cpSync(path.join(fixtures, d.name), stage, { recursive: true });
    const vsix = path.join(workDir, `${d.name}.vsix`);
    await run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: stage, timeoutMs: 2 * 60_000 });
    await installExtension(tools, iso, vsix);
    installed.push(d.name);
  }
  return installed;
}
