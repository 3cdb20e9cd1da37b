/** Workbench moves the editor cases share: open a file, run a command, hover a word, read the active editor. */
import type { Locator, Page } from 'playwright-core';
import { sleep } from '../processes';

/** The sidebar pane of a view (by its header title), expanded. */
export async function expandedPane(page: Page, title: string): Promise<Locator> {
  const header = page.locator(`.part.sidebar .pane-header[aria-label^="${title}"]`).first();
  await header.waitFor({ state: 'visible', timeout: 15_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  return page.locator('.part.sidebar .pane', { has: page.locator(`.pane-header[aria-label^="${title}"]`) }).first();
}

/** Collapses a sidebar pane (to give the others room). */
export async function collapsePane(page: Page, title: string): Promise<void> {
  const header = page.locator(`.part.sidebar .pane-header[aria-label^="${title}"]`).first();
  if ((await header.count()) > 0 && (await header.getAttribute('aria-expanded')) === 'true') await header.click();
}

/** Runs a command palette entry by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  // keys go to the focused element: make sure that is the workbench (a fresh page has nothing focused)
  if (await page.evaluate('document.activeElement === document.body')) await page.locator('.part.editor').first().click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** Opens a workspace file through Quick Open and waits until its editor is the active one. */
export async function openFile(page: Page, relPath: string): Promise<Locator> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(relPath);
  const name = relPath.split('/').pop()!;
  const dir = relPath.split('/').slice(0, -1).join('/');
  // the row of exactly that file: its label is the name, its description the folder
  const row = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
    .filter({ has: page.locator('.label-description', { hasText: new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
  await waitForActiveTab(page, name);
  return activeEditor(page);
}

export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

export async function waitForActiveTab(page: Page, name: string, timeoutMs = 15_000): Promise<void> {
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The text span of `word` on the first visible line of the active editor that contains `lineText`. */
export function wordIn(page: Page, lineText: string, word: string): Locator {
  return activeEditor(page).locator('.view-line', { hasText: lineText }).first().locator('span > span', { hasText: word }).first();
}

/** Hovers `target` and returns the hover's text once it matches `expect` (or throws with what it read). */
export async function hoverText(page: Page, target: Locator, expect: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let attempt = 0;
  while (Date.now() < deadline) {
    await page.mouse.move(0, 0);
    await target.hover({ timeout: 5_000, position: { x: 4 + (attempt++ % 3), y: 5 } });
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-resizable-hover .monaco-hover-content').last();
    try {
      await hover.waitFor({ state: 'visible', timeout: 5_000 });
      for (let i = 0; i < 20; i++) {
        last = (await hover.innerText()).trim();
        if (expect.test(last)) return last;
        await sleep(250);
      }
    } catch {
      // no hover yet: move away and back
    }
  }
  throw new Error(`the hover never matched ${expect}; last read: ${JSON.stringify(last)}`);
}

/** The rendered lines of the active editor (Monaco renders only visible lines; spaces come as U+00A0). */
export async function activeEditorText(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const lines = [...document.querySelectorAll('.editor-group-container.active .editor-instance .monaco-editor .view-line')];
    return lines.map((l) => l.textContent).join('\\n');
  })()`).then((t) => String(t).replace(/\u00a0/g, ' '));
}

/** The Problems panel, opened (Ctrl+Shift+M toggles: press again when it was already open and closed). */
export async function openProblemsPanel(page: Page): Promise<void> {
  const panel = page.locator('.markers-panel').first();
  for (let i = 0; i < 3 && !(await panel.isVisible()); i++) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
  }
  await panel.waitFor({ state: 'visible', timeout: 5_000 });
}
