/**
 * The Stacks tree: stacks grouped by their name parts (tenant → environment → stage), then components,
 * then their sections. A component opens its resolved config; a section opens it at that key.
 * With several Atmos roots in the workspace, each root is a top-level node above its stacks.
 */
import * as vscode from 'vscode';
import type { AtmosEngine } from '../../atmos/engine';
import { isMap } from '../../atmos/values';
import { rootLabel } from '../../editorSupport/atmosRoots';
import { groupStacks, type StackGroup } from '../../editorSupport/stackGroups';
import type { EditorState } from './editorState';

/** `root` is set when the workspace has several Atmos roots (absent: the only one). */
export type StacksNode =
  | { kind: 'root'; root: string }
  | { kind: 'group'; group: StackGroup; id: string; root?: string }
  | { kind: 'stack'; stack: string; root?: string }
  | { kind: 'component'; stack: string; component: string; type: string; abstract: boolean; root?: string }
  | { kind: 'section'; stack: string; component: string; section: string; size: number; root?: string }
  | { kind: 'message'; text: string };

/** Sections listed under a component, in this order, when they hold something. */
const SECTIONS = ['vars', 'settings', 'env', 'backend', 'metadata', 'providers', 'overrides', 'hooks', 'remote_state_backend'];

export class StacksTree implements vscode.TreeDataProvider<StacksNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StacksNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: EditorState) {
    this.subscription = state.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: StacksNode): Promise<StacksNode[]> {
    if (!node) {
      const roots = await this.state.engines.rootList();
      if (roots.length === 0) return [{ kind: 'message', text: 'No atmos.yaml found in this workspace.' }];
      if (roots.length > 1) return roots.map((root) => ({ kind: 'root', root }));
      return this.stacksOf(await this.state.engines.forRoot(roots[0]));
    }
    if (node.kind === 'root') return this.stacksOf(await this.state.engines.forRoot(node.root), node.root);
    if (node.kind === 'message') return [];
    const engine = await this.state.engineOf(node.root);
    if (!engine) return [];
    const root = node.root;
    switch (node.kind) {
      case 'group':
        return node.group.children.map((g) => this.fromGroup(g, `${node.id}/${g.label}`, root));
      case 'stack':
        return engine.listComponents(node.stack).map((c) => ({ kind: 'component', stack: node.stack, component: c.component, type: c.type, abstract: c.abstract, root }));
      case 'component': {
        const d = this.state.cache.get(engine, node.component, node.stack);
        if (!d) return [];
        return SECTIONS.filter((s) => isMap(d.section[s]) && Object.keys(d.section[s] as object).length > 0).map((s) => ({
          kind: 'section',
          stack: node.stack,
          component: node.component,
          section: s,
          size: Object.keys(d.section[s] as object).length,
          root,
        }));
      }
      default:
        return [];
    }
  }

  private stacksOf(engine: AtmosEngine | undefined, root?: string): StacksNode[] {
    if (!engine) return [{ kind: 'message', text: root ? `The Atmos configuration in ${root} could not be loaded (see the Atmos AI log).` : 'No atmos.yaml found in this workspace.' }];
    const stacks = engine.listStacks();
    if (stacks.length === 0) return [{ kind: 'message', text: `No stacks under ${engine.config.stacksBasePath}.` }];
    return groupStacks(stacks).map((g) => this.fromGroup(g, g.label, root));
  }

  private fromGroup(g: StackGroup, id: string, root?: string): StacksNode {
    return g.stack ? { kind: 'stack', stack: g.stack, root } : { kind: 'group', group: g, id, root };
  }

  getTreeItem(node: StacksNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    const scope = 'root' in node && node.root ? `${node.root}|` : '';
    switch (node.kind) {
      case 'root': {
        const item = new vscode.TreeItem(rootLabel(node.root, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)), C.Expanded);
        item.id = `root:${node.root}`;
        item.description = 'Atmos root';
        item.tooltip = `${node.root}/atmos.yaml`;
        item.iconPath = new vscode.ThemeIcon('root-folder');
        item.contextValue = 'atmosRoot';
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(node.group.label, C.Expanded);
        item.id = `${scope}group:${node.id}`;
        item.iconPath = new vscode.ThemeIcon('folder');
        item.contextValue = 'atmosStackGroup';
        return item;
      }
      case 'stack': {
        const item = new vscode.TreeItem(node.stack, C.Collapsed);
        item.id = `${scope}stack:${node.stack}`;
        item.iconPath = new vscode.ThemeIcon('layers');
        item.contextValue = 'atmosStack';
        return item;
      }
      case 'component': {
        const item = new vscode.TreeItem(node.component, C.Collapsed);
        item.id = `${scope}component:${node.stack}:${node.type}:${node.component}`;
        item.description = node.abstract ? `${node.type} · abstract` : node.type;
        item.iconPath = new vscode.ThemeIcon(node.abstract ? 'symbol-interface' : 'package');
        item.contextValue = 'atmosComponent';
        item.tooltip = `${node.component} in ${node.stack}: click to open the resolved config`;
        item.command = { command: 'atmosAi.describeComponent', title: 'Describe', arguments: [node] };
        return item;
      }
      case 'section': {
        const item = new vscode.TreeItem(node.section, C.None);
        item.id = `${scope}section:${node.stack}:${node.component}:${node.section}`;
        item.description = `${node.size} key${node.size === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'atmosSection';
        item.command = { command: 'atmosAi.describeComponent', title: 'Describe', arguments: [node] };
        return item;
      }
      case 'message':
        return new vscode.TreeItem(node.text, C.None);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
