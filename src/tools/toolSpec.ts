/** What a tool is: its schema for the model, how to run it, and what the user sees when asked to approve it. */
import type { JsonSchema } from '../providers/types';

export interface ToolContext {
  signal: AbortSignal;
  /** `chat`, `cli`, or the MCP client's name (for the audit log). */
  client: string;
  session?: string;
  agent?: string;
}

export interface ToolOutput {
  /** Text handed back to the model (JSON text where the result is structured). */
  content: string;
  isError?: boolean;
}

/** Extra detail shown with an approval request, e.g. the diff a write would make. */
export interface ApprovalPreview {
  diff?: string;
  summary?: string;
}

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments; checked with ajv before the tool runs. */
  inputSchema: JsonSchema;
  /** Read-only tools are the ones `--approve reads` allows and MCP clients may call without elicitation. */
  readOnly: boolean;
  /** The equivalent `atmos` command, shown on tool cards and approval prompts. */
  atmosCommand?(args: Record<string, unknown>): string | undefined;
  preview?(args: Record<string, unknown>, ctx: ToolContext): Promise<ApprovalPreview | undefined>;
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<ToolOutput>;
}
