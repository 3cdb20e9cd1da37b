/**
 * The chat in dark, high-contrast and light themes (screenshots to look at), and a keyboard-only pass: Tab
 * reaches the composer and every button in the chat has an accessible name.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eCase } from '../context';
import { chatFrame, configureScriptedProvider, waitFor } from './chatSupport';

const THEMES: [string, string, RegExp][] = [
  ['Default Dark Modern', 'dark', /vscode-dark/],
  ['Default High Contrast', 'high-contrast', /vscode-high-contrast/],
  ['Default Light Modern', 'light', /vscode-light/],
];

export const chatThemes: E2eCase = {
  name: 'chat: dark, high-contrast and light themes; every button has a name',
  timeoutMs: 90_000,
  async run(ctx) {
    await configureScriptedProvider(ctx.workspace);
    let frame = await chatFrame(ctx);
    const file = path.join(ctx.workspace, '.vscode', 'settings.json');
    for (const [theme, slug, bodyClass] of THEMES) {
      const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      writeFileSync(file, `${JSON.stringify({ ...settings, 'workbench.colorTheme': theme }, null, 2)}\n`);
      frame = await chatFrame(ctx);
      await waitFor(async () => bodyClass.test((await frame.locator('body').getAttribute('class')) ?? ''), 15_000, `the webview body to carry the ${slug} theme class`);
      await ctx.page.waitForTimeout(300);
      await ctx.screenshot(`chat-theme-${slug}`);
    }

    // Accessible names: every button says what it does (text, aria-label or title).
    const unnamed = (await frame.evaluate(`(() => [...document.querySelectorAll('button')]
      .filter((b) => !(b.innerText.trim() || b.getAttribute('aria-label') || b.getAttribute('title')))
      .map((b) => b.outerHTML.slice(0, 120)))()`)) as string[];
    assert.deepEqual(unnamed, [], 'buttons without an accessible name');
    const log = frame.locator('[data-testid="messages"]');
    assert.equal(await log.getAttribute('role'), 'log');
    assert.equal(await log.getAttribute('aria-live'), 'polite');
    // Keyboard only: from the session title, Tab moves through the header to the composer.
    await frame.locator('[data-testid="session-title"]').focus();
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await ctx.page.keyboard.press('Tab');
      reached = (await frame.evaluate(`(() => document.activeElement && document.activeElement.id)()`)) === 'composer-input';
    }
    assert.ok(reached, 'Tab reaches the composer');
  },
};
