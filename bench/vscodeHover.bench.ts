/**
 * Hover latency end to end in real VS Code (code-server + Chromium, the e2e harness) on a synthetic repository
 * (BENCH_PRESETS, default large): runs the e2e benchmark case test/e2e/cases/benchHover.ts on it and prints its
 * figures. Slow (packages the extension, starts code-server), so it runs only when named:
 * `npm run bench -- vscodeHover`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateRepo, PRESETS, type PresetName } from './generator/generate';

export async function run(): Promise<void> {
  if (!process.argv.slice(2).some((a) => a.startsWith('vscodeHover'))) {
    console.log('skipped: runs only when named (npm run bench -- vscodeHover); it starts code-server and takes minutes');
    return;
  }
  const presets = (process.env.BENCH_PRESETS ?? 'large').split(',').filter((p): p is PresetName => p in PRESETS);
  for (const preset of presets) {
    const root = mkdtempSync(path.join(os.tmpdir(), `atmos-ai-vscode-hover-${preset}-`));
    try {
      const repo = generateRepo(path.join(root, 'repo'), preset);
      console.log(`\n${preset}: ${repo.stacks} stacks × ${repo.components} components`);
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'test', 'e2e', 'run.ts')], {
        stdio: 'inherit',
        env: { ...process.env, ATMOS_AI_E2E_BENCH: '1', ATMOS_AI_E2E_WORKSPACE: repo.root, ATMOS_AI_E2E_RETRIES: '0', ATMOS_AI_E2E_ARTIFACTS: path.join(root, 'artifacts') },
      });
      if (r.status !== 0) console.log(`the VS Code run failed (exit ${r.status}); see its output above`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
}
