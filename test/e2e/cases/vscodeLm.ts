/**
 * "VS Code language models" for real: the fixture extension test/e2e/fixtures/lm-provider-extension registers a
 * scripted vscode.lm model (vendor atmos-e2e, no Copilot involved), the chat is switched to provider `vscode`
 * with that model, and a turn with two parallel tool calls runs through VS Code's own LM plumbing. What the
 * model received (the fixture logs every request) shows the system prompt and the native tool-call / tool-result
 * parts with matching call ids.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eCase } from '../context';
import { lastAnswer, rowsFrom, send, transcriptLength, waitFor, waitIdle } from './chatSupport';

interface LoggedPart {
  kind: 'text' | 'tool_call' | 'tool_result' | 'other';
  value?: string;
  callId?: string;
  name?: string;
  content?: string;
}
interface LoggedRequest {
  messages: { role: string; parts: LoggedPart[] }[];
  tools: string[];
}

const SETTINGS = {
  'atmosAi.provider': 'vscode',
  'atmosAi.model': 'e2e-scripted',
};

export const chatVsCodeLm: E2eCase = {
  name: 'chat: VS Code language models (a third-party vscode.lm model) — streamed answer, parallel tool calls, native tool results with their call ids',
  timeoutMs: 120_000,
  async run(ctx) {
    const dir = path.join(ctx.workspace, '.vscode');
    const settingsFile = path.join(dir, 'settings.json');
    const logFile = path.join(dir, 'lm-provider-requests.jsonl');
    mkdirSync(dir, { recursive: true });
    const before = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
    rmSync(logFile, { force: true });
    const current = before ? (JSON.parse(before) as Record<string, unknown>) : {};
    writeFileSync(settingsFile, `${JSON.stringify({ ...current, ...SETTINGS }, null, 2)}\n`);
    try {
      await ctx.openAtmosAi();
      // The chat gets the sidebar's height (the other views collapsed), so the screenshot shows the tool cards.
      for (const view of ['Stacks', 'Sessions', 'Agents']) {
        const header = ctx.page.locator(`.part.sidebar .pane-header[aria-label^="${view}"]`).first();
        if ((await header.count()) > 0 && (await header.getAttribute('aria-expanded')) === 'true') await header.click();
      }
      const frame = await ctx.webviewFrame('[data-testid="composer-input"]', 45_000);
      const chip = frame.locator('[data-testid="provider-picker"]');
      await waitFor(async () => /VS Code/.test(await chip.innerText()), 20_000, 'the provider chip to show VS Code language models');

      await send(frame, 'Hi?');
      await waitFor(async () => (await lastAnswer(frame)).includes('Hello from the VS Code language model.'), 30_000, 'the scripted vscode.lm greeting');
      await waitIdle(frame);

      const mark = await transcriptLength(frame);
      await send(frame, '[lm-tool] Which stacks and components are there?');
      await waitFor(async () => /Result call_e2e_2: \S+/.test(await lastAnswer(frame)), 40_000, 'the answer built from both tool results');
      await waitIdle(frame, 30_000);
      const answer = await lastAnswer(frame);
      assert.match(answer, /Result call_e2e_1: \S+/);
      const cards = rowsFrom(frame, mark).locator('[data-testid="tool-card"]');
      assert.deepEqual((await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-tool')))).sort(), ['atmos_list_components', 'atmos_list_stacks']);
      await ctx.screenshot('chat-vscode-lm-tools');

      const requests = readFileSync(logFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as LoggedRequest);
      assert.ok(requests.length >= 3, `greeting, tool calls, answer: ${requests.length} requests`);
      const first = requests[0];
      const last = requests.find((r) => r.messages[r.messages.length - 1].parts.some((p) => p.kind === 'tool_result'));
      assert.ok(last, 'a request carried the tool results');
      // No system role in vscode.lm: the system prompt leads as a user message.
      assert.equal(first.messages[0].role, 'user');
      assert.match(first.messages[0].parts.map((p) => p.value ?? '').join(''), /Atmos/);
      assert.ok(first.tools.includes('atmos_list_stacks') && first.tools.includes('atmos_list_components'), `tools offered: ${first.tools.join(', ')}`);
      const calls = last.messages.flatMap((m) => (m.role === 'assistant' ? m.parts.filter((p) => p.kind === 'tool_call') : []));
      assert.deepEqual(calls.map((c) => [c.callId, c.name]), [
        ['call_e2e_1', 'atmos_list_stacks'],
        ['call_e2e_2', 'atmos_list_components'],
      ]);
      const results = last.messages[last.messages.length - 1].parts.filter((p) => p.kind === 'tool_result');
      assert.deepEqual(results.map((r) => r.callId), ['call_e2e_1', 'call_e2e_2'], 'native tool results, same ids, in the last user message');
      assert.ok(results.every((r) => (r.content ?? '').length > 2), 'each result carries the tool output');
    } finally {
      if (before === undefined) rmSync(settingsFile, { force: true });
      else writeFileSync(settingsFile, before);
    }
  },
};
