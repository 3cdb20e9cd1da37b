/**
 * Anthropic Messages API over `@anthropic-ai/sdk` (streaming). Prompt caching: `cache_control` on the
 * marked system parts, the last tool and the marked conversation tail (at most 4 breakpoints, the API's limit).
 * Loaded lazily by registry.ts; its own retries are off, runStream() retries.
 */
import Anthropic from '@anthropic-ai/sdk';
import { hasAuthHeader, missingKeyError, streamCutError, toProviderError, type ErrorContext } from './errors';
import { withRetry } from './retry';
import { DEFAULT_REQUEST_TIMEOUT_MS, errorStream, runStream, type StreamTranslator } from './streamRunner';
import { ToolCallAssembler } from './toolCalls';
import type { ChatMessage, ChatProvider, ChatRequest, ContentBlock, ModelInfo, ProviderConfig, ProviderEvent, ProviderId, StopReason } from './types';

type Wire = Anthropic.Messages.MessageCreateParamsStreaming;
type WireContent = Anthropic.Messages.ContentBlockParam;
type StreamEvent = Anthropic.Messages.RawMessageStreamEvent;

export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-5-5';
const EPHEMERAL = { type: 'ephemeral' } as const;
const MAX_BREAKPOINTS = 4;

export function create(id: ProviderId, config: ProviderConfig): ChatProvider {
  return new AnthropicProvider(id, config);
}

class AnthropicProvider implements ChatProvider {
  readonly label = 'Anthropic';
  private client: Anthropic | undefined;

  constructor(
    readonly id: ProviderId,
    private readonly config: ProviderConfig,
  ) {}

  private ctx(model?: string): ErrorContext {
    return {
      label: this.label,
      keyHint: "set ANTHROPIC_API_KEY, or run 'Atmos AI: Set API Key' in VS Code",
      endpoint: this.config.baseUrl ?? 'https://api.anthropic.com',
      model,
    };
  }

  private sdk(): Anthropic {
    this.client ??= new Anthropic({
      apiKey: this.config.apiKey ?? null,
      baseURL: this.config.baseUrl ?? 'https://api.anthropic.com',
      maxRetries: 0,
      timeout: 10 * 60_000, // runStream owns the request and idle timeouts
      defaultHeaders: this.config.headers,
      ...(this.config.transport ? { fetch: this.config.transport.fetch } : {}),
    });
    return this.client;
  }

