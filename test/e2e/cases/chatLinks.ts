/**
 * File links in model output: a workspace file with `path:line` opens in the editor at that line after the
 * user confirms; a `file:` link outside the workspace is refused with a message.
 */
import assert from 'node:assert/strict';
import type { E2eCase } from '../context';
import { runCommand } from './editorHelpers';
import { rowsFrom, screenshotThemes, send, transcriptLength, waitFor, waitIdle, readyChat } from './chatSupport';

export const chatLinks: E2eCase = {
  name: 'chat: a file link opens the workspace file at its line after confirmation; outside the workspace is refused',
  timeoutMs: 90_000,
  async run(ctx) {
    const frame = await readyChat(ctx);
    const mark = await transcriptLength(frame);
    await send(frame, '[link] Where is the dev CIDR set?');
    const answer = rowsFrom(frame, mark).locator('[data-testid="assistant-message"]').first();
    await waitFor(async () => (await answer.getAttribute('data-streaming')) === 'false', 20_000, 'the answer with links');
    await waitIdle(frame);
    assert.equal(await answer.locator('a', { hasText: 'the dev defaults' }).getAttribute('href'), 'stacks/orgs/acme/plat/dev/_defaults.yaml:21');

    const page = ctx.page;
    await answer.locator('a', { hasText: 'the dev defaults' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), /Open stacks\/orgs\/acme\/plat\/dev\/_defaults\.yaml:21 from the chat\?/);
    await dialog.locator('.monaco-button', { hasText: 'Open' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: '_defaults.yaml' }).waitFor({ state: 'visible', timeout: 15_000 });
    const position = page.locator('.statusbar-item[id="status.editor.selection"]');
    await waitFor(async () => /Ln 21\b/.test(await position.innerText()), 10_000, 'the cursor on line 21');
    await screenshotThemes(ctx, frame, 'chat-file-link-opened');

    await answer.locator('a', { hasText: 'the password file' }).click();
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'outside the workspace' }).first();
    await toast.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await toast.innerText(), /did not open a link from the chat: \/etc\/passwd is outside the workspace/);
    assert.equal(await page.locator('.tabs-container .tab', { hasText: 'passwd' }).count(), 0, 'nothing outside the workspace opened');
    await ctx.screenshot('chat-file-link-refused-dark');
    // Dismiss the toast so later cases click freely (bounded: a toast may already have gone).
    await toast.hover({ timeout: 2_000 }).catch(() => undefined);
    await toast.locator('.codicon-notifications-clear, .codicon-close').first().click({ timeout: 2_000 }).catch(() => undefined);
    // Close the opened file: later cases measure the chat with no editor beside it.
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab', { hasText: '_defaults.yaml' }).waitFor({ state: 'detached', timeout: 10_000 });
  },
};
