/**
 * VS Code's own language models (GitHub Copilot and any other `vscode.lm` vendor) behind the ChatProvider
 * interface, so users without an API key can start. Tool calls use LanguageModelToolCallPart /
 * LanguageModelToolResultPart with the model's call ids. The API reports no token usage, so none is invented.
 */
import * as vscode from 'vscode';
import type { ChatMessage, ChatProvider, ChatRequest, ModelInfo, ProviderConfig, ProviderError, ProviderEvent } from '../providers/types';

export function createVsCodeLmProvider(config: ProviderConfig): ChatProvider {
  return {
    id: 'vscode',
    label: 'VS Code language models',
    stream: (req) => streamVsCodeLm(config, req),
    listModels: async () => (await vscode.lm.selectChatModels()).map((m): ModelInfo => ({ id: m.id, displayName: `${m.name} (${m.vendor})`, contextWindow: m.maxInputTokens })),
  };
}

async function pickModel(wanted: string | undefined): Promise<vscode.LanguageModelChat | ProviderError> {
  const all = await vscode.lm.selectChatModels();
  if (all.length === 0) {
    return { kind: 'model_not_found', retryable: false, message: 'No VS Code language models are available. Install and sign in to GitHub Copilot, or choose another provider with "Atmos AI: Select Provider".' };
  }
  if (!wanted) return all.find((m) => m.vendor === 'copilot') ?? all[0];
  const found = all.find((m) => m.id === wanted || m.family === wanted);
  return found ?? { kind: 'model_not_found', retryable: false, message: `VS Code model ${wanted} not found; available: ${all.map((m) => m.id).join(', ')}` };
}

/** Maps our messages to vscode.lm messages. The API has no system role: the system prompt leads as a user message. */
export function toVsCodeMessages(system: string, messages: ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const out: vscode.LanguageModelChatMessage[] = [];
  if (system) out.push(vscode.LanguageModelChatMessage.User(system));
  for (const m of messages) {
    if (m.role === 'assistant') {
      const parts = m.content.flatMap((b): (vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart)[] =>
        b.type === 'text' ? [new vscode.LanguageModelTextPart(b.text)] : b.type === 'tool_use' ? [new vscode.LanguageModelToolCallPart(b.id, b.name, b.input)] : [],
      );
      if (parts.length) out.push(vscode.LanguageModelChatMessage.Assistant(parts));
    } else {
      const parts = m.content.flatMap((b): (vscode.LanguageModelTextPart | vscode.LanguageModelToolResultPart)[] => {
        if (b.type === 'text') return [new vscode.LanguageModelTextPart(b.text)];
        if (b.type === 'tool_result') {
          const text = typeof b.content === 'string' ? b.content : b.content.map((t) => t.text).join('\n');
          return [new vscode.LanguageModelToolResultPart(b.toolUseId, [new vscode.LanguageModelTextPart(b.isError ? `Error: ${text}` : text)])];
        }
        return [];
      });
      if (parts.length) out.push(vscode.LanguageModelChatMessage.User(parts));
    }
  }
  return out;
}

async function* streamVsCodeLm(config: ProviderConfig, req: ChatRequest): AsyncGenerator<ProviderEvent> {
  const picked = await pickModel(req.model ?? config.model);
  if ('kind' in picked) {
    yield { type: 'error', ...picked };
    return;
  }
  const cancel = new vscode.CancellationTokenSource();
  const aborted = new Promise<'aborted'>((resolve) => {
    if (req.signal?.aborted) resolve('aborted');
    req.signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  void aborted.then(() => cancel.cancel());
  try {
    const tools = req.tools?.map((t): vscode.LanguageModelChatTool => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
    const response = await Promise.race([
      picked.sendRequest(toVsCodeMessages(req.system.map((s) => s.text).join('\n\n'), req.messages), { tools, justification: 'Atmos AI answers questions about your Atmos stacks.' }, cancel.token),
      aborted,
    ]);
    if (response === 'aborted') {
      yield { type: 'stop', reason: 'cancelled' };
      return;
    }
    let usedTools = false;
    const parts = response.stream[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([parts.next(), aborted]);
      if (next === 'aborted') {
        yield { type: 'stop', reason: 'cancelled' };
        return;
      }
      if (next.done) break;
      const part = next.value;
      if (part instanceof vscode.LanguageModelTextPart) yield { type: 'text', delta: part.value };
      else if (part instanceof vscode.LanguageModelToolCallPart) {
        usedTools = true;
        const input = (part.input ?? {}) as Record<string, unknown>;
        yield { type: 'tool_call_start', id: part.callId, name: part.name };
        yield { type: 'tool_call_delta', id: part.callId, argsDelta: JSON.stringify(input) };
        yield { type: 'tool_call_end', id: part.callId, name: part.name, input };
      }
    }
    yield { type: 'stop', reason: usedTools ? 'tool_use' : 'end_turn' };
  } catch (err) {
    if (req.signal?.aborted) {
      yield { type: 'stop', reason: 'cancelled' };
      return;
    }
    yield { type: 'error', ...toProviderError(err) };
  } finally {
    cancel.dispose();
  }
}

function toProviderError(err: unknown): ProviderError {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof vscode.LanguageModelError) {
    if (err.code === vscode.LanguageModelError.NoPermissions().code) {
      return { kind: 'auth', retryable: false, message: `VS Code did not allow Atmos AI to use this model (${message}). Accept the consent prompt, or choose another provider.` };
    }
    if (err.code === vscode.LanguageModelError.NotFound().code) return { kind: 'model_not_found', retryable: false, message: `The VS Code model is no longer available: ${message}` };
    if (err.code === vscode.LanguageModelError.Blocked().code) return { kind: 'rate_limited', retryable: true, message: `The VS Code model refused the request for now (quota or rate limit): ${message}` };
  }
  return { kind: 'server', retryable: false, message: `VS Code language model failed: ${message}` };
}
