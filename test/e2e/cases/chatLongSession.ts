/**
 * A 5,000-message session, written into the extension's own session store from outside (the store takes several
 * writer processes), opened from the chat's session switcher. Records the time from the click to the newest
 * message on screen and the webview's JS heap before and after paging through older messages; asserts that the
 * DOM holds a bounded window of the transcript, not all 5,000 messages.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { SessionStore } from '../../../src/sessions/store';
import type { E2eCase } from '../context';
import { chatFrame, configureScriptedProvider, waitFor, waitIdle } from './chatSupport';

const MESSAGES = 5_000;
const NAME = 'Long session (5000 messages)';

const HEAP = `(() => (performance.memory ? performance.memory.usedJSHeapSize : 0))()`;

export const chatLongSession: E2eCase = {
  name: 'chat: a 5,000-message session opens with a bounded DOM',
  timeoutMs: 180_000, // writing 5,000 messages (one fsync each) takes 30–50 s on a busy machine
  async run(ctx) {
    await configureScriptedProvider(ctx.workspace);
    const frame = await chatFrame(ctx);
    await waitIdle(frame);

    const dataDir = path.join(ctx.userDataDir, 'User', 'globalStorage', ctx.extension.id.toLowerCase());
    const writeStarted = Date.now();
    const store = await SessionStore.open({ dataDir });
    let id: string;
    try {
      id = store.createSession({ name: NAME, projectPath: ctx.workspace, provider: 'openai', model: 'scripted-model', agent: 'general' }).id;
      for (let i = 0; i < MESSAGES; i++) {
        const text =
          i % 2 === 0
            ? `Question ${i}: where is vars.cidr set for vpc in plat-ue2-dev?`
            : `Answer ${i}: it is set in \`stacks/orgs/acme/plat/dev/_defaults.yaml\`.\n\n\`\`\`yaml\nvars:\n  ipv4_primary_cidr_block: 10.110.0.0/16\n\`\`\``;
        store.appendMessage(id, { role: i % 2 === 0 ? 'user' : 'assistant', content: [{ type: 'text', text }] });
      }
    } finally {
      store.close();
    }
    ctx.figure('long session: writing 5,000 messages (test side)', `${Date.now() - writeStarted} ms`);

    await frame.locator('button[aria-label="Sessions"]').click();
    await frame.locator('#session-search').fill('Long session');
    const row = frame.locator('.session-row', { hasText: NAME }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    const heapBefore = (await frame.evaluate(HEAP)) as number;
    const clicked = Date.now();
    await row.click();
    const newest = `Answer ${MESSAGES - 1}:`;
    await waitFor(async () => (await frame.locator('[data-testid="assistant-message"]').last().innerText()).includes(newest), 20_000, 'the newest message');
    const openMs = Date.now() - clicked;
    ctx.figure('long session: click → newest of 5,000 messages rendered', `${openMs} ms`);
    assert.equal((await frame.locator('[data-testid="session-title"]').innerText()).trim(), NAME);

    const rendered = await frame.locator('[data-testid="user-message"], [data-testid="assistant-message"]').count();
    ctx.figure('long session: messages in the DOM after opening', String(rendered));
    assert.ok(rendered <= 200, `${rendered} messages rendered: the DOM is not bounded`);
    const earlier = frame.locator('[data-testid="show-earlier"]');
    assert.match(await earlier.innerText(), /4800 hidden messages/);
    const heapOpen = (await frame.evaluate(HEAP)) as number;

    // Page back through 1,000 older messages, scrolling as a reader would.
    const shown = frame.locator('[data-testid="user-message"], [data-testid="assistant-message"]');
    for (let i = 0; i < 5; i++) {
      await earlier.click();
      // each page arrives from the host asynchronously: wait (bounded) until it is in the DOM before the next click
      const want = 200 * (i + 2);
      for (const until = Date.now() + 15_000; (await shown.count()) < want && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
      await frame.locator('[data-testid="messages"]').evaluate((el) => (el.scrollTop = 0));
    }
    const after = await shown.count();
    assert.equal(after, 1200);
    const heapPaged = (await frame.evaluate(HEAP)) as number;
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    ctx.figure('long session: webview JS heap before / opened / after 1,000 more', `${mb(heapBefore)} / ${mb(heapOpen)} / ${mb(heapPaged)}`);
    await ctx.screenshot('chat-long-session');
    // Leave a fresh session for the cases after this one.
    await frame.locator('[data-testid="new-session"]').click();
    await waitFor(async () => (await frame.locator('[data-testid="session-title"]').innerText()).trim() === 'New session', 10_000, 'a new session');
  },
};
