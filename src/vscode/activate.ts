import * as vscode from 'vscode';
import { ChatViewProvider } from './chatViewProvider';
import { registerCommands } from './commands';
import { AtmosRootTracker } from './atmosRootTracker';
import { registerVsCodeProvider } from '../providers/registry';
import { createVsCodeLmProvider } from './vscodeLmProvider';
import { EngineHost } from './engineHost';
import { registerEditorFeatures } from './editor/editorFeatures';
import { connectChatStatus } from './editor/statusBar';
import { registerChatCommands } from './chat/chatCommands';
import { chatStatusSource } from './chat/chatStatus';
import { registerWorkflowCommands } from './chat/workflowCommands';
import { registerCopilotFeatures } from './copilot/copilotFeatures';
import { registerAlwaysAllowedCommand } from './permissions/alwaysAllowedCommand';
import { trackProxySettings } from './proxySettings';

/** Wires every VS Code feature. Kept cheap: nothing heavy (SDKs, engine runs) happens here. */
export async function activateExtension(context: vscode.ExtensionContext, startedAt: number): Promise<void> {
  const log = vscode.window.createOutputChannel('Atmos AI', { log: true });
  context.subscriptions.push(log);

  registerVsCodeProvider(createVsCodeLmProvider);
  context.subscriptions.push(trackProxySettings());

  const roots = new AtmosRootTracker();
  const engines = new EngineHost(roots, log);
  context.subscriptions.push(roots, engines);

  const activationMs = Math.round((performance.now() - startedAt) * 10) / 10;
  const chat = new ChatViewProvider(context, roots, () => activationMs, engines, log);
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chat, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
  );
  registerCommands(context);
  // Feature registrations (one line each; each feature lives in its own folder under src/vscode/):
  registerEditorFeatures(context, engines, log);
  const chatStatus = chatStatusSource(chat.chat);
  context.subscriptions.push(chatStatus, connectChatStatus(chatStatus));
  registerChatCommands(context, chat.chat);
  registerWorkflowCommands(context, chat.chat, engines);
  registerCopilotFeatures(context, roots, engines, log);
  registerAlwaysAllowedCommand(context, engines);

  log.info(`Atmos AI ${context.extension.packageJSON.version} activated in ${activationMs} ms`);
  void roots.ready.then(() => log.info(`Atmos root: ${roots.current ?? 'none found'}`));
}
