/**
 * Auto-compaction, driven by the chat: after a turn, when the context window is filling up (or the session has
 * too many messages), the oldest share of the conversation is summarised — by the summary model, or by
 * truncation when AI summaries are off or the model fails — and archived. Archived messages stay in the store
 * and in exports; the next request carries the summary instead of them.
 */
import type { ChatMessage, ChatProvider } from '../providers/types';
import { historyForRequest, selectForCompaction, shouldCompact, truncationSummary, type CompactionSettings } from '../sessions/compaction';
import { blocksToText } from '../sessions/content';
import type { SessionStore, StoredMessage } from '../sessions/store';

export interface AutoCompactSettings extends CompactionSettings {
  useAiSummary: boolean;
}

/** The conversation as the next request should carry it: summaries first, then the active messages. */
export function sessionHistory(store: SessionStore, sessionId: string): ChatMessage[] {
  return historyForRequest(store.getMessages(sessionId, { includeArchived: true }), store.getSummaries(sessionId));
}

export interface CompactResult {
  archived: number;
  summary?: string;
  /** 'ai' when the model wrote the summary, 'truncation' otherwise. */
  method?: 'ai' | 'truncation';
}

export async function compactIfNeeded(input: {
  store: SessionStore;
  sessionId: string;
  settings: AutoCompactSettings;
  /** Input tokens of the last request (uncached + cache read + cache write). */
  contextTokens: number;
  contextWindow: number;
  summaryProvider?: ChatProvider;
  summaryModel?: string;
  signal?: AbortSignal;
}): Promise<CompactResult> {
  const messages = input.store.getMessages(input.sessionId, { includeArchived: true });
  const active = messages.filter((m) => !m.archived).length;
  if (!shouldCompact({ activeMessages: active, contextTokens: input.contextTokens, contextWindow: input.contextWindow }, input.settings)) return { archived: 0 };
  const ids = new Set(selectForCompaction(messages, input.settings));
  if (ids.size === 0) return { archived: 0 };
  const chosen = messages.filter((m) => ids.has(m.id));
  let summary: string | undefined;
  let method: CompactResult['method'] = 'truncation';
  if (input.settings.useAiSummary && input.summaryProvider) {
    summary = await summarise(input.summaryProvider, input.summaryModel, chosen, input.signal);
    if (summary) method = 'ai';
  }
  summary ??= truncationSummary(chosen);
  input.store.compactMessages(input.sessionId, [...ids], summary);
  return { archived: ids.size, summary, method };
}

const SUMMARY_PROMPT =
  'Summarise the conversation below for the assistant that continues it. Keep every fact it may need: stacks, components, values and the files that set them, decisions taken, files changed, open questions. Be concise; use a bulleted list.';

/** Asks the model for a summary; undefined when it fails (the caller falls back to truncation). */
async function summarise(provider: ChatProvider, model: string | undefined, messages: StoredMessage[], signal?: AbortSignal): Promise<string | undefined> {
  const transcript = messages.map((m) => `${m.role}: ${blocksToText(m.content)}`).join('\n\n');
  let text = '';
  for await (const event of provider.stream({ model, system: [{ text: SUMMARY_PROMPT }], messages: [{ role: 'user', content: [{ type: 'text', text: transcript }] }], signal })) {
    if (event.type === 'text') text += event.delta;
    if (event.type === 'error') return undefined;
  }
  return text.trim() || undefined;
}

/** Context windows used for the fill ratio when the provider does not say (conservative, per provider). */
export const DEFAULT_CONTEXT_WINDOW: Record<string, number> = {
  anthropic: 200_000,
  openai: 128_000,
  azure: 128_000,
  grok: 128_000,
  gemini: 1_000_000,
  bedrock: 200_000,
  ollama: 8_192,
  vscode: 64_000,
};

/** atmos.yaml `settings.ai.sessions.auto_compact` (Atmos's format) over the defaults; wrong types are ignored. */
export function readAutoCompactSettings(aiSettings: Record<string, unknown>, base: AutoCompactSettings): AutoCompactSettings {
  const sessions = aiSettings.sessions;
  const raw = typeof sessions === 'object' && sessions !== null ? (sessions as Record<string, unknown>).auto_compact : undefined;
  if (typeof raw !== 'object' || raw === null) return base;
  const r = raw as Record<string, unknown>;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);
  return {
    enabled: bool(r.enabled, base.enabled),
    triggerThreshold: num(r.trigger_threshold, base.triggerThreshold),
    compactRatio: num(r.compact_ratio, base.compactRatio),
    preserveRecent: num(r.preserve_recent, base.preserveRecent),
    maxMessages: base.maxMessages,
    useAiSummary: bool(r.use_ai_summary, base.useAiSummary),
  };
}
