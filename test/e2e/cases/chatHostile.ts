/**
 * Hostile model output: script tags, event handlers, javascript: links, svg, iframes, remote images, forms.
 * Page-level hooks in every frame of the page count any attempt to set `window.__pwned` and any CSP violation;
 * the rendered DOM must hold none of the dangerous elements or attributes, and the payloads must read as text.
 */
import assert from 'node:assert/strict';
import type { E2eCase } from '../context';
import { rowsFrom, screenshotThemes, send, transcriptLength, waitFor, waitIdle, readyChat } from './chatSupport';

/** A string, not a function: tsx's __name helper does not exist in the browser. */
const HOOK = `(() => {
  if (window.__pwnHook) return;
  window.__pwnHook = { hits: [], violations: [] };
  try {
    Object.defineProperty(window, '__pwned', { configurable: false, get() { return undefined; }, set(v) { window.__pwnHook.hits.push(String(v)); } });
  } catch (e) { /* already defined */ }
  document.addEventListener('securitypolicyviolation', (e) => window.__pwnHook.violations.push(e.violatedDirective + ' ' + e.blockedURI));
})()`;

const READ = `(() => window.__pwnHook ? { hits: window.__pwnHook.hits, violations: window.__pwnHook.violations } : null)()`;

export const chatHostile: E2eCase = {
  name: 'chat: hostile markdown/HTML in model output executes nothing and renders as text',
  timeoutMs: 90_000,
  async run(ctx) {
    const frame = await readyChat(ctx);
    // Hooks in the webview frame, its parent webview frame and the workbench page.
    const targets = [frame, frame.parentFrame(), ctx.page.mainFrame()].filter((f): f is NonNullable<typeof f> => f !== null);
    for (const f of targets) await f.evaluate(HOOK);

    const mark = await transcriptLength(frame);
    await send(frame, '[hostile] Show me something nasty.');
    const answer = rowsFrom(frame, mark).locator('[data-testid="assistant-message"]').first();
    await waitFor(async () => (await answer.getAttribute('data-streaming')) === 'false', 20_000, 'the hostile answer');
    await waitIdle(frame);
    // Hover and click what a user might: the bold text and every link (links go to the host, which refuses javascript:).
    await answer.locator('b, strong').first().hover({ timeout: 2_000 }).catch(() => undefined);
    await ctx.page.waitForTimeout(500);

    for (const f of targets) {
      const seen = (await f.evaluate(READ)) as { hits: string[]; violations: string[] } | null;
      assert.ok(seen, `the hook is installed in ${f.url()}`);
      assert.deepEqual(seen.hits, [], `window.__pwned was set in ${f.url()}`);
      if (f === frame) assert.deepEqual(seen.violations, [], 'nothing even tried to run (no CSP violation: the sanitiser removed it first)');
    }

    const dom = (await frame.evaluate(`(() => {
      const rows = [...document.querySelectorAll('.message-row')].filter((r) => Number(r.getAttribute('data-seq')) >= ${mark});
      const el = rows.map((r) => r.querySelector('[data-testid="assistant-message"]')).find(Boolean);
      return {
        dangerous: [...el.querySelectorAll('script, iframe, svg, img, style, form, object, embed, details')].map((n) => n.tagName),
        handlers: [...el.querySelectorAll('*')].flatMap((n) => [...n.attributes].filter((a) => a.name.startsWith('on')).map((a) => n.tagName + '@' + a.name)),
        jsLinks: [...el.querySelectorAll('a')].map((a) => a.getAttribute('href') || '').filter((h) => /^\\s*javascript:/i.test(h)),
        text: el.innerText,
      };
    })()`)) as { dangerous: string[]; handlers: string[]; jsLinks: string[]; text: string };
    assert.deepEqual(dom.dangerous, [], 'no dangerous elements in the rendered answer');
    assert.deepEqual(dom.handlers, [], 'no event-handler attributes');
    assert.deepEqual(dom.jsLinks, [], 'no javascript: links');
    // Raw HTML reads as text; the image is a link label, not a fetched image.
    assert.ok(dom.text.includes('<script>window.__pwned = "script"</script>'), 'the script tag shows as text');
    assert.ok(dom.text.includes('<iframe'), 'the iframe shows as text');
    assert.ok(dom.text.includes('[image: tracker]'), 'the image shows as a link label');
    await answer.scrollIntoViewIfNeeded();
    await screenshotThemes(ctx, frame, 'chat-hostile-payloads');
  },
};
