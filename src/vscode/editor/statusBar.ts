/**
 * Status bar: provider · model · agent, and the engine's state (stacks resolved · problems); a click opens a
 * quick pick of the usual next steps (switch provider, model or agent, open the chat, validate).
 */
import * as vscode from 'vscode';
import type { DiagnosticsBridge } from './diagnosticsBridge';

/** The chat's current choice, as the status bar shows it ("OpenAI · gpt-4o · general"), and when it changes. */
export interface ChatStatusSource {
  label(): string;
  onDidChange: vscode.Event<void>;
}

const MENU_COMMAND = 'atmosAi.statusMenu';

// The chat is wired after the editor features (activate.ts), so it joins the item later; one item per window.
let chatSource: ChatStatusSource | undefined;
const chatJoined = new vscode.EventEmitter<void>();

/** Adds the chat's provider · model · agent to the status bar item. */
export function connectChatStatus(source: ChatStatusSource): vscode.Disposable {
  chatSource = source;
  const sub = source.onDidChange(() => chatJoined.fire());
  chatJoined.fire();
  return new vscode.Disposable(() => {
    sub.dispose();
    chatSource = undefined;
  });
}

const MENU: { label: string; command: string }[] = [
  { label: '$(comment-discussion) Open Chat', command: 'atmosAi.openChat' },
  { label: '$(server) Select Provider', command: 'atmosAi.selectProvider' },
  { label: '$(symbol-class) Select Model', command: 'atmosAi.selectModel' },
  { label: '$(person) Select Agent', command: 'atmosAi.selectAgent' },
  { label: '$(checklist) Validate Stacks', command: 'atmosAi.validateStacks' },
];

export function createEngineStatus(bridge: DiagnosticsBridge): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('atmosAi.engine', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Atmos AI';
  item.command = MENU_COMMAND;
  let engineText = 'loading…';
  let engineTip = 'loading the stacks…';
  const render = () => {
    const prefix = chatSource ? `${chatSource.label()} · ` : '';
    item.text = `$(layers) ${prefix}${engineText}`;
    item.tooltip = `Atmos AI: ${prefix}${engineTip}. Click for actions.`;
  };
  render();
  item.show();
  const subs = [
    bridge.onDidUpdate((s) => {
      const problems = s.errors + s.warnings;
      engineText = `${s.stacks} stacks${problems > 0 ? ` $(${s.errors > 0 ? 'error' : 'warning'}) ${problems}` : ' $(check)'}`;
      engineTip = `${s.stacks} stacks resolved, ${s.errors} errors, ${s.warnings} warnings`;
      item.backgroundColor = s.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      render();
    }),
    chatJoined.event(render),
    vscode.commands.registerCommand(MENU_COMMAND, async () => {
      const picked = await vscode.window.showQuickPick(MENU, { title: 'Atmos AI' });
      if (picked) await vscode.commands.executeCommand(picked.command);
    }),
  ];
  return [item, ...subs];
}
