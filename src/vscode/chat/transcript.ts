/**
 * The host's view of the current session: the items the webview shows, built from stored messages when a
 * session loads and kept current from a turn's ChatEvents. Every change is reported to a sink as one small
 * event (item added, item updated, text delta), so the webview never gets the whole transcript again.
 * Plain TypeScript (no `vscode`), so it is unit-tested in Node.
 */
import type { ChatEvent, ToolOutcome } from '../../chat/chatEvents';
import { costOf } from '../../providers/cost';
import type { ContentBlock } from '../../providers/types';
import type { ChatItem, FixAction, MessageUsage, ToolCard, ToolStatus } from '../../protocol';

export interface TranscriptSink {
  added(item: ChatItem): void;
  updated(item: ChatItem): void;
  delta(id: string, delta: string): void;
  /** Reasoning text for an assistant item, streamed apart from its answer text. */
  thinking(id: string, delta: string): void;
}

/** A stored message as the transcript needs it (SessionStore's StoredMessage fits). */
export interface TranscriptMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
  inputTokens?: number;
  outputTokens?: number;
}

/** A ChatItem without its id (the transcript gives one). */
export type NewItem = ChatItem extends infer T ? (T extends ChatItem ? Omit<T, 'id'> & { id?: string } : never) : never;

const DENIED_PREFIXES = ['The user denied', 'Refused:'];

/** What the user can do about each kind of failure: the error card's buttons, in order. */
export function fixActionsFor(kind: string): FixAction[] {
  switch (kind) {
    case 'auth':
      return ['setApiKey', 'selectProvider', 'openSettings'];
    case 'no_key':
      return ['setApiKey', 'selectProvider'];
    case 'rate_limited':
    case 'server':
    case 'network':
      return ['retry', 'selectProvider'];
    case 'model_not_found':
      return ['selectModel', 'openSettings'];
    case 'context_too_long':
    case 'max_iterations':
      return ['retry'];
    case 'bad_request':
    case 'config':
      return ['openSettings', 'selectProvider'];
    default:
      return ['retry'];
  }
}

function outcomeStatus(outcome: ToolOutcome): ToolStatus {
  return outcome;
}

export class Transcript {
  readonly items: ChatItem[] = [];
  private readonly byId = new Map<string, ChatItem>();
  private readonly cardByCall = new Map<string, string>();
  /** The assistant item receiving text deltas, while one is open. */
  private open: Extract<ChatItem, { kind: 'assistant' }> | undefined;
  private pendingUsage: MessageUsage | undefined;
  /** A usage event arrived for the response being streamed. */
  private sawUsage = false;
  private seq = 0;

  constructor(
    private readonly sink: TranscriptSink,
    private readonly prefix = 'i',
  ) {}

  /** Items for stored messages (no sink events: the caller sends them as one snapshot). */
  static fromMessages(messages: TranscriptMessage[], sink: TranscriptSink, prefix?: string): { transcript: Transcript; userIndex: Map<string, number> } {
    const t = new Transcript(sink, prefix);
    const userIndex = new Map<string, number>();
    messages.forEach((m, index) => {
      if (m.role === 'user') {
        const text = textOf(m.content);
        if (text) userIndex.set(t.push({ kind: 'user', id: t.nextId(), text }, false).id, index);
        for (const block of m.content) {
          if (block.type !== 'tool_result') continue;
          const card = t.card(block.toolUseId);
          if (!card) continue;
          const result = typeof block.content === 'string' ? block.content : block.content.map((b) => b.text).join('');
          const denied = DENIED_PREFIXES.some((p) => result.startsWith(p));
          t.replaceCard(card, { ...card.card, status: denied ? 'denied' : block.isError ? 'error' : 'success', result }, false);
        }
        return;
      }
      for (const block of m.content) {
        if (block.type === 'text' && block.text) {
          // No token figures at all: the provider reported none (or the message came without them, e.g. an import).
          const usage = m.outputTokens || m.inputTokens ? { usage: { inputTokens: m.inputTokens ?? 0, outputTokens: m.outputTokens ?? 0 } } : { usageNotReported: true };
          t.push({ kind: 'assistant', id: t.nextId(), text: block.text, streaming: false, ...usage }, false);
        } else if (block.type === 'tool_use') {
          const item: ChatItem = { kind: 'tool', id: t.nextId(), card: { callId: block.id, tool: block.name, args: block.input, status: 'cancelled' } };
          t.cardByCall.set(block.id, item.id);
          t.push(item, false);
        }
      }
    });
    return { transcript: t, userIndex };
  }

  get(id: string): ChatItem | undefined {
    return this.byId.get(id);
  }

  /** Adds an item the controller made itself (a notice, an error, a user message). */
  add(item: NewItem): ChatItem {
    return this.push({ ...item, id: item.id ?? this.nextId() } as ChatItem, true);
  }

