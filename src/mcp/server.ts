/**
 * The Atmos MCP server: the tool registry's tools, resources from pluggable providers, and the agents as prompts.
 *
 * Every tool call goes through the chat's own pipeline (`runToolCall`: policy → approval → run with a timeout →
 * cap → audit). Blocked tools are refused and not listed. A tool the policy wants confirmed is put to the user
 * through MCP elicitation when the client declares it; a client that cannot ask gets a refusal saying how to
 * allow the tool. One `Server` serves one connection: the HTTP host makes one per session.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalAnswer, ApprovalRequest } from '../chat/chatEvents';
import { runToolCall, type ApprovalPort, type AuditSink } from '../chat/toolRunner';
import { decide, type AgentScope, type AlwaysAllowed, type PolicyDecision, type ToolPolicy } from '../tools/permissionPolicy';
import type { ToolRegistry } from '../tools/toolRegistry';
import type { PromptSource } from './agentPrompts';
import type { ResourceProvider } from './resources';

export interface McpServerDeps {
  registry: ToolRegistry;
  policy: ToolPolicy;
  /** The remembered "Allow always" answers, read for each call so a new answer counts at once. */
  alwaysAllowed(): Promise<AlwaysAllowed>;
  rememberAlways(tool: string): Promise<void>;
  audit?: AuditSink;
  resources?: ResourceProvider[];
  prompts?: PromptSource;
  timeoutMs: number;
  maxOutputChars: number;
  /** How long the user has to answer an elicitation before the call is refused. */
  approvalTimeoutMs?: number;
  /** What to tell a client that cannot ask, after "X needs your approval". */
  howToAllow?(tool: string): string;
  version: string;
}

/** The scope of calls from MCP clients: every registered tool (the policy still decides each call). */
const MCP_AGENT: AgentScope = { name: 'mcp' };
const UNKNOWN_CLIENT = 'mcp-client';

export function defaultHowToAllow(tool: string): string {
  return (
    `To allow it, add '${tool}' (or a glob such as '${tool.replace(/_[^_]*$/, '_*')}') to settings.ai.tools.allowed_tools in atmos.yaml, ` +
    `or to the atmosAi.tools.allowed setting in VS Code, and restart the MCP server. Blocked tools stay blocked.`
  );
}

export function createMcpServer(deps: McpServerDeps): Server {
  const server = new Server(
    { name: 'atmos-ai', title: 'Atmos AI', version: deps.version },
    {
      capabilities: { tools: {}, resources: {}, prompts: {} },
      instructions:
        'Atmos AI: tools to describe, list, validate and edit an Atmos infrastructure repository (stacks, components, imports, inheritance). ' +
        'Prefer the atmos_* tools over reading YAML by hand: they return the merged, resolved configuration.',
    },
  );
  const clientName = () => server.getClientVersion()?.name || UNKNOWN_CLIENT;
  const canElicit = () => {
    const e = server.getClientCapabilities()?.elicitation as Record<string, unknown> | undefined;
    return e !== undefined && (e.form !== undefined || Object.keys(e).length === 0);
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const always = await deps.alwaysAllowed();
    const tools: Tool[] = deps.registry
      .list()
      .filter((t) => decide(t.name, MCP_AGENT, deps.policy, always).rule !== 'blocked')
      .map((t) => ({
        name: t.name,
        description: t.description,
        inputSchema: { type: 'object', ...t.inputSchema } as Tool['inputSchema'],
        annotations: { readOnlyHint: t.readOnly, destructiveHint: !t.readOnly, openWorldHint: false },
      }));
    return { tools };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const name = request.params.name;
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    const client = clientName();
    const always = await deps.alwaysAllowed();
    const verdict = decide(name, MCP_AGENT, deps.policy, always);
    if (verdict.decision === 'ask' && deps.registry.get(name) && !canElicit()) {
      return refuseUnasked(name, args, verdict, client);
    }
    const approvals: ApprovalPort = {
      request: (req, signal) => askThroughElicitation(req, signal, extra.requestId),
    };
    const result = await runToolCall(
      { type: 'tool_use', id: String(extra.requestId), name, input: args },
      {
        registry: deps.registry,
        policy: deps.policy,
        agent: MCP_AGENT,
        always,
        rememberAlways: deps.rememberAlways,
        approvals,
        audit: deps.audit,
        client,
        timeoutMs: deps.timeoutMs,
        maxOutputChars: deps.maxOutputChars,
      },
      extra.signal,
      () => undefined,
    );
    return { content: [{ type: 'text', text: result.content }], isError: result.isError };
  });

  const refuseUnasked = async (name: string, args: Record<string, unknown>, verdict: PolicyDecision, client: string): Promise<CallToolResult> => {
    const text =
      `Refused: ${name} needs the user's approval (${verdict.reason}), and this MCP client (${client}) cannot ask for it because it does not support elicitation. ` +
      (deps.howToAllow ?? defaultHowToAllow)(name);
    await deps.audit
      ?.record({ client, agent: MCP_AGENT.name, tool: name, args, decision: 'ask', rule: verdict.rule, outcome: 'denied', error: 'client cannot ask (no elicitation)', resultBytes: Buffer.byteLength(text) })
      .catch(() => undefined);
    return { content: [{ type: 'text', text }], isError: true };
  };

  const askThroughElicitation = async (req: ApprovalRequest, signal: AbortSignal, relatedRequestId: string | number): Promise<ApprovalAnswer> => {
    const result = await server.elicitInput(
      {
        mode: 'form',
        message: approvalMessage(req),
        requestedSchema: {
          type: 'object',
          properties: {
            allow_always: { type: 'boolean', title: 'Allow always in this workspace', description: `Do not ask again for ${req.tool}`, default: false },
          },
        },
      },
      { signal, relatedRequestId, timeout: deps.approvalTimeoutMs ?? 300_000 },
    );
    if (result.action !== 'accept') return 'deny';
    return result.content?.allow_always === true ? 'allow_always' : 'allow_once';
  };

  const providers = deps.resources ?? [];
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: (await Promise.all(providers.map((p) => p.list()))).flat(),
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: (await Promise.all(providers.map((p) => p.templates?.() ?? Promise.resolve([])))).flat(),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    for (const provider of providers) {
      const contents = await provider.read(request.params.uri);
      if (contents) return { contents: [contents] };
    }
    throw new McpError(ErrorCode.InvalidParams, `no resource ${request.params.uri}`);
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: (await deps.prompts?.list()) ?? [] }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const prompt = await deps.prompts?.get(request.params.name, request.params.arguments ?? {});
    if (!prompt) throw new McpError(ErrorCode.InvalidParams, `no prompt '${request.params.name}'`);
    return prompt;
  });

  return server;
}

/** What the user reads in the client's approval dialog: the tool, why it asks, and what it will do. */
function approvalMessage(req: ApprovalRequest): string {
  const lines = [`Atmos AI wants to run ${req.tool}.`, `Why this asks: ${req.reason}.`];
  if (req.atmosCommand) lines.push(`Equivalent command: ${req.atmosCommand}`);
  if (req.preview?.summary) lines.push(req.preview.summary);
  if (req.preview?.diff) lines.push(clip(req.preview.diff, 8000));
  else lines.push(`Arguments: ${clip(JSON.stringify(req.args, null, 2), 4000)}`);
  lines.push('Accept to run it once (or tick "Allow always"); decline to refuse.');
  return lines.join('\n\n');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters)`;
}
