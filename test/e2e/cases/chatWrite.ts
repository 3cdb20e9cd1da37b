/** A file write asks first, with the proposed change: Show diff opens VS Code's diff editor; Allow once writes the file. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eCase } from '../context';
import { WRITE_ARGS } from './chatScriptedProvider';
import { lastAnswer, rowsFrom, screenshotThemes, send, transcriptLength, waitFor, waitIdle, readyChat } from './chatSupport';

export const chatWrite: E2eCase = {
  name: 'chat: a file write shows its diff (VS Code diff editor) and writes after Allow once',
  timeoutMs: 90_000,
  async run(ctx) {
    const frame = await readyChat(ctx);
    const target = path.join(ctx.workspace, WRITE_ARGS.path);
    assert.equal(existsSync(target), false);
    const mark = await transcriptLength(frame);
    await send(frame, '[write] Save a note about the VPC CIDR.');
    const card = rowsFrom(frame, mark).locator('[data-testid="tool-card"]').first();
    await waitFor(async () => (await card.getAttribute('data-status')) === 'awaiting_approval', 20_000, 'the write approval');
    assert.equal(await card.getAttribute('data-tool'), 'file_write');
    assert.match(await card.locator('.tool-diff').innerText(), /\+The primary CIDR of plat-ue2-dev is 10\.110\.0\.0\/16\./);
    assert.equal(existsSync(target), false, 'nothing is written before the answer');

    await card.locator('[data-testid="show-diff"]').click();
    const tab = ctx.page.locator('.tabs-container .tab', { hasText: 'NOTES.md' }).first();
    await tab.waitFor({ state: 'visible', timeout: 15_000 });
    await ctx.page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 15_000 });
    await screenshotThemes(ctx, frame, 'chat-write-diff-editor');

    await card.locator('button[data-answer="allow_once"]').click();
    await waitFor(async () => (await card.getAttribute('data-status')) === 'success', 20_000, 'the write to finish');
    await waitFor(async () => (await lastAnswer(frame)).startsWith('Written'), 20_000, "the model's report");
    await waitIdle(frame);
    assert.equal(readFileSync(target, 'utf8'), WRITE_ARGS.content);
    await screenshotThemes(ctx, frame, 'chat-write-done');
  },
};
