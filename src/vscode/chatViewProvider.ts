import * as vscode from 'vscode';
import { isRequestMessage, type EventMessage, type EventName, type EventMap, type HostToWebview, type RequestMessage } from '../protocol';
import type { AtmosRootTracker } from './atmosRootTracker';
import { ChatController } from './chat/chatController';
import { chatHtml } from './chatHtml';
import type { EngineHost } from './engineHost';
import { requestHandlers, type HandlerContext } from './handlers';

/**
 * Hosts the chat webview: serves its HTML and dispatches its requests to one handler per message. The chat
 * state lives in the ChatController, not in the webview, so hiding, moving or reloading the view loses nothing:
 * the webview asks for a snapshot when it loads.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider {
  static readonly viewId = 'atmosAi.chat';
  private view: vscode.WebviewView | undefined;
  readonly chat: ChatController;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly roots: AtmosRootTracker,
    private readonly activationMs: () => number,
    engines: EngineHost,
    log: vscode.LogOutputChannel,
  ) {
    this.chat = new ChatController(context, engines, log, (name, payload) => this.emit(name, payload));
    context.subscriptions.push(
      this.chat,
      roots.onDidChange((atmosRoot) => this.emit('atmosRootChanged', { atmosRoot })),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = chatHtml(view.webview, dist);
    const ctx: HandlerContext = {
      version: String(this.context.extension.packageJSON.version),
      atmosRoot: async () => {
        await this.roots.ready;
        return this.roots.current;
      },
      activationMs: this.activationMs,
      chat: this.chat,
    };
    view.webview.onDidReceiveMessage((message: unknown) => void this.dispatch(ctx, message));
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  private async dispatch(ctx: HandlerContext, message: unknown): Promise<void> {
    if (!isRequestMessage(message)) return; // untrusted input: ignore anything off-protocol
    const request = message as RequestMessage;
    try {
      const handler = requestHandlers[request.name] as (c: HandlerContext, p: unknown) => Promise<unknown>;
      const result = await handler(ctx, request.params);
      this.post({ kind: 'response', id: request.id, ok: true, result } as HostToWebview);
    } catch (err) {
      this.post({ kind: 'response', id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private emit<K extends EventName>(name: K, payload: EventMap[K]): void {
    this.post({ kind: 'event', name, payload } as EventMessage<K>);
  }

  private post(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }
}
