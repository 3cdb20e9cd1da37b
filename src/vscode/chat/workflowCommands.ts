/**
 * The palette's one-shot workflows: Analyze Stack, Explain Component and Security Audit (a pick, then a chat
 * turn with the right agent and the pick attached as @ mention context), Init ATMOS.md (the engine's facts into
 * the project memory file) and Open Audit Log (the tool-call JSONL).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findPromptsDir } from '../../agents/promptsDir';
import type { AtmosEngine } from '../../atmos/engine';
import { createMemory, refreshMemory } from '../../memory/atmosMemory';
import { factsFromEngine } from '../../memory/factsFromEngine';
import { writeFileAtomic } from '../../tools/file/atomicWrite';
import type { EngineHost } from '../engineHost';
import type { ChatController } from './chatController';
import { assistantSettings } from './chatSettings';

/** What a Stacks tree node or a caller may pass: a stack and/or a component (and its Atmos root), or a bare stack name. */
interface Target {
  stack?: string;
  component?: string;
  root?: string;
}

function targetOf(arg: unknown): Target {
  if (typeof arg === 'string') return { stack: arg };
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    const str = (k: string) => (typeof o[k] === 'string' ? { [k]: o[k] } : {});
    return { ...str('stack'), ...str('component'), ...str('root') };
  }
  return {};
}

async function engineOrWarn(engines: EngineHost, root?: string): Promise<AtmosEngine | undefined> {
  const engine = await (root ? engines.forRoot(root) : engines.get());
  if (!engine) void vscode.window.showWarningMessage('Atmos AI: no atmos.yaml found in this workspace.');
  return engine;
}

function pickStack(stacks: string[], title: string): Thenable<string | undefined> | string | undefined {
  return stacks.length === 1 ? stacks[0] : vscode.window.showQuickPick(stacks, { title, placeHolder: 'Pick a stack' });
}

function concreteComponents(engine: AtmosEngine): { component: string; type: string; stacks: string[] }[] {
  return engine.listComponents().filter((c) => !c.abstract);
}

/** Opens the chat, selects `agent` (unless undefined) and sends the question as the user would. */
async function ask(chat: ChatController, agent: string | undefined, question: string): Promise<void> {
  await vscode.commands.executeCommand('atmosAi.chat.focus');
  if (agent && !(await chat.setAgent(agent))) {
    void vscode.window.showWarningMessage(`Atmos AI: the ${agent} agent is not available.`);
    return;
  }
  const sent = await chat.send(question);
  if (!sent.accepted && sent.reason) void vscode.window.showWarningMessage(`Atmos AI: ${sent.reason}`);
}

export function registerWorkflowCommands(context: vscode.ExtensionContext, chat: ChatController, engines: EngineHost): void {
  const register = (id: string, run: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));

  register('atmosAi.analyzeStack', async (arg?: unknown) => {
    const target = targetOf(arg);
    const engine = await engineOrWarn(engines, target.root);
    if (!engine) return;
    const stack = target.stack ?? (await pickStack(engine.listStacks(), 'Atmos AI: Analyze Stack'));
    if (!stack) return;
    await ask(chat, 'stack-analyzer', `Analyze the stack @${stack}: how it is assembled (imports, inheritance, overrides), and anything that looks like drift or a risky setting.`);
  });

  register('atmosAi.explainComponent', async (arg?: unknown) => {
    const target = targetOf(arg);
    const engine = await engineOrWarn(engines, target.root);
    if (!engine) return;
    const components = concreteComponents(engine);
    const component =
      target.component ??
      (await vscode.window.showQuickPick(components.map((c) => ({ label: c.component, description: `${c.type} · ${c.stacks.length} stacks` })), { title: 'Atmos AI: Explain Component', placeHolder: 'Pick a component' }))?.label;
    if (!component) return;
    const stacks = components.find((c) => c.component === component)?.stacks ?? [];
    const stack = target.stack ?? (stacks.length > 0 ? await pickStack(stacks, `Atmos AI: Explain ${component} in which stack?`) : undefined);
    if (stacks.length > 0 && !stack) return;
    await ask(chat, undefined, `Explain the component @${component}${stack ? ` in the stack @${stack}` : ''}: what it deploys, where its settings come from, and what the notable values are.`);
  });

  register('atmosAi.securityAudit', async (arg?: unknown) => {
    const target = targetOf(arg);
    const engine = await engineOrWarn(engines, target.root);
    if (!engine) return;
    let subject = target.component
      ? `the component @${target.component}${target.stack ? ` in the stack @${target.stack}` : ''}`
      : target.stack ? `the stack @${target.stack}` : undefined;
    if (!subject) {
      const items: (vscode.QuickPickItem & { subject?: string })[] = [
        { label: 'Stacks', kind: vscode.QuickPickItemKind.Separator },
        ...engine.listStacks().map((s) => ({ label: s, description: 'stack', subject: `the stack @${s}` })),
        { label: 'Components', kind: vscode.QuickPickItemKind.Separator },
        ...concreteComponents(engine).map((c) => ({ label: c.component, description: `${c.type} component`, subject: `the component @${c.component}` })),
      ];
      subject = (await vscode.window.showQuickPick(items, { title: 'Atmos AI: Security Audit', placeHolder: 'Audit a stack or a component' }))?.subject;
    }
    if (!subject) return;
    await ask(chat, 'security-auditor', `Run a security audit of ${subject}: exposure, encryption, IAM and secrets. List each finding with its file and a fix.`);
  });

  register('atmosAi.initMemory', async () => {
    const engine = await engineOrWarn(engines);
    if (!engine) return;
    const file = path.resolve(engine.config.basePath, assistantSettings().memory.file);
    const template = await readFile(path.join(findPromptsDir(path.join(context.extensionPath, 'dist')), 'ATMOS.md.template'), 'utf8');
    const existing = await readFile(file, 'utf8').catch(() => undefined);
    const facts = factsFromEngine(engine);
    await writeFileAtomic(file, existing === undefined ? createMemory(template, facts) : refreshMemory(existing, template, facts));
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    void vscode.window.showInformationMessage(`Atmos AI: ${path.basename(file)} ${existing === undefined ? 'created' : 'refreshed'} from the repository.`);
  });

  register('atmosAi.openAuditLog', async () => {
    const engine = await engines.get();
    const root = engine?.config.basePath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const settings = assistantSettings().audit;
    if (!root) return;
    const file = path.resolve(root, settings.path);
    if (!existsSync(file)) {
      void vscode.window.showInformationMessage(
        settings.enabled ? `Atmos AI: no tool call has been logged yet (${settings.path}).` : 'Atmos AI: the audit log is off (atmosAi.audit.enabled).',
      );
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  });
}
