/**
 * The empty chat in dark, high-contrast and light themes (screenshots to look at), then a keyboard-only and
 * screen-reader pass over the panel: the accessibility tree (Playwright's aria snapshot) names every button,
 * field and region; Tab walks the header's buttons and pickers to the conversation and the composer, Shift+Tab
 * back; the session switcher opens (search focused) and closes (focus back) from the keyboard. (Approval
 * buttons by Tab and the Alt shortcuts, the streaming answer's aria-live and Esc to stop are checked in the
 * cases that have those states.)
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eCase } from '../context';
import { chatFrame, configureScriptedProvider, setTheme, waitFor, waitIdle } from './chatSupport';

const FOCUSED = `(() => { const a = document.activeElement; return a ? (a.getAttribute('data-testid') || a.getAttribute('aria-label') || a.id || a.tagName.toLowerCase()) : ''; })()`;

export const chatThemes: E2eCase = {
  name: 'chat: empty state in dark, high-contrast and light; keyboard-only path and accessible names',
  timeoutMs: 90_000,
  async run(ctx) {
    await configureScriptedProvider(ctx.workspace);
    const frame = await chatFrame(ctx);
    await waitIdle(frame);
    await frame.locator('[data-testid="new-session"]').click();
    await frame.locator('.welcome').waitFor({ state: 'visible', timeout: 10_000 });

    // The empty state in each theme; the high-contrast one by hand (the helper does dark and light).
    await setTheme(ctx, frame, 'dark');
    await ctx.screenshot('chat-empty-dark');
    const file = path.join(ctx.workspace, '.vscode', 'settings.json');
    const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, `${JSON.stringify({ ...settings, 'workbench.colorTheme': 'Default High Contrast' }, null, 2)}\n`);
    await waitFor(async () => /vscode-high-contrast/.test((await frame.locator('body').getAttribute('class')) ?? ''), 15_000, 'the high-contrast theme');
    await ctx.screenshot('chat-empty-high-contrast');
    await setTheme(ctx, frame, 'light');
    await ctx.screenshot('chat-empty-light');
    await setTheme(ctx, frame, 'dark');

    // Accessibility tree: every button has a name; the composer, the conversation and the meter are named.
    const tree = await frame.locator('main.app').ariaSnapshot();
    const unnamed = tree.split('\n').filter((l) => /^\s*- button(?:\s*\[[^\]]*\])?:?\s*$/.test(l));
    assert.deepEqual(unnamed, [], `buttons without an accessible name in:\n${tree}`);
    for (const want of ['button "Sessions"', 'button "New session"', 'textbox "Ask about this Atmos repository"']) {
      assert.ok(tree.includes(want), `the accessibility tree has ${want}:\n${tree}`);
    }
    // Also outside the aria snapshot's view: no button without text, aria-label or title.
    const bare = (await frame.evaluate(`(() => [...document.querySelectorAll('button')]
      .filter((b) => !(b.innerText.trim() || b.getAttribute('aria-label') || b.getAttribute('title')))
      .map((b) => b.outerHTML.slice(0, 120)))()`)) as string[];
    assert.deepEqual(bare, [], 'buttons without an accessible name');
    const list = frame.locator('[data-testid="messages"]');
    assert.equal(await list.getAttribute('aria-label'), 'Conversation');
    assert.equal(await list.getAttribute('tabindex'), '0', 'the conversation scrolls from the keyboard');

    // Keyboard only: from the first header button, Tab passes the others and the pickers, then the conversation,
    // to the composer. (The title of a session not yet started is a disabled button, so Sessions comes first.)
    await frame.locator('button[aria-label="Sessions"]').focus();
    const path_: string[] = [(await frame.evaluate(FOCUSED)) as string];
    for (let i = 0; i < 40; i++) {
      await ctx.page.keyboard.press('Tab');
      const at = (await frame.evaluate(FOCUSED)) as string;
      path_.push(at);
      if (at === 'composer-input') break;
    }
    ctx.figure('chat Tab order (from the Sessions button)', path_.join(' → '));
    assert.equal(path_[path_.length - 1], 'composer-input', `Tab reaches the composer: ${path_.join(' → ')}`);
    for (const stop of ['Sessions', 'new-session', 'provider-picker', 'model-picker', 'agent-picker', 'messages']) {
      assert.ok(path_.includes(stop), `Tab passes ${stop}: ${path_.join(' → ')}`);
    }
    // Shift+Tab goes back the same way.
    await ctx.page.keyboard.press('Shift+Tab');
    assert.equal(await frame.evaluate(FOCUSED), path_[path_.length - 2]);

    // The session switcher from the keyboard: Enter opens it with the search focused, Escape closes it and
    // gives the focus back to the Sessions button.
    await frame.locator('button[aria-label="Sessions"]').focus();
    await ctx.page.keyboard.press('Enter');
    const dialog = frame.locator('[role="dialog"][aria-label="Sessions"]');
    await dialog.waitFor({ state: 'visible', timeout: 5_000 });
    await waitFor(async () => (await frame.evaluate(FOCUSED)) === 'session-search', 5_000, 'the session search to have the focus');
    await ctx.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    assert.equal(await frame.evaluate(FOCUSED), 'Sessions');
  },
};
