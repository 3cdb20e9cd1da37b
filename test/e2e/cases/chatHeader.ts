/**
 * The chat header follows the session and the model: the context-window meter (hidden, with the reason, for
 * a model whose window is not on file; a plausible share of the window after a turn with a known model), and
 * the title after a rename made in the Sessions tree.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eCase } from '../context';
import { answerQuickInput, chatFrame, configureScriptedProvider, ensureApiKey, lastAnswer, screenshotThemes, send, waitFor, waitIdle, readyChat } from './chatSupport';

function setModel(workspace: string, model: string): void {
  const file = path.join(workspace, '.vscode', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, `${JSON.stringify({ ...settings, 'atmosAi.model': model }, null, 2)}\n`);
}

export const chatContextMeter: E2eCase = {
  name: 'chat: the context meter hides for an unknown model and fills after a turn with a known one',
  timeoutMs: 90_000,
  async run(ctx) {
    await configureScriptedProvider(ctx.workspace); // model: scripted-model, not in contextWindows.json
    await ensureApiKey(ctx);
    const frame = await chatFrame(ctx);
    await waitIdle(frame);
    const meter = frame.locator('[data-testid="context-meter"]');
    await waitFor(async () => (await meter.getAttribute('data-state')) === 'unknown', 10_000, 'the meter hidden for scripted-model');
    assert.match((await meter.getAttribute('title')) ?? '', /context window of scripted-model is not on file/);
    assert.equal(await frame.locator('.meter-bar').count(), 0, 'no bar for an unknown window');
    try {
      // The scripted server answers any model id: a listed one gives the meter a window.
      setModel(ctx.workspace, 'gpt-4o');
      await waitFor(async () => (await meter.getAttribute('data-window')) === '128000', 15_000, "the meter to take gpt-4o's 128,000-token window");
      await send(frame, 'Hello?');
      await waitFor(async () => (await lastAnswer(frame)).includes('Hello from the scripted provider.'), 20_000, 'the scripted greeting');
      await waitIdle(frame);
      // The scripted usage: 120 prompt tokens (40 of them cached) and 30 answer tokens.
      await waitFor(async () => Number(await meter.getAttribute('data-used')) > 0, 10_000, 'the meter to count the turn');
      const used = Number(await meter.getAttribute('data-used'));
      ctx.figure('context meter after one scripted turn', `${used} of 128000 tokens`);
      assert.ok(used >= 120 && used <= 400, `${used} tokens: not what the scripted provider reported`);
      assert.equal(await meter.getAttribute('role'), 'meter');
      assert.equal(await meter.getAttribute('aria-valuenow'), String(used));
      assert.match((await meter.getAttribute('title')) ?? '', /of 128,000 tokens .* of gpt-4o's window/);
      assert.match(await meter.innerText(), /^<1%$/);
      await screenshotThemes(ctx, frame, 'chat-context-meter');
    } finally {
      setModel(ctx.workspace, 'scripted-model');
    }
    await waitFor(async () => (await meter.getAttribute('data-state')) === 'unknown', 15_000, 'the meter hidden again for scripted-model');
  },
};

export const chatRenameFromTree: E2eCase = {
  name: 'chat: the header title follows a rename made in the Sessions tree',
  timeoutMs: 90_000,
  async run(ctx) {
    let frame = await readyChat(ctx);
    const title = frame.locator('[data-testid="session-title"]');
    if ((await title.innerText()).trim() === 'New session') {
      await send(frame, 'Hello?');
      await waitFor(async () => (await title.innerText()).trim() !== 'New session', 20_000, 'a session title');
      await waitIdle(frame);
    }
    const before = (await title.innerText()).trim();
    const renamed = `Renamed in the tree ${Date.now() % 100_000}`;

    const page = ctx.page;
    const header = page.locator('.part.sidebar .pane-header[aria-label^="Sessions"]').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: before }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.hover();
    await row.locator('.action-label[aria-label^="Rename Session"]').click();
    await answerQuickInput(page, renamed, /Rename session/);
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });

    frame = await chatFrame(ctx); // collapses the Sessions view again
    const after = frame.locator('[data-testid="session-title"]');
    await waitFor(async () => (await after.innerText()).trim() === renamed, 10_000, `the chat title to become “${renamed}”`);
    assert.notEqual(before, renamed);
  },
};
