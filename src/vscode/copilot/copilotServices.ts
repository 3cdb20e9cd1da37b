/** Workspace services for the Copilot-facing features (LM tools, @atmos), on the shared engine. */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
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

/**
 * The services for the current engine and settings. Reused across calls (a Copilot tool call asks twice:
 * prepareInvocation, then invoke), and rebuilt when the engine reloads atmos.yaml (a new config object, which
 * carries `settings.ai.tools`), an atmosAi setting changes or
 * `.atmosignore` changes (it decides what the file tools may read).
 * They hold no MCP connections (connectMcpServers is off), so nothing needs closing when they are replaced.
 */
let cached: { config: unknown; settingsKey: string; services: Promise<WorkspaceServices> } | undefined;

export async function copilotServices(engines: EngineHost, context: vscode.ExtensionContext): Promise<WorkspaceServices | undefined> {
  const engine = await engines.get();
  if (!engine) return undefined;
  const settings = assistantSettings();
  const ignoreStamp = await stat(path.join(engine.config.basePath, '.atmosignore')).then((st) => st.mtimeMs, () => 0);
  const settingsKey = JSON.stringify([settings, ignoreStamp]);
  if (cached?.config !== engine.config || cached.settingsKey !== settingsKey) {
    const services = openWorkspaceServices({ cwd: engine.config.basePath, engine, dataDir: context.globalStorageUri.fsPath, settings, diagnostics: editorDiagnostics, connectMcpServers: false });
    cached = { config: engine.config, settingsKey, services };
    const entry = cached;
    services.catch(() => {
      if (cached === entry) cached = undefined; // a failed open is retried on the next call
    });
  }
  return cached.services;
}
