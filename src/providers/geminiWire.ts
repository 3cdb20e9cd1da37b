/**
 * Gemini wire mapping, kept apart from the SDK client so it can be read (and tested) on its own:
 * ChatRequest → `generateContentStream` parameters, and GenerateContentResponse chunks → ProviderEvents.
 *
 * Wire facts this relies on (Gemini Developer API, `:streamGenerateContent?alt=sse`):
 * - A functionCall part arrives whole (name + args object); its arguments are never split over chunks
 *   (`partialArgs` streaming exists only on Vertex). Calls may carry an `id`; older models send none, so we
 *   synthesise one (prefix `gemini-fc-`) and leave it out when replaying — Gemini then pairs by order/name.
 * - Thinking models put an opaque `thoughtSignature` on the functionCall part; Gemini 3 rejects a replayed
 *   call without it (HTTP 400). It leaves as `tool_call_end.providerData.thoughtSignature` (the engine stores it
 *   on the tool_use block) and is also remembered per provider instance (ThoughtSignatures) for callers that
 *   drop providerData; with neither, Gemini 3 gets Google's documented placeholder.
 * - Tool results go back as `functionResponse` parts (role user) with the call's name, and its id when it had one.
 * - `usageMetadata` is a running total: the last one wins. `promptTokenCount` INCLUDES
 *   `cachedContentTokenCount` (implicit caching); thinking tokens (`thoughtsTokenCount`) are billed as output.
 * - A clean end has a `finishReason` on the candidate; a stream that just stops is broken.
 */
import type { Content, GenerateContentParameters, GenerateContentResponse, Part } from '@google/genai';
import { streamCutError, type ErrorContext } from './errors';
import { ToolCallAssembler } from './toolCalls';
import type { ChatRequest, ContentBlock, ProviderError, ProviderEvent, StopReason, TokenUsage } from './types';

export const GEMINI_DEFAULT_MODEL = 'gemini-2.5-flash';

/** Ids we made up because the wire had none; they are not sent back to Gemini. */
export const SYNTHETIC_ID_PREFIX = 'gemini-fc-';

/** Google's documented placeholder for a replayed call whose real signature was lost (Gemini 3 requires one). */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

/** thoughtSignature per tool-call id, remembered between the turn that produced a call and its replay. */
export class ThoughtSignatures {
  private readonly byId = new Map<string, string>();
  private static readonly LIMIT = 2_000;

  remember(id: string, signature: string | undefined): void {
    if (!signature) return;
    if (this.byId.size >= ThoughtSignatures.LIMIT) this.byId.delete(this.byId.keys().next().value as string);
    this.byId.set(id, signature);
  }

  get(id: string): string | undefined {
    return this.byId.get(id);
  }
}

function requiresSignatures(model: string): boolean {
  return /(^|\/)gemini-3/.test(model);
}

function textOf(content: string | { type: 'text'; text: string }[]): string {
  return typeof content === 'string' ? content : content.map((b) => b.text).join('\n');
}

/** The tool name for each tool-call id in the conversation (functionResponse needs the name). */
function toolNames(req: ChatRequest): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of req.messages) for (const b of m.content) if (b.type === 'tool_use') names.set(b.id, b.name);
  return names;
}

function partsOf(blocks: ContentBlock[], names: Map<string, string>, signatures: ThoughtSignatures): Part[] {
  const parts: Part[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'text':
        if (b.text !== '') parts.push({ text: b.text });
        break;
      case 'image':
        parts.push({ inlineData: { mimeType: b.mediaType, data: b.data } });
        break;
      case 'tool_use': {
        const part: Part = { functionCall: { name: b.name, args: b.input } };
        if (!b.id.startsWith(SYNTHETIC_ID_PREFIX)) part.functionCall!.id = b.id;
        const signature = b.providerData?.thoughtSignature ?? signatures.get(b.id);
        if (signature) part.thoughtSignature = signature;
        parts.push(part);
        break;
      }
      case 'tool_result': {
        const text = textOf(b.content);
        const part: Part = {
          functionResponse: { name: names.get(b.toolUseId) ?? 'unknown_tool', response: b.isError ? { error: text } : { output: text } },
        };
        if (!b.toolUseId.startsWith(SYNTHETIC_ID_PREFIX)) part.functionResponse!.id = b.toolUseId;
        parts.push(part);
        break;
      }
    }
  }
  return parts;
}

