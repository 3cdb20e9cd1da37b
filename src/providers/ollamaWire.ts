/**
 * Ollama wire mapping (`/api/chat`, streaming NDJSON): ChatRequest → chat request, response lines → ProviderEvents.
 *
 * Wire facts this relies on:
 * - Each line is a ChatResponse; `message.content` is a text delta; `message.tool_calls` carries WHOLE calls
 *   (arguments as a JSON object, never split); several calls may come in one line or in several.
 * - Recent servers give a call an `id` (and read `tool_call_id` on tool messages); older ones do not, so we
 *   synthesise ids (prefix `ollama-call-`) and replay those without one — tool results then pair by
 *   `tool_name` and order.
 * - Tool results are `role: "tool"` messages; there is no error flag, so a failed tool's text is prefixed
 *   with "Error: " (what the model reads).
 * - The last line has `done: true`, `done_reason` ("stop", "length"…), `prompt_eval_count` and `eval_count`.
 *   No prompt cache figures exist. A stream without a `done` line is broken.
 */
import type { ChatRequest as OllamaChatRequest, ChatResponse, Message, Tool } from 'ollama';
import { streamCutError, type ErrorContext } from './errors';
import { parseToolArgs, ToolCallAssembler } from './toolCalls';
import type { ChatRequest, ProviderEvent, StopReason, TokenUsage } from './types';

export const OLLAMA_DEFAULT_MODEL = 'llama3.1';
export const OLLAMA_DEFAULT_HOST = 'http://127.0.0.1:11434';
export const SYNTHETIC_ID_PREFIX = 'ollama-call-';
export const TOOL_ERROR_PREFIX = 'Error: ';

/** Newer servers' fields that the `ollama` package's types do not have yet. */
type WireToolCall = { id?: string; function: { index?: number; name: string; arguments: Record<string, unknown> | string } };
type WireMessage = Omit<Message, 'tool_calls'> & { tool_calls?: WireToolCall[]; tool_call_id?: string };

/** How users write OLLAMA_HOST ("localhost", "0.0.0.0:11434", "http://box:11434/") as a URL for messages. */
export function displayHost(host: string): string {
  let h = host.trim().replace(/\/+$/, '');
  if (!h.includes('://')) h = `http://${h}`;
  try {
    const u = new URL(h);
    if (!u.port && !host.includes('://')) u.port = '11434';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return h;
  }
}

function resultText(content: string | { type: 'text'; text: string }[]): string {
  return typeof content === 'string' ? content : content.map((b) => b.text).join('\n');
}

/** The `/api/chat` body for a request (streaming). */
export function toOllamaRequest(req: ChatRequest, model: string): OllamaChatRequest & { stream: true } {
  const names = new Map<string, string>();
  for (const m of req.messages) for (const b of m.content) if (b.type === 'tool_use') names.set(b.id, b.name);

  const messages: WireMessage[] = [];
  const system = req.system.map((p) => p.text).filter((t) => t !== '');
  if (system.length > 0) messages.push({ role: 'system', content: system.join('\n\n') });

  for (const m of req.messages) {
    const texts: string[] = [];
    const images: string[] = [];
    const calls: WireToolCall[] = [];
    for (const b of m.content) {
      if (b.type === 'text') texts.push(b.text);
      else if (b.type === 'image') images.push(b.data);
      else if (b.type === 'tool_use') {
        const call: WireToolCall = { function: { name: b.name, arguments: b.input } };
        if (!b.id.startsWith(SYNTHETIC_ID_PREFIX)) call.id = b.id;
        calls.push(call);
      } else if (b.type === 'tool_result') {
        const text = resultText(b.content);
        const msg: WireMessage = { role: 'tool', content: b.isError ? `${TOOL_ERROR_PREFIX}${text}` : text, tool_name: names.get(b.toolUseId) ?? 'unknown_tool' };
        if (!b.toolUseId.startsWith(SYNTHETIC_ID_PREFIX)) msg.tool_call_id = b.toolUseId;
        messages.push(msg); // results first, in order, before any text of the same user turn
      }
    }
    if (m.role === 'assistant') {
      if (texts.length > 0 || calls.length > 0) messages.push({ role: 'assistant', content: texts.join('\n'), ...(calls.length > 0 ? { tool_calls: calls } : {}) });
    } else if (texts.length > 0 || images.length > 0) {
      messages.push({ role: 'user', content: texts.join('\n'), ...(images.length > 0 ? { images } : {}) });
    }
  }

  const body: OllamaChatRequest & { stream: true } = { model, messages: messages as Message[], stream: true };
  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema as Tool['function']['parameters'] } }));
  }
  const options: Record<string, number> = {};
  if (req.maxTokens !== undefined) options.num_predict = req.maxTokens;
  if (req.temperature !== undefined) options.temperature = req.temperature;
  if (Object.keys(options).length > 0) body.options = options;
  return body;
}

/** Turns the lines of one `/api/chat` stream into ProviderEvents. One translator per attempt. */
export class OllamaTranslator {
  private readonly calls = new ToolCallAssembler();
  private done = false;
  private doneReason: string | undefined;
  private usage: TokenUsage | undefined;
  private sawToolCall = false;
  private callCount = 0;
  private readonly idSeed = Math.random().toString(36).slice(2, 8);

  constructor(private readonly ctx: ErrorContext) {}

  push(line: ChatResponse): ProviderEvent[] {
    const events: ProviderEvent[] = [];
    const message = line.message as WireMessage | undefined;
    if (message?.content) events.push({ type: 'text', delta: message.content });
    for (const call of message?.tool_calls ?? []) {
      const id = call.id || `${SYNTHETIC_ID_PREFIX}${this.idSeed}-${++this.callCount}`;
      const args = call.function.arguments;
      const parsed = typeof args === 'string' ? parseToolArgs(args) : { input: args ?? {} };
      this.sawToolCall = true;
      const whole = this.calls.whole(id, call.function.name, parsed.input);
      if (parsed.parseError) {
        const end = whole[2] as Extract<ProviderEvent, { type: 'tool_call_end' }>;
        end.parseError = parsed.parseError;
      }
      events.push(...whole);
    }
    if (line.done) {
      this.done = true;
      this.doneReason = line.done_reason;
      this.usage = { inputTokens: line.prompt_eval_count ?? 0, outputTokens: line.eval_count ?? 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    }
    return events;
  }

  end(): ProviderEvent[] {
    if (!this.done) throw streamCutError(this.ctx, 'the stream ended without its final "done" line');
    const events: ProviderEvent[] = [];
    if (this.usage) events.push({ type: 'usage', ...this.usage });
    let reason: StopReason = 'other';
    if (this.doneReason === 'length') reason = 'max_tokens';
    else if (this.sawToolCall) reason = 'tool_use';
    else if (this.doneReason === 'stop' || this.doneReason === undefined || this.doneReason === '') reason = 'end_turn';
    events.push({ type: 'stop', reason });
    return events;
  }
}
