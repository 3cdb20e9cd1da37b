/**
 * The palette's workflows on examples/acme, against the scripted provider: Analyze Stack, Explain Component and
 * Security Audit (a pick, then a chat turn with the right agent and the pick as context), Init ATMOS.md, Open Audit
 * Log, New Session, Select Model / Agent, Use Agent in Chat (Agents tree), the status bar item and the walkthrough.
 * Each case can run alone (--grep "editor: command"); each puts back the agent, model and editors it changed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { E2eCase, E2eContext } from '../context';
import { answerQuickInput, chatFrame, configureScriptedProvider, ensureApiKey, lastAnswer, rowsFrom, send, transcriptLength, waitFor, waitIdle } from './chatSupport';
import type { ScriptedProvider } from './chatScriptedProvider';
import { activeEditorText, collapsePane, expandedPane, runCommand, waitForActiveTab } from './editorHelpers';

const STACK = 'plat-ue2-prod';
const GREETING = 'Hello from the scripted provider.';

async function quickPickGone(page: Page): Promise<void> {
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Answers the quick pick titled `title`: waits for that title (the palette that ran the command shows the
 * command's name in its rows, so matching the widget's whole text could answer the palette), types, checks the
 * first row, presses Enter.
 */
async function pick(page: Page, title: RegExp, text: string, firstRow?: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await waitFor(async () => (await widget.isVisible()) && title.test(await widget.locator('.quick-input-title').innerText()), 15_000, `a quick pick titled ${title}`);
  const input = widget.locator('input').first();
  await input.fill(text);
  if (firstRow) {
    const first = widget.locator('.quick-input-list .monaco-list-row').first();
    let seen = '';
    await waitFor(async () => firstRow.test((seen = (await first.innerText()).trim())), 10_000, `the first row of ${title} to match ${firstRow}`).catch((err: Error) => {
      throw new Error(`${err.message}; it reads ${JSON.stringify(seen)}`);
    });
  }
  await input.press('Enter');
}

/** The chat ready for a turn: scripted provider, a stored key, no turn running. */
async function readyChat(ctx: E2eContext): Promise<{ frame: Frame; provider: ScriptedProvider }> {
  const provider = await configureScriptedProvider(ctx.workspace);
  await ensureApiKey(ctx);
  const frame = await chatFrame(ctx);
  await waitIdle(frame);
  return { frame, provider };
}

/** Select Agent from the palette, picking the agent by its display name; waits for the header chip. */
async function selectAgent(page: Page, frame: Frame, displayName: string): Promise<void> {
  await runCommand(page, 'Atmos AI: Select Agent');
  await pick(page, /Select Agent/, displayName, new RegExp(displayName));
  await quickPickGone(page);
  await waitFor(async () => (await frame.locator('[data-testid="agent-picker"]').innerText()).includes(displayName), 10_000, `the agent chip to show ${displayName}`);
}

/**
 * Runs a workflow command, answers its picks, and waits for the turn it starts to end with the scripted answer.
 * Returns the user message the chat shows and the request the provider received.
 */
async function workflowTurn(ctx: E2eContext, frame: Frame, provider: ScriptedProvider, command: string, picks: { text: string; title: RegExp; row: RegExp }[]) {
  const mark = await transcriptLength(frame);
  const requests = provider.seen.length;
  await runCommand(ctx.page, command);
  for (const p of picks) await pick(ctx.page, p.title, p.text, p.row);
  await quickPickGone(ctx.page);
  const user = rowsFrom(frame, mark).locator('[data-testid="user-message"]').first();
  await user.waitFor({ state: 'visible', timeout: 20_000 });
  await waitFor(async () => provider.seen.length > requests && (await lastAnswer(frame)).includes(GREETING), 20_000, 'the scripted answer to the workflow question');
  await waitIdle(frame);
  return { question: (await user.innerText()).trim(), request: provider.seen[provider.seen.length - 1] };
}

