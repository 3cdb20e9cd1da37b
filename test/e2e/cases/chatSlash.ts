/** Slash commands run the engine's tools without a model: suggestions as you type, Tab completes, a tool card answers. */
import assert from 'node:assert/strict';
import type { E2eCase } from '../context';
import { chatFrame, configureScriptedProvider, lastAnswer, rowsFrom, screenshotThemes, transcriptLength, waitFor, waitIdle, readyChat } from './chatSupport';

export const chatSlash: E2eCase = {
  name: 'chat: /where runs without a model (suggestions, Tab completion, tool card)',
  timeoutMs: 60_000,
  async run(ctx) {
    const provider = await configureScriptedProvider(ctx.workspace);
    const frame = await chatFrame(ctx);
    await waitIdle(frame);
    const requestsBefore = provider.seen.length;
    const input = frame.locator('[data-testid="composer-input"]');
    await input.fill('/wh');
    const suggestions = frame.locator('[data-testid="slash-suggestions"]');
    await suggestions.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await suggestions.innerText(), /\/where <component> -s <stack> <dotted\.path>/);
    await input.press('Tab');
    assert.equal(await input.inputValue(), '/where ');
    await screenshotThemes(ctx, frame, 'chat-slash-suggestions');
    await input.pressSequentially('vpc -s plat-ue2-dev vars.ipv4_primary_cidr_block');
    const mark = await transcriptLength(frame);
    await input.press('Enter');
    const card = rowsFrom(frame, mark).locator('[data-testid="tool-card"]').first();
    await waitFor(async () => (await card.getAttribute('data-status')) === 'success', 15_000, 'the /where tool card');
    assert.equal(await card.getAttribute('data-tool'), 'atmos_where');
    await card.locator('summary', { hasText: 'Result' }).click();
    assert.match(await card.locator('[data-testid="tool-result"]').innerText(), /10\.110\.0\.0\/16/);
    assert.equal(provider.seen.length, requestsBefore, 'no model request for a slash command');
    await screenshotThemes(ctx, frame, 'chat-slash-where');
  },
};

export const chatMention: E2eCase = {
  name: 'chat: @ suggests components and attaches their context to the question',
  timeoutMs: 60_000,
  async run(ctx) {
    const frame = await readyChat(ctx);
    const input = frame.locator('[data-testid="composer-input"]');
    await input.fill('[mention] Which stacks deploy @vp');
    const list = frame.locator('[data-testid="mention-suggestions"]');
    await list.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await list.innerText(), /@vpc/);
    await screenshotThemes(ctx, frame, 'chat-mention-suggestions');
    await input.press('Tab');
    assert.equal(await input.inputValue(), '[mention] Which stacks deploy @vpc ');
    await input.press('Enter');
    await waitFor(async () => /Context received: Component vpc \(terraform\) is in \d+ stacks/.test(await lastAnswer(frame)), 20_000, 'the answer naming the attached context');
    await waitIdle(frame);
    // The transcript shows what was typed, not the attached context.
    const users = await frame.locator('[data-testid="user-message"]').allInnerTexts();
    assert.equal(users[users.length - 1].trim(), '[mention] Which stacks deploy @vpc');
  },
};