/** The `generateContentStream` parameters for a request (without the abort signal). */
export function toGeminiParams(req: ChatRequest, model: string, signatures: ThoughtSignatures): GenerateContentParameters {
  const names = toolNames(req);
  const contents: Content[] = [];
  for (const m of req.messages) {
    const parts = partsOf(m.content, names, signatures);
    if (parts.length === 0) continue;
    const role = m.role === 'assistant' ? 'model' : 'user';
    if (role === 'model' && requiresSignatures(model)) {
      const calls = parts.filter((p) => p.functionCall);
      // Parallel calls: only the first carries a signature. None known (history reloaded): use the placeholder.
      if (calls.length > 0 && !calls.some((p) => p.thoughtSignature)) calls[0].thoughtSignature = SKIP_SIGNATURE;
    }
    contents.push({ role, parts });
  }
  const params: GenerateContentParameters = {
    model,
    contents,
    config: {
      // The SDK would otherwise silently reconnect a broken stream; the stream runner owns retries.
      automaticContinuation: false,
    },
  };
  const config = params.config!;
  const system = req.system.map((p) => p.text).filter((t) => t !== '');
  if (system.length > 0) config.systemInstruction = { parts: system.map((text) => ({ text })) };
  if (req.tools && req.tools.length > 0) {
    // parametersJsonSchema takes full JSON Schema (the older `parameters` field only an OpenAPI subset).
    config.tools = [{ functionDeclarations: req.tools.map((t) => ({ name: t.name, description: t.description, parametersJsonSchema: t.inputSchema })) }];
  }
  if (req.maxTokens !== undefined) config.maxOutputTokens = req.maxTokens;
  if (req.temperature !== undefined) config.temperature = req.temperature;
  return params;
}

const STOP_REASONS: Record<string, StopReason> = {
  STOP: 'end_turn',
  MAX_TOKENS: 'max_tokens',
};

/** Gemini's usage figures normalised to TokenUsage (input excludes the cached part). */
export function geminiUsage(u: NonNullable<GenerateContentResponse['usageMetadata']>): TokenUsage {
  const cached = u.cachedContentTokenCount ?? 0;
  const prompt = (u.promptTokenCount ?? 0) + (u.toolUsePromptTokenCount ?? 0);
  return {
    inputTokens: Math.max(0, prompt - cached),
    outputTokens: (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0),
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
  };
}

/** Turns the chunks of one response into ProviderEvents. One translator per attempt. */
export class GeminiTranslator {
  private readonly calls = new ToolCallAssembler();
  private usage: TokenUsage | undefined;
  private finishReason: string | undefined;
  private sawToolCall = false;
  private callCount = 0;
  private readonly idSeed = Math.random().toString(36).slice(2, 8);

  constructor(
    private readonly ctx: ErrorContext,
    private readonly signatures: ThoughtSignatures,
  ) {}

  push(chunk: GenerateContentResponse): ProviderEvent[] {
    const events: ProviderEvent[] = [];
    const blocked = chunk.promptFeedback?.blockReason;
    if (blocked && !chunk.candidates?.length) {
      const e: ProviderError = {
        kind: 'bad_request',
        message: `Gemini refused the prompt (${blocked}${chunk.promptFeedback?.blockReasonMessage ? `: ${chunk.promptFeedback.blockReasonMessage}` : ''}) — rephrase the request.`,
        retryable: false,
      };
      throw e;
    }
    if (chunk.usageMetadata) this.usage = geminiUsage(chunk.usageMetadata);
    const candidate = chunk.candidates?.[0];
    if (!candidate) return events;
    for (const part of candidate.content?.parts ?? []) {
      if (part.thought) continue; // thought summaries are not part of the answer
      if (part.functionCall) {
        const call = part.functionCall;
        const id = call.id || `${SYNTHETIC_ID_PREFIX}${this.idSeed}-${++this.callCount}`;
        this.signatures.remember(id, part.thoughtSignature);
        this.sawToolCall = true;
        const whole = this.calls.whole(id, call.name ?? 'unknown_tool', call.args ?? {});
        const end = whole[whole.length - 1];
        if (part.thoughtSignature && end.type === 'tool_call_end') end.providerData = { thoughtSignature: part.thoughtSignature };
        events.push(...whole);
      } else if (typeof part.text === 'string' && part.text !== '') {
        events.push({ type: 'text', delta: part.text });
      }
    }
    if (candidate.finishReason) this.finishReason = candidate.finishReason;
    return events;
  }

  end(): ProviderEvent[] {
    if (this.finishReason === undefined) throw streamCutError(this.ctx, 'the stream ended without a finish reason');
    const events: ProviderEvent[] = [];
    if (this.usage) events.push({ type: 'usage', ...this.usage });
    const reason: StopReason = this.sawToolCall && this.finishReason === 'STOP' ? 'tool_use' : (STOP_REASONS[this.finishReason] ?? 'other');
    events.push({ type: 'stop', reason });
    return events;
  }
}