export const commandAnalyzeStack: E2eCase = {
  name: 'editor: command Analyze Stack asks the stack-analyzer about the picked stack in the chat',
  timeoutMs: 90_000,
  async run(ctx) {
    const { frame, provider } = await readyChat(ctx);
    try {
      const { question, request } = await workflowTurn(ctx, frame, provider, 'Atmos AI: Analyze Stack', [{ text: STACK, title: /Analyze Stack/, row: new RegExp(`^${STACK}`) }]);
      assert.match(question, new RegExp(`Analyze the stack @${STACK}`), 'the user message names the stack');
      assert.match(await frame.locator('[data-testid="agent-picker"]').innerText(), /Stack analyzer/);
      assert.match(request.system, /stack analyzer/i, "the system prompt is the stack-analyzer's");
      assert.doesNotMatch(request.system, /security auditor/i);
      // the stack arrives as context: its component list, as the engine resolves it
      assert.match(request.lastUserText, new RegExp(`Stack \`${STACK}\`: \\d+ components: .*vpc \\(terraform\\)`));
      await ctx.screenshot('command-analyze-stack');
    } finally {
      await selectAgent(ctx.page, frame, 'General');
    }
  },
};

export const commandExplainAudit: E2eCase = {
  name: 'editor: command Explain Component and Security Audit send their picks (security-auditor for the audit)',
  timeoutMs: 120_000,
  async run(ctx) {
    const { frame, provider } = await readyChat(ctx);
    try {
      const explained = await workflowTurn(ctx, frame, provider, 'Atmos AI: Explain Component', [
        { text: 'vpc', title: /Explain Component/, row: /^vpc\s*terraform/ },
        { text: STACK, title: /Explain vpc in which stack/, row: new RegExp(`^${STACK}`) },
      ]);
      assert.match(explained.question, new RegExp(`Explain the component @vpc in the stack @${STACK}`));
      assert.match(explained.request.lastUserText, /Component `vpc` \(terraform\) is in \d+ stacks: .*plat-ue2-prod/);
      assert.match(explained.request.lastUserText, new RegExp(`Stack \`${STACK}\`: \\d+ components`));
      assert.match(await frame.locator('[data-testid="agent-picker"]').innerText(), /General/, 'Explain keeps the selected agent');

      const audited = await workflowTurn(ctx, frame, provider, 'Atmos AI: Security Audit', [{ text: STACK, title: /Security Audit/, row: new RegExp(`^${STACK}`) }]);
      assert.match(audited.question, new RegExp(`security audit of the stack @${STACK}`));
      assert.match(await frame.locator('[data-testid="agent-picker"]').innerText(), /Security auditor/);
      assert.match(audited.request.system, /security auditor/i, "the system prompt is the security-auditor's");
      assert.match(audited.request.lastUserText, new RegExp(`Stack \`${STACK}\`: \\d+ components`));
      await ctx.screenshot('command-security-audit');
    } finally {
      await selectAgent(ctx.page, frame, 'General');
    }
  },
};

