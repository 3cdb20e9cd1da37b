/**
 * VS Code's own language models (GitHub Copilot and any other `vscode.lm` vendor) behind the ChatProvider
 * interface, so users without an API key can start. Tool calls use LanguageModelToolCallPart /
 * LanguageModelToolResultPart with the model's call ids. It runs on the same streamRunner as the SDK
 * providers, so retries, timeouts and cancellation behave alike. What the API does not have, we do not invent:
 * no token usage, no retry-after, no cache markers, no is_error flag on tool results (an error result is sent
 * as text starting "Error:"), no system role (the system prompt leads as a user message).
 */
import * as vscode from 'vscode';
import { CANCELLED, isProviderError, providerFailure, streamCutError, type ErrorContext } from '../providers/errors';
import { runStream, type StreamTranslator } from '../providers/streamRunner';
import type { ChatMessage, ChatProvider, ChatRequest, ModelInfo, ProviderConfig, ProviderError, ProviderEvent } from '../providers/types';

const LABEL = 'VS Code language models';

export function createVsCodeLmProvider(config: ProviderConfig): ChatProvider {
  return {
    id: 'vscode',
    label: LABEL,
    stream: (req) => streamVsCodeLm(config, req),
    listModels: async () => (await vscode.lm.selectChatModels()).map((m): ModelInfo => ({ id: m.id, displayName: `${m.name} (${m.vendor})`, contextWindow: m.maxInputTokens })),
  };
}

async function pickModel(wanted: string | undefined): Promise<vscode.LanguageModelChat> {
  const all = await vscode.lm.selectChatModels();
  if (all.length === 0) {
    throw providerFailure({
      kind: 'model_not_found',
      retryable: false,
      message: 'No VS Code language models are available. Install and sign in to GitHub Copilot (or another model provider extension), or choose another provider with "Atmos AI: Select Provider".',
    });
  }
  if (!wanted) return all.find((m) => m.vendor === 'copilot') ?? all[0];
  const found = all.find((m) => m.id === wanted || m.family === wanted);
  if (found) return found;
  throw providerFailure({ kind: 'model_not_found', retryable: false, message: `VS Code model '${wanted}' not found; available: ${all.map((m) => m.id).join(', ')}` });
}

