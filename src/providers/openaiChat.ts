/**
 * The OpenAI Chat Completions wire mapping, shared by OpenAI, Grok (xAI's compatible API) and Azure OpenAI:
 * our ChatRequest → `chat.completions.create` params, and streamed chunks → ProviderEvents.
 * Type imports only: the SDK itself is loaded by the *.lazy modules.
 */
import type OpenAI from 'openai';
import { streamCutError, type ErrorContext } from './errors';
import type { StreamTranslator } from './streamRunner';
import { ToolCallAssembler } from './toolCalls';
import type { ChatMessage, ChatRequest, ProviderEvent, StopReason, TextBlock } from './types';

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming;
type WireMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

/** Chat Completions has no error flag on tool results; the model reads this prefix instead. */
export const TOOL_ERROR_PREFIX = 'Error: ';

export interface ChatCompletionsOptions {
  /** `max_completion_tokens` (OpenAI, Azure; required by reasoning models) or the older `max_tokens` (xAI, gateways). */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
}

const resultText = (content: string | TextBlock[]) => (typeof content === 'string' ? content : content.map((t) => t.text).join('\n'));

function toWireMessages(m: ChatMessage): WireMessage[] {
  if (m.role === 'assistant') {
    const text = m.content
      .filter((b) => b.type === 'text')
      .map((b) => b.text)
      .join('');
    const calls = m.content.flatMap((b) =>
      b.type === 'tool_use' ? [{ id: b.id, type: 'function' as const, function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } }] : [],
    );
    const msg: OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam = { role: 'assistant', content: text || null };
    if (calls.length > 0) msg.tool_calls = calls;
    return [msg];
  }
  // A user turn: tool results become `tool` messages (they must follow the assistant's tool_calls directly),
  // then whatever text and images the user added.
  const out: WireMessage[] = [];
  for (const b of m.content) {
    if (b.type === 'tool_result') {
      const text = resultText(b.content);
      out.push({ role: 'tool', tool_call_id: b.toolUseId, content: b.isError ? `${TOOL_ERROR_PREFIX}${text}` : text });
    }
  }
  const parts: OpenAI.Chat.Completions.ChatCompletionContentPart[] = [];
  for (const b of m.content) {
    if (b.type === 'text') parts.push({ type: 'text', text: b.text });
    else if (b.type === 'image') parts.push({ type: 'image_url', image_url: { url: `data:${b.mediaType};base64,${b.data}` } });
  }
  if (parts.length > 0) {
    // Plain string when there is only text: some compatible gateways accept nothing else.
    const onlyText = parts.every((p) => p.type === 'text');
    out.push({ role: 'user', content: onlyText ? parts.map((p) => (p as { text: string }).text).join('\n') : parts });
  }
  return out;
}

export function toChatCompletionsRequest(req: ChatRequest, model: string, opts: ChatCompletionsOptions): Params {
  const messages: WireMessage[] = [];
  const system = req.system
    .map((p) => p.text)
    .filter((t) => t !== '')
    .join('\n\n');
  // Caching is automatic (a stable prefix is reused), so the system prompt goes first and unchanged.
  if (system) messages.push({ role: 'system', content: system });
  for (const m of req.messages) messages.push(...toWireMessages(m));
  const body: Params = { model, messages, stream: true, stream_options: { include_usage: true } };
  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema } }));
  }
  if (req.maxTokens !== undefined) body[opts.maxTokensField] = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  return body;
}

const STOP_REASONS: Record<string, StopReason> = { stop: 'end_turn', tool_calls: 'tool_use', function_call: 'tool_use', length: 'max_tokens', content_filter: 'other' };

export class ChatCompletionsTranslator implements StreamTranslator<Chunk> {
  private readonly tools = new ToolCallAssembler();
  /** Tool calls are identified by index in the stream; the id comes only with the first fragment. */
  private readonly idByIndex = new Map<number, string>();
  private usage: Extract<ProviderEvent, { type: 'usage' }> | undefined;
  private stopReason: StopReason | undefined;
  private sawToolCall = false;

  constructor(private readonly ctx: ErrorContext) {}

  push(chunk: Chunk): ProviderEvent[] {
    const out: ProviderEvent[] = [];
    if (chunk.usage) {
      const u = chunk.usage;
      const details = u.prompt_tokens_details as { cached_tokens?: number; cache_write_tokens?: number } | undefined;
      const cacheRead = details?.cached_tokens ?? 0;
      const cacheWrite = details?.cache_write_tokens ?? 0;
      // prompt_tokens includes the cached ones; ours counts uncached input only.
      this.usage = {
        type: 'usage',
        inputTokens: Math.max(0, (u.prompt_tokens ?? 0) - cacheRead - cacheWrite),
        outputTokens: u.completion_tokens ?? 0,
        cacheReadTokens: cacheRead,
        cacheWriteTokens: cacheWrite,
      };
    }
    for (const choice of chunk.choices ?? []) {
      if (choice.index !== undefined && choice.index !== 0) continue;
      const delta = choice.delta;
      // Reasoning some OpenAI-compatible APIs stream beside the answer (xAI / DeepSeek `reasoning_content`, OpenRouter `reasoning`).
      const reasoning = (delta as { reasoning_content?: unknown; reasoning?: unknown } | undefined)?.reasoning_content ?? (delta as { reasoning?: unknown } | undefined)?.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') out.push({ type: 'thinking', delta: reasoning });
      if (delta?.content) out.push({ type: 'text', delta: delta.content });
      for (const tc of delta?.tool_calls ?? []) {
        let id = this.idByIndex.get(tc.index);
        if (id === undefined) {
          id = tc.id || `call_${tc.index}`;
          this.idByIndex.set(tc.index, id);
          out.push(this.tools.start(id, tc.function?.name ?? ''));
          this.sawToolCall = true;
        }
        if (tc.function?.arguments) out.push(...this.tools.delta(id, tc.function.arguments));
      }
      if (choice.finish_reason) {
        this.stopReason = STOP_REASONS[choice.finish_reason] ?? 'other';
        // Some compatible servers finish a tool-calling turn with "stop"; the calls decide.
        if (this.sawToolCall && this.stopReason === 'end_turn') this.stopReason = 'tool_use';
        out.push(...this.tools.endAll());
      }
    }
    return out;
  }

  end(): ProviderEvent[] {
    if (this.stopReason === undefined) throw streamCutError(this.ctx);
    const out: ProviderEvent[] = this.tools.endAll();
    if (this.usage) out.push(this.usage);
    out.push({ type: 'stop', reason: this.stopReason });
    return out;
  }
}
