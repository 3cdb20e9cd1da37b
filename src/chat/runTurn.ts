/**
 * One conversation turn: send the conversation to the provider, stream the answer, run the tool calls it
 * asks for (concurrently), send the results back natively, and repeat until the model stops asking for
 * tools, the turn is cancelled, or the iteration guard trips. Every step is an event, emitted as it happens.
 */
import type { ChatMessage, ChatProvider, ContentBlock, SystemPart, ToolUseBlock } from '../providers/types';
import { matches } from '../tools/permissionPolicy';
import type { ChatEvent, TurnEndReason } from './chatEvents';
import { EventChannel } from './eventChannel';
import { runToolCall, type ToolRunnerDeps } from './toolRunner';

export interface TurnInput {
  provider: ChatProvider;
  model?: string;
  system: SystemPart[];
  /** The conversation so far (not modified). */
  history: ChatMessage[];
  /** The new user message. */
  user: ChatMessage;
  tools: ToolRunnerDeps;
  maxIterations: number;
  maxTokens?: number;
  temperature?: number;
  signal: AbortSignal;
}

export async function* runTurn(input: TurnInput): AsyncGenerator<ChatEvent> {
  const messages: ChatMessage[] = [...input.history, input.user];
  yield { type: 'message', message: input.user };
  const { registry, agent, policy } = input.tools;
  const toolDefs = registry.definitions(
    (name) => (!agent.tools || agent.tools.some((p) => matches(name, p))) && !policy.blocked.some((b) => matches(name, b.pattern)),
  );

  for (let iteration = 0; iteration < input.maxIterations; iteration++) {
    if (input.signal.aborted) return yield* end('cancelled');
    const blocks: ContentBlock[] = [];
    const calls: ToolUseBlock[] = [];
    let stop: TurnEndReason | 'tool_use' = 'end_turn';
    let failed = false;

    const request = {
      model: input.model,
      system: input.system,
      messages: markTail(messages),
      tools: toolDefs.length > 0 ? toolDefs : undefined,
      maxTokens: input.maxTokens,
      temperature: input.temperature,
      signal: input.signal,
    };
    for await (const event of input.provider.stream(request)) {
      switch (event.type) {
        case 'text': {
          const last = blocks[blocks.length - 1];
          if (last?.type === 'text') last.text += event.delta;
          else blocks.push({ type: 'text', text: event.delta });
          yield { type: 'text', delta: event.delta };
          break;
        }
        case 'thinking':
          // Shown live, kept out of the answer; the signed blocks the API needs back travel on the tool call.
          yield { type: 'thinking', delta: event.delta };
          break;
        case 'tool_call_end': {
          const call: ToolUseBlock = { type: 'tool_use', id: event.id, name: event.name, input: event.input, ...(event.providerData ? { providerData: event.providerData } : {}) };
          blocks.push(call);
          calls.push(call);
          break;
        }
        case 'usage': {
          const { type: _type, ...usage } = event;
          yield { type: 'usage', provider: input.provider.id, model: input.model, ...usage };
          break;
        }
        case 'stop':
          stop = event.reason === 'cancelled' ? 'cancelled' : event.reason === 'max_tokens' ? 'max_tokens' : event.reason === 'tool_use' ? 'tool_use' : 'end_turn';
          break;
        case 'error':
          failed = true;
          yield { type: 'error', error: { kind: event.kind, message: event.message, retryable: event.retryable, status: event.status, retryAfterMs: event.retryAfterMs } };
          break;
        default:
          break; // tool_call_start / tool_call_delta: the complete call arrives with tool_call_end
      }
    }

    // Whatever arrived is kept, even when the stream failed or was stopped: nothing the user saw is lost.
    const answered = failed || stop === 'cancelled' ? blocks.filter((b) => b.type === 'text') : blocks;
    if (answered.length > 0) {
      const assistant: ChatMessage = { role: 'assistant', content: answered };
      messages.push(assistant);
      yield { type: 'message', message: assistant };
    }
    if (failed) return yield* end('error');
    if (stop === 'cancelled' || input.signal.aborted) return yield* end('cancelled');
    if (calls.length === 0) return yield* end(stop === 'max_tokens' ? 'max_tokens' : 'end_turn');

    const results = yield* runCalls(calls, input);
    const toolResults: ChatMessage = {
      role: 'user',
      content: results.map((r) => ({ type: 'tool_result', toolUseId: r.callId, content: r.content, ...(r.isError ? { isError: true } : {}) })),
    };
    messages.push(toolResults);
    yield { type: 'message', message: toolResults };
    if (input.signal.aborted) return yield* end('cancelled');
  }
  yield {
    type: 'error',
    error: { kind: 'max_iterations', message: `Stopped after ${input.maxIterations} tool rounds without a final answer. Ask again to continue.`, retryable: false },
  };
  return yield* end('max_iterations');
}

async function* end(reason: TurnEndReason): AsyncGenerator<ChatEvent> {
  yield { type: 'done', reason };
}

/** Runs the calls concurrently, streaming their events as they happen; results come back in call order. */
async function* runCalls(calls: ToolUseBlock[], input: TurnInput): AsyncGenerator<ChatEvent, { callId: string; content: string; isError: boolean }[]> {
  const channel = new EventChannel<ChatEvent>();
  const all = Promise.all(calls.map((call) => runToolCall(call, input.tools, input.signal, (e) => channel.push(e))));
  void all.finally(() => channel.close());
  for await (const event of channel) yield event;
  return all;
}

/** Marks the conversation tail as a cache breakpoint (providers with explicit markers use it). */
function markTail(messages: ChatMessage[]): ChatMessage[] {
  return messages.map((m, i) => (i === messages.length - 1 ? { ...m, cache: true } : m));
}
