/**
 * Amazon Bedrock ConverseStream mapping: ChatRequest → ConverseStream input, stream events → ProviderEvents.
 *
 * Wire facts this relies on (the response is AWS event-stream binary framing; the SDK decodes it):
 * - Events: messageStart, contentBlockStart (a toolUse block's id + name), contentBlockDelta (text, or a
 *   toolUse `input` JSON FRAGMENT — arguments really are split), contentBlockStop, messageStop (stopReason),
 *   then metadata (usage). Exceptions inside the stream (throttling, modelStreamError…) are `exception` frames
 *   that the SDK throws.
 * - Cache breakpoints are explicit `cachePoint` blocks placed AFTER the content they close: in `system`,
 *   at the end of `toolConfig.tools`, at the end of a message's content. Claude allows at most 4.
 * - Usage: `inputTokens` already EXCLUDES cacheReadInputTokens / cacheWriteInputTokens (as Anthropic's API).
 * - Tool results are `toolResult` blocks in a user message with the call's `toolUseId`; `status: "error"`
 *   marks a failed tool.
 * - A stream that ends without messageStop is broken.
 * - Claude's extended thinking arrives as `reasoningContent` deltas (text, then a signature; or redacted bytes).
 *   Shown as `thinking` events; with tool use, the next request must carry those blocks back, signed, at the head
 *   of the assistant turn (as on Anthropic's API), so they ride on the tool call's providerData.
 */
import type {
  ContentBlock as BedrockBlock,
  ConverseStreamOutput,
  ConverseStreamRequest,
  Message as BedrockMessage,
  SystemContentBlock,
  Tool as BedrockTool,
} from '@aws-sdk/client-bedrock-runtime';
import { errorFromStatus, streamCutError, type ErrorContext } from './errors';
import { ToolCallAssembler } from './toolCalls';
import type { ChatRequest, ProviderEvent, StopReason, TokenUsage } from './types';

export const BEDROCK_DEFAULT_MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/** Claude on Bedrock accepts at most four cache checkpoints per request. */
export const MAX_CACHE_POINTS = 4;

/** The SDK's JSON document type (tool inputs and schemas). */
type Document = NonNullable<NonNullable<BedrockBlock['toolUse']>['input']>;

const CACHE_POINT = { cachePoint: { type: 'default' as const } };

type Spot = { kind: 'tools' } | { kind: 'message'; index: number } | { kind: 'system'; index: number };

/** Where the cache points go, within the budget: the tool list, then the latest marked messages, then system parts. */
function cacheSpots(req: ChatRequest): Spot[] {
  const spots: Spot[] = [];
  if (req.tools && req.tools.length > 0 && req.cacheTools !== false) spots.push({ kind: 'tools' });
  for (let i = req.messages.length - 1; i >= 0; i--) if (req.messages[i].cache) spots.push({ kind: 'message', index: i });
  req.system.forEach((p, i) => {
    if (p.cache) spots.push({ kind: 'system', index: i });
  });
  return spots.slice(0, MAX_CACHE_POINTS);
}

function resultText(content: string | { type: 'text'; text: string }[]): string {
  return typeof content === 'string' ? content : content.map((b) => b.text).join('\n');
}

/** providerData key under which a tool call carries the reasoning blocks that preceded it (JSON). */
export const REASONING_KEY = 'bedrockReasoning';

/** Reasoning as kept between turns: signed text, or redacted bytes (base64). */
type KeptReasoning = { text: string; signature: string } | { redacted: string };

function reasoningOf(b: ChatRequest['messages'][number]['content'][number]): BedrockBlock[] {
  if (b.type !== 'tool_use' || !b.providerData?.[REASONING_KEY]) return [];
  try {
    const kept = JSON.parse(b.providerData[REASONING_KEY]) as KeptReasoning[];
    if (!Array.isArray(kept)) return [];
    return kept.map((r): BedrockBlock =>
      'redacted' in r
        ? { reasoningContent: { redactedContent: Buffer.from(r.redacted, 'base64') } }
        : { reasoningContent: { reasoningText: { text: r.text, signature: r.signature } } },
    );
  } catch {
    return [];
  }
}

