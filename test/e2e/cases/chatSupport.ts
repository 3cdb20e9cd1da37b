/**
 * What the chat cases share: pointing the extension at the scripted provider (workspace settings), storing a
 * key through "Atmos AI: Set API Key", and driving the chat webview (send, wait for items).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import type { E2eContext } from '../context';
import { scriptedProvider, type ScriptedProvider } from './chatScriptedProvider';

export const API_KEY = 'sk-e2e-scripted-key';

/** atmos_where moves from the allowed to the restricted tools, so asking where a value is set needs an approval. */
const ALLOWED = ['atmos_describe_*', 'atmos_list_*', 'atmos_validate_*', 'file_read', 'file_search', 'read_*'];
const RESTRICTED = ['file_write', 'write_*', 'atmos_terraform_plan', 'atmos_where'];

let keyStored = false;
export const markKeyStored = () => (keyStored = true);

/** Writes the workspace settings that select the scripted provider; VS Code picks the file change up live. */
export async function configureScriptedProvider(workspace: string): Promise<ScriptedProvider> {
  const provider = await scriptedProvider();
  const dir = path.join(workspace, '.vscode');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'settings.json');
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const wanted = {
    'atmosAi.provider': 'openai',
    'atmosAi.model': 'scripted-model',
    'atmosAi.providers.openai.baseUrl': provider.url,
    'atmosAi.tools.allowed': ALLOWED,
    'atmosAi.tools.restricted': RESTRICTED,
  };
  if (Object.entries(wanted).some(([k, v]) => JSON.stringify(current[k]) !== JSON.stringify(v))) {
    writeFileSync(file, `${JSON.stringify({ ...current, ...wanted }, null, 2)}\n`);
  }
  return provider;
}

