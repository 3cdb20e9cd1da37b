/** Editor integration (issue 9) in real VS Code on the examples/acme copy. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { E2eCase } from '../context';
import { sleep } from '../processes';
import { activeEditor, activeEditorText, collapsePane, expandedPane, hoverText, openFile, runCommand, waitForActiveTab, wordIn } from './editorHelpers';

const expectedStacks = ['core', 'plat'].flatMap((t) => ['ue2', 'uw2'].flatMap((e) => ['dev', 'prod', 'staging'].map((s) => `${t}-${e}-${s}`)));

export const editorStacksTree: E2eCase = {
  name: 'editor: the Stacks tree lists the example stacks and opens a resolved component',
  timeoutMs: 90_000,
  async run({ page, openAtmosAi, screenshot }) {
    await openAtmosAi();
    for (const other of ['Chat', 'Sessions', 'Agents']) await collapsePane(page, other);
    try {
      await stacksTreeSteps(page, screenshot);
    } finally {
      await page.keyboard.press('Escape'); // a menu or quick pick left open would swallow the click
      await expandedPane(page, 'Chat'); // the chat cases expect it open
    }
  },
};

async function stacksTreeSteps(page: Page, screenshot: (name: string) => Promise<string>): Promise<void> {
  const pane = await expandedPane(page, 'Stacks');
  const rows = pane.locator('.monaco-list-row');
  await rows.filter({ hasText: 'plat-ue2-prod' }).first().waitFor({ state: 'visible', timeout: 45_000 });
  // start from collapsed stacks (a retry finds the tree as the failed attempt left it)
  const expandedStack = pane.locator('.monaco-list-row[aria-expanded="true"]', { hasText: /^\s*(core|plat)-u[ew]2-(dev|prod|staging)\s*$/ });
  for (let i = 0; i < expectedStacks.length && (await expandedStack.count()) > 0; i++) {
    await expandedStack.first().click();
    await sleep(200);
  }
  const labels = (await rows.allInnerTexts()).map((t) => t.trim().split('\n')[0]);
  for (const s of expectedStacks) assert.ok(labels.includes(s), `stack ${s} missing from the tree: ${JSON.stringify(labels)}`);
  for (const g of ['core', 'plat', 'ue2', 'uw2']) assert.ok(labels.includes(g), `group ${g} missing: ${JSON.stringify(labels)}`);
  await screenshot('editor-stacks-tree');
  // the status bar item: the engine's state
  const status = page.locator('.statusbar-item', { hasText: /12 stacks/ }).first();
  await status.waitFor({ state: 'visible', timeout: 15_000 });

  // stack → components → the resolved config of vpc as a read-only atmos-ai: document
  await rows.filter({ hasText: 'plat-ue2-prod' }).first().click();
  const vpc = rows.filter({ has: page.locator('.label-name', { hasText: /^vpc$/ }) }).first();
  await vpc.waitFor({ state: 'visible', timeout: 15_000 });
  await vpc.click();
  await waitForActiveTab(page, 'vpc.yaml');
  await activeEditor(page).locator('.view-line', { hasText: 'ipv4_primary_cidr_block' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  const text = await activeEditorText(page);
  assert.match(text, /atmos describe component vpc -s plat-ue2-prod/);
  assert.match(text, /ipv4_primary_cidr_block: 10\.130\.0\.0\/16/);
  // provenance hover on the value
  const hover = await hoverText(page, wordIn(page, 'ipv4_primary_cidr_block', '10.130.0.0/16'), /Set by/);
  assert.match(hover, /orgs\/acme\/plat\/prod\/_defaults\.yaml:21/);
  assert.match(hover, /catalog\/vpc\/defaults\.yaml:18/);
  await screenshot('editor-describe-provenance-hover');
  await page.keyboard.press('Escape');

  // context menu → Where Is This Set? → the winning file:line. The tree is a virtual list: make sure the vpc row
  // is rendered and on screen (collapse the other groups, scroll it in) before right-clicking it.
  await collapsePane(page, 'Chat');
  const core = rows.filter({ has: page.locator('.label-name', { hasText: /^core$/ }) }).first();
  if ((await core.getAttribute('aria-expanded')) === 'true') await core.click();
  await vpc.waitFor({ state: 'visible', timeout: 10_000 });
  await vpc.scrollIntoViewIfNeeded();
  await vpc.click({ button: 'right' });
  const menuItem = page.getByRole('menuitem', { name: 'Where Is This Set?' }).first();
  await menuItem.waitFor({ state: 'visible', timeout: 10_000 });
  await menuItem.click();
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('vars.ipv4_primary_cidr_block');
  const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'orgs/acme/plat/prod/_defaults.yaml:21' }).first();
  await pick.waitFor({ state: 'visible', timeout: 10_000 });
  await screenshot('editor-where-is-this-set');
  await pick.click();
  await waitForActiveTab(page, '_defaults.yaml');
  await page.locator('.statusbar-item', { hasText: /Ln 21, Col 9/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
}

export const editorStackHover: E2eCase = {
  name: 'editor: a hover on a var shows its value and the overriding file',
  timeoutMs: 90_000,
  async run({ page, screenshot }) {
    await openFile(page, 'stacks/catalog/vpc/defaults.yaml');
    const hover = await hoverText(page, wordIn(page, 'ipv4_primary_cidr_block', 'ipv4_primary_cidr_block'), /plat-ue2-prod/);
    assert.match(hover, /plat-ue2-prod/);
    assert.match(hover, /10\.130\.0\.0\/16/);
    assert.match(hover, /overridden by orgs\/acme\/plat\/prod\/_defaults\.yaml:21/);
    await screenshot('editor-stack-hover');
  },
};

export const editorImportDefinition: E2eCase = {
  name: 'editor: an import hover lists its file; go to definition lands in it',
  async run({ page, screenshot }) {
    await openFile(page, 'stacks/orgs/acme/plat/prod/_defaults.yaml');
    const importHover = await hoverText(page, wordIn(page, 'mixins/stage/prod', 'mixins/stage/prod'), /→ 1 file/);
    assert.match(importHover, /mixins\/stage\/prod\.yaml/);
    await page.keyboard.press('Escape');
    await wordIn(page, 'mixins/stage/prod', 'mixins/stage/prod').click({ position: { x: 10, y: 5 } });
    await page.keyboard.press('F12');
    await waitForActiveTab(page, 'prod.yaml');
    const crumbs = (await page.locator('.editor-group-container.active .monaco-breadcrumbs').first().innerText()).replace(/\s+/g, ' ');
    assert.match(crumbs, /mixins.*stage.*prod\.yaml/, `breadcrumbs: ${crumbs}`);
    await screenshot('editor-import-definition');
  },
};

export const editorCodeLens: E2eCase = {
  name: 'editor: the component code lens describes it in a picked stack',
  timeoutMs: 90_000,
  async run({ page, screenshot }) {
    await openFile(page, 'stacks/catalog/vpc/standard.yaml');
    const lens = activeEditor(page).locator('.codelens-decoration a', { hasText: /Describe · 12 stacks/ }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    const imports = activeEditor(page).locator('.codelens-decoration', { hasText: /imports 1 file/ }).first();
    await imports.waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot('editor-code-lens');
    await lens.click();
    const input = page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('core-uw2-staging');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'core-uw2-staging' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Enter');
    await waitForActiveTab(page, 'vpc.yaml');
    await activeEditor(page).locator('.view-line', { hasText: 'atmos describe component vpc -s core-uw2-staging' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('editor-code-lens-describe');
  },
};

export const editorValidate: E2eCase = {
  name: 'editor: Validate Stacks puts a located problem in the Problems panel',
  timeoutMs: 90_000,
  async run({ page, workspace, screenshot }) {
    const broken = path.join(workspace, 'stacks/mixins/region/us-west-2.yaml');
    const original = readFileSync(broken, 'utf8');
    const standard = path.join(workspace, 'stacks/catalog/vpc/standard.yaml');
    const standardOriginal = readFileSync(standard, 'utf8');
    writeFileSync(broken, `${original}\nvars:\n  broken: [unclosed\n`);
    writeFileSync(standard, standardOriginal.replace('          - vpc/defaults', '          - vpc/defaults\n          - vpc/nope'));
    try {
      await sleep(500);
      await runCommand(page, 'Atmos AI: Validate Stacks');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /Atmos AI: \d+ errors?/ }).first();
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel .monaco-list-row');
      const row = problems.filter({ hasText: /invalid YAML/ }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      const fileRow = problems.filter({ hasText: 'us-west-2.yaml' }).first();
      await fileRow.waitFor({ state: 'visible', timeout: 5_000 });
      const rowText = await row.innerText();
      assert.match(rowText, /\[Ln \d+, Col \d+\]/, `problem is not located: ${rowText}`);
      // the unknown inherits base, at its own line of catalog/vpc/standard.yaml (line 12 after the insert)
      const inherits = problems.filter({ hasText: /inherits 'vpc\/nope'/ }).first();
      await inherits.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await inherits.innerText(), /\[Ln 12, Col 13\]/);
      await screenshot('editor-validate-problems');
    } finally {
      writeFileSync(broken, original);
      writeFileSync(standard, standardOriginal);
    }
    // fixed file: the problem goes away on the next validation
    await sleep(500);
    await runCommand(page, 'Atmos AI: Validate Stacks');
    await page.locator('.notifications-toasts .notification-toast', { hasText: /stacks valid, no problems/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Escape');
  },
};

export const editorLiveHover: E2eCase = {
  name: 'editor: editing a _defaults.yaml updates the hover without reload',
  timeoutMs: 90_000,
  async run({ page, workspace, screenshot }) {
    const edited = path.join(workspace, 'stacks/orgs/acme/plat/prod/_defaults.yaml');
    const original = readFileSync(edited, 'utf8');
    try {
      await liveHoverSteps(page, screenshot);
    } finally {
      writeFileSync(edited, original); // later cases read the example's values
    }
  },
};

async function liveHoverSteps(page: Page, screenshot: (name: string) => Promise<string>): Promise<void> {
  await openFile(page, 'stacks/catalog/vpc/defaults.yaml');
  await hoverText(page, wordIn(page, 'ipv4_primary_cidr_block', 'ipv4_primary_cidr_block'), /10\.130\.0\.0\/16/);
  await page.keyboard.press('Escape');
  await openFile(page, 'stacks/orgs/acme/plat/prod/_defaults.yaml');
  const value = wordIn(page, 'ipv4_primary_cidr_block', '10.130.0.0/16');
  await value.dblclick({ position: { x: 4, y: 5 } });
  // select the whole value on its line and retype it
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('ipv4_primary_cidr_block: 10.199.0.0/16');
  await page.keyboard.press('Control+S');
  await activeEditor(page).locator('.view-line', { hasText: '10.199.0.0/16' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await openFile(page, 'stacks/catalog/vpc/defaults.yaml');
  const hover = await hoverText(page, wordIn(page, 'ipv4_primary_cidr_block', 'ipv4_primary_cidr_block'), /10\.199\.0\.0\/16/, 30_000);
  assert.doesNotMatch(hover, /10\.130\.0\.0\/16/);
  await screenshot('editor-live-hover');
}

export const editorAgentsSessions: E2eCase = {
  name: 'editor: the Agents tree lists the built-in agents and shows a prompt; the Sessions tree opens',
  async run({ page, openAtmosAi, screenshot }) {
    await openAtmosAi();
    await collapsePane(page, 'Chat');
    await collapsePane(page, 'Stacks');
    try {
      await agentsSteps(page, screenshot);
    } finally {
      // leave the container as the chat cases expect it
      await collapsePane(page, 'Agents');
      await collapsePane(page, 'Sessions');
      await expandedPane(page, 'Chat');
      await expandedPane(page, 'Stacks');
    }
  },
};

async function agentsSteps(page: Page, screenshot: (name: string) => Promise<string>): Promise<void> {
  const sessions = await expandedPane(page, 'Sessions');
  await sessions.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 20_000 });
  const agents = await expandedPane(page, 'Agents');
  const rows = agents.locator('.monaco-list-row');
  await rows.filter({ hasText: 'Built-in' }).first().waitFor({ state: 'visible', timeout: 20_000 });
  const names = (await rows.allInnerTexts()).join('\n');
  for (const agent of ['general', 'stack-analyzer', 'security-auditor']) assert.match(names, new RegExp(agent), `agent ${agent} missing: ${names}`);
  await rows.filter({ hasText: 'stack-analyzer' }).first().click();
  await activeEditor(page).locator('.view-line', { hasText: 'stack-analyzer' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await screenshot('editor-agents-sessions');
}

export const editorCompletion: E2eCase = {
  name: 'editor: completion offers import paths and inherits bases; syntax errors show while typing; the outline lists components',
  timeoutMs: 90_000,
  async run({ page, workspace, screenshot }) {
    const file = path.join(workspace, 'stacks/catalog/vpc/standard.yaml');
    const original = readFileSync(file, 'utf8');
    await openFile(page, 'stacks/catalog/vpc/standard.yaml');
    try {
      await wordIn(page, 'catalog/vpc/defaults', 'catalog/vpc/defaults').click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('  - mixins/stage/p');
      await page.keyboard.press('Control+Space');
      const suggestion = page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'mixins/stage/prod' }).first();
      await suggestion.waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot('editor-completion-import');
      await page.keyboard.press('Escape');
      // inherits: the bases of the same component type
      await activeEditor(page).locator('.view-line', { hasText: /^\s*-\s*vpc\/defaults\s*$/ }).first().locator('span > span', { hasText: 'vpc/defaults' }).first().click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('          - vpc/');
      await page.keyboard.press('Control+Space');
      await page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'vpc/defaults' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.press('Escape');
      // a YAML syntax error shows while typing, before any save
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('bad: [unclosed');
      await page.keyboard.press('Escape');
      await activeEditor(page).locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 15_000 });
      await screenshot('editor-typing-diagnostic');
    } finally {
      // the editor may have auto-saved the edits: put the file back on disk too, or every stack stays broken
      await runCommand(page, 'File: Revert File').catch(() => undefined);
      writeFileSync(file, original);
    }
    await activeEditor(page).locator('.view-line', { hasText: 'vpc_flow_logs_enabled' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await activeEditor(page).locator('.view-line', { hasText: 'bad: [unclosed' }).first().waitFor({ state: 'detached', timeout: 10_000 });
    // the outline (document symbols): Go to Symbol in Editor lists the component
    // The symbol picker reads the symbols once when it opens; right after the revert it may still see the old
    // document and say "No editor symbols". Reopen it (bounded) until the component is listed.
    const symbolRow = page.locator('.quick-input-widget .monaco-list-row', { hasText: /^\s*vpc/ }).first();
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+Shift+O');
      const listed = await symbolRow.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      if (listed) break;
      if (attempt === 3) throw new Error('Go to Symbol in Editor never listed the vpc component (3 attempts, 5 s each)');
      await page.keyboard.press('Escape');
    }
    await screenshot('editor-document-symbols');
    await page.keyboard.press('Escape');
  },
};

export const editorCases: E2eCase[] = [editorStacksTree, editorStackHover, editorImportDefinition, editorCodeLens, editorValidate, editorLiveHover, editorCompletion, editorAgentsSessions];
