/**
 * `@atmos` in VS Code's Chat view: `/describe`, `/where` and `/validate` run the native engine directly (no
 * model needed); `/analyze` and free questions run our agents on the model the user picked in the Chat view,
 * with the read-only Atmos tools. Edits are left to the Atmos AI chat panel, where approvals are inline.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadAgentCatalog } from '../../agents/agentCatalog';
import { repoSummary } from '../../chat/repoSummary';
import { runTurn } from '../../chat/runTurn';
import { parseSlashCommand } from '../../chat/slashCommands';
import { buildSystemPrompt } from '../../chat/systemPrompt';
import type { ChatMessage } from '../../providers/types';
import { matches } from '../../tools/permissionPolicy';
import type { EngineHost } from '../engineHost';
import { createVsCodeLmProvider } from '../vscodeLmProvider';
import { copilotServices } from './copilotServices';

export const PARTICIPANT_ID = 'atmosAi.atmos';

export function registerAtmosChatParticipant(context: vscode.ExtensionContext, engines: EngineHost): void {
  if (typeof vscode.chat?.createChatParticipant !== 'function') return; // hosts without chat
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, chatContext, response, token) => {
    const services = await copilotServices(engines, context);
    if (!services) {
      response.markdown('No `atmos.yaml` was found in this workspace, so there is no Atmos repository to ask about.');
      return;
    }
    if (request.command === 'describe' || request.command === 'where' || request.command === 'validate') {
      const slash = parseSlashCommand(`/${request.command} ${request.prompt}`);
      if (!slash || 'error' in slash) {
        response.markdown(`\`\`\`\n${slash && 'error' in slash ? slash.error : 'unknown command'}\n\`\`\``);
        return;
      }
      const spec = services.registry.get(slash.tool)!;
      const checked = services.registry.validate(slash.tool, slash.args);
      if (!checked.ok) {
        response.markdown(checked.message);
        return;
      }
      const command = spec.atmosCommand?.(checked.args);
      if (command) response.progress(`Running ${command} (native engine)`);
      const out = await spec.run(checked.args, { signal: new AbortController().signal, client: 'copilot-chat' });
      response.markdown(`${out.isError ? '**Error:** ' : ''}\n\`\`\`json\n${out.content}\n\`\`\`\n${command ? `\nSame as \`${command}\`.` : ''}`);
      return;
    }

    const catalog = await loadAgentCatalog({ promptsDir: path.join(context.extensionPath, 'prompts'), workspaceRoot: services.workspaceRoot, homeDir: os.homedir() });
    const agent = catalog.get(request.command === 'analyze' ? 'stack-analyzer' : 'general') ?? catalog.agents[0];
    const readOnly = services.registry.list().filter((t) => t.readOnly).map((t) => t.name);
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const history: ChatMessage[] = chatContext.history.flatMap((turn): ChatMessage[] => {
      if (turn instanceof vscode.ChatRequestTurn) return [{ role: 'user', content: [{ type: 'text', text: turn.prompt }] }];
      const text = turn.response.map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : '')).join('');
      return text ? [{ role: 'assistant', content: [{ type: 'text', text }] }] : [];
    });
    for await (const event of runTurn({
      provider: createVsCodeLmProvider({ model: request.model.id }),
      model: request.model.id,
      system: buildSystemPrompt({ agentPrompt: agent.prompt, memoryMaxBytes: 0, repoSummary: repoSummary(services.engine) }),
      history,
      user: { role: 'user', content: [{ type: 'text', text: request.prompt }] },
      maxIterations: 8,
      signal: controller.signal,
      tools: {
        registry: services.registry,
        policy: services.policy,
        // Only read-only tools here, whatever the agent may do elsewhere: there is no inline approval in this view.
        agent: { name: agent.name, tools: readOnly.filter((t) => !agent.tools || agent.tools.some((p) => matches(t, p))) },
        always: await services.always.forWorkspace(services.workspaceRoot),
        rememberAlways: async () => undefined,
        approvals: { request: async () => 'deny' },
        audit: services.audit,
        client: 'copilot-chat',
        timeoutMs: 30_000,
        maxOutputChars: 40_000,
      },
    })) {
      if (event.type === 'text') response.markdown(event.delta);
      else if (event.type === 'tool_call') response.progress(event.atmosCommand ? `Running ${event.atmosCommand}` : `Running ${event.tool}`);
      else if (event.type === 'error') response.markdown(`\n\n**Error:** ${event.error.message}`);
    }
  });
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  context.subscriptions.push(participant);
}
