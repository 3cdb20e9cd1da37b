/**
 * The one list of tools a workspace offers — Atmos (on the native engine), file, Terraform, web search and LSP
 * checks — so the chat, `ask`, Copilot and the MCP server can never drift apart in what they serve.
 */
import type { AtmosEngine } from '../atmos/engine';
import type { ProcessRunner } from '../process/processRunner';
import { atmosTools } from '../tools/atmos/atmosTools';
import { fileTools } from '../tools/file/fileTools';
import { validateFileLspTool, type DiagnosticsPort } from '../tools/lsp/validateFileLspTool';
import { terraformTools } from '../tools/terraform/terraformTools';
import type { ToolSpec } from '../tools/toolSpec';
import { webSearchTool, type WebSearchOptions } from '../tools/web/webSearchTool';
import type { WorkspaceGuard } from '../tools/workspaceGuard';

export interface WorkspaceToolsOptions {
  /** The engine for each Atmos call (a long-running server hands out a fresh one after edits). */
  engine: () => Promise<AtmosEngine>;
  /** The folder file tools are confined to, and its .atmosignore guard. */
  root: string;
  guard: WorkspaceGuard;
  /** Stacks and component folders, relative to `root`. */
  stacksDir: string;
  componentDirs: Record<string, string>;
  runner: ProcessRunner;
  /** Where `atmos terraform …` runs (the Atmos base path). */
  terraformCwd: string;
  env: NodeJS.ProcessEnv;
  webSearch?: WebSearchOptions;
  diagnostics: DiagnosticsPort;
}

export function workspaceTools(o: WorkspaceToolsOptions): ToolSpec[] {
  return [
    ...atmosTools(o.engine),
    ...fileTools({ root: o.root, guard: o.guard, stacksDir: o.stacksDir, componentDirs: o.componentDirs }),
    ...terraformTools({ runner: o.runner, cwd: o.terraformCwd, env: o.env }),
    webSearchTool(o.webSearch),
    validateFileLspTool(o.guard, o.diagnostics),
  ];
}
