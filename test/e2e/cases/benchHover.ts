/**
 * Benchmark, not a test (never in the CI list): hover latency in real VS Code on a synthetic repository, from the
 * mouse reaching a key to the hover showing the resolved values, Playwright's round trips included (so an upper
 * bound of what a user waits). `npm run bench -- hoverVsCode` generates the repository and runs this case on it.
 * Warm: the same hover again (engine and resolved components cached). After a save: the file was just saved with a
 * change, so the engine recomputes the stacks it reaches before it can answer.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { E2eCase } from '../context';
import { activeEditor, hoverText, openFile, wordIn } from './editorHelpers';

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Moves the mouse off the editor and waits until no hover is shown. */
async function dismissHover(page: Page): Promise<void> {
  await page.mouse.move(2, 2);
  await page.keyboard.press('Escape');
  await page
    .locator('.monaco-hover:not(.hidden) .monaco-hover-content')
    .first()
    .waitFor({ state: 'hidden', timeout: 5_000 })
    .catch(() => undefined);
}

/**
 * Mouse onto the word → a visible hover whose text matches, timed in the page on animation frames (the shared
 * hoverText helper polls every 250 ms, too coarse for a benchmark).
 */
async function timeHover(page: Page, line: string, word: string, expect: RegExp): Promise<number> {
  await dismissHover(page);
  const box = await wordIn(page, line, word).boundingBox();
  if (!box) throw new Error(`'${word}' is not on screen`);
  const t0 = performance.now();
  await page.mouse.move(box.x + 4, box.y + box.height / 2);
  const check = `[...document.querySelectorAll('.monaco-hover-content')].some((e) => e.offsetParent !== null && ${expect.toString()}.test(e.textContent || ''))`;
  await page.waitForFunction(check, undefined, { polling: 'raf', timeout: 60_000 });
  return performance.now() - t0;
}

/** Appends a comment line and saves (Ctrl+End, type, Ctrl+S), as a user editing the file would. */
async function editAndSave(page: Page, n: number): Promise<void> {
  await activeEditor(page).click({ position: { x: 200, y: 5 } });
  await page.keyboard.press('Control+End');
  await page.keyboard.type(`\n# bench edit ${n}`);
  await page.keyboard.press('Escape'); // a completion list opened by typing would cover the word
  await page.keyboard.press('Control+S');
  await page.locator('.editor-group-container.active .tab.active.dirty').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
}

export const hoverLatencyBench: E2eCase = {
  name: 'bench: hover latency in real VS Code',
  timeoutMs: 900_000,
  async run({ page, workspace, figure }) {
    // hover as soon as the mouse rests: we time our provider, not VS Code's delay
    const dir = path.join(workspace, '.vscode');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'settings.json');
    const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    writeFileSync(file, JSON.stringify({ ...current, 'editor.hover.delay': 0, 'editor.hover.sticky': false }, null, 2));

    const stage = ['dev', 'qa', 'staging'].find((s) => existsSync(path.join(workspace, 'stacks/orgs/t0', s, '_defaults.yaml')));
    const targets = [
      { what: 'catalog var (reaches most stacks)', rel: 'stacks/catalog/svc00/defaults.yaml', line: 'svc00_opt0', word: 'svc00_opt0' },
      ...(stage ? [{ what: 'stage _defaults var', rel: `stacks/orgs/t0/${stage}/_defaults.yaml`, line: 'stage:', word: 'stage' }] : []),
    ];
    // baseline: a hover that needs no resolved value (an import line: which files it names), same pipeline
    const leaf = ['us-east-1', 'us-east-2'].map((r) => `stacks/orgs/t0/${stage}/${r}.yaml`).find((rel) => existsSync(path.join(workspace, rel)));
    if (leaf && stage) {
      await openFile(page, leaf);
      const importLine = `orgs/t0/${stage}/_defaults`;
      await hoverText(page, wordIn(page, importLine, importLine), /file/, 120_000);
      const base: number[] = [];
      for (let i = 0; i < 15; i++) base.push(await timeHover(page, importLine, importLine, /file/));
      figure('hover baseline (import line, no value resolution) p50 / p95', `${percentile(base, 50).toFixed(0)} ms / ${percentile(base, 95).toFixed(0)} ms`);
    }
    for (const t of targets) {
      await openFile(page, t.rel);
      // the first hover also waits for the engine to open the repository
      const t0 = performance.now();
      await hoverText(page, wordIn(page, t.line, t.word), /resolved in/, 120_000);
      const first = performance.now() - t0;
      const warm: number[] = [];
      for (let i = 0; i < 15; i++) warm.push(await timeHover(page, t.line, t.word, /resolved in/));
      const saved: number[] = [];
      for (let i = 0; i < 5; i++) {
        await editAndSave(page, i);
        saved.push(await timeHover(page, t.line, t.word, /resolved in/));
      }
      const f = (n: number): string => `${n.toFixed(0)} ms`;
      figure(`hover ${t.what}: first (engine opening)`, f(first));
      figure(`hover ${t.what}: warm p50 / p95`, `${f(percentile(warm, 50))} / ${f(percentile(warm, 95))}`);
      figure(`hover ${t.what}: after a save p50 / max`, `${f(percentile(saved, 50))} / ${f(Math.max(...saved))}`);
    }
  },
};

export const benchCases: E2eCase[] = [hoverLatencyBench];
