/** Workspace symbols (Ctrl+T, `#` in Quick Open): every stack at its manifest, every component at its definitions. */
import * as vscode from 'vscode';
import { atmosSymbols } from '../../editorSupport/workspaceSymbols';
import type { EditorState } from './editorState';

export function registerWorkspaceSymbols(state: EditorState): vscode.Disposable[] {
  const provider: vscode.WorkspaceSymbolProvider = {
    async provideWorkspaceSymbols(query, token) {
      const out: vscode.SymbolInformation[] = [];
      for (const engine of await state.allEngines()) {
        if (token.isCancellationRequested) break;
        const symbols = atmosSymbols({ stacks: engine.stackEntries(), definitions: state.componentIndex(engine).all(), stacksBasePath: engine.config.stacksBasePath, query });
        for (const s of symbols) {
          const at = new vscode.Position(s.line - 1, s.col - 1);
          out.push(new vscode.SymbolInformation(s.name, s.kind === 'stack' ? vscode.SymbolKind.Module : vscode.SymbolKind.Class, s.detail, new vscode.Location(vscode.Uri.file(s.file), at)));
        }
      }
      return out;
    },
  };
  return [vscode.languages.registerWorkspaceSymbolProvider(provider)];
}
