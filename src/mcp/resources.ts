/**
 * MCP resources come from pluggable providers, so the engine can add the stacks list and each resolved
 * component (`atmos://stacks/<stack>/components/<component>`) once its API settles, without touching the server.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

export interface McpResource {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface McpResourceTemplate {
  uriTemplate: string;
  name: string;
  description?: string;
  mimeType?: string;
}

export interface McpResourceContents {
  uri: string;
  mimeType?: string;
  text: string;
}

export interface ResourceProvider {
  list(): Promise<McpResource[]>;
  /** URI templates the provider answers (e.g. one resolved component per stack); optional. */
  templates?(): Promise<McpResourceTemplate[]>;
  /** The contents of `uri`, or undefined when this provider does not own it. */
  read(uri: string): Promise<McpResourceContents | undefined>;
}

interface WorkspaceFile {
  uri: string;
  file: string;
  name: string;
  description: string;
  mimeType: string;
}

/** atmos.yaml and ATMOS.md at the workspace root, listed only when present. */
export function workspaceFileResources(root: string): ResourceProvider {
  const files: WorkspaceFile[] = [
    { uri: 'atmos://config/atmos.yaml', file: 'atmos.yaml', name: 'atmos.yaml', description: 'The Atmos CLI configuration of this workspace', mimeType: 'application/yaml' },
    { uri: 'atmos://memory/ATMOS.md', file: 'ATMOS.md', name: 'ATMOS.md', description: "The team's notes on this repository (project memory)", mimeType: 'text/markdown' },
  ];
  const present = async (f: WorkspaceFile) => {
    try {
      return (await stat(path.join(root, f.file))).isFile();
    } catch {
      return false;
    }
  };
  return {
    async list() {
      const out: McpResource[] = [];
      for (const f of files) if (await present(f)) out.push({ uri: f.uri, name: f.name, description: f.description, mimeType: f.mimeType });
      return out;
    },
    async read(uri) {
      const f = files.find((x) => x.uri === uri);
      if (!f || !(await present(f))) return undefined;
      return { uri, mimeType: f.mimeType, text: await readFile(path.join(root, f.file), 'utf8') };
    },
  };
}
