/**
 * More of issue 9 in real VS Code: rename a component (F2), workspace symbols (Ctrl+T), the quick fixes (create a
 * missing import, scaffold a Terraform folder), find references, and the Sessions tree's actions.
 * Every case puts the workspace back as it found it (later cases read the example's values).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { SessionStore } from '../../../src/sessions/store';
import type { E2eCase, E2eContext } from '../context';
import { activeEditor, collapsePane, expandedPane, hoverText, openFile, runCommand, waitForActiveTab, wordIn } from './editorHelpers';

/** Every YAML file under `dir` with its text: what a case restores in its `finally`. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.set(p, readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function restore(saved: Map<string, string>): void {
  for (const [file, text] of saved) if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
}

/** Waits (bounded) until `check` holds, re-reading; throws with the last reason. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Closes every editor without saving (a case that edited files leaves no dirty editor behind). */
async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Revert and Close Editor').catch(() => undefined);
  await runCommand(page, 'View: Close All Editors').catch(() => undefined);
  const dontSave = page.locator('.monaco-dialog-box button', { hasText: /Don't Save/ }).first();
  if (await dontSave.isVisible().catch(() => false)) await dontSave.click();
}

export const editorRename: E2eCase = {
  name: 'editor: F2 renames a component in every manifest (definitions, overrides, dependencies)',
  timeoutMs: 120_000,
  async run({ page, workspace, screenshot }) {
    const stacks = path.join(workspace, 'stacks');
    const saved = snapshot(stacks);
    try {
      await openFile(page, 'stacks/catalog/vpc/standard.yaml');
      await activeEditor(page).locator('.view-line', { hasText: /^\s*vpc:\s*$/ }).first().locator('span > span', { hasText: 'vpc' }).first().click();
      await page.keyboard.press('F2');
      const box = page.locator('.rename-box input, .rename-box textarea').first();
      await box.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await box.inputValue(), 'vpc');
      await box.fill('network');
      await screenshot('editor-rename-box');
      await page.keyboard.press('Enter');
      // the edit lands in the open editor; the others change in (dirty) buffers until saved
      await activeEditor(page).locator('.view-line', { hasText: /^\s*network:\s*$/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await runCommand(page, 'File: Save All Files');
      const read = (rel: string) => readFileSync(path.join(stacks, rel), 'utf8');
      await until('the renamed definition on disk', () => /^ {4}network:$/m.test(read('catalog/vpc/standard.yaml')));
      await until('the override in orgs/acme/plat/prod/_defaults.yaml on disk', () => /^ {4}network:$/m.test(read('orgs/acme/plat/prod/_defaults.yaml')));
      assert.match(read('catalog/eks/cluster.yaml'), /- name: network/, 'the dependency of eks/cluster');
      assert.match(read('catalog/rds/postgres.yaml'), /- name: network/, 'the dependency of rds');
      assert.match(read('mixins/region/us-east-2.yaml'), /^ {4}network:$/m);
      assert.match(read('catalog/vpc/standard.yaml'), /component: vpc/, 'the Terraform folder is not renamed');
      assert.match(read('catalog/vpc/defaults.yaml'), /^ {4}vpc\/defaults:$/m, 'another component is untouched');
      const changed = [...saved].filter(([f, t]) => readFileSync(f, 'utf8') !== t).length;
      assert.ok(changed >= 10, `only ${changed} files changed`);
      await screenshot('editor-rename-done');
      // a rename off a component name is refused with a reason
      await wordIn(page, 'vpc_flow_logs_enabled', 'vpc_flow_logs_enabled').click();
      await page.keyboard.press('F2');
      await page.locator('.monaco-editor-overlaymessage, .rename-box', { hasText: /renames components/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Escape');
    } finally {
      await closeAllEditors(page);
      restore(saved);
    }
  },
};

export const editorRenamePreview: E2eCase = {
  name: 'editor: the rename preview (Ctrl+Enter in the rename box) lists every file; Discard changes nothing',
  timeoutMs: 90_000,
  async run({ page, workspace, screenshot }) {
    const saved = snapshot(path.join(workspace, 'stacks'));
    try {
      await openFile(page, 'stacks/catalog/vpc/standard.yaml');
      const box = page.locator('.rename-box input, .rename-box textarea').first();
      // right after the page opens the engine may still be loading: ask again (bounded)
      for (let attempt = 1; ; attempt++) {
        await activeEditor(page).locator('.view-line', { hasText: /^\s*vpc:\s*$/ }).first().locator('span > span', { hasText: 'vpc' }).first().click();
        await page.keyboard.press('F2');
        if (await box.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) break;
        if (attempt === 3) throw new Error('the rename box never opened (3 attempts)');
        await page.keyboard.press('Escape');
      }
      await box.fill('network');
      await page.keyboard.press('Control+Enter'); // "Enter to Rename, Ctrl+Enter to Preview" (Shift+Enter in older VS Code)
      // the Refactor Preview view (in the panel) lists the files the edit touches
      const tree = page.locator('.part.panel .pane-body, .part.panel .composite.panel, .part.sidebar .pane-body', { hasText: 'cluster.yaml' }).first();
      const shown = await tree.waitFor({ state: 'visible', timeout: 20_000 }).then(() => true, () => false);
      await screenshot('editor-rename-preview');
      assert.ok(shown, 'the Refactor Preview never listed cluster.yaml');
      const text = await tree.innerText();
      for (const f of ['standard.yaml', 'cluster.yaml', 'postgres.yaml']) assert.match(text, new RegExp(f.replace('.', '\\.')), `${f} missing from the preview`);
      const discard = page.getByRole('button', { name: 'Discard' }).first();
      await discard.click();
      await tree.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      const changed = [...saved].filter(([f, t]) => readFileSync(f, 'utf8') !== t).map(([f]) => f);
      assert.deepEqual(changed, [], 'Discard left changes on disk');
      assert.equal(await activeEditor(page).locator('.view-line', { hasText: /^\s*network:\s*$/ }).count(), 0, 'Discard left the open editor changed');
    } finally {
      await closeAllEditors(page);
      restore(saved);
    }
  },
};

export const editorWorkspaceSymbols: E2eCase = {
  name: 'editor: workspace symbols (Ctrl+T) find stacks and components',
  async run({ page, screenshot }) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('#plue2prod');
    const stackRow = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'plat-ue2-prod' }).first();
    await stackRow.waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot('editor-workspace-symbols-stack');
    await stackRow.click();
    await waitForActiveTab(page, 'us-east-2.yaml');
    const crumbs = (await page.locator('.editor-group-container.active .monaco-breadcrumbs').first().innerText()).replace(/\s+/g, ' ');
    assert.match(crumbs, /plat.*prod.*us-east-2\.yaml/, `breadcrumbs: ${crumbs}`);
    await page.keyboard.press('Control+T');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('#eks/clus');
    const componentRow = page.locator('.quick-input-widget .monaco-list-row', { hasText: /terraform component · catalog\/eks\/cluster\.yaml/ }).first();
    await componentRow.waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot('editor-workspace-symbols-component');
    await componentRow.click();
    await waitForActiveTab(page, 'cluster.yaml');
    await page.locator('.statusbar-item', { hasText: /Ln 7, Col 5/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
  },
};

export const editorQuickFixes: E2eCase = {
  name: 'editor: quick fixes create a missing import file and scaffold a missing Terraform folder',
  timeoutMs: 120_000,
  async run({ page, workspace, screenshot }) {
    const stacks = path.join(workspace, 'stacks');
    const saved = snapshot(stacks);
    const manifest = path.join(stacks, 'catalog/rds/postgres.yaml');
    const created = path.join(stacks, 'catalog/rds/brand-new.yaml');
    const folder = path.join(workspace, 'components/terraform/rds-next');
    try {
      writeFileSync(manifest, saved.get(manifest)!.replace('import:\n', 'import:\n  - catalog/rds/brand-new\n').replace(/component: rds\b/, 'component: rds-next'));
      await openFile(page, 'stacks/catalog/rds/postgres.yaml');
      await quickFix(page, 'catalog/rds/brand-new', /Create missing import file catalog\/rds\/brand-new\.yaml/);
      await waitForActiveTab(page, 'brand-new.yaml');
      await until('the created import file', () => existsSync(created));
      assert.match(readFileSync(created, 'utf8'), /^vars: \{\}$/m);
      await screenshot('editor-quick-fix-import');

      await openFile(page, 'stacks/catalog/rds/postgres.yaml');
      await quickFix(page, 'rds-next', /Scaffold Terraform component folder components\/terraform\/rds-next/);
      await screenshot('editor-quick-fix-scaffold-clicked');
      const create = page.locator('.monaco-dialog-box', { hasText: /Create the Terraform component folder/ }).first().getByRole('button', { name: 'Create' });
      await create.waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot('editor-quick-fix-scaffold-confirm');
      await create.click();
      await waitForActiveTab(page, 'main.tf');
      for (const f of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf']) await until(`rds-next/${f}`, () => existsSync(path.join(folder, f)));
      // the variables the stacks give rds (e.g. engine_version in catalog/rds/defaults.yaml) are declared
      assert.match(readFileSync(path.join(folder, 'variables.tf'), 'utf8'), /variable "\w+" \{/);
      await screenshot('editor-quick-fix-scaffold');
    } finally {
      await closeAllEditors(page);
      restore(saved);
      rmSync(created, { force: true });
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

/** Puts the cursor on `word`, opens the quick fix menu (Ctrl+.) and runs the action matching `title`. */
async function quickFix(page: Page, word: string, title: RegExp): Promise<void> {
  const target = wordIn(page, word, word);
  await target.waitFor({ state: 'visible', timeout: 10_000 });
  const deadline = Date.now() + 20_000;
  for (;;) {
    await target.click({ position: { x: 6, y: 5 } });
    await page.keyboard.press('Control+.');
    const action = page.locator('.action-widget .monaco-list-row, .context-view .action-item', { hasText: title }).first();
    if (await action.waitFor({ state: 'visible', timeout: 4_000 }).then(() => true, () => false)) {
      await action.click();
      return;
    }
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`no quick fix ${title} on ${word} within 20 s`);
  }
}

export const editorReferences: E2eCase = {
  name: 'editor: find references on a catalog component lists the stacks that use it',
  async run({ page, screenshot }) {
    await openFile(page, 'stacks/catalog/vpc/standard.yaml');
    await activeEditor(page).locator('.view-line', { hasText: /^\s*vpc:\s*$/ }).first().locator('span > span', { hasText: 'vpc' }).first().click();
    await page.keyboard.press('Shift+F12');
    const peek = page.locator('.peekview-widget').first();
    await peek.waitFor({ state: 'visible', timeout: 20_000 });
    const title = peek.locator('.peekview-title').first();
    // the title reads "References (N)" (or "N references" in other VS Code versions)
    const countIn = (t: string) => Number(/References \((\d+)\)|(\d+) references?/i.exec(t)?.slice(1).find(Boolean));
    await title.filter({ hasText: /References \(\d+\)|\d+ references?/i }).waitFor({ state: 'visible', timeout: 20_000 });
    const tree = await peek.locator('.ref-tree').first().innerText();
    // the definition itself, and the top-level stacks that deploy vpc
    assert.match(tree, /standard\.yaml/);
    assert.match(tree, /us-east-2\.yaml/);
    assert.match(tree, /us-west-2\.yaml/);
    const count = countIn(await title.innerText());
    assert.ok(count >= 13, `only ${count} references (the definition and 12 stacks expected)`);
    await screenshot('editor-find-references');
    await page.keyboard.press('Escape');
  },
};

/** Names are unique per attempt: a retry seeds new sessions beside the ones the failed attempt left. */
let ALPHA = 'Alpha VPC review';
let BETA = 'Beta budget talk';
let RENAMED = 'Alpha renamed';

export const editorSessionsTree: E2eCase = {
  name: 'editor: the Sessions tree opens, renames, searches, exports and deletes (with confirm) sessions',
  timeoutMs: 150_000,
  async run(ctx) {
    const tag = Date.now().toString(36);
    [ALPHA, BETA, RENAMED] = [`Alpha VPC review ${tag}`, `Beta budget talk ${tag}`, `Alpha renamed ${tag}`];
    const dataDir = path.join(ctx.userDataDir, 'User', 'globalStorage', ctx.extension.id.toLowerCase());
    const store = await SessionStore.open({ dataDir });
    let alpha: string;
    let beta: string;
    try {
      alpha = store.createSession({ name: ALPHA, projectPath: ctx.workspace, provider: 'anthropic', model: 'm', agent: 'general' }).id;
      store.appendMessage(alpha, { role: 'user', content: [{ type: 'text', text: 'How should we do subnet sizing for plat-ue2-prod?' }] });
      store.appendMessage(alpha, { role: 'assistant', content: [{ type: 'text', text: 'Use a /16 per VPC.' }] });
      beta = store.createSession({ name: BETA, projectPath: ctx.workspace, provider: 'openai', model: 'm', agent: 'general' }).id;
      store.appendMessage(beta, { role: 'user', content: [{ type: 'text', text: 'What does the NAT gateway cost?' }] });
    } finally {
      store.close();
    }
    const exported = path.join(ctx.workspace, 'alpha-export.md');
    await ctx.openAtmosAi();
    await collapsePane(ctx.page, 'Stacks');
    await collapsePane(ctx.page, 'Agents');
    try {
      await sessionsSteps(ctx, { alpha, beta, dataDir, exported });
    } finally {
      await ctx.page.keyboard.press('Escape');
      rmSync(exported, { force: true });
      await collapsePane(ctx.page, 'Sessions');
      await expandedPane(ctx.page, 'Chat');
      await expandedPane(ctx.page, 'Stacks');
    }
  },
};

async function sessionsSteps(ctx: E2eContext, s: { alpha: string; beta: string; dataDir: string; exported: string }): Promise<void> {
  const { screenshot } = ctx;
  let current = 'list';
  try {
    await sessionsStepsIn(ctx, s, (name) => (current = name));
  } catch (err) {
    await screenshot(`sessions-failed-at-${current}`).catch(() => undefined);
    throw new Error(`step "${current}": ${(err as Error).message}`, { cause: err });
  }
}

async function sessionsStepsIn(ctx: E2eContext, s: { alpha: string; beta: string; dataDir: string; exported: string }, step: (name: string) => void): Promise<void> {
  const { page, screenshot } = ctx;
  const pane = await expandedPane(page, 'Sessions');
  const row = (name: string | RegExp) => pane.locator('.monaco-list-row', { hasText: name }).first();
  // the store's watcher picks up what another writer (this test) added
  await pane.locator('.pane-header').first().hover();
  const refresh = pane.locator('.pane-header .action-label[aria-label^="Refresh Sessions"]').first();
  const deadline = Date.now() + 20_000;
  while (!(await row(ALPHA).isVisible())) {
    if (Date.now() > deadline) throw new Error(`the Sessions tree never listed "${ALPHA}"`);
    if (await refresh.isVisible()) await refresh.click();
    await new Promise((r) => setTimeout(r, 500));
  }
  await row(BETA).waitFor({ state: 'visible', timeout: 10_000 });
  await screenshot('sessions-tree');

  step('open');
  // open: the chat switches to the session and shows its messages
  await row(ALPHA).click();
  const frame = await ctx.webviewFrame('#root', 30_000);
  await frame.getByText('subnet sizing', { exact: false }).first().waitFor({ state: 'visible', timeout: 20_000 });
  await screenshot('sessions-open');
  await collapsePane(page, 'Chat');

  step('rename');
  // rename (inline action)
  await row(ALPHA).hover();
  await row(ALPHA).locator('.action-label[aria-label^="Rename Session"]').click();
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(RENAMED);
  await page.keyboard.press('Enter');
  await row(RENAMED).waitFor({ state: 'visible', timeout: 15_000 });
  const check = await SessionStore.open({ dataDir: s.dataDir });
  try {
    assert.equal(check.getSession(s.alpha)?.name, RENAMED);
  } finally {
    check.close();
  }

  step('search');
  // search (view title action): only the session whose messages match stays
  await pane.locator('.pane-header').first().hover();
  await pane.locator('.pane-header .action-label[aria-label^="Search Sessions"]').first().click();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('NAT gateway');
  await page.keyboard.press('Enter');
  await row(BETA).waitFor({ state: 'visible', timeout: 15_000 });
  await row(RENAMED).waitFor({ state: 'detached', timeout: 15_000 });
  await screenshot('sessions-search');
  step('clear search');
  await pane.locator('.pane-header').first().hover();
  await pane.locator('.pane-header .action-label[aria-label^="Clear Session Search"]').first().click();
  await row(RENAMED).waitFor({ state: 'visible', timeout: 15_000 });

  step('export');
  // export (context menu) → Markdown → the save dialog
  await row(RENAMED).click({ button: 'right' });
  const menuItem = page.locator('.context-view .monaco-menu .action-item', { hasText: 'Export Session' }).first();
  await menuItem.waitFor({ state: 'visible', timeout: 10_000 });
  await menuItem.hover();
  await menuItem.click();
  const markdown = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Markdown' }).first();
  // a click on a menu that is still animating in may not take: the item is highlighted, Enter runs it
  if (!(await markdown.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false))) await page.keyboard.press('Enter');
  await markdown.click();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  // the simple save dialog puts its default path in the box once it has listed the folder, overwriting anything
  // typed before: wait for that default, then type ours and check it stayed
  await until('the save dialog default path', async () => (await input.inputValue()).endsWith('.md'), 10_000);
  await input.fill(s.exported);
  await until('our path in the save dialog', async () => (await input.inputValue()) === s.exported || (await input.fill(s.exported), false), 10_000);
  // OK, not Enter: an Enter that arrives before the folder list has followed the typed text accepts its
  // highlighted row (`..`) instead of the path
  const ok = page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first();
  if (await ok.isVisible()) await ok.click();
  else await page.keyboard.press('Enter');
  await until('the exported Markdown', () => existsSync(s.exported) && /subnet sizing/.test(readFileSync(s.exported, 'utf8')), 20_000);

  step('delete');
  // delete (inline) asks first; Delete removes it
  await row(BETA).hover();
  await row(BETA).locator('.action-label[aria-label^="Delete Session"]').click();
  const confirm = page.locator('.monaco-dialog-box', { hasText: /Delete the session/ }).first();
  await confirm.waitFor({ state: 'visible', timeout: 10_000 });
  await screenshot('sessions-delete-confirm');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await row(BETA).waitFor({ state: 'detached', timeout: 15_000 });
  const after = await SessionStore.open({ dataDir: s.dataDir });
  try {
    assert.equal(after.getSession(s.beta), undefined);
    assert.ok(after.getSession(s.alpha));
  } finally {
    after.close();
  }
}

export const editorTemplateCompletion: E2eCase = {
  name: 'editor: completion inside {{ }} offers the component vars and the atmos functions',
  timeoutMs: 90_000,
  async run({ page, workspace, screenshot }) {
    const file = path.join(workspace, 'stacks/catalog/vpc/standard.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('        vpc_flow_logs_enabled: true', '        vpc_flow_logs_enabled: true\n        note: "{{ .vars. }}"'));
    try {
      await openFile(page, 'stacks/catalog/vpc/standard.yaml');
      await wordIn(page, 'note', 'note').click();
      // the cursor right after `.vars.`: End, then back over ` }}"`
      await page.keyboard.press('End');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
      const suggestion = page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'ipv4_primary_cidr_block' }).first();
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+Space');
        if (await suggestion.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false)) break;
        if (attempt === 3) throw new Error('no .vars suggestion after 3 attempts');
        await page.keyboard.press('Escape');
      }
      await screenshot('editor-template-completion-vars');
      await page.keyboard.press('Escape');
      // `atmos.` lists the Atmos template functions
      await page.keyboard.type(' atmos.');
      const fn = page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'Component' }).first();
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+Space');
        if (await fn.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false)) break;
        if (attempt === 3) throw new Error('no atmos.Component suggestion after 3 attempts');
        await page.keyboard.press('Escape');
      }
      await screenshot('editor-template-completion-atmos');
      await page.keyboard.press('Escape');
    } finally {
      await closeAllEditors(page);
      writeFileSync(file, original);
    }
  },
};