function blocksOf(m: ChatRequest['messages'][number]): BedrockBlock[] {
  const out: BedrockBlock[] = [];
  let head = true;
  for (const b of m.content) {
    // The signed reasoning before the first tool call leads the assistant turn, as the API requires.
    const reasoning = m.role === 'assistant' ? reasoningOf(b) : [];
    if (reasoning.length > 0 && head) out.unshift(...reasoning);
    else out.push(...reasoning);
    if (b.type === 'tool_use') head = false;
    switch (b.type) {
      case 'text':
        if (b.text.trim() !== '') out.push({ text: b.text }); // Bedrock rejects blank text blocks
        break;
      case 'image':
        out.push({ image: { format: b.mediaType.slice('image/'.length) as 'png' | 'jpeg' | 'gif' | 'webp', source: { bytes: Buffer.from(b.data, 'base64') } } });
        break;
      case 'tool_use':
        out.push({ toolUse: { toolUseId: b.id, name: b.name, input: b.input as Document } });
        break;
      case 'tool_result':
        // `status` only when failed: some non-Claude models reject the field.
        out.push({ toolResult: { toolUseId: b.toolUseId, content: [{ text: resultText(b.content) || '(no output)' }], ...(b.isError ? { status: 'error' as const } : {}) } });
        break;
    }
  }
  return out;
}

/** The ConverseStream input for a request; `withCache: false` leaves the cache points out (models without caching). */
export function toConverseInput(req: ChatRequest, modelId: string, withCache: boolean): ConverseStreamRequest {
  const spots = withCache ? cacheSpots(req) : [];
  const has = (s: Spot) => spots.some((x) => x.kind === s.kind && (!('index' in s) || ('index' in x && x.index === s.index)));

  const system: SystemContentBlock[] = [];
  req.system.forEach((p, index) => {
    if (p.text !== '') system.push({ text: p.text });
    if (has({ kind: 'system', index })) system.push(CACHE_POINT);
  });

  const messages: BedrockMessage[] = req.messages.map((m, index) => {
    const content = blocksOf(m);
    if (has({ kind: 'message', index })) content.push(CACHE_POINT);
    return { role: m.role, content };
  });

  const input: ConverseStreamRequest = { modelId, messages };
  if (system.length > 0) input.system = system;
  if (req.tools && req.tools.length > 0) {
    const tools: BedrockTool[] = req.tools.map((t) => ({ toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.inputSchema as Document } } }));
    if (has({ kind: 'tools' })) tools.push(CACHE_POINT);
    input.toolConfig = { tools };
  } else {
    // Bedrock rejects toolUse/toolResult blocks unless toolConfig is defined: declare the tools the history used.
    const used = [...new Set(req.messages.flatMap((m) => m.content.flatMap((b) => (b.type === 'tool_use' ? [b.name] : []))))];
    if (used.length > 0) {
      input.toolConfig = { tools: used.map((name) => ({ toolSpec: { name, description: `${name} (used earlier in this conversation)`, inputSchema: { json: { type: 'object' } } } })) };
    }
  }
  const inference: NonNullable<ConverseStreamRequest['inferenceConfig']> = {};
  if (req.maxTokens !== undefined) inference.maxTokens = req.maxTokens;
  if (req.temperature !== undefined) inference.temperature = req.temperature;
  if (Object.keys(inference).length > 0) input.inferenceConfig = inference;
  return input;
}

export function hasCachePoints(input: ConverseStreamRequest): boolean {
  const hasPoint = (blocks: object[] | undefined) => (blocks ?? []).some((b) => 'cachePoint' in b);
  return hasPoint(input.system) || hasPoint(input.toolConfig?.tools) || (input.messages ?? []).some((m) => hasPoint(m.content));
}

const STOP_REASONS: Record<string, StopReason> = {
  end_turn: 'end_turn',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  model_context_window_exceeded: 'max_tokens',
};

/** In-stream exception members of the ConverseStreamOutput union, with the HTTP status they stand for. */
const STREAM_EXCEPTIONS: [keyof ConverseStreamOutput, number][] = [
  ['internalServerException', 500],
  ['modelStreamErrorException', 500],
  ['validationException', 400],
  ['throttlingException', 429],
  ['serviceUnavailableException', 503],
];

