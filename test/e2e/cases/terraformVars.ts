/**
 * Terraform variables in a stack manifest: completion under `vars:` offers a variable that
 * components/terraform/vpc/variables.tf declares (with its type in the detail), and a var the folder does
 * not declare shows in the Problems panel at its line and column, with the code `var-not-declared`, and its
 * quick fix offers to declare it in the folder's variables.tf.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eCase } from '../context';
import { activeEditor, openFile, openProblemsPanel, runCommand, wordIn } from './editorHelpers';

const FILE = 'stacks/catalog/vpc/standard.yaml';

export const terraformVars: E2eCase = {
  name: 'editor: terraform vars: completion from variables.tf, undeclared var is a located problem with a quick fix',
  timeoutMs: 120_000,
  async run({ page, workspace, screenshot, figure }) {
    const file = path.join(workspace, FILE);
    const original = readFileSync(file, 'utf8');
    // the new line goes right below `vpc_flow_logs_enabled: true`, indented as the other vars (column 9)
    const newLine = original.split('\n').findIndex((l) => l.includes('vpc_flow_logs_enabled: true')) + 2;
    await openFile(page, FILE);
    // an earlier case may have left this editor with unsaved edits: start from the file on disk
    await runCommand(page, 'File: Revert File');
    await activeEditor(page).locator('.view-line', { hasText: 'vpc_flow_logs_enabled' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    try {
      await wordIn(page, 'vpc_flow_logs_enabled', 'vpc_flow_logs_enabled').click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('        nat_g');
      const asked = Date.now();
      await page.keyboard.press('Control+Space');
      const suggestion = page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'nat_gateway_enabled' }).first();
      await suggestion.waitFor({ state: 'visible', timeout: 20_000 });
      figure('terraform var completion shown (ms)', String(Date.now() - asked));
      await screenshot('terraform-vars-completion');
      // the row names the folder; its details (Ctrl+Space again opens them) carry the type and default from variables.tf
      assert.match(await suggestion.innerText(), /components\/terraform\/vpc/);
      // Ctrl+Space while the list is open toggles the details (the workbench remembers the last state): bounded tries
      const detailsShown = `[...document.querySelectorAll('.suggest-details, .editor-widget.suggest-widget .monaco-list-row.focused')].some((e) => /bool · default true/.test(e.textContent || ''))`;
      for (let attempt = 1; !(await page.evaluate(detailsShown)); attempt++) {
        if (attempt > 3) throw new Error('the completion details never showed "bool · default true" (3 tries)');
        await page.keyboard.press('Control+Space');
        await page.waitForFunction(detailsShown, undefined, { timeout: 3_000 }).catch(() => undefined);
      }
      await screenshot('terraform-vars-completion-details');
      await page.keyboard.press('Escape');

      // replace the half-typed key (5 characters, the indentation stays) with a var that vpc does not declare
      await page.locator('.editor-widget.suggest-widget').first().waitFor({ state: 'hidden', timeout: 5_000 });
      for (let i = 0; i < 'nat_g'.length; i++) await page.keyboard.press('Backspace');
      await page.keyboard.type('bogus_var: 1');
      await page.keyboard.press('Escape');
      const typed = Date.now();
      await openProblemsPanel(page);
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: /var `?bogus_var`? is not declared by Terraform component `?vpc`?/ }).first();
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      figure('var-not-declared shown after typing (ms, incl. 300 ms debounce)', String(Date.now() - typed));
      const text = await row.innerText();
      assert.match(text, new RegExp(`\\[Ln ${newLine}, Col 9\\]`), `not located at the typed key: ${text}`);
      assert.match(text, /var-not-declared/, `no code on the problem: ${text}`);
      assert.match(text, /components\/terraform\/vpc/);
      await activeEditor(page).locator('.squiggly-warning').first().waitFor({ state: 'attached', timeout: 10_000 });
      await screenshot('terraform-vars-undeclared');
      // the quick fix on the key offers to declare it in the folder's variables.tf (offered, not applied)
      const declare = page.locator('.action-widget .monaco-list-row, .context-view .action-item', { hasText: /Declare `?bogus_var`? in components\/terraform\/vpc\/variables\.tf/ }).first();
      for (let attempt = 1; ; attempt++) {
        await wordIn(page, 'bogus_var', 'bogus_var').click({ position: { x: 6, y: 5 } });
        await page.keyboard.press('Control+.');
        if (await declare.waitFor({ state: 'visible', timeout: 4_000 }).then(() => true, () => false)) break;
        await page.keyboard.press('Escape');
        if (attempt === 4) throw new Error('no "Declare `bogus_var` in …/variables.tf" quick fix (4 tries)');
      }
      await screenshot('terraform-vars-quick-fix');
      await page.keyboard.press('Escape');
    } finally {
      await runCommand(page, 'File: Revert File').catch(() => undefined);
      writeFileSync(file, original);
    }
    await page.locator('.markers-panel .monaco-list-row', { hasText: /bogus_var/ }).first().waitFor({ state: 'detached', timeout: 20_000 });
  },
};