/** A second Atmos root nested in the workspace: its own engine, its own node in the Stacks tree. */
export const editorTwoRoots: E2eCase = {
  name: 'editor: two Atmos roots get one engine each and a node each in the Stacks tree',
  timeoutMs: 120_000,
  async run({ page, workspace, openAtmosAi, screenshot }) {
    const second = path.join(workspace, 'second');
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(second, rel)), { recursive: true });
      writeFileSync(path.join(second, rel), text);
    };
    write('components/terraform/app/main.tf', 'variable "greeting" {\n  type = string\n}\n');
    write('stacks/deploy/dev.yaml', 'vars:\n  stage: dev\ncomponents:\n  terraform:\n    app:\n      vars:\n        greeting: hello-from-second\n');
    // atmos.yaml last: the root tracker sees a complete root
    write('atmos.yaml', 'base_path: "."\ncomponents:\n  terraform:\n    base_path: "components/terraform"\nstacks:\n  base_path: "stacks"\n  included_paths:\n    - "deploy/**/*"\n  name_pattern: "{stage}"\n');
    await openAtmosAi();
    await collapsePane(page, 'Chat');
    const pane = await expandedPane(page, 'Stacks');
    const rows = pane.locator('.monaco-list-row');
    const rootRow = (label: string) => rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).filter({ hasText: 'Atmos root' }).first();
    await collapsePane(page, 'Sessions');
    await collapsePane(page, 'Agents');
    try {
      // the tree is a virtual list: collapse the example's root (first), then the second root's row is on screen
      // the atmos.yaml watcher normally finds the new root; Refresh searches again if an event was missed
      for (let attempt = 1; !(await rootRow('acme').waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)); attempt++) {
        if (attempt === 4) throw new Error('the Stacks tree never showed the two roots (3 refreshes)');
        await runCommand(page, 'Atmos AI: Refresh Stacks');
      }
      if ((await rootRow('acme').getAttribute('aria-expanded')) === 'true') await rootRow('acme').click();
      await rootRow('second').waitFor({ state: 'visible', timeout: 15_000 });
      await rows.filter({ has: page.locator('.label-name', { hasText: /^dev$/ }) }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await screenshot('editor-two-roots-tree');
      // the file's features use the engine of its own root: the example's engine does not know this manifest
      await openFile(page, 'second/stacks/deploy/dev.yaml');
      await activeEditor(page).locator('.codelens-decoration', { hasText: /Describe · 1 stack/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
      const hover = await hoverText(page, wordIn(page, 'greeting', 'greeting'), /hello-from-second/);
      assert.match(hover, /\bdev\b/);
      await screenshot('editor-two-roots-hover');
    } finally {
      await page.keyboard.press('Escape');
      await closeAllEditors(page);
      rmSync(path.join(second, 'atmos.yaml'), { force: true });
      rmSync(second, { recursive: true, force: true });
      // back to one root: the tree lists the stacks without root nodes
      for (let attempt = 1; attempt <= 3; attempt++) {
        if (await rootRow('acme').waitFor({ state: 'detached', timeout: 10_000 }).then(() => true, () => false)) break;
        await runCommand(page, 'Atmos AI: Refresh Stacks').catch(() => undefined);
      }
      await expandedPane(page, 'Chat');
    }
  },
};

export const editorMoreCases: E2eCase[] = [editorWorkspaceSymbols, editorReferences, editorRename, editorRenamePreview, editorQuickFixes, editorTemplateCompletion, editorSessionsTree, editorTwoRoots];
