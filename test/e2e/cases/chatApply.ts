/**
 * "Apply" on a code block that is a whole workspace file: it goes through the write tool and the permission
 * policy (file_write is restricted in these settings, so an approval card asks). Denied → the file is not
 * written; allowed → the file on disk is the block's text. "Show diff" opens VS Code's diff editor.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eCase } from '../context';
import { APPLY_FILE } from './chatScriptedProvider';
import { rowsFrom, screenshotThemes, send, transcriptLength, waitFor, waitIdle, readyChat } from './chatSupport';

export const chatApply: E2eCase = {
  name: 'chat: Apply on a file code block asks like the write tool; denied leaves the file, allowed writes it',
  timeoutMs: 120_000,
  async run(ctx) {
    const frame = await readyChat(ctx);
    const target = path.join(ctx.workspace, APPLY_FILE.path);
    assert.equal(existsSync(target), false);

    const mark = await transcriptLength(frame);
    await send(frame, '[apply] Write a note about the dev CIDR.');
    const answer = rowsFrom(frame, mark).locator('[data-testid="assistant-message"]').first();
    await waitFor(async () => (await answer.getAttribute('data-streaming')) === 'false', 20_000, 'the answer with a file code block');
    await waitIdle(frame);
    const block = answer.locator('.code-block[data-file="true"]');
    assert.equal(await block.locator('.code-path').innerText(), APPLY_FILE.path);
    const buttons = (await block.locator('.code-toolbar button').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(buttons, ['Show diff', 'Apply', 'Copy']);

    // Show diff: the file (new, so empty) beside the block, in VS Code's diff editor.
    await block.locator('button[data-action="diff"]').click();
    await ctx.page.locator('.tabs-container .tab', { hasText: 'APPLIED.md' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await ctx.page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 15_000 });

    // Apply, then Deny: an approval card for file_write, and no file.
    const afterAnswer = await transcriptLength(frame);
    await block.locator('button[data-action="apply"]').click();
    const denied = rowsFrom(frame, afterAnswer).locator('[data-testid="tool-card"]').first();
    await waitFor(async () => (await denied.getAttribute('data-status')) === 'awaiting_approval', 15_000, 'the approval card for Apply');
    assert.equal(await denied.getAttribute('data-tool'), 'file_write');
    assert.match(await denied.locator('.tool-diff').innerText(), /\+# Applied from the chat/);
    await screenshotThemes(ctx, frame, 'chat-apply-approval');
    await denied.locator('button[data-answer="deny"]').click();
    await waitFor(async () => (await denied.getAttribute('data-status')) === 'denied', 10_000, 'the denial');
    await waitIdle(frame);
    assert.equal(existsSync(target), false, 'denied: nothing written');

    // Apply again, Allow once: the file on disk is the block's text.
    const afterDeny = await transcriptLength(frame);
    await block.locator('button[data-action="apply"]').click();
    const allowed = rowsFrom(frame, afterDeny).locator('[data-testid="tool-card"]').first();
    await waitFor(async () => (await allowed.getAttribute('data-status')) === 'awaiting_approval', 15_000, 'the second approval card');
    await allowed.locator('button[data-answer="allow_once"]').click();
    await waitFor(async () => (await allowed.getAttribute('data-status')) === 'success', 15_000, 'the write');
    await waitIdle(frame);
    assert.equal(readFileSync(target, 'utf8'), APPLY_FILE.content);
    await frame.locator('[data-testid="notice"]', { hasText: `Applied the code block to ${APPLY_FILE.path}` }).last().waitFor({ state: 'visible', timeout: 5_000 });
    await screenshotThemes(ctx, frame, 'chat-apply-done');
  },
};
