/**
 * Everything a conversation turn emits, as it happens. The webview renders these; the session store
 * appends `message` and `usage` events; the CLI prints them (`ask --json` one per line).
 */
import type { ChatMessage, ProviderError, ProviderId, TokenUsage } from '../providers/types';
import type { Decision, Rule } from '../tools/permissionPolicy';
import type { ApprovalPreview } from '../tools/toolSpec';

export type ApprovalAnswer = 'allow_once' | 'allow_always' | 'deny';

export interface ApprovalRequest {
  callId: string;
  tool: string;
  args: Record<string, unknown>;
  atmosCommand?: string;
  reason: string;
  preview?: ApprovalPreview;
}

export type ToolOutcome = 'success' | 'error' | 'denied' | 'cancelled' | 'timeout' | 'invalid';

export type TurnEndReason = 'end_turn' | 'max_tokens' | 'cancelled' | 'max_iterations' | 'error';

export type ChatEvent =
  | { type: 'text'; delta: string }
  /** The model's reasoning as it streams (Anthropic extended thinking); shown apart, never stored as answer text. */
  | { type: 'thinking'; delta: string }
  | { type: 'tool_call'; callId: string; tool: string; args: Record<string, unknown>; atmosCommand?: string }
  | { type: 'tool_decision'; callId: string; decision: Decision; rule: Rule; reason: string }
  | { type: 'approval_request'; request: ApprovalRequest }
  | { type: 'approval_answer'; callId: string; answer: ApprovalAnswer }
  | { type: 'tool_result'; callId: string; tool: string; content: string; isError: boolean; outcome: ToolOutcome; durationMs: number; truncated: boolean }
  | ({ type: 'usage'; provider: ProviderId; model?: string } & TokenUsage)
  /** A whole message appended to the conversation (user, assistant, or the tool results). */
  | { type: 'message'; message: ChatMessage }
  | { type: 'error'; error: ProviderError | { kind: 'max_iterations'; message: string; retryable: false } }
  | { type: 'done'; reason: TurnEndReason };
