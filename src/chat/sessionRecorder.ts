/**
 * Appends a turn's events to the session store as they happen: each whole message when it is complete,
 * with the usage the provider reported for it, so a crash mid-turn loses nothing that was already said.
 */
import { costOf } from '../providers/cost';
import type { ProviderId, TokenUsage } from '../providers/types';
import type { SessionStore } from '../sessions/store';
import type { ChatEvent } from './chatEvents';

export class SessionRecorder {
  private pendingUsage: (TokenUsage & { provider: ProviderId; model?: string }) | undefined;

  constructor(
    private readonly store: SessionStore,
    private readonly sessionId: string,
    private readonly model: string,
  ) {}

  record(event: ChatEvent): void {
    if (event.type === 'usage') {
      this.pendingUsage = event;
      return;
    }
    if (event.type !== 'message') return;
    const usage = event.message.role === 'assistant' ? this.pendingUsage : undefined;
    if (usage) this.pendingUsage = undefined;
    this.store.appendMessage(this.sessionId, {
      role: event.message.role,
      content: event.message.content,
      usage: usage && {
        provider: usage.provider,
        model: usage.model ?? this.model,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cacheReadTokens: usage.cacheReadTokens,
        cacheWriteTokens: usage.cacheWriteTokens,
        cost: costOf(usage, usage.provider, usage.model ?? this.model) ?? 0,
      },
    });
  }
}
