/** The Agents view installs an agent package from a git repository (here a local one, cloned like any other). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { E2eCase } from '../context';
import { collapsePane, expandedPane, runCommand } from './editorHelpers';

/** A git repository with one agent package, committed (the installer clones it). */
function agentRepository(): string {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'atmos-ai-agent-pkg-'));
  mkdirSync(path.join(repo, 'tf-review'));
  writeFileSync(path.join(repo, 'tf-review', '.agent.yaml'), 'name: tf-review\ndescription: Reviews Terraform components\nsystem_prompt: Review the Terraform of the component you are given.\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'tf-review agent');
  return repo;
}

export const agentInstall: E2eCase = {
  name: 'editor: Install Agent… installs a package from a git repository into the Agents view',
  timeoutMs: 90_000,
  async run({ page, openAtmosAi, userDataDir, screenshot }) {
    const repo = agentRepository();
    // code-server runs with HOME beside its user data dir (test/e2e/codeServer.ts isolate)
    const installed = path.join(path.dirname(userDataDir), 'home', '.atmos', 'agents', 'tf-review');
    await openAtmosAi();
    await collapsePane(page, 'Chat');
    await collapsePane(page, 'Stacks');
    try {
      await runCommand(page, 'Atmos AI: Install Agent…');
      const gitRow = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'From a git repository' }).first();
      await gitRow.waitFor({ state: 'visible', timeout: 10_000 });
      await gitRow.click();
      const input = page.locator('.quick-input-widget input').first();
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`file://${repo}`);
      await input.press('Enter');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'installed tf-review' }).first();
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok(existsSync(path.join(installed, '.agent.yaml')), `not installed at ${installed}`);
      const agents = await expandedPane(page, 'Agents');
      const row = agents.locator('.monaco-list-row', { hasText: 'tf-review' }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      const names = (await agents.locator('.monaco-list-row').allInnerTexts()).join('\n');
      assert.match(names, /User \(~\/\.atmos\/agents\)/);
      await screenshot('editor-agent-installed');
      await toast.locator('.codicon-notifications-clear').first().click().catch(() => undefined);
    } finally {
      rmSync(repo, { recursive: true, force: true });
      rmSync(installed, { recursive: true, force: true });
      await page.keyboard.press('Escape');
      await runCommand(page, 'Atmos AI: Refresh Agents').catch(() => undefined);
      await collapsePane(page, 'Agents');
      await expandedPane(page, 'Chat');
      await expandedPane(page, 'Stacks');
    }
  },
};