export const commandInitMemory: E2eCase = {
  name: 'editor: command Init ATMOS.md writes the engine facts into ATMOS.md and opens it',
  timeoutMs: 60_000,
  async run(ctx) {
    const file = path.join(ctx.workspace, 'ATMOS.md');
    assert.equal(existsSync(file), false, 'the workspace starts without ATMOS.md');
    try {
      await runCommand(ctx.page, 'Atmos AI: Init ATMOS.md');
      await waitForActiveTab(ctx.page, 'ATMOS.md');
      await waitFor(async () => existsSync(file), 10_000, 'ATMOS.md on disk');
      const text = readFileSync(file, 'utf8');
      assert.match(text, /^# ATMOS\.md/);
      assert.match(text, /This repository deploys \d+ components across 12 stacks/);
      assert.match(text, /12 stacks: .*plat-ue2-prod/);
      assert.match(text, /\| vpc \| terraform \|/);
      await waitFor(async () => /ATMOS\.md — project memory/.test(await activeEditorText(ctx.page)), 10_000, 'the editor to show ATMOS.md');
      await ctx.screenshot('command-init-memory');
    } finally {
      await runCommand(ctx.page, 'View: Close All Editors').catch(() => undefined);
      rmSync(file, { force: true }); // later turns would read it as project memory
    }
  },
};

export const commandAuditLog: E2eCase = {
  name: 'editor: command Open Audit Log opens the JSONL with the tool call just made',
  timeoutMs: 90_000,
  async run(ctx) {
    const { frame } = await readyChat(ctx);
    // a tool call: the scripted [where] question calls atmos_where (restricted in the e2e settings: approve it)
    const mark = await transcriptLength(frame);
    await send(frame, '[where] Where is the VPC CIDR of plat-ue2-dev set?');
    const card = rowsFrom(frame, mark).locator('[data-testid="tool-card"]').first();
    await card.waitFor({ state: 'visible', timeout: 20_000 });
    await waitFor(async () => ['awaiting_approval', 'success'].includes((await card.getAttribute('data-status')) ?? ''), 15_000, 'the tool card to ask or run');
    if ((await card.getAttribute('data-status')) === 'awaiting_approval') await card.locator('button[data-answer="allow_once"]').click();
    await waitFor(async () => (await lastAnswer(frame)).includes('10.110.0.0/16'), 20_000, 'the answer with the engine value');
    await waitIdle(frame);

    const log = path.join(ctx.workspace, '.atmos', 'ai-audit.log');
    try {
      await runCommand(ctx.page, 'Atmos AI: Open Audit Log');
      await waitForActiveTab(ctx.page, 'ai-audit.log');
      const entries = readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const where = entries.filter((e) => JSON.stringify(e).includes('atmos_where'));
      assert.ok(where.length > 0, `no atmos_where entry in ${entries.length} audit lines`);
      assert.match(JSON.stringify(where[where.length - 1]), /plat-ue2-dev/);
      await waitFor(async () => (await activeEditorText(ctx.page)).includes('atmos_where'), 10_000, 'the editor to show an atmos_where line');
      await ctx.screenshot('command-audit-log');
    } finally {
      await runCommand(ctx.page, 'View: Close All Editors').catch(() => undefined);
    }
  },
};

export const commandSessionModelAgent: E2eCase = {
  name: 'editor: command New Session, Select Model, Select Agent and Use Agent in Chat change the chat header',
  timeoutMs: 120_000,
  async run(ctx) {
    const { page } = ctx;
    const { frame } = await readyChat(ctx);
    const title = frame.locator('[data-testid="session-title"]');
    if ((await transcriptLength(frame)) === 0) {
      await send(frame, 'Hello?');
      await waitFor(async () => (await lastAnswer(frame)).includes(GREETING), 20_000, 'a first answer');
      await waitIdle(frame);
    }
    // New Session: an empty transcript under a fresh title
    await runCommand(page, 'Atmos AI: New Session');
    await waitFor(async () => (await transcriptLength(frame)) === 0 && (await title.innerText()).trim() === 'New session', 10_000, 'an empty new session');

    const model = frame.locator('[data-testid="model-picker"]');
    try {
      // Select Model: the scripted server's /models list, and a typed id
      await runCommand(page, 'Atmos AI: Select Model');
      const widget = page.locator('.quick-input-widget');
      await widget.locator('.monaco-list-row', { hasText: 'scripted-model' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await pick(page, /Select Model \(OpenAI\)/, 'Enter a model id', /Enter a model id/);
      await pick(page, /Model id/, 'gpt-4o');
      await quickPickGone(page);
      await waitFor(async () => (await model.innerText()).includes('gpt-4o'), 10_000, 'the model chip to show gpt-4o');
    } finally {
      await runCommand(page, 'Atmos AI: Select Model');
      await pick(page, /Select Model/, 'scripted-model', /scripted-model/);
      await quickPickGone(page);
      await waitFor(async () => (await model.innerText()).includes('scripted-model'), 10_000, 'the model chip back on scripted-model');
    }

    await selectAgent(page, frame, 'Security auditor');
    const status = page.locator('.part.statusbar .statusbar-item', { hasText: /OpenAI · scripted-model · / }).first();
    try {
      // Use Agent in Chat: the Agents tree's inline action. The chat pane folds away to give the tree room (a
      // panel may be open below), which disposes its webview: the header is read again once it is back.
      await collapsePane(page, 'Chat');
      const agents = await expandedPane(page, 'Agents');
      const row = agents.locator('.monaco-list-row', { hasText: 'config-validator' }).first();
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      await row.scrollIntoViewIfNeeded();
      await row.hover();
      await row.locator('.action-label[aria-label^="Use Agent in Chat"]').click();
      await waitFor(async () => (await status.innerText()).includes('· config-validator ·'), 10_000, 'the status bar to show config-validator');
      await collapsePane(page, 'Agents');
      await expandedPane(page, 'Chat');
      const chat = await chatFrame(ctx);
      await waitFor(async () => (await chat.locator('[data-testid="agent-picker"]').innerText()).includes('Config validator'), 10_000, 'the agent chip to show Config validator');
      await ctx.screenshot('command-select-agent');
    } finally {
      await collapsePane(page, 'Agents');
      await expandedPane(page, 'Chat');
      await selectAgent(page, await chatFrame(ctx), 'General');
    }
  },
};

export const commandStatusBar: E2eCase = {
  name: 'editor: command status bar item shows provider · model · agent and the engine state; a click offers actions, Open Chat among them',
  timeoutMs: 60_000,
  async run(ctx) {
    const { page } = ctx;
    const { frame } = await readyChat(ctx);
    const item = page.locator('.part.statusbar .statusbar-item', { hasText: /OpenAI · scripted-model · / }).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor(async () => /OpenAI · scripted-model · [\w-]+ · 12 stacks/.test(await item.innerText()), 15_000, 'provider · model · agent · 12 stacks');
    try {
      await selectAgent(page, frame, 'Stack analyzer');
      await waitFor(async () => (await item.innerText()).includes('· stack-analyzer ·'), 10_000, 'the status bar to follow the agent');
    } finally {
      await selectAgent(page, frame, 'General');
    }
    await waitFor(async () => (await item.innerText()).includes('· general ·'), 10_000, 'the status bar back on general');
    // away from the chat, so the menu's Open Chat has something to do
    const sideTitle = page.locator('.part.sidebar .composite.title .title-label').first();
    await runCommand(page, 'View: Show Explorer');
    await waitFor(async () => /explorer/i.test(await sideTitle.innerText()), 10_000, 'the Explorer in the sidebar');
    await item.click();
    const widget = page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: 10_000 });
    const rows = widget.locator('.monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
    const labels = (await rows.allInnerTexts()).map((t) => t.trim());
    for (const action of ['Open Chat', 'Select Provider', 'Select Model', 'Select Agent', 'Validate Stacks']) {
      assert.ok(labels.some((l) => l.includes(action)), `${action} missing from the status menu: ${JSON.stringify(labels)}`);
    }
    await ctx.screenshot('command-status-menu');
    await answerQuickInput(page, 'Open Chat', undefined, /Open Chat/);
    await quickPickGone(page);
    await waitFor(async () => /atmos ai/i.test(await sideTitle.innerText()), 10_000, 'the Atmos AI container back in the sidebar');
    await waitIdle(await chatFrame(ctx)); // the chat itself, ready
  },
};

export const commandWalkthrough: E2eCase = {
  name: 'editor: command Open Walkthrough lists the Atmos AI walkthrough and shows its steps',
  timeoutMs: 60_000,
  async run(ctx) {
    const { page } = ctx;
    try {
      await runCommand(page, 'Welcome: Open Walkthrough...');
      // this pick has no title: wait for its row (the palette's rows never name a walkthrough)
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with Atmos AI' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await answerQuickInput(page, 'Atmos AI', undefined, /Get started with Atmos AI/);
      const walkthrough = page.locator('.part.editor .gettingStartedContainer').first();
      await walkthrough.waitFor({ state: 'visible', timeout: 15_000 });
      const steps = ['Choose a provider', 'Set an API key', 'Open the chat', 'Analyze a stack'];
      await waitFor(async () => {
        const text = await walkthrough.innerText();
        return text.includes('Get started with Atmos AI') && steps.every((s) => text.includes(s));
      }, 15_000, `the walkthrough with the steps ${steps.join(', ')}`);
      await ctx.screenshot('command-walkthrough');
    } finally {
      await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    }
  },
};

/** In list order: the chat turns first (they reuse one key), then the header, the status bar, the walkthrough. */
export const editorCommandCases: E2eCase[] = [commandAnalyzeStack, commandExplainAudit, commandInitMemory, commandAuditLog, commandSessionModelAgent, commandStatusBar, commandWalkthrough];