/** Collapses the container's other views, so the chat gets the sidebar's height. */
async function giveChatRoom(page: Page): Promise<void> {
  for (const view of ['Stacks', 'Sessions', 'Agents']) {
    const header = page.locator(`.part.sidebar .pane-header[aria-label^="${view}"]`).first();
    if ((await header.count()) > 0 && (await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }
}

/** The chat webview frame, with the provider chip showing the scripted provider's settings. */
export async function chatFrame(ctx: E2eContext): Promise<Frame> {
  await ctx.openAtmosAi();
  await giveChatRoom(ctx.page);
  const frame = await ctx.webviewFrame('[data-testid="composer-input"]', 45_000);
  await waitFor(async () => (await frame.locator('[data-testid="provider-picker"]').innerText()).includes('OpenAI'), 20_000, 'the provider chip to show OpenAI (workspace settings picked up)');
  return frame;
}

/** Answers VS Code's quick pick / input box: waits for it, types, presses Enter. */
export async function answerQuickInput(page: Page, text: string, expectTitle?: RegExp, expectFirstRow?: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  if (expectTitle) await waitFor(async () => expectTitle.test(await widget.innerText()), 10_000, `a quick input matching ${expectTitle}`);
  const input = widget.locator('input').first();
  await input.fill(text);
  await page.waitForTimeout(250); // the list filters asynchronously
  if (expectFirstRow) {
    const first = widget.locator('.quick-input-list .monaco-list-row').first();
    await waitFor(async () => expectFirstRow.test(await first.innerText()), 10_000, `the first quick-pick row to match ${expectFirstRow}`);
  }
  await input.press('Enter');
}

/**
 * Stores the key, when an earlier case has not already, the way a user would: ask, get the "No API key" card,
 * press its Set API Key button, answer the two prompts.
 */
export async function ensureApiKey(ctx: E2eContext): Promise<void> {
  if (keyStored) return;
  const frame = await chatFrame(ctx);
  await waitIdle(frame);
  const cards = frame.locator('[data-testid="error-card"][data-kind="no_key"]');
  const before = await cards.count();
  await send(frame, 'Hello?');
  await waitFor(async () => (await cards.count()) > before, 15_000, 'the missing-key card');
  await cards.last().locator('button[data-action="setApiKey"]').click();
  await storeKeyInPrompts(ctx.page);
  await frame.locator('[data-testid="composer-input"]').fill('');
}

/** The two prompts of Set API Key: which provider, then the key (a password box). */
export async function storeKeyInPrompts(page: Page): Promise<void> {
  await answerQuickInput(page, 'OpenAI', /Set API Key/, /OpenAI/);
  await answerQuickInput(page, API_KEY, /API key/);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  markKeyStored();
}

export async function send(frame: Frame, text: string): Promise<void> {
  const input = frame.locator('[data-testid="composer-input"]');
  await frame.locator('[data-testid="send"]').waitFor({ state: 'visible', timeout: 15_000 }); // not busy
  await input.fill(text);
  await input.press('Enter');
}

/** Polls until `check` holds (bounded), failing with `what`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** The text of the last assistant answer. */
export async function lastAnswer(frame: Frame): Promise<string> {
  // One read in the page: counting and then reading the n-th row raced the virtual list (a row that left the DOM
  // in between made the read wait 30 s for an element that no longer existed).
  const text = (await frame.evaluate(
    `(() => { const all = document.querySelectorAll('[data-testid="assistant-message"]'); const last = all[all.length - 1]; return last ? last.innerText : ''; })()`,
  )) as string;
  return text.trim();
}

/** Waits for the turn to end (the Send button is back). */
export async function waitIdle(frame: Frame, timeoutMs = 20_000): Promise<void> {
  await frame.locator('[data-testid="send"]').waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * The transcript's length now (the virtual list's data-total). The list keeps only the rows near the viewport
 * in the DOM, so cases find what a turn added by position in the transcript (`rowsFrom`), never by counting
 * elements.
 */
export async function transcriptLength(frame: Frame): Promise<number> {
  return Number((await frame.locator('[data-testid="messages"]').getAttribute('data-total')) ?? 0);
}

/** The rendered rows at transcript position `mark` and after (each row carries its position as data-seq). */
export function rowsFrom(frame: Frame, mark: number): Locator {
  return frame.locator(`xpath=//*[@data-testid="messages"]//div[contains(concat(" ", @class, " "), " message-row ") and number(@data-seq) >= ${mark}]`);
}

const THEMES = {
  dark: { name: 'Default Dark Modern', bodyClass: /\bvscode-dark\b/ },
  light: { name: 'Default Light Modern', bodyClass: /\bvscode-light\b/ },
} as const;

/** Switches the colour theme (workspace setting, picked up live) and waits until the webview has it and painted. */
export async function setTheme(ctx: E2eContext, frame: Frame, theme: keyof typeof THEMES): Promise<void> {
  const file = path.join(ctx.workspace, '.vscode', 'settings.json');
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  if (current['workbench.colorTheme'] !== THEMES[theme].name) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...current, 'workbench.colorTheme': THEMES[theme].name }, null, 2)}\n`);
  }
  await waitFor(async () => THEMES[theme].bodyClass.test((await frame.locator('body').getAttribute('class')) ?? ''), 15_000, `the webview in the ${theme} theme`);
  // two animation frames in the webview and the page: the new colours are painted before a screenshot
  const painted = `new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(true))))`;
  await frame.evaluate(painted);
  await ctx.page.evaluate(painted);
}

/** Screenshots of the current state in the dark theme and in the light one (`<name>-dark`, `<name>-light`), back to dark after. */
export async function screenshotThemes(ctx: E2eContext, frame: Frame, name: string): Promise<void> {
  await setTheme(ctx, frame, 'dark');
  await ctx.screenshot(`${name}-dark`);
  await setTheme(ctx, frame, 'light');
  await ctx.screenshot(`${name}-light`);
  await setTheme(ctx, frame, 'dark');
}

/** The chat against the scripted provider with a stored key, loaded and idle: where most chat cases start. */
export async function readyChat(ctx: E2eContext): Promise<Frame> {
  await configureScriptedProvider(ctx.workspace);
  await ensureApiKey(ctx);
  const frame = await chatFrame(ctx);
  await waitIdle(frame);
  return frame;
}
