/**
 * Assembles streamed tool calls: providers send a call's JSON arguments in fragments (several calls may
 * interleave); the caller gets start / delta events as they come and one `tool_call_end` with the parsed
 * input when the call is complete.
 */
import type { ProviderEvent } from './types';

type ToolCallEnd = Extract<ProviderEvent, { type: 'tool_call_end' }>;

/** Parses a tool call's argument JSON; an empty string is `{}`. Never throws. */
export function parseToolArgs(json: string): { input: Record<string, unknown>; parseError?: string } {
  const text = json.trim();
  if (text === '') return { input: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { input: value as Record<string, unknown> };
    return { input: {}, parseError: `tool arguments are not a JSON object: ${text.slice(0, 200)}` };
  } catch (err) {
    return { input: {}, parseError: `tool arguments are not valid JSON (${(err as Error).message}): ${text.slice(0, 200)}` };
  }
}

export class ToolCallAssembler {
  private readonly calls = new Map<string, { name: string; args: string }>();

  start(id: string, name: string): ProviderEvent {
    this.calls.set(id, { name, args: '' });
    return { type: 'tool_call_start', id, name };
  }

  has(id: string): boolean {
    return this.calls.has(id);
  }

  delta(id: string, argsDelta: string): ProviderEvent[] {
    const call = this.calls.get(id);
    if (!call || argsDelta === '') return [];
    call.args += argsDelta;
    return [{ type: 'tool_call_delta', id, argsDelta }];
  }

  end(id: string): ProviderEvent[] {
    const call = this.calls.get(id);
    if (!call) return [];
    this.calls.delete(id);
    const { input, parseError } = parseToolArgs(call.args);
    const ev: ToolCallEnd = { type: 'tool_call_end', id, name: call.name, input };
    if (parseError) ev.parseError = parseError;
    return [ev];
  }

  /** Ends every open call, in start order. */
  endAll(): ProviderEvent[] {
    return [...this.calls.keys()].flatMap((id) => this.end(id));
  }

  /** A call given whole (non-streaming providers: Ollama, Gemini): start, one delta, end. */
  whole(id: string, name: string, input: Record<string, unknown>): ProviderEvent[] {
    const args = JSON.stringify(input ?? {});
    return [{ type: 'tool_call_start', id, name }, { type: 'tool_call_delta', id, argsDelta: args }, { type: 'tool_call_end', id, name, input: input ?? {} }];
  }
}
