/**
 * The Agents tree: built-in, workspace (`.atmos/agents`) and user (`~/.atmos/agents`) agents, with the
 * problems found while loading them. Select one as the chat's agent; show its prompt.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Agent, AgentProblem } from '../../agents/agent';
import { loadAgentCatalog, type AgentCatalog } from '../../agents/agentCatalog';

export type AgentNode =
  | { kind: 'origin'; origin: Agent['origin']; agents: Agent[] }
  | { kind: 'agent'; agent: Agent }
  | { kind: 'problem'; problem: AgentProblem };

const ORIGIN_LABELS: Record<Agent['origin'], string> = { builtin: 'Built-in', workspace: 'Workspace (.atmos/agents)', user: 'User (~/.atmos/agents)' };

export class AgentsTree implements vscode.TreeDataProvider<AgentNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private catalog: Promise<AgentCatalog> | undefined;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/.atmos/agents/**');

  constructor(
    private readonly promptsDir: string,
    private readonly workspaceRoot: () => Promise<string | undefined>,
  ) {
    const reload = () => this.refresh();
    this.watcher.onDidChange(reload);
    this.watcher.onDidCreate(reload);
    this.watcher.onDidDelete(reload);
  }

  refresh(): void {
    this.catalog = undefined;
    this.changed.fire();
  }

  load(): Promise<AgentCatalog> {
    this.catalog ??= this.workspaceRoot().then((root) => loadAgentCatalog({ promptsDir: this.promptsDir, workspaceRoot: root, homeDir: os.homedir() }));
    return this.catalog;
  }

  async getChildren(node?: AgentNode): Promise<AgentNode[]> {
    if (node?.kind === 'origin') return node.agents.map((agent) => ({ kind: 'agent', agent }));
    if (node) return [];
    const catalog = await this.load();
    const out: AgentNode[] = [];
    for (const origin of ['builtin', 'workspace', 'user'] as const) {
      const agents = catalog.agents.filter((a) => a.origin === origin);
      if (agents.length > 0) out.push({ kind: 'origin', origin, agents });
    }
    for (const problem of catalog.problems) out.push({ kind: 'problem', problem });
    return out;
  }

  getTreeItem(node: AgentNode): vscode.TreeItem {
    switch (node.kind) {
      case 'origin': {
        const item = new vscode.TreeItem(ORIGIN_LABELS[node.origin], vscode.TreeItemCollapsibleState.Expanded);
        item.id = `agents:${node.origin}`;
        return item;
      }
      case 'agent': {
        const a = node.agent;
        const item = new vscode.TreeItem(a.displayName || a.name);
        item.id = `agent:${a.origin}:${a.name}`;
        item.description = a.name;
        item.tooltip = new vscode.MarkdownString(`**${a.displayName}** (\`${a.name}\`)\n\n${a.description}\n\nTools: ${a.tools ? a.tools.map((t) => `\`${t}\``).join(', ') : 'all'}`);
        item.iconPath = new vscode.ThemeIcon(a.origin === 'builtin' ? 'hubot' : 'person');
        item.contextValue = 'atmosAgent';
        item.command = { command: 'atmosAi.showAgentPrompt', title: 'Show Prompt', arguments: [node] };
        return item;
      }
      case 'problem': {
        const p = node.problem;
        const item = new vscode.TreeItem(`${path.basename(p.file)}:${p.line}: ${p.message}`);
        item.iconPath = new vscode.ThemeIcon('warning');
        item.tooltip = `${p.file}:${p.line}:${p.col}: ${p.message}`;
        item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(p.file), { selection: new vscode.Range(p.line - 1, p.col - 1, p.line - 1, p.col - 1) }] };
        return item;
      }
    }
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

function agentOf(arg: unknown): Agent | undefined {
  const n = arg as AgentNode | undefined;
  return n?.kind === 'agent' ? n.agent : undefined;
}

/** Read-only `atmos-ai-prompt:/<origin>/<name>.md` documents: an agent's system prompt as the chat sends it. */
const promptScheme = 'atmos-ai-prompt';

export function registerAgentCommands(tree: AgentsTree): vscode.Disposable[] {
  return [
    vscode.workspace.registerTextDocumentContentProvider(promptScheme, {
      async provideTextDocumentContent(uri) {
        const name = uri.path.replace(/^.*\//, '').replace(/\.md$/, '');
        const a = (await tree.load()).get(name);
        return a ? `<!-- ${a.displayName} (${a.name}), ${a.origin}, from ${a.source} -->\n\n${a.prompt}` : `<!-- no agent named ${name} -->\n`;
      },
    }),
    vscode.commands.registerCommand('atmosAi.showAgentPrompt', async (arg: unknown) => {
      const a = agentOf(arg);
      if (!a) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: promptScheme, path: `/${a.origin}/${a.name}.md` }));
      await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand('atmosAi.useAgent', async (arg: unknown) => {
      const a = agentOf(arg);
      if (a) await vscode.commands.executeCommand('atmosAi.selectAgent', a.name);
    }),
    vscode.commands.registerCommand('atmosAi.refreshAgents', () => tree.refresh()),
  ];
}