/** Turns the events of one ConverseStream into ProviderEvents. One translator per attempt. */
export class BedrockTranslator {
  private readonly calls = new ToolCallAssembler();
  private readonly toolByBlock = new Map<number, string>();
  /** Reasoning blocks being streamed, by index, and finished ones not yet handed to a tool call. */
  private readonly reasoningByBlock = new Map<number, { text: string; signature: string; redacted: Uint8Array[] }>();
  private pendingReasoning: KeptReasoning[] = [];
  private stopReason: string | undefined;
  private usage: TokenUsage | undefined;

  constructor(private readonly ctx: ErrorContext) {}

  push(ev: ConverseStreamOutput): ProviderEvent[] {
    for (const [member, status] of STREAM_EXCEPTIONS) {
      const exc = ev[member] as { message?: string } | undefined;
      if (exc) throw errorFromStatus(status, exc.message ?? String(member), this.ctx);
    }
    const events: ProviderEvent[] = [];
    if (ev.contentBlockStart?.start?.toolUse) {
      const { toolUseId, name } = ev.contentBlockStart.start.toolUse;
      const id = toolUseId ?? `bedrock-tool-${ev.contentBlockStart.contentBlockIndex ?? 0}`;
      this.toolByBlock.set(ev.contentBlockStart.contentBlockIndex ?? 0, id);
      events.push(this.calls.start(id, name ?? 'unknown_tool'));
    }
    if (ev.contentBlockDelta?.delta) {
      const { delta, contentBlockIndex } = ev.contentBlockDelta;
      if (typeof delta.text === 'string' && delta.text !== '') events.push({ type: 'text', delta: delta.text });
      const id = this.toolByBlock.get(contentBlockIndex ?? 0);
      if (delta.toolUse?.input !== undefined && id) events.push(...this.calls.delta(id, delta.toolUse.input));
      if (delta.reasoningContent) {
        const index = contentBlockIndex ?? 0;
        const r = this.reasoningByBlock.get(index) ?? { text: '', signature: '', redacted: [] };
        this.reasoningByBlock.set(index, r);
        const { text, signature, redactedContent } = delta.reasoningContent;
        if (typeof text === 'string' && text !== '') {
          r.text += text;
          events.push({ type: 'thinking', delta: text });
        }
        if (typeof signature === 'string') r.signature += signature;
        if (redactedContent) r.redacted.push(redactedContent);
      }
    }
    if (ev.contentBlockStop) {
      const index = ev.contentBlockStop.contentBlockIndex ?? 0;
      const reasoning = this.reasoningByBlock.get(index);
      if (reasoning) {
        this.reasoningByBlock.delete(index);
        if (reasoning.redacted.length > 0) this.pendingReasoning.push({ redacted: Buffer.concat(reasoning.redacted).toString('base64') });
        else this.pendingReasoning.push({ text: reasoning.text, signature: reasoning.signature });
      }
      const id = this.toolByBlock.get(index);
      if (id) events.push(...this.withReasoning(this.calls.end(id)));
    }
    if (ev.messageStop) this.stopReason = ev.messageStop.stopReason ?? 'end_turn';
    if (ev.metadata?.usage) {
      const u = ev.metadata.usage;
      this.usage = { inputTokens: u.inputTokens ?? 0, outputTokens: u.outputTokens ?? 0, cacheReadTokens: u.cacheReadInputTokens ?? 0, cacheWriteTokens: u.cacheWriteInputTokens ?? 0 };
    }
    return events;
  }

  /** Hands the reasoning that preceded a tool call to it, so the next request can replay it. */
  private withReasoning(events: ProviderEvent[]): ProviderEvent[] {
    if (this.pendingReasoning.length === 0) return events;
    const end = events.find((e) => e.type === 'tool_call_end');
    if (end && end.type === 'tool_call_end') {
      end.providerData = { ...end.providerData, [REASONING_KEY]: JSON.stringify(this.pendingReasoning) };
      this.pendingReasoning = [];
    }
    return events;
  }

  end(): ProviderEvent[] {
    if (this.stopReason === undefined) throw streamCutError(this.ctx, 'the stream ended before messageStop');
    const events: ProviderEvent[] = this.withReasoning([...this.calls.endAll()]);
    if (this.usage) events.push({ type: 'usage', ...this.usage });
    events.push({ type: 'stop', reason: STOP_REASONS[this.stopReason] ?? 'other' });
    return events;
  }
}
