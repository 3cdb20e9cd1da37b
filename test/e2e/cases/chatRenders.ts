import assert from 'node:assert/strict';
import type { E2eCase } from '../context';

export const chatRenders: E2eCase = {
  name: 'the chat webview renders',
  async run({ openAtmosAi, webviewFrame, screenshot, figure }) {
    await openAtmosAi();
    const started = Date.now();
    const frame = await webviewFrame('[data-testid="connection"]', 45_000);
    figure('chat webview visible after opening the container', `${Date.now() - started} ms`);
    const heading = frame.locator('h1').first();
    await heading.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal((await heading.innerText()).trim(), 'Atmos AI');
    await screenshot('chat-webview');
  },
};
