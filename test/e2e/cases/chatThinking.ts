/**
 * The model's reasoning and unreported usage, against the scripted provider (OpenAI wire):
 * - `[think]` streams `reasoning_content` deltas, pauses, then answers. While only the reasoning has arrived the
 *   "Thinking…" block is open; once the answer streams it collapses by itself; its toggle is a real button with
 *   aria-expanded that Enter opens; the reasoning (which holds an HTML tag) shows as plain text.
 * - `[nousage]` answers without a usage frame: the answer says "usage not reported" (with a tooltip why) and the
 *   header shows the known figures plus the note, never a silent zero.
 */
import assert from 'node:assert/strict';
import type { E2eCase } from '../context';
import { rowsFrom, screenshotThemes, send, transcriptLength, waitFor, waitIdle, readyChat } from './chatSupport';
import { THINKING_ANSWER, THINKING_DELTAS } from './chatScriptedProvider';

export const chatThinking: E2eCase = {
  name: 'chat: thinking block (streams open, collapses when the answer starts, Enter expands) and usage not reported',
  timeoutMs: 120_000,
  async run(ctx) {
    const frame = await readyChat(ctx);
    await frame.locator('[data-testid="new-session"]').click();
    await waitFor(async () => (await frame.locator('[data-testid="session-title"]').innerText()).trim() === 'New session', 10_000, 'a new session');

    const mark = await transcriptLength(frame);
    await send(frame, '[think] Where is the CIDR set?');
    const answer = rowsFrom(frame, mark).locator('[data-testid="assistant-message"]').last();
    const thinking = answer.locator('[data-testid="thinking"]');
    const toggle = thinking.locator('button.thinking-toggle');
    // Only the reasoning so far (the answer waits): the block is open and says it is thinking.
    await waitFor(async () => (await thinking.count()) > 0 && (await thinking.getAttribute('data-expanded')) === 'true', 15_000, 'the open Thinking block');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.match(await toggle.innerText(), /Thinking…/);
    await ctx.screenshot('chat-thinking-streaming-dark');

    // The answer arrives: the block collapses by itself, its text hidden.
    await waitIdle(frame);
    await waitFor(async () => (await answer.innerText()).includes(THINKING_ANSWER), 15_000, 'the answer');
    assert.equal(await thinking.getAttribute('data-expanded'), 'false', 'collapsed once the answer started');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await toggle.evaluate((b) => b.tagName), 'BUTTON');
    const text = thinking.locator('.thinking-text');
    assert.equal(await text.isVisible(), false, 'the reasoning is hidden while collapsed');
    // The answer text does not contain the reasoning.
    assert.ok(!(await answer.locator('.markdown').innerText()).includes(THINKING_DELTAS[0].trim()), 'the reasoning is not part of the answer');

    // Keyboard: focus the toggle, Enter opens it; the reasoning is plain text (the tag shows as typed, no element).
    await toggle.focus();
    await ctx.page.keyboard.press('Enter');
    await waitFor(async () => (await toggle.getAttribute('aria-expanded')) === 'true', 5_000, 'the Thinking block to expand');
    assert.equal(await text.isVisible(), true);
    assert.equal(await text.innerText(), THINKING_DELTAS.join('').trim());
    assert.equal(await text.locator('b').count(), 0, 'no markup from the reasoning');
    await screenshotThemes(ctx, frame, 'chat-thinking-expanded');
    await ctx.page.keyboard.press('Enter');
    await waitFor(async () => (await toggle.getAttribute('aria-expanded')) === 'false', 5_000, 'the Thinking block to collapse again');

    // The scripted answer above reported usage; this one reports none.
    const usage = frame.locator('[data-testid="usage"]');
    assert.equal(await usage.getAttribute('data-state'), 'reported');
    const before = await transcriptLength(frame);
    await send(frame, '[nousage] Anything?');
    await waitIdle(frame);
    const plain = rowsFrom(frame, before).locator('[data-testid="assistant-message"]').last();
    await waitFor(async () => (await plain.locator('[data-testid="message-usage"]').count()) > 0, 10_000, 'the answer footer');
    const footer = plain.locator('[data-testid="message-usage"]');
    assert.equal(await footer.getAttribute('data-state'), 'not-reported');
    assert.equal((await footer.innerText()).trim(), 'usage not reported');
    assert.match((await footer.getAttribute('title')) ?? '', /did not report token usage/);
    await waitFor(async () => (await usage.getAttribute('data-state')) === 'partial', 10_000, 'the header to note the unreported answer');
    assert.match(await usage.innerText(), /\d in · \d+ out · \$[\d.]+ · \+1 not reported/);
    assert.match((await usage.getAttribute('title')) ?? '', /1 answer reported none/);
    await screenshotThemes(ctx, frame, 'chat-usage-not-reported');

    // A fresh session for the cases after this one.
    await frame.locator('[data-testid="new-session"]').click();
    await waitFor(async () => (await frame.locator('[data-testid="session-title"]').innerText()).trim() === 'New session', 10_000, 'a new session');
  },
};
