/** Shared set-up for the MCP tests: a temp workspace, a few small tools, and a server over it. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileTools } from '../../../src/tools/file/fileTools';
import type { ToolSpec } from '../../../src/tools/toolSpec';
import { buildWorkspaceServer, type WorkspaceServer } from '../../../src/mcp/workspaceServer';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const promptsDir = path.join(repoRoot, 'prompts');

export interface TempWorkspace {
  /** the parent temp dir (holds `outside.txt`, outside the workspace) */
  base: string;
  root: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

export const ATMOS_YAML = `base_path: "."
stacks:
  base_path: stacks
components:
  terraform:
    base_path: components/terraform
settings:
  ai:
    tools:
      blocked_tools: [danger_*]
`;

export async function makeWorkspace(atmosYaml = ATMOS_YAML): Promise<TempWorkspace> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'atmos-ai-mcp-'));
  const root = path.join(base, 'repo');
  const files: Record<string, string> = {
    'atmos.yaml': atmosYaml,
    'ATMOS.md': '# Acme\n\nStacks are named tenant-environment-stage.\n',
    'stacks/orgs/acme/dev.yaml': 'vars:\n  stage: dev\ncomponents:\n  terraform:\n    vpc:\n      vars:\n        cidr_block: 10.1.0.0/16\n',
    'components/terraform/vpc/variables.tf': 'variable "cidr_block" {\n  type = string\n}\n',
    '.env': 'SECRET=1\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  await writeFile(path.join(base, 'outside.txt'), 'outside the workspace\n');
  const dataDir = path.join(base, 'data');
  return { base, root, dataDir, cleanup: () => rm(base, { recursive: true, force: true, maxRetries: 3 }) };
}

const objectSchema = (props: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties: props, required, additionalProperties: false });

/** Small tools next to the real file tools: one read-only, one blocked by the defaults, one blocked by atmos.yaml, one slow. */
export function testTools(calls: string[] = []): ToolSpec[] {
  return [
    {
      name: 'atmos_describe_component',
      description: 'Describe a component in a stack (test double)',
      readOnly: true,
      inputSchema: objectSchema({ component: { type: 'string', minLength: 1 }, stack: { type: 'string', minLength: 1 } }, ['component', 'stack']),
      atmosCommand: (a) => `atmos describe component ${String(a.component)} -s ${String(a.stack)}`,
      run: async (a) => {
        calls.push(`describe ${String(a.component)} ${String(a.stack)}`);
        return { content: JSON.stringify({ component: a.component, stack: a.stack, vars: { cidr_block: '10.1.0.0/16' } }) };
      },
    },
    {
      name: 'atmos_terraform_apply',
      description: 'Apply (test double; blocked by default)',
      readOnly: false,
      inputSchema: objectSchema({ component: { type: 'string' } }),
      run: async () => {
        calls.push('apply');
        return { content: 'applied' };
      },
    },
    {
      name: 'danger_drop',
      description: 'Blocked by atmos.yaml in the test workspace',
      readOnly: false,
      inputSchema: objectSchema({}),
      run: async () => {
        calls.push('drop');
        return { content: 'dropped' };
      },
    },
  ];
}

export async function workspaceServer(ws: TempWorkspace, calls: string[] = [], extra: Partial<Parameters<typeof buildWorkspaceServer>[0]> = {}): Promise<WorkspaceServer> {
  return buildWorkspaceServer({ root: ws.root, dataDir: ws.dataDir, promptsDir, version: '0.0.0-test', homeDir: ws.base, tools: (where) => [...fileTools(where), ...testTools(calls)], ...extra });
}

export function textOf(result: unknown): string {
  const blocks = ((result as { content?: unknown }).content ?? []) as { type: string; text?: string }[];
  return blocks.map((b) => (b.type === 'text' ? (b.text ?? '') : `[${b.type}]`)).join('\n');
}
