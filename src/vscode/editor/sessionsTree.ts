/**
 * The Sessions tree: saved chat sessions, most recent first, with the provider's icon. Open (the chat
 * switches to it), rename, delete (after a confirmation), export (JSON, YAML or Markdown), search.
 * Follows changes other windows and the CLI make (the store polls its journals).
 */
import * as vscode from 'vscode';
import { exportSession, type ExportFormat } from '../../sessions/checkpoint';
import type { SessionInfo, SessionStore } from '../../sessions/store';

const PROVIDER_ICONS: Record<string, string> = {
  anthropic: 'sparkle', openai: 'hubot', gemini: 'star-full', grok: 'zap', ollama: 'server-process', bedrock: 'cloud', azure: 'azure', vscode: 'copilot',
};

export type SessionNode = { kind: 'session'; session: SessionInfo } | { kind: 'message'; text: string };

export function relativeTime(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export class SessionsTree implements vscode.TreeDataProvider<SessionNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private stopWatching: (() => void) | undefined;
  private filter = '';

  constructor(private readonly store: () => Promise<SessionStore | undefined>) {}

  refresh(): void {
    this.changed.fire();
  }

  async setFilter(text: string): Promise<void> {
    this.filter = text.trim();
    await vscode.commands.executeCommand('setContext', 'atmosAi.sessionsFiltered', this.filter !== '');
    this.refresh();
  }

  async getChildren(node?: SessionNode): Promise<SessionNode[]> {
    if (node) return [];
    const store = await this.store();
    if (!store) return [{ kind: 'message', text: 'The session store could not be opened (see the Atmos AI log).' }];
    this.stopWatching ??= store.watch(() => this.refresh());
    let sessions = store.listSessions();
    if (this.filter) {
      const ids = new Set(store.search(this.filter, { limit: 200 }).map((h) => h.sessionId));
      const needle = this.filter.toLowerCase();
      sessions = sessions.filter((s) => ids.has(s.id) || s.name.toLowerCase().includes(needle));
      if (sessions.length === 0) return [{ kind: 'message', text: `No session matches “${this.filter}”.` }];
    }
    if (sessions.length === 0) return [{ kind: 'message', text: 'No saved sessions yet: ask something in the chat.' }];
    return sessions.map((session) => ({ kind: 'session', session }));
  }

  getTreeItem(node: SessionNode): vscode.TreeItem {
    if (node.kind === 'message') return new vscode.TreeItem(node.text);
    const s = node.session;
    const item = new vscode.TreeItem(s.name || 'Untitled session');
    item.id = `session:${s.id}`;
    item.description = `${relativeTime(s.updatedAt)} · ${s.messageCount} msg`;
    item.tooltip = new vscode.MarkdownString(`**${s.name || 'Untitled session'}**\n\n${s.provider}${s.model ? ` · ${s.model}` : ''} · agent ${s.agent || 'general'}\n\n${s.messageCount} messages, updated ${new Date(s.updatedAt).toLocaleString()}\n\n\`${s.id}\``);
    item.iconPath = new vscode.ThemeIcon(PROVIDER_ICONS[s.provider] ?? 'comment-discussion');
    item.contextValue = 'atmosSession';
    item.command = { command: 'atmosAi.openSession', title: 'Open', arguments: [node] };
    return item;
  }

  dispose(): void {
    this.stopWatching?.();
    this.changed.dispose();
  }
}

function sessionOf(arg: unknown): SessionInfo | undefined {
  const n = arg as SessionNode | undefined;
  return n?.kind === 'session' ? n.session : undefined;
}

export function registerSessionCommands(tree: SessionsTree, store: () => Promise<SessionStore | undefined>): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('atmosAi.openSession', async (arg: unknown) => {
      const s = sessionOf(arg);
      if (!s) return;
      await vscode.commands.executeCommand('atmosAi.chat.focus');
      // the chat owns the conversation: it registers atmosAi.chat.openSession when it can switch
      const all = await vscode.commands.getCommands(true);
      if (all.includes('atmosAi.chat.openSession')) await vscode.commands.executeCommand('atmosAi.chat.openSession', s.id);
      else void vscode.window.showInformationMessage(`Atmos AI: session “${s.name}” (${s.id.slice(0, 8)}); the chat cannot switch sessions from the tree in this version.`);
    }),
    vscode.commands.registerCommand('atmosAi.renameSession', async (arg: unknown) => {
      const s = sessionOf(arg);
      const st = await store();
      if (!s || !st) return;
      const name = await vscode.window.showInputBox({ title: 'Rename session', value: s.name, validateInput: (v) => (v.trim() ? undefined : 'A name is needed') });
      if (name === undefined) return;
      st.renameSession(s.id, name.trim());
      tree.refresh();
    }),
    vscode.commands.registerCommand('atmosAi.deleteSession', async (arg: unknown) => {
      const s = sessionOf(arg);
      const st = await store();
      if (!s || !st) return;
      const answer = await vscode.window.showWarningMessage(`Delete the session “${s.name}” and its ${s.messageCount} messages? This cannot be undone.`, { modal: true }, 'Delete');
      if (answer !== 'Delete') return;
      st.deleteSession(s.id);
      tree.refresh();
    }),
    vscode.commands.registerCommand('atmosAi.exportSession', async (arg: unknown) => {
      const st = await store();
      if (!st) return;
      let s = sessionOf(arg);
      if (!s) {
        const pick = await vscode.window.showQuickPick(st.listSessions().map((x) => ({ label: x.name || 'Untitled session', description: relativeTime(x.updatedAt), session: x })), { title: 'Export which session?' });
        s = pick?.session;
      }
      if (!s) return;
      const format = (await vscode.window.showQuickPick([
        { label: 'Markdown', id: 'md' as ExportFormat },
        { label: 'JSON (Atmos checkpoint)', id: 'json' as ExportFormat },
        { label: 'YAML (Atmos checkpoint)', id: 'yaml' as ExportFormat },
      ], { title: `Export “${s.name}” as` }))?.id;
      if (!format) return;
      const ext = format === 'md' ? 'md' : format;
      const safe = (s.name || 'session').replace(/[^\w.-]+/g, '-').slice(0, 60);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, `${safe}.${ext}`) : undefined, filters: { [format.toUpperCase()]: [ext] } });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, Buffer.from(exportSession(st, s.id, format), 'utf8'));
      void vscode.window.showInformationMessage(`Atmos AI: exported “${s.name}” to ${vscode.workspace.asRelativePath(target)}.`);
    }),
    vscode.commands.registerCommand('atmosAi.searchSessions', async () => {
      const text = await vscode.window.showInputBox({ title: 'Search sessions', prompt: 'Words in a session name or its messages (empty shows all)' });
      if (text !== undefined) await tree.setFilter(text);
    }),
    vscode.commands.registerCommand('atmosAi.clearSessionSearch', () => tree.setFilter('')),
    vscode.commands.registerCommand('atmosAi.refreshSessions', () => tree.refresh()),
  ];
}