  /** Applies one event of a running turn. `onUserMessage` learns the id given to the turn's user message. */
  apply(event: ChatEvent, onUserMessage?: (id: string) => void): void {
    switch (event.type) {
      case 'message': {
        if (event.message.role === 'user') {
          const text = textOf(event.message.content);
          if (text) onUserMessage?.(this.push({ kind: 'user', id: this.nextId(), text }, true).id);
        } else {
          // The response is complete: its usage arrived before this message, or the provider reports none.
          this.closeOpen(!this.sawUsage);
          this.pendingUsage = undefined; // a response of tool calls only: its usage belongs to no answer shown
          this.sawUsage = false;
        }
        return;
      }
      case 'text': {
        const open = this.openAssistant();
        open.text += event.delta;
        this.sink.delta(open.id, event.delta);
        return;
      }
      case 'thinking': {
        // Shown live above the answer, never part of it. Not persisted: the recorder stores messages, and the
        // assistant message holds only the answer, so a reloaded session shows no thinking.
        const open = this.openAssistant();
        open.thinking = (open.thinking ?? '') + event.delta;
        this.sink.thinking(open.id, event.delta);
        return;
      }
      case 'usage': {
        this.sawUsage = true;
        const cost = costOf(event, event.provider, event.model ?? '');
        this.pendingUsage = { inputTokens: event.inputTokens + event.cacheReadTokens + event.cacheWriteTokens, outputTokens: event.outputTokens, ...(cost !== undefined ? { cost } : {}) };
        return;
      }
      case 'tool_call': {
        this.closeOpen();
        const item: ChatItem = {
          kind: 'tool',
          id: this.nextId(),
          card: { callId: event.callId, tool: event.tool, args: event.args, ...(event.atmosCommand ? { atmosCommand: event.atmosCommand } : {}), status: 'running' },
        };
        this.cardByCall.set(event.callId, item.id);
        this.push(item, true);
        return;
      }
      case 'tool_decision': {
        const card = this.card(event.callId);
        if (card && event.decision !== 'allow') this.replaceCard(card, { ...card.card, reason: event.reason });
        return;
      }
      case 'approval_request': {
        const card = this.card(event.request.callId);
        if (card) {
          const { reason, preview } = event.request;
          this.replaceCard(card, { ...card.card, status: 'awaiting_approval', reason, ...(preview ? { preview } : {}) });
        }
        return;
      }
      case 'approval_answer': {
        const card = this.card(event.callId);
        if (card) this.replaceCard(card, { ...card.card, answer: event.answer, status: event.answer === 'deny' ? 'denied' : 'running' });
        return;
      }
      case 'tool_result': {
        const card = this.card(event.callId);
        if (card) {
          this.replaceCard(card, {
            ...card.card,
            status: outcomeStatus(event.outcome),
            result: event.content,
            durationMs: event.durationMs,
            ...(event.truncated ? { truncated: true } : {}),
          });
        }
        return;
      }
      case 'error': {
        this.closeOpen();
        if (event.error.kind === 'cancelled') return;
        this.add({ kind: 'error', message: event.error.message, errorKind: event.error.kind, actions: fixActionsFor(event.error.kind) });
        return;
      }
      case 'done': {
        this.closeOpen();
        // Cards still waiting when the turn ended (stopped) will never run.
        for (const item of this.items) {
          if (item.kind === 'tool' && (item.card.status === 'running' || item.card.status === 'awaiting_approval')) {
            this.replaceCard(item, { ...item.card, status: 'cancelled' });
          }
        }
        if (event.reason === 'cancelled') this.add({ kind: 'notice', text: 'Stopped. What arrived before the stop is kept in the session.' });
        return;
      }
      default:
        return;
    }
  }

  /**
   * Turns every error card of `errorKinds` into a notice saying `text` (same id, so the webview replaces it in
   * place): the problem it reported is fixed. Returns how many cards changed.
   */
  resolveErrors(errorKinds: readonly string[], text: string): number {
    let n = 0;
    for (const item of this.items) {
      if (item.kind !== 'error' || !errorKinds.includes(item.errorKind)) continue;
      this.replace({ kind: 'notice', id: item.id, text });
      n++;
    }
    return n;
  }

  /** The assistant item receiving this response's deltas, opened on the first one. */
  private openAssistant(): Extract<ChatItem, { kind: 'assistant' }> {
    if (!this.open) {
      const item: Extract<ChatItem, { kind: 'assistant' }> = { kind: 'assistant', id: this.nextId(), text: '', streaming: true };
      this.push(item, true);
      this.open = item;
    }
    return this.open;
  }

  /** Ends the open answer; `usageMissing`: its response is complete and the provider reported no usage for it. */
  private closeOpen(usageMissing = false): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    const usage = this.pendingUsage ? { usage: this.pendingUsage } : usageMissing ? { usageNotReported: true } : {};
    const closed: ChatItem = { ...open, streaming: false, ...usage };
    this.pendingUsage = undefined;
    this.replace(closed);
  }

  private card(callId: string): Extract<ChatItem, { kind: 'tool' }> | undefined {
    const id = this.cardByCall.get(callId);
    const item = id ? this.byId.get(id) : undefined;
    return item?.kind === 'tool' ? item : undefined;
  }

  private replaceCard(item: Extract<ChatItem, { kind: 'tool' }>, card: ToolCard, notify = true): void {
    this.replace({ ...item, card }, notify);
  }

  private replace(item: ChatItem, notify = true): void {
    const at = this.items.findIndex((i) => i.id === item.id);
    if (at < 0) return;
    this.items[at] = item;
    this.byId.set(item.id, item);
    if (notify) this.sink.updated(item);
  }

  private push(item: ChatItem, notify: boolean): ChatItem {
    this.items.push(item);
    this.byId.set(item.id, item);
    if (notify) this.sink.added(item);
    return item;
  }

  private nextId(): string {
    return `${this.prefix}${++this.seq}`;
  }
}

/** What the user typed: the first text block (a second one carries context attached with @ mentions). */
function textOf(content: ContentBlock[]): string {
  const first = content.find((b): b is Extract<ContentBlock, { type: 'text' }> => b.type === 'text');
  return first?.text ?? '';
}