  stream(req: ChatRequest): AsyncIterable<ProviderEvent> {
    const model = req.model ?? this.config.model ?? DEFAULT_ANTHROPIC_MODEL;
    const ctx = this.ctx(model);
    if (!this.config.apiKey && !hasAuthHeader(this.config.headers)) {
      return errorStream(missingKeyError(ctx));
    }
    const body = toAnthropicRequest(req, model);
    return runStream<StreamEvent>({
      ctx,
      config: this.config,
      signal: req.signal,
      open: async (signal) => this.sdk().messages.create(body, { signal }),
      translator: () => new AnthropicTranslator(ctx),
    });
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const ctx = this.ctx();
    return withRetry(
      async () => {
        const out: ModelInfo[] = [];
        for await (const m of this.sdk().models.list({ limit: 100 }, { signal, timeout: this.config.timeouts?.requestMs ?? DEFAULT_REQUEST_TIMEOUT_MS })) {
          out.push({ id: m.id, displayName: m.display_name, contextWindow: (m as { max_input_tokens?: number | null }).max_input_tokens ?? undefined });
        }
        return out;
      },
      { retry: this.config.retries, clock: this.config.clock, signal, classify: (e) => toProviderError(e, ctx) },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Request mapping

function toContent(block: ContentBlock): WireContent {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
    case 'tool_result':
      return {
        type: 'tool_result',
        tool_use_id: block.toolUseId,
        content: typeof block.content === 'string' ? block.content : block.content.map((t) => ({ type: 'text' as const, text: t.text })),
        ...(block.isError ? { is_error: true } : {}),
      };
    case 'image':
      return { type: 'image', source: { type: 'base64', media_type: block.mediaType, data: block.data } };
  }
}

/**
 * Which breakpoints survive the API's limit of 4: the tool list, then the latest conversation marks
 * (they move every turn and give the biggest hit), then the system parts in order.
 */
function chooseBreakpoints(req: ChatRequest, cacheTools: boolean): { system: Set<number>; messages: Set<number>; tools: boolean } {
  let budget = MAX_BREAKPOINTS;
  const tools = cacheTools && budget-- > 0;
  const messageMarks = req.messages.flatMap((m, i) => (m.cache ? [i] : [])).reverse();
  const messages = new Set<number>();
  const system = new Set<number>();
  const systemMarks = req.system.flatMap((p, i) => (p.cache && p.text ? [i] : []));
  // Keep up to two tail marks, then the system marks, then any remaining tail marks.
  for (const i of messageMarks.slice(0, 2)) if (budget-- > 0) messages.add(i);
  for (const i of systemMarks) if (budget-- > 0) system.add(i);
  for (const i of messageMarks.slice(2)) if (budget-- > 0) messages.add(i);
  return { system, messages, tools };
}

/** providerData key under which a tool call carries the thinking blocks that preceded it (JSON). */
export const THINKING_KEY = 'anthropicThinking';

type ThinkingParam = Anthropic.Messages.ThinkingBlockParam | Anthropic.Messages.RedactedThinkingBlockParam;

function thinkingOf(block: ContentBlock): ThinkingParam[] {
  if (block.type !== 'tool_use' || !block.providerData?.[THINKING_KEY]) return [];
  try {
    const parsed = JSON.parse(block.providerData[THINKING_KEY]) as ThinkingParam[];
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/**
 * With thinking on (adaptive by default on current models) the API wants the assistant turn that made tool
 * calls replayed with its signed thinking blocks, the first of them leading the message.
 */
function assistantContent(m: ChatMessage): WireContent[] {
  const out: WireContent[] = [];
  let first = true;
  for (const block of m.content) {
    const thinking = thinkingOf(block);
    if (thinking.length > 0 && first) out.unshift(...thinking);
    else out.push(...thinking);
    if (block.type === 'tool_use') first = false;
    out.push(toContent(block));
  }
  return out;
}

/** The API rejects empty text blocks (an assistant turn that only called tools may carry one). */
const nonEmpty = (b: ContentBlock) => b.type !== 'text' || b.text !== '';

function toMessage(m: ChatMessage, cache: boolean): Anthropic.Messages.MessageParam {
  const kept = { ...m, content: m.content.filter(nonEmpty) };
  const content = m.role === 'assistant' ? assistantContent(kept) : kept.content.map(toContent);
  if (cache && content.length > 0) {
    const lastBlock = content[content.length - 1] as WireContent & { cache_control?: unknown };
    content[content.length - 1] = { ...lastBlock, cache_control: EPHEMERAL } as WireContent;
  }
  return { role: m.role, content };
}

export function toAnthropicRequest(req: ChatRequest, model: string): Wire {
  const tools = req.tools ?? [];
  const marks = chooseBreakpoints(req, tools.length > 0 && req.cacheTools !== false);
  const body: Wire = {
    model,
    max_tokens: req.maxTokens ?? 8192,
    stream: true,
    messages: req.messages.map((m, i) => toMessage(m, marks.messages.has(i))),
  };
  const system = req.system
    .map((p, i) => ({ part: p, i }))
    .filter(({ part }) => part.text !== '')
    .map(({ part, i }): Anthropic.Messages.TextBlockParam => ({ type: 'text', text: part.text, ...(marks.system.has(i) ? { cache_control: EPHEMERAL } : {}) }));
  if (system.length > 0) body.system = system;
  if (tools.length > 0) {
    body.tools = tools.map((t, i): Anthropic.Messages.Tool => ({
      name: t.name,
      description: t.description,
      input_schema: t.inputSchema as Anthropic.Messages.Tool.InputSchema,
      ...(marks.tools && i === tools.length - 1 ? { cache_control: EPHEMERAL } : {}),
    }));
  }
  // No temperature: current Claude models reject non-default sampling parameters (400), and the SDK dropped the field.
  return body;
}

// ---------------------------------------------------------------------------------------------
// Stream translation

const STOP_REASONS: Record<string, StopReason> = { end_turn: 'end_turn', tool_use: 'tool_use', max_tokens: 'max_tokens', stop_sequence: 'stop_sequence' };

class AnthropicTranslator implements StreamTranslator<StreamEvent> {
  private readonly tools = new ToolCallAssembler();
  private readonly toolIdByIndex = new Map<number, string>();
  /** Thinking blocks being streamed, by index, and finished ones not yet handed to a tool call. */
  private readonly thinkingByIndex = new Map<number, ThinkingParam>();
  private pendingThinking: ThinkingParam[] = [];
  private usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  private sawUsage = false;
  private stopReason: StopReason = 'end_turn';
  private done = false;

  constructor(private readonly ctx: ErrorContext) {}

  push(ev: StreamEvent): ProviderEvent[] {
    switch (ev.type) {
      case 'message_start': {
        const u = ev.message.usage;
        this.sawUsage = true;
        this.usage = {
          inputTokens: u.input_tokens ?? 0,
          outputTokens: u.output_tokens ?? 0,
          cacheReadTokens: u.cache_read_input_tokens ?? 0,
          cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
        };
        return [];
      }
      case 'content_block_start': {
        const block = ev.content_block;
        if (block.type === 'text') return block.text ? [{ type: 'text', delta: block.text }] : [];
        if (block.type === 'tool_use') {
          this.toolIdByIndex.set(ev.index, block.id);
          return [this.tools.start(block.id, block.name)];
        }
        if (block.type === 'thinking') {
          this.thinkingByIndex.set(ev.index, { type: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' });
          return block.thinking ? [{ type: 'thinking', delta: block.thinking }] : [];
        }
        if (block.type === 'redacted_thinking') this.thinkingByIndex.set(ev.index, { type: 'redacted_thinking', data: block.data });
        return [];
      }
      case 'content_block_delta': {
        const d = ev.delta;
        if (d.type === 'text_delta') return d.text ? [{ type: 'text', delta: d.text }] : [];
        if (d.type === 'input_json_delta') {
          const id = this.toolIdByIndex.get(ev.index);
          return id ? this.tools.delta(id, d.partial_json) : [];
        }
        const thinking = this.thinkingByIndex.get(ev.index);
        if (thinking?.type === 'thinking') {
          if (d.type === 'signature_delta') thinking.signature += d.signature;
          if (d.type === 'thinking_delta') {
            thinking.thinking += d.thinking;
            return d.thinking ? [{ type: 'thinking', delta: d.thinking }] : [];
          }
        }
        return [];
      }
      case 'content_block_stop': {
        const thinking = this.thinkingByIndex.get(ev.index);
        if (thinking) {
          this.thinkingByIndex.delete(ev.index);
          this.pendingThinking.push(thinking);
          return [];
        }
        const id = this.toolIdByIndex.get(ev.index);
        if (!id) return [];
        this.toolIdByIndex.delete(ev.index);
        return this.withThinking(this.tools.end(id));
      }
      case 'message_delta': {
        if (ev.delta.stop_reason) this.stopReason = STOP_REASONS[ev.delta.stop_reason] ?? 'other';
        const u = ev.usage;
        if (u) {
          this.sawUsage = true;
          this.usage.outputTokens = u.output_tokens ?? this.usage.outputTokens;
          if (u.input_tokens != null) this.usage.inputTokens = u.input_tokens;
          if (u.cache_read_input_tokens != null) this.usage.cacheReadTokens = u.cache_read_input_tokens;
          if (u.cache_creation_input_tokens != null) this.usage.cacheWriteTokens = u.cache_creation_input_tokens;
        }
        return [];
      }
      case 'message_stop':
        this.done = true;
        return [];
      default:
        return [];
    }
  }

  /** Hands the thinking that preceded a tool call to it, so the next request can replay it. */
  private withThinking(events: ProviderEvent[]): ProviderEvent[] {
    if (this.pendingThinking.length === 0) return events;
    for (const ev of events) {
      if (ev.type === 'tool_call_end') {
        ev.providerData = { ...ev.providerData, [THINKING_KEY]: JSON.stringify(this.pendingThinking) };
        this.pendingThinking = [];
        break;
      }
    }
    return events;
  }

  end(): ProviderEvent[] {
    if (!this.done) throw streamCutError(this.ctx);
    const out: ProviderEvent[] = this.withThinking(this.tools.endAll());
    if (this.sawUsage) out.push({ type: 'usage', ...this.usage });
    out.push({ type: 'stop', reason: this.stopReason });
    return out;
  }
}
