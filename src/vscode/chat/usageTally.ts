/**
 * The session's token and cost figures for the header, kept from a turn's events. A model response whose provider
 * reported no usage (VS Code language models never do) is counted apart, so the header can say "usage not
 * reported" instead of showing zeros that look like a free answer. Plain TypeScript, unit-tested in Node.
 */
import type { ChatEvent } from '../../chat/chatEvents';
import { costOf } from '../../providers/cost';
import type { UsageFigures } from '../../protocol';

export const NO_USAGE: UsageFigures = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0, unreportedResponses: 0 };

/** A stored message as the tally needs it (SessionStore's StoredMessage fits: tokens are 0 when none were stored). */
export interface TalliedMessage {
  role: string;
  inputTokens?: number;
  outputTokens?: number;
}

export class UsageTally {
  private current: UsageFigures;
  /** A usage event arrived for the response being streamed. */
  private sawUsage = false;

  constructor(start: UsageFigures = NO_USAGE) {
    this.current = { ...start };
  }

  /** A stored session: the store's totals, plus its assistant messages that carry no token figures at all. */
  static fromStored(totals: Omit<UsageFigures, 'unreportedResponses'>, messages: readonly TalliedMessage[]): UsageTally {
    const unreportedResponses = messages.filter((m) => m.role === 'assistant' && !m.inputTokens && !m.outputTokens).length;
    return new UsageTally({ ...totals, unreportedResponses });
  }

  get figures(): UsageFigures {
    return this.current;
  }

  /** A new turn: nothing streamed yet. */
  startTurn(): void {
    this.sawUsage = false;
  }

  /**
   * Applies one event of a running turn; true when the figures changed. Usage arrives before
   * the response's assistant message, so a message with no usage before it is a response whose usage is unknown.
   */
  apply(event: ChatEvent): boolean {
    if (event.type === 'usage') {
      this.sawUsage = true;
      const c = this.current;
      this.current = {
        ...c,
        inputTokens: c.inputTokens + event.inputTokens,
        outputTokens: c.outputTokens + event.outputTokens,
        cacheReadTokens: c.cacheReadTokens + event.cacheReadTokens,
        cacheWriteTokens: c.cacheWriteTokens + event.cacheWriteTokens,
        cost: c.cost + (costOf(event, event.provider, event.model ?? '') ?? 0),
      };
      return true;
    }
    if (event.type === 'message' && event.message.role === 'assistant') {
      const reported = this.sawUsage;
      this.sawUsage = false;
      if (reported) return false;
      this.current = { ...this.current, unreportedResponses: this.current.unreportedResponses + 1 };
      return true;
    }
    return false;
  }
}
