import { chromium, type Browser, type BrowserServer, type Frame, type Page } from 'playwright-core';
import { signalGroup, sleep, trackGroup, untrackGroup, withTimeout } from './processes';

/** Flags verified with Debian's Chromium in containers (design.md "Testing"). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserSession {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * Launches Chromium through a Playwright browser server so its pid (and process group: Playwright starts it
 * detached) is known and can be killed whatever state the browser is in.
 */
export async function launchBrowser(executablePath: string): Promise<BrowserSession> {
  const server: BrowserServer = await chromium.launchServer({ executablePath, args: chromiumArgs, headless: true, timeout: 60_000 });
  const pid = server.process().pid;
  if (pid !== undefined) trackGroup(pid);
  try {
    const browser = await chromium.connect(server.wsEndpoint(), { timeout: 30_000 });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    return {
      browser,
      page,
      close: async () => {
        await withTimeout(server.close(), 10_000, 'closing Chromium').catch(() => undefined);
        if (pid !== undefined) {
          signalGroup(pid, 'SIGKILL');
          untrackGroup(pid);
        }
      },
    };
  } catch (err) {
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    throw err;
  }
}

/** Loads the workbench and waits until the activity bar is there. */
export async function openWorkbench(page: Page, url: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.locator('.monaco-workbench .activitybar').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The activity-bar item of a view container, by its title (e.g. "Atmos AI"). */
export function activityBarItem(page: Page, title: string) {
  return page.locator(`.activitybar [aria-label^="${title}"]`).first();
}

/** Opens a view container from the activity bar (a no-op when it is already the open one). */
export async function openViewContainer(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const item = activityBarItem(page, title);
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  if (!(await isSelected(page, title))) await item.click({ timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  while (!(await isSelected(page, title))) {
    if (Date.now() > deadline) throw new Error(`the "${title}" view container did not open within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/** Whether the sidebar currently shows the container titled `title`. */
export async function isSelected(page: Page, title: string): Promise<boolean> {
  const checked = await activityBarItem(page, title).evaluate((el) => {
    const item = el.closest('.action-item') ?? el;
    return item.classList.contains('checked') || item.getAttribute('aria-selected') === 'true' || el.getAttribute('aria-selected') === 'true';
  });
  return checked;
}

/**
 * Webviews are nested iframes (the content lives in an inner frame); returns the first frame of the page that
 * holds `selector`, polling until `timeoutMs`.
 */
export async function findFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      try {
        if ((await frame.locator(selector).count()) > 0) return frame;
      } catch {
        // the frame navigated or detached while we looked; try the others and the next round
      }
    }
    if (Date.now() > deadline) {
      const urls = page.frames().map((f) => f.url() || '(blank)');
      throw new Error(`no frame holds ${selector} after ${timeoutMs / 1000} s; frames:\n  ${urls.join('\n  ')}`);
    }
    await sleep(200);
  }
}

/** Protocol messages (src/protocol.ts) seen by the webview frames, in arrival order. */
export interface TappedMessage {
  kind: 'request' | 'response' | 'event';
  [key: string]: unknown;
}

interface TapWindow {
  __atmosAiTap?: unknown[];
}

/**
 * Runs in every frame before the page's scripts. A string, not a function: tsx compiles this file with esbuild's
 * keepNames, whose `__name` helper would not exist in the browser. It sees messages where VS Code passes them on:
 * window `message` events and MessagePort posts. (Wrapping `window.postMessage` too breaks the webview's loading.)
 */
const protocolTapScript = `(() => {
  if (window.__atmosAiTap) return;
  const tap = (window.__atmosAiTap = []);
  const isProtocol = (v) =>
    (v.kind === 'request' && typeof v.name === 'string' && typeof v.id === 'number') ||
    (v.kind === 'response' && typeof v.id === 'number' && typeof v.ok === 'boolean') ||
    (v.kind === 'event' && typeof v.name === 'string');
  const visit = (v, depth) => {
    if (!v || typeof v !== 'object' || depth > 4) return;
    if (isProtocol(v)) tap.push(JSON.parse(JSON.stringify(v)));
    else for (const key of Object.keys(v)) visit(v[key], depth + 1);
  };
  const record = (data) => { try { visit(data, 0); } catch { /* never break the page */ } };
  window.addEventListener('message', (e) => record(e.data), true);
  const portPost = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (...args) { record(args[0]); return portPost.apply(this, args); };
})();`;

/**
 * Records every host⇄webview protocol message (src/protocol.ts shapes, also inside VS Code's own envelopes) in
 * `window.__atmosAiTap` of the frame it passes through, so cases can assert on what travelled (e.g. the ping
 * result's activationMs), not only on what was rendered. Call before the workbench loads.
 */
export async function installProtocolTap(page: Page): Promise<void> {
  await page.addInitScript({ content: protocolTapScript });
}

/** Every protocol message the tap saw so far, across frames, without duplicates (a message passes two frames). */
export async function protocolMessages(page: Page): Promise<TappedMessage[]> {
  const seen = new Set<string>();
  const all: TappedMessage[] = [];
  for (const frame of page.frames()) {
    let messages: TappedMessage[];
    try {
      messages = await frame.evaluate(() => ((globalThis as unknown as TapWindow).__atmosAiTap ?? []) as TappedMessage[]);
    } catch {
      continue; // detached or navigating
    }
    for (const m of messages) {
      const key = JSON.stringify(m);
      if (!seen.has(key)) {
        seen.add(key);
        all.push(m);
      }
    }
  }
  return all;
}
