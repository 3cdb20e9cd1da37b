/**
 * The five agents shipped with Atmos AI. Prompts live in `prompts/agents/<name>.md` (shipped as files so they
 * can be read and improved without touching code); `{{shared}}` in a prompt is replaced by `_shared.md`.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Agent } from './agent';

const READ_TOOLS = [
  'atmos_describe_*',
  'atmos_list_*',
  'atmos_validate_*',
  'atmos_where',
  'file_read',
  'file_search',
  'read_component_file',
  'read_stack_file',
  'validate_file_lsp',
];

interface BuiltinSpec {
  name: string;
  displayName: string;
  description: string;
  category: string;
  tools?: string[];
  restrictedTools?: string[];
}

export const BUILTIN_AGENTS: readonly BuiltinSpec[] = [
  {
    name: 'general',
    displayName: 'General',
    description: 'Answers questions about the repository and makes careful, approved changes.',
    category: 'general',
  },
  {
    name: 'stack-analyzer',
    displayName: 'Stack analyzer',
    description: 'Explains how a stack is assembled and finds drift, overrides and risky settings. Read-only.',
    category: 'analysis',
    tools: READ_TOOLS,
  },
  {
    name: 'component-refactor',
    displayName: 'Component refactor',
    description: 'Restructures catalogs, inheritance and names without changing what is deployed.',
    category: 'refactor',
    tools: [...READ_TOOLS, 'file_write', 'write_component_file', 'write_stack_file', 'atmos_terraform_plan'],
    restrictedTools: ['file_write', 'write_*', 'atmos_terraform_plan'],
  },
  {
    name: 'security-auditor',
    displayName: 'Security auditor',
    description: 'Reviews stacks and Terraform components for exposure, encryption, IAM and secret problems. Read-only.',
    category: 'security',
    tools: [...READ_TOOLS, 'web_search'],
  },
  {
    name: 'config-validator',
    displayName: 'Config validator',
    description: 'Validates manifests and explains each problem with its file, line and fix. Read-only.',
    category: 'validation',
    tools: READ_TOOLS,
  },
];

/** Loads the built-in agents with their prompts from `promptsDir` (the shipped `prompts/` folder). */
export async function loadBuiltinAgents(promptsDir: string): Promise<Agent[]> {
  const shared = await readFile(path.join(promptsDir, 'agents', '_shared.md'), 'utf8');
  return Promise.all(
    BUILTIN_AGENTS.map(async (spec) => {
      const file = path.join(promptsDir, 'agents', `${spec.name}.md`);
      const prompt = (await readFile(file, 'utf8')).replace('{{shared}}', shared.trim());
      return {
        name: spec.name,
        displayName: spec.displayName,
        description: spec.description,
        origin: 'builtin' as const,
        tools: spec.tools,
        restrictedTools: spec.restrictedTools ?? [],
        prompt,
        source: file,
        category: spec.category,
      };
    }),
  );
}
