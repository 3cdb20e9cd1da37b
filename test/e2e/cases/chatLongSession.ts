/**
 * A 5,000-message session, written into the extension's own session store from outside (the store takes several
 * writer processes), opened from the chat's session switcher. Records the time from the click to the newest
 * message on screen, the rows in the DOM, and the webview's JS heap when opened, after scrolling to the very
 * top (older pages load on the way) and after scrolling back down through all of it; asserts that the DOM
 * holds a bounded window of the transcript throughout and that the oldest message is reachable by scrolling.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { SessionStore } from '../../../src/sessions/store';
import type { E2eCase } from '../context';
import { profilingWanted, startProfile, stopProfile } from './chatProfile';
import { chatFrame, configureScriptedProvider, screenshotThemes, waitFor, waitIdle } from './chatSupport';

const MESSAGES = 5_000;
const NAME = 'Long session (5000 messages)';

const HEAP = `(() => (performance.memory ? performance.memory.usedJSHeapSize : 0))()`;
/** Rows a virtual list may hold at once (viewport + overscan), far below the 5,000 items. */
const MAX_ROWS = 80;

type Scroll = { steps: number; maxRows: number; ms: number; reached: boolean; longTasks: number; longTaskMs: number };

/**
 * In the page (a string: the test runner's transpiler would add helpers a page function cannot see). Each step
 * scrolls, then waits 50 ms so the list has rendered and measured; bounded by `limitMs`.
 * Up: to the top again and again until no older page is left to load and row 0 is rendered.
 * Down: a few screens at a time to the end, rendering every part of the transcript on the way.
 */
function scrollScript(direction: 'up' | 'down', limitMs: number): string {
  return `(async () => {
    const el = document.querySelector('[data-testid="messages"]');
    // A timer, not animation frames: after a window reload this harness's Chromium delivers frames to the
    // webview about once a second (the main thread idle), which would measure the throttle, not the list.
    const wait = () => new Promise((ok) => setTimeout(ok, 50));
    const started = performance.now();
    let steps = 0, maxRows = 0, longTasks = 0, longTaskMs = 0;
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) { longTasks++; longTaskMs += e.duration; } });
    try { observer.observe({ type: 'longtask' }); } catch (e) { /* not supported */ }
    const done = (reached) => { observer.disconnect(); return { steps, maxRows, ms: Math.round(performance.now() - started), reached, longTasks, longTaskMs: Math.round(longTaskMs) }; };
    for (; performance.now() - started < ${limitMs}; steps++) {
      if (${JSON.stringify(direction)} === 'up') {
        el.scrollTop = 0;
        await wait();
        maxRows = Math.max(maxRows, el.querySelectorAll('.message-row').length);
        const first = el.querySelector('.message-row');
        if (el.getAttribute('data-hidden') === '0' && el.scrollTop === 0 && first && first.getAttribute('data-index') === '0') return done(true);
      } else {
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2) return done(true);
        el.scrollTop += el.clientHeight * 5;
        await wait();
        maxRows = Math.max(maxRows, el.querySelectorAll('.message-row').length);
      }
    }
    return done(false);
  })()`;
}

