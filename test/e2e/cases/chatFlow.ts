/**
 * The chat loop in real VS Code against the scripted provider (chatScriptedProvider.ts): the missing-key error
 * and its fix, a tool call with an approval card (Allow once / Deny), Stop mid-stream, and the session surviving
 * a window reload. Cases run in this order on one page; each can also run alone (--grep): it sets up what it needs.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2eCase } from '../context';
import { SLOW_WORDS } from './chatScriptedProvider';
import { chatFrame, configureScriptedProvider, ensureApiKey, lastAnswer, rowsFrom, screenshotThemes, send, storeKeyInPrompts, transcriptLength, waitFor, waitIdle, readyChat } from './chatSupport';

export const chatMissingKey: E2eCase = {
  name: 'chat: without an API key the error card offers Set API Key, which stores one',
  timeoutMs: 90_000,
  async run(ctx) {
    const { page } = ctx;
    const provider = await configureScriptedProvider(ctx.workspace);
    const frame = await chatFrame(ctx);
    await send(frame, 'Hello?');
    const card = frame.locator('[data-testid="error-card"][data-kind="no_key"]').last();
    await card.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await card.innerText(), /No API key is set for OpenAI/);
    assert.equal(await frame.locator('[data-testid="composer-input"]').inputValue(), 'Hello?', 'the unsent question stays in the composer');
    assert.equal(provider.seen.length, 0, 'nothing reached the provider without a key');
    await screenshotThemes(ctx, frame, 'chat-missing-key');
    await card.locator('button[data-action="setApiKey"]').click();
    await storeKeyInPrompts(page);
    // The stored key answers the card: it turns into a notice, no reload needed.
    await waitFor(async () => (await frame.locator('[data-testid="error-card"][data-kind="no_key"]').count()) === 0, 10_000, 'the missing-key card to clear');
    assert.match(await frame.locator('[data-testid="notice"]').last().innerText(), /The API key for OpenAI is set/);
    // The same question now goes through.
    await frame.locator('[data-testid="composer-input"]').press('Enter');
    await waitFor(async () => (await lastAnswer(frame)).includes('Hello from the scripted provider.'), 20_000, 'the scripted greeting');
    await waitIdle(frame);
    const request = provider.seen[provider.seen.length - 1];
    assert.equal(request.lastUserText, 'Hello?');
    await screenshotThemes(ctx, frame, 'chat-first-answer');
  },
};

export const chatApprove: E2eCase = {
  name: 'chat: a restricted tool asks; Allow once runs it and the answer carries the engine value',
  timeoutMs: 90_000,
  async run(ctx) {
    const provider = await configureScriptedProvider(ctx.workspace);
    await ensureApiKey(ctx);
    const frame = await chatFrame(ctx);
    const mark = await transcriptLength(frame);
    await send(frame, '[where] What is the VPC CIDR of plat-ue2-dev, and where is it set?');
    const card = rowsFrom(frame, mark).locator('[data-testid="tool-card"]').first();
    await card.waitFor({ state: 'visible', timeout: 20_000 });
    await waitFor(async () => (await card.getAttribute('data-status')) === 'awaiting_approval', 15_000, 'the approval card');
    assert.equal(await card.getAttribute('data-tool'), 'atmos_where');
    const buttons = await card.locator('.approval-buttons button').allInnerTexts();
    assert.deepEqual(buttons.map((b) => b.trim()), ['Allow once', 'Allow always', 'Deny']);
    assert.match(await card.innerText(), /plat-ue2-dev/);
    await screenshotThemes(ctx, frame, 'chat-approval-card');
    // Keyboard only: Shift+Tab from the composer reaches the approval buttons (Deny first, the last of them).
    await frame.locator('[data-testid="composer-input"]').focus();
    let focused = '';
    for (let i = 0; i < 25 && !focused; i++) {
      await ctx.page.keyboard.press('Shift+Tab');
      focused = (await frame.evaluate(`(() => document.activeElement?.getAttribute('data-answer') ?? '')()`)) as string;
    }
    assert.equal(focused, 'deny', 'Shift+Tab from the composer reaches the approval buttons');
    assert.match((await card.locator('button[data-answer="allow_once"]').getAttribute('aria-keyshortcuts')) ?? '', /Alt\+A/);
    // Screen readers are told, wherever they are: one status region names the tool and the shortcuts.
    assert.match((await frame.locator('[data-testid="announcer"]').textContent()) ?? '', /atmos_where needs your approval\. Allow once: Alt\+A, Allow always: Alt\+Shift\+A, Deny: Alt\+D\./);
    await card.locator('button[data-answer="allow_once"]').click();
    await waitFor(async () => (await card.getAttribute('data-status')) === 'success', 20_000, 'the tool card to finish');
    await waitFor(async () => (await lastAnswer(frame)).includes('10.110.0.0/16'), 20_000, 'the answer with the engine value 10.110.0.0/16');
    await waitIdle(frame);
    // The model got the engine's answer as a native tool result.
    const withResult = provider.seen.filter((s) => s.toolResults.length > 0).pop();
    assert.ok(withResult, 'the follow-up request carried the tool result');
    const result = withResult.toolResults[withResult.toolResults.length - 1];
    assert.match(result.content, /10\.110\.0\.0\/16/);
    assert.equal(result.isError, false);
    await card.locator('summary', { hasText: 'Result' }).click();
    assert.match(await card.locator('[data-testid="tool-result"]').innerText(), /stacks\/orgs\/acme\/plat\/dev\/_defaults\.yaml:21/);
    await frame.locator('[data-testid="assistant-message"]').last().scrollIntoViewIfNeeded();
    await screenshotThemes(ctx, frame, 'chat-approved-answer');
  },
};

export const chatDeny: E2eCase = {
  name: 'chat: Deny (Alt+D) refuses the tool and shows the model follow-up',
  timeoutMs: 90_000,
  async run(ctx) {
    const provider = await configureScriptedProvider(ctx.workspace);
    await ensureApiKey(ctx);
    const frame = await chatFrame(ctx);
    const mark = await transcriptLength(frame);
    await send(frame, '[where] Ask again, but I will deny it.');
    const card = rowsFrom(frame, mark).locator('[data-testid="tool-card"]').first();
    await waitFor(async () => (await card.getAttribute('data-status')) === 'awaiting_approval', 20_000, 'the approval card');
    // The keyboard shortcut from the button table answers the pending card.
    await frame.locator('[data-testid="composer-input"]').press('Alt+d');
    await waitFor(async () => (await card.getAttribute('data-status')) === 'denied', 15_000, 'the card to show the denial');
    await waitFor(async () => (await lastAnswer(frame)).includes('The tool call was denied'), 20_000, "the model's follow-up");
    await waitIdle(frame);
    const withResult = provider.seen.filter((s) => s.toolResults.length > 0).pop();
    const result = withResult?.toolResults[withResult.toolResults.length - 1];
    assert.ok(result?.isError, 'the denial went back to the model as an error result');
    assert.match(result.content, /denied/);
    assert.match(await card.innerText(), /Denied/);
    await screenshotThemes(ctx, frame, 'chat-denied');
  },
};

export const chatStop: E2eCase = {
  name: 'chat: Stop mid-stream stops within a second and keeps the partial answer',
  timeoutMs: 90_000,
  async run(ctx) {
    const provider = await configureScriptedProvider(ctx.workspace);
    await ensureApiKey(ctx);
    const frame = await chatFrame(ctx);
    await send(frame, '[slow] Tell me everything.');
    await waitFor(async () => /word20\b/.test(await lastAnswer(frame)), 20_000, 'the answer to stream for a while');
    // The streaming answer is a polite live region, busy until it ends (screen readers read it whole).
    const streaming = frame.locator('[data-testid="assistant-message"][data-streaming="true"]').last();
    assert.equal(await streaming.getAttribute('aria-live'), 'polite');
    assert.equal(await streaming.getAttribute('aria-busy'), 'true');
    await screenshotThemes(ctx, frame, 'chat-streaming');
    // Esc in the composer stops the turn (the keyboard path; the Stop button calls the same).
    const stopAt = Date.now();
    await frame.locator('[data-testid="composer-input"]').press('Escape');
    await waitIdle(frame, 5_000);
    const stopMs = Date.now() - stopAt;
    ctx.figure('chat Stop → idle', `${stopMs} ms`);
    assert.ok(stopMs < 1_000, `the turn took ${stopMs} ms to stop`);
    const partial = await lastAnswer(frame);
    assert.match(partial, /word0 word1/);
    assert.doesNotMatch(partial, new RegExp(`word${SLOW_WORDS - 1}\\b`), 'the answer was cut, not finished');
    await frame.locator('[data-testid="notice"]', { hasText: 'Stopped' }).last().waitFor({ state: 'visible', timeout: 5_000 });
    await waitFor(async () => provider.seen[provider.seen.length - 1].clientAborted, 5_000, 'the provider request to be aborted');
    await screenshotThemes(ctx, frame, 'chat-stopped');
  },
};

export const chatReload: E2eCase = {
  name: 'chat: after a window reload the session is still there',
  timeoutMs: 120_000,
  async run(ctx) {
    let frame = await readyChat(ctx);
    // A turn of its own, so the newest rows are stored messages (notices and error cards are not kept in a session).
    await send(frame, 'Hello before the reload?');
    await waitFor(async () => (await lastAnswer(frame)).includes('Hello from'), 20_000, 'an answer');
    await waitIdle(frame);
    const title = (await frame.locator('[data-testid="session-title"]').innerText()).trim();
    assert.notEqual(title, 'New session');
    const newest = async () => {
      const rows = frame.locator('.message-row');
      const n = await rows.count();
      const texts: string[] = [];
      for (let i = Math.max(0, n - 2); i < n; i++) texts.push(((await rows.nth(i).innerText()).split('\n')[0] ?? '').trim());
      return texts;
    };
    const before = await newest();
    assert.deepEqual(before, ['Hello before the reload?', 'Hello from the scripted provider.']);

    await ctx.page.reload({ waitUntil: 'domcontentloaded' });
    await ctx.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await reopenChatPane(ctx.page);
    frame = await chatFrame(ctx);
    // The list renders only the rows near its end: the newest rows, and the title, are as before.
    await waitFor(async () => JSON.stringify(await newest()) === JSON.stringify(before), 20_000, `the newest rows as before: ${JSON.stringify(before)}`);
    assert.equal((await frame.locator('[data-testid="session-title"]').innerText()).trim(), title);
    assert.ok((await transcriptLength(frame)) >= 2);
    await screenshotThemes(ctx, frame, 'chat-after-reload');
  },
};

/**
 * After a reload the workbench restores the open container by itself, a little later: clicking the activity-bar
 * item during that restore closes it again. Wait for the restore, click only when it does not come.
 */
async function reopenChatPane(page: Page): Promise<void> {
  const chatPane = page.locator('.part.sidebar .pane-header[aria-label^="Chat"]').first();
  const item = page.locator('.activitybar [aria-label^="Atmos AI"]').first();
  await item.waitFor({ state: 'visible', timeout: 60_000 });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await chatPane.waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch {
      await item.click();
    }
  }
  await chatPane.waitFor({ state: 'visible', timeout: 10_000 });
}
