/** Workspace services for the Copilot-facing features (LM tools, @atmos), on the shared engine. */
import * as vscode from 'vscode';
import type { FileDiagnostic } from '../../tools/lsp/lspDiagnostics';
import type { DiagnosticsPort } from '../../tools/lsp/validateFileLspTool';
import { openWorkspaceServices, type WorkspaceServices } from '../../workspace/workspaceServices';
import { assistantSettings } from '../chat/chatSettings';
import type { EngineHost } from '../engineHost';

/** validate_file_lsp inside VS Code: the diagnostics VS Code's own YAML/Terraform extensions already computed. */
export const editorDiagnostics: DiagnosticsPort = {
  async diagnostics(file) {
    const uri = vscode.Uri.file(file);
    await vscode.workspace.openTextDocument(uri); // language servers analyse open documents
    await new Promise((r) => setTimeout(r, 300));
    const severity: FileDiagnostic['severity'][] = ['error', 'warning', 'info', 'hint'];
    return vscode.languages.getDiagnostics(uri).map((d) => ({
      line: d.range.start.line + 1,
      col: d.range.start.character + 1,
      severity: severity[d.severity] ?? 'error',
      message: d.message,
      source: d.source,
    }));
  },
};

export async function copilotServices(engines: EngineHost, context: vscode.ExtensionContext): Promise<WorkspaceServices | undefined> {
  const engine = await engines.get();
  if (!engine) return undefined;
  return openWorkspaceServices({ cwd: engine.config.basePath, engine, dataDir: context.globalStorageUri.fsPath, settings: assistantSettings(), diagnostics: editorDiagnostics, connectMcpServers: false });
}