export const chatLongSession: E2eCase = {
  name: 'chat: a 5,000-message session opens with a bounded DOM',
  timeoutMs: 360_000, // writing 5,000 messages (one fsync each) takes 30–50 s on a busy machine
  async run(ctx) {
    await configureScriptedProvider(ctx.workspace);
    await ctx.page.bringToFront(); // a page that is not the active one gets its frames throttled
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
    await frame.locator('.session-row', { hasText: NAME }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const heapBefore = (await frame.evaluate(HEAP)) as number;
    const newest = `Answer ${MESSAGES - 1}:`;
    // Timed in the page: the click, the host's sessionLoaded event arriving, the newest message in the DOM, the next frame painted.
    const open = (await frame.evaluate(`(async () => {
      const row = [...document.querySelectorAll('.session-row')].find((r) => r.textContent.includes(${JSON.stringify(NAME)}));
      let arrived = -1;
      const onMessage = (e) => { if (arrived < 0 && e.data && e.data.kind === 'event' && e.data.name === 'sessionLoaded') arrived = performance.now(); };
      window.addEventListener('message', onMessage);
      const newestShown = () => { const all = document.querySelectorAll('[data-testid="assistant-message"]'); const last = all[all.length - 1]; return !!last && last.textContent.includes(${JSON.stringify(newest)}); };
      const t0 = performance.now();
      row.click();
      const shown = await new Promise((ok) => {
        const timer = setTimeout(() => { observer.disconnect(); ok(-1); }, 20000);
        const observer = new MutationObserver(() => { if (newestShown()) { observer.disconnect(); clearTimeout(timer); ok(performance.now()); } });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
      const painted = performance.now();
      window.removeEventListener('message', onMessage);
      return { arrived: Math.round(arrived - t0), shown: shown < 0 ? -1 : Math.round(shown - t0), painted: Math.round(painted - t0) };
    })()`)) as { arrived: number; shown: number; painted: number };
    assert.ok(open.shown >= 0, 'the newest message was rendered within 20 s of the click');
    ctx.figure('long session: click → sessionLoaded from the host / newest message in the DOM / painted', `${open.arrived} / ${open.shown} / ${open.painted} ms`);
    await waitFor(async () => (await frame.locator('[data-testid="assistant-message"]').last().innerText()).includes(newest), 20_000, 'the newest message');
    assert.equal((await frame.locator('[data-testid="session-title"]').innerText()).trim(), NAME);

    const rows = frame.locator('.message-row');
    const rendered = await rows.count();
    ctx.figure('long session: transcript rows in the DOM after opening', String(rendered));
    assert.ok(rendered > 0 && rendered <= MAX_ROWS, `${rendered} rows rendered: the DOM is not bounded`);
    const messages = frame.locator('[data-testid="messages"]');
    assert.equal(await messages.getAttribute('data-total'), String(MESSAGES), 'the list knows the whole session');
    const heapOpen = (await frame.evaluate(HEAP)) as number;
    await screenshotThemes(ctx, frame, 'chat-long-session');

    // Scroll to the very top, as a reader would (older pages load as the top comes near), then back down through all of it.
    // Long tasks of the workbench page itself (the webview shares its renderer): what else keeps the main thread busy.
    await ctx.page.evaluate(`(() => { window.__longTasks = { n: 0, ms: 0 }; new PerformanceObserver((l) => { for (const e of l.getEntries()) { window.__longTasks.n++; window.__longTasks.ms += e.duration; } }).observe({ type: 'longtask' }); })()`);
    const up = (await frame.evaluate(scrollScript('up', 90_000))) as Scroll;
    const pageTasks = (await ctx.page.evaluate(`(() => window.__longTasks)()`)) as { n: number; ms: number };
    ctx.figure('long session: workbench long tasks while scrolling up', `${pageTasks.n} (${Math.round(pageTasks.ms)} ms)`);
    ctx.figure('long session: scrolled to the top', `${up.ms} ms, ${up.steps} steps, at most ${up.maxRows} rows in the DOM, ${up.longTasks} long tasks (${up.longTaskMs} ms)`);
    assert.ok(up.reached, 'the top of the session is reachable by scrolling');
    await waitFor(async () => (await frame.locator('[data-testid="user-message"]').first().innerText()).includes('Question 0:'), 10_000, 'the oldest message on screen');
    assert.ok(up.maxRows <= MAX_ROWS, `${up.maxRows} rows in the DOM while scrolling up`);
    const heapTop = (await frame.evaluate(HEAP)) as number;
    await screenshotThemes(ctx, frame, 'chat-long-session-top');
    const profiler = profilingWanted() ? await startProfile(ctx, frame) : undefined;
    const down = (await frame.evaluate(scrollScript('down', 90_000))) as Scroll;
    if (profiler) await stopProfile(profiler, 'chat-long-session-scroll-down');
    ctx.figure('long session: scrolled back to the bottom', `${down.ms} ms, ${down.steps} steps, at most ${down.maxRows} rows in the DOM, ${down.longTasks} long tasks (${down.longTaskMs} ms), ${down.steps ? Math.round(down.longTaskMs / down.steps) : 0} ms of long tasks a step`);
    assert.ok(down.reached, 'the bottom is reachable again');
    assert.ok(down.maxRows <= MAX_ROWS, `${down.maxRows} rows in the DOM while scrolling down`);
    await waitFor(async () => (await frame.locator('[data-testid="assistant-message"]').last().innerText()).includes(newest), 10_000, 'the newest message again');
    const heapBack = (await frame.evaluate(HEAP)) as number;
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    ctx.figure('long session: webview JS heap before / opened / at the top / back at the bottom', `${mb(heapBefore)} / ${mb(heapOpen)} / ${mb(heapTop)} / ${mb(heapBack)}`);
    // Leave a fresh session for the cases after this one.
    await frame.locator('[data-testid="new-session"]').click();
    await waitFor(async () => (await frame.locator('[data-testid="session-title"]').innerText()).trim() === 'New session', 10_000, 'a new session');
  },
};