/** Maps our messages to vscode.lm messages. The API has no system role: the system prompt leads as a user message. */
export function toVsCodeMessages(system: string, messages: ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const out: vscode.LanguageModelChatMessage[] = [];
  if (system) out.push(vscode.LanguageModelChatMessage.User(system));
  for (const m of messages) {
    if (m.role === 'assistant') {
      const parts = m.content.flatMap((b): (vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart)[] =>
        b.type === 'text' && b.text ? [new vscode.LanguageModelTextPart(b.text)] : b.type === 'tool_use' ? [new vscode.LanguageModelToolCallPart(b.id, b.name, b.input)] : [],
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

function streamVsCodeLm(config: ProviderConfig, req: ChatRequest): AsyncIterable<ProviderEvent> {
  const wanted = req.model ?? config.model;
  const ctx: ErrorContext = { label: LABEL, model: wanted };
  const messages = toVsCodeMessages(req.system.map((s) => s.text).join('\n\n'), req.messages);
  const options: vscode.LanguageModelChatRequestOptions = {
    tools: req.tools?.map((t): vscode.LanguageModelChatTool => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
    justification: 'Atmos AI answers questions about your Atmos stacks.',
  };
  if (req.maxTokens !== undefined || req.temperature !== undefined) {
    options.modelOptions = { ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}), ...(req.temperature !== undefined ? { temperature: req.temperature } : {}) };
  }
  return runStream<unknown>({
    ctx,
    config,
    signal: req.signal,
    open: async (signal) => {
      const model = await pickModel(wanted);
      ctx.model = model.id;
      const cancel = new vscode.CancellationTokenSource();
      signal.addEventListener('abort', () => cancel.cancel(), { once: true });
      if (signal.aborted) cancel.cancel();
      try {
        const response = await model.sendRequest(messages, options, cancel.token);
        return parts(response.stream, ctx, cancel);
      } catch (err) {
        cancel.dispose();
        throw err;
      }
    },
    translator: () => new VsCodeLmTranslator(),
    classify: (err) => classifyLmError(err, ctx),
  });
}

/** The response parts; a failure once the response has started is a broken stream, not a refused request. */
async function* parts(stream: AsyncIterable<unknown>, ctx: ErrorContext, cancel: vscode.CancellationTokenSource): AsyncGenerator<unknown> {
  try {
    yield* stream;
  } catch (err) {
    if (err instanceof vscode.LanguageModelError || cancel.token.isCancellationRequested) throw err;
    throw providerFailure(streamCutError(ctx, err instanceof Error ? err.message : String(err)));
  } finally {
    cancel.dispose();
  }
}

class VsCodeLmTranslator implements StreamTranslator<unknown> {
  private usedTools = false;

  push(part: unknown): ProviderEvent[] {
    if (part instanceof vscode.LanguageModelTextPart) return part.value ? [{ type: 'text', delta: part.value }] : [];
    if (part instanceof vscode.LanguageModelToolCallPart) {
      this.usedTools = true;
      const input = (part.input ?? {}) as Record<string, unknown>;
      return [
        { type: 'tool_call_start', id: part.callId, name: part.name },
        { type: 'tool_call_delta', id: part.callId, argsDelta: JSON.stringify(input) },
        { type: 'tool_call_end', id: part.callId, name: part.name, input },
      ];
    }
    return []; // data / prompt-tsx parts carry nothing for the chat
  }

  end(): ProviderEvent[] {
    return [{ type: 'stop', reason: this.usedTools ? 'tool_use' : 'end_turn' }];
  }
}

const CONTEXT_TOO_LONG = /token limit|too long|context.{0,20}(length|window|limit)|too many tokens|exceeds/i;

/**
 * vscode.lm errors carry a code (NoPermissions, NotFound, Blocked), never an HTTP status or a retry-after;
 * anything else a vendor throws arrives as a plain Error with its message.
 */
export function classifyLmError(err: unknown, ctx: ErrorContext): ProviderError {
  // Ours (providerFailure): Error fields are not enumerable, so copy them.
  if (isProviderError(err)) return { kind: err.kind, message: err.message, retryable: err.retryable };
  const message = err instanceof Error ? err.message : String(err);
  const model = ctx.model ? `'${ctx.model}'` : 'the model';
  if (err instanceof vscode.CancellationError || (err instanceof Error && err.name === 'Canceled')) return CANCELLED;
  if (err instanceof vscode.LanguageModelError) {
    if (err.code === vscode.LanguageModelError.NoPermissions().code) {
      return { kind: 'auth', retryable: false, message: `VS Code did not allow Atmos AI to use ${model} (${message}). Accept the consent prompt, sign in to the model's provider, or choose another provider with "Atmos AI: Select Provider".` };
    }
    if (err.code === vscode.LanguageModelError.NotFound().code) return { kind: 'model_not_found', retryable: false, message: `VS Code model ${model} is not available (${message}) — pick another model.` };
    if (err.code === vscode.LanguageModelError.Blocked().code) {
      return { kind: 'rate_limited', retryable: true, message: `VS Code model ${model} refused the request for now (quota or rate limit): ${message} — try again shortly.` };
    }
  }
  // Vendors (Copilot among them) often report a rate limit as a plain Error with its text.
  if (/rate.?limit|too many requests|\b429\b/i.test(message)) return { kind: 'rate_limited', retryable: true, message: `VS Code model ${model} is rate limited: ${message} — try again shortly.` };
  if (CONTEXT_TOO_LONG.test(message)) return { kind: 'context_too_long', retryable: false, message: `The conversation is too long for ${model} — compact the session or start a new one. (${message})` };
  return { kind: 'server', retryable: true, message: `VS Code model ${model} failed: ${message} — try again in a moment.` };
}
