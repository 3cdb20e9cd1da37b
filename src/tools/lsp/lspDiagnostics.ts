/**
 * Diagnostics for one file from a language server over stdio (JSON-RPC via vscode-languageserver-protocol):
 * start the server, open the document, wait for its publishDiagnostics, shut it down. Used headless (CLI, MCP);
 * inside VS Code the extension reads the editor's own diagnostics instead.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type Diagnostic } from 'vscode-languageserver-protocol/node';

export interface LanguageServerSpec {
  command: string;
  args: string[];
  languageId: string;
  /** Answers to `workspace/configuration` by section (e.g. `yaml`). */
  settings?: Record<string, unknown>;
  rootDir: string;
}

export interface FileDiagnostic {
  line: number;
  col: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source?: string;
}

const SEVERITY: Record<number, FileDiagnostic['severity']> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export async function lspDiagnostics(spec: LanguageServerSpec, file: string, text: string, timeoutMs = 15_000): Promise<FileDiagnostic[]> {
  const child = spawn(spec.command, spec.args, { stdio: ['pipe', 'pipe', 'ignore'], cwd: spec.rootDir });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned;
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(file).href;
  let timer: NodeJS.Timeout | undefined;
  try {
    const published = new Promise<Diagnostic[]>((resolve, reject) => {
      connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
        if (params.uri === uri) resolve(params.diagnostics);
      });
      timer = setTimeout(() => reject(new Error(`${spec.command} sent no diagnostics within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      child.once('exit', (code) => reject(new Error(`${spec.command} exited (code ${code}) before it sent diagnostics`)));
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => (i.section ? spec.settings?.[i.section] ?? null : spec.settings ?? null)));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(spec.rootDir).href,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
      initializationOptions: spec.settings,
    });
    await connection.sendNotification('initialized', {});
    if (spec.settings) await connection.sendNotification('workspace/didChangeConfiguration', { settings: spec.settings });
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: spec.languageId, version: 1, text } });
    const diagnostics = await published;
    return diagnostics.map((d) => ({
      line: d.range.start.line + 1,
      col: d.range.start.character + 1,
      severity: SEVERITY[d.severity ?? 1] ?? 'error',
      message: typeof d.message === 'string' ? d.message : d.message.value,
      source: d.source,
    }));
  } finally {
    clearTimeout(timer);
    await Promise.race([connection.sendRequest('shutdown').then(() => connection.sendNotification('exit')), new Promise((r) => setTimeout(r, 500))]).catch(() => undefined);
    connection.dispose();
    child.kill();
  }
}
