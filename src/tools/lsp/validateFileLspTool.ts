/**
 * validate_file_lsp: what a language server says about a stack file or a Terraform file. The diagnostics
 * come from a port: headless it starts yaml-language-server (with the Atmos manifest schema when one is
 * configured) or terraform-ls when it is on PATH; in VS Code it reads the editor's own diagnostics.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ProcessRunner } from '../../process/processRunner';
import type { ToolOutput, ToolSpec } from '../toolSpec';
import type { WorkspaceGuard } from '../workspaceGuard';
import { lspDiagnostics, type FileDiagnostic } from './lspDiagnostics';

export interface DiagnosticsPort {
  /** Diagnostics for an absolute path, or a sentence saying why there are none to be had. */
  diagnostics(file: string, text: string): Promise<FileDiagnostic[] | { unavailable: string }>;
}

export interface HeadlessLspOptions {
  rootDir: string;
  /** Absolute path or URL of the Atmos manifest JSON Schema, and the globs of stack files it applies to. */
  manifestSchema?: { uri: string; globs: string[] };
  runner: ProcessRunner;
}

export function headlessDiagnostics(opts: HeadlessLspOptions): DiagnosticsPort {
  return {
    async diagnostics(file, text) {
      if (/\.ya?ml$/.test(file)) {
        let server: string;
        try {
          server = require.resolve('yaml-language-server/bin/yaml-language-server');
        } catch {
          return { unavailable: 'yaml-language-server is not installed (npm install yaml-language-server)' };
        }
        const schemas = opts.manifestSchema ? { [opts.manifestSchema.uri]: opts.manifestSchema.globs } : {};
        return lspDiagnostics(
          { command: process.execPath, args: [server, '--stdio'], languageId: 'yaml', rootDir: opts.rootDir, settings: { yaml: { validate: true, schemas, customTags: YAML_FUNCTION_TAGS } } },
          file,
          text,
        );
      }
      if (/\.tf$/.test(file)) {
        const terraformLs = await opts.runner.which('terraform-ls');
        if (!terraformLs) return { unavailable: 'terraform-ls is not on PATH; install it to check Terraform files' };
        return lspDiagnostics({ command: terraformLs, args: ['serve'], languageId: 'terraform', rootDir: path.dirname(file) }, file, text);
      }
      return { unavailable: 'only YAML stack files and Terraform (.tf) files are checked' };
    },
  };
}

/** Atmos YAML functions, declared so the YAML server does not flag them as unknown tags. */
const YAML_FUNCTION_TAGS = ['!env', '!exec', '!include', '!include.raw', '!literal', '!unset', '!append', '!template', '!repo-root', '!cwd', '!store', '!store.get', '!terraform.output', '!terraform.state', '!random', '!secret', '!aws.account_id', '!aws.caller_identity_arn', '!aws.caller_identity_user_id', '!aws.region'].flatMap((t) => [
  `${t} scalar`,
  `${t} sequence`,
  `${t} mapping`,
]);

export function validateFileLspTool(guard: WorkspaceGuard, port: DiagnosticsPort): ToolSpec {
  return {
    name: 'validate_file_lsp',
    description: 'Language-server diagnostics (YAML with the Atmos manifest schema, Terraform) for one file in the workspace.',
    readOnly: true,
    inputSchema: { type: 'object', properties: { path: { type: 'string', minLength: 1, description: 'path relative to the workspace root' } }, required: ['path'], additionalProperties: false },
    run: async (a): Promise<ToolOutput> => {
      const checked = await guard.check(String(a.path));
      if (!checked.ok) return { content: checked.message, isError: true };
      const text = await readFile(checked.absolute, 'utf8').catch(() => undefined);
      if (text === undefined) return { content: `${checked.relative} cannot be read`, isError: true };
      const result = await port.diagnostics(checked.absolute, text).catch((err: Error) => ({ unavailable: err.message }));
      if ('unavailable' in result) return { content: `no language-server check: ${result.unavailable}`, isError: true };
      if (result.length === 0) return { content: `${checked.relative}: no problems` };
      return { content: result.map((d) => `${checked.relative}:${d.line}:${d.col}: ${d.severity}: ${d.message}${d.source ? ` (${d.source})` : ''}`).join('\n') };
    },
  };
}
