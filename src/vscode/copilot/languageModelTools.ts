/**
 * The read-only Atmos tools as VS Code Language Model Tools, so Copilot agent mode can call them. The same
 * permission policy applies: a blocked tool fails, an "ask" tool gets VS Code's confirmation dialog.
 */
import * as vscode from 'vscode';
import { decide } from '../../tools/permissionPolicy';
import { LM_TOOL_NAMES } from '../../tools/atmos/languageModelToolManifest';
import type { EngineHost } from '../engineHost';
import { copilotServices } from './copilotServices';

const COPILOT_AGENT = { name: 'copilot' };

export function registerLanguageModelTools(context: vscode.ExtensionContext, engines: EngineHost): void {
  for (const name of LM_TOOL_NAMES) {
    context.subscriptions.push(
      vscode.lm.registerTool<Record<string, unknown>>(name, {
        async prepareInvocation(options) {
          const services = await copilotServices(engines, context);
          const spec = services?.registry.get(name);
          const command = spec?.atmosCommand?.(options.input);
          if (!services) return { invocationMessage: 'No Atmos repository in this workspace' };
          const verdict = decide(name, COPILOT_AGENT, services.policy, await services.always.forWorkspace(services.workspaceRoot));
          return {
            invocationMessage: command ? `Running \`${command}\` (native engine)` : `Running ${name}`,
            ...(verdict.decision === 'ask' ? { confirmationMessages: { title: `Run ${name}?`, message: new vscode.MarkdownString(`${verdict.reason}.\n\n\`\`\`json\n${JSON.stringify(options.input, null, 2)}\n\`\`\``) } } : {}),
          };
        },
        async invoke(options, token) {
          const services = await copilotServices(engines, context);
          if (!services) throw new Error('No atmos.yaml was found in this workspace, so there is no Atmos repository to ask about.');
          const verdict = decide(name, COPILOT_AGENT, services.policy, await services.always.forWorkspace(services.workspaceRoot));
          if (verdict.decision === 'deny') throw new Error(`Refused: ${verdict.reason}.`);
          const checked = services.registry.validate(name, options.input);
          if (!checked.ok) throw new Error(checked.message);
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          const started = Date.now();
          const out = await services.registry.get(name)!.run(checked.args, { signal: controller.signal, client: 'copilot' });
          void services.audit
            ?.record({ client: 'copilot', agent: 'copilot', tool: name, args: checked.args, decision: verdict.decision, rule: verdict.decision === 'ask' ? 'user_allowed' : verdict.rule, durationMs: Date.now() - started, outcome: out.isError ? 'error' : 'success', resultBytes: Buffer.byteLength(out.content) })
            .catch(() => undefined);
          if (out.isError) throw new Error(out.content);
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(out.content)]);
        },
      }),
    );
  }
}
