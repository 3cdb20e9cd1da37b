/**
 * Diagnostics as you type: an inherits entry naming a missing component, typed into an open catalog file and
 * NOT saved, shows in the Problems panel at its line and column; undoing the edit takes it away again. Then an
 * unsaved rename of the abstract base in another file shows at the inherits entry of the first (saved) file.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { E2eCase } from '../context';
import { exampleWorkspace } from '../paths';
import { openFile, openProblemsPanel, runCommand, wordIn } from './editorHelpers';

const FILE = 'stacks/catalog/vpc/standard.yaml';

/**
 * VS Code for the Web saves after a short delay by default: switch that off (workspace setting, merged into
 * what other cases wrote) and wait until the workbench applied it, seen through a window title set with it.
 */
async function withoutAutoSave(page: Page, workspace: string, body: () => Promise<void>): Promise<void> {
  const file = path.join(workspace, '.vscode', 'settings.json');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const current = before ? (JSON.parse(before) as Record<string, unknown>) : {};
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...current, 'files.autoSave': 'off', 'window.title': 'live-diagnostics ${activeEditorShort}' }, null, 2)}\n`);
  try {
    await page.waitForFunction(`document.title.startsWith('live-diagnostics')`, undefined, { timeout: 15_000 });
    await body();
  } finally {
    writeFileSync(file, before ?? '{}\n');
    await page.waitForFunction(`!document.title.startsWith('live-diagnostics')`, undefined, { timeout: 15_000 }).catch(() => undefined);
  }
}

const dirtyTab = (page: Page) => page.locator('.editor-group-container.active .tab.active.dirty').first();

export const liveDiagnostics: E2eCase = {
  name: 'editor: diagnostics update as you type (unsaved), and undo clears them',
  timeoutMs: 120_000,
  async run({ page, workspace, screenshot, figure }) {
    await withoutAutoSave(page, workspace, () => typeAndUndo(page, workspace, screenshot, figure));
  },
};

async function typeAndUndo(page: Page, workspace: string, screenshot: (name: string) => Promise<string>, figure: (name: string, value: string) => void): Promise<void> {
  // start from the example's text, whatever an earlier case left behind (saved or unsaved)
  const file = path.join(workspace, FILE);
  const onDisk = readFileSync(path.join(exampleWorkspace, FILE), 'utf8');
  if (readFileSync(file, 'utf8') !== onDisk) writeFileSync(file, onDisk);
  await openFile(page, FILE);
  if ((await dirtyTab(page).count()) > 0) {
    await runCommand(page, 'File: Revert File');
    await dirtyTab(page).waitFor({ state: 'detached', timeout: 10_000 });
  }
  const head = onDisk.split('\n').slice(0, 12).join('\n');
  await page.waitForFunction(
    `[...document.querySelectorAll('.editor-group-container.active .editor-instance .monaco-editor .view-line')].map((l) => l.textContent).join('\\n').replace(/\\u00a0/g, ' ').startsWith(${JSON.stringify(head)})`,
    undefined,
    { timeout: 10_000 },
  );
  // a new inherits entry below `- vpc/defaults` (line 11): `- vpc/missing` on line 12, the name at column 13
  await wordIn(page, '- vpc/defaults', 'vpc/defaults').click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- vpc/missing', { delay: 20 });
  await page.keyboard.press('Escape');
  const typed = Date.now();
  await dirtyTab(page).waitFor({ state: 'visible', timeout: 5_000 });
  await openProblemsPanel(page);
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: /inherits 'vpc\/missing'/ }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  figure('live diagnostic shown after typing (ms, incl. 300 ms debounce)', String(Date.now() - typed));
  const text = await row.innerText();
  assert.match(text, /\[Ln 12, Col 13\]/, `not located at the typed entry: ${text}`);
  assert.match(text, /inherits-unknown/, `no code on the problem: ${text}`);
  // nothing was saved: the engine's saved state (and the file on disk) are unchanged
  assert.equal(readFileSync(file, 'utf8'), onDisk);
  await screenshot('live-diagnostics-typed');

  // undo until the document is back to its saved text; the problem goes with it
  for (let i = 0; i < 20 && (await dirtyTab(page).count()) > 0; i++) {
    await activeEditorFocus(page);
    await page.keyboard.press('Control+Z');
    await dirtyTab(page).waitFor({ state: 'detached', timeout: 500 }).catch(() => undefined);
  }
  assert.equal(await dirtyTab(page).count(), 0, 'the document is still dirty after undoing');
  await row.waitFor({ state: 'detached', timeout: 20_000 });
  // the saved file has no problems: nothing of the unsaved states is left
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'standard.yaml' }).first().waitFor({ state: 'detached', timeout: 20_000 });
  await screenshot('live-diagnostics-undone');

  // an unsaved edit in one file shows where it breaks another open file: rename the abstract base in
  // catalog/vpc/defaults.yaml, and standard.yaml (open, saved) reports its inherits entry (line 11)
  const base = 'stacks/catalog/vpc/defaults.yaml';
  if (readFileSync(path.join(workspace, base), 'utf8') !== readFileSync(path.join(exampleWorkspace, base), 'utf8')) writeFileSync(path.join(workspace, base), readFileSync(path.join(exampleWorkspace, base), 'utf8'));
  await openFile(page, base);
  await wordIn(page, 'vpc/defaults:', 'vpc/defaults').click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('-old', { delay: 20 });
  await page.keyboard.press('Escape');
  await dirtyTab(page).waitFor({ state: 'visible', timeout: 5_000 });
  const elsewhere = page.locator('.markers-panel .monaco-list-row', { hasText: /inherits 'vpc\/defaults'/ }).first();
  await elsewhere.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await elsewhere.innerText(), /\[Ln 11, Col 13\]/);
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'standard.yaml' }).first().waitFor({ state: 'visible', timeout: 5_000 });
  await screenshot('live-diagnostics-other-file');
  for (let i = 0; i < 20 && (await dirtyTab(page).count()) > 0; i++) {
    await page.keyboard.press('Control+Z');
    await dirtyTab(page).waitFor({ state: 'detached', timeout: 500 }).catch(() => undefined);
  }
  assert.equal(await dirtyTab(page).count(), 0, 'defaults.yaml is still dirty after undoing');
  await elsewhere.waitFor({ state: 'detached', timeout: 20_000 });
}

/** Keys go to the editor, not the Problems panel that just took focus. */
async function activeEditorFocus(page: Page): Promise<void> {
  const focused = await page.evaluate(`!!document.activeElement?.closest('.editor-group-container.active .monaco-editor')`);
  if (!focused) await wordIn(page, '- vpc/defaults', 'vpc/defaults').click();
}
