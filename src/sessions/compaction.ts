/**
 * Auto-compaction's decisions, as pure functions: when to compact, and which messages to fold into a
 * summary. The chat engine calls these, summarises the chosen messages (with the summary model, or
 * `truncationSummary` when AI summary is off or fails), then `SessionStore.compactMessages` archives them.
 */
import { blocksToText, type ContentBlock } from './content';

export interface CompactionSettings {
  enabled: boolean;
  /** Context-window fill (0..1) that triggers compaction. */
  triggerThreshold: number;
  /** Share of the active (unarchived) messages to fold into the summary. */
  compactRatio: number;
  /** The most recent messages that are never compacted. */
  preserveRecent: number;
  /** Also trigger when the active message count passes this (0: only the context fill counts). */
  maxMessages?: number;
}

export const DEFAULT_COMPACTION: CompactionSettings = { enabled: false, triggerThreshold: 0.75, compactRatio: 0.4, preserveRecent: 10, maxMessages: 0 };

export interface CompactableMessage {
  id: string;
  role: string;
  content: ContentBlock[];
  archived?: boolean;
}

export function shouldCompact(state: { activeMessages: number; contextTokens: number; contextWindow: number }, settings: CompactionSettings): boolean {
  if (!settings.enabled || state.activeMessages <= settings.preserveRecent) return false;
  if (settings.maxMessages && state.activeMessages > settings.maxMessages) return true;
  return state.contextWindow > 0 && state.contextTokens / state.contextWindow >= settings.triggerThreshold;
}

/**
 * The oldest `compactRatio` share of the active messages, never touching the last `preserveRecent`,
 * and never splitting a tool_use from its tool_result (the cut moves earlier until no pair straddles it).
 * Returns the ids to archive, oldest first; empty when there is nothing to compact.
 */
export function selectForCompaction(messages: readonly CompactableMessage[], settings: Pick<CompactionSettings, 'compactRatio' | 'preserveRecent'>): string[] {
  const active = messages.filter((m) => !m.archived);
  const eligible = Math.max(0, active.length - Math.max(0, settings.preserveRecent));
  let cut = Math.min(eligible, Math.ceil(active.length * clamp(settings.compactRatio, 0, 1)));
  // where each tool call is answered
  const resultAt = new Map<string, number>();
  active.forEach((m, i) => {
    for (const b of m.content) if (b.type === 'tool_result') resultAt.set(b.toolUseId, i);
  });
  for (let moved = true; moved && cut > 0; ) {
    moved = false;
    for (let i = 0; i < cut; i++) {
      for (const b of active[i].content) {
        if (b.type !== 'tool_use') continue;
        const answered = resultAt.get(b.id);
        if (answered !== undefined && answered >= cut) {
          cut = i; // keep the call together with its result
          moved = true;
        }
      }
    }
  }
  return active.slice(0, cut).map((m) => m.id);
}

/** The summary used when AI summarisation is off or failed: each message's start, in order. */
export function truncationSummary(messages: readonly CompactableMessage[], perMessageChars = 200): string {
  const lines = messages.map((m) => {
    const text = blocksToText(m.content).replace(/\s+/g, ' ').trim();
    return `- ${m.role}: ${text.length > perMessageChars ? `${text.slice(0, perMessageChars)}…` : text}`;
  });
  return `Earlier in this session (${messages.length} messages, shortened):\n${lines.join('\n')}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(value) ? value : min));
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

/**
 * What the next request carries after compaction: the summaries (oldest first) as an opening user turn,
 * then every unarchived user/assistant message. Consecutive turns of one role are merged, so the result
 * alternates as every provider expects.
 */
export function historyForRequest(messages: readonly CompactableMessage[], summaries: readonly { content: string }[]): HistoryMessage[] {
  const turns: HistoryMessage[] = [];
  const push = (role: 'user' | 'assistant', content: ContentBlock[]) => {
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.content = [...last.content, ...content];
    else turns.push({ role, content: [...content] });
  };
  if (summaries.length > 0) {
    const text = summaries.map((s) => s.content).join('\n\n');
    push('user', [{ type: 'text', text: `<conversation-summary>\n${text}\n</conversation-summary>` }]);
  }
  for (const m of messages) {
    if (m.archived || (m.role !== 'user' && m.role !== 'assistant')) continue;
    push(m.role, m.content);
  }
  return turns;
}
