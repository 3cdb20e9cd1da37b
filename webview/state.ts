/**
 * The webview's copy of the chat: a snapshot from the host, then events applied one by one. Items are kept
 * as immutable objects so only the ones that changed re-render.
 */
import type { ChatItem, ChatSettingsView, ChatSnapshot, ContextMeterView, EventMap, SessionSummary, UsageFigures } from '../src/protocol';

export interface ChatState {
  loaded: boolean;
  session: SessionSummary | null;
  items: ChatItem[];
  /** Older items the host has and this webview has not loaded (long sessions). */
  hiddenItems: number;
  busy: boolean;
  settings: ChatSettingsView | null;
  usage: UsageFigures;
  context: ContextMeterView | null;
  storeProblem?: string;
  /** Counts snapshots: the message list starts again at the end of each newly loaded session. */
  generation: number;
}

export const initialState: ChatState = {
  loaded: false,
  session: null,
  items: [],
  hiddenItems: 0,
  busy: false,
  settings: null,
  usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0, unreportedResponses: 0 },
  context: null,
  generation: 0,
};

export type Action =
  | { type: 'snapshot'; snapshot: ChatSnapshot }
  | { type: 'earlier'; items: ChatItem[]; hiddenItems: number }
  | { type: 'itemAdded'; payload: EventMap['itemAdded'] }
  | { type: 'itemUpdated'; payload: EventMap['itemUpdated'] }
  /** Deltas batched per animation frame: id → appended answer text, and id → appended thinking text. */
  | { type: 'textDeltas'; deltas: Map<string, string>; thinking?: Map<string, string> }
  | { type: 'busy'; busy: boolean }
  | { type: 'usage'; usage: UsageFigures }
  | { type: 'context'; context: ContextMeterView }
  | { type: 'settings'; settings: ChatSettingsView }
  | { type: 'session'; session: SessionSummary };

export function reduce(state: ChatState, action: Action): ChatState {
  // Before the first snapshot, events are already contained in it (the host serialises it when it answers).
  if (!state.loaded && action.type !== 'snapshot' && action.type !== 'settings') return state;
  switch (action.type) {
    case 'snapshot': {
      const s = action.snapshot;
      return {
        loaded: true,
        session: s.session,
        items: s.items,
        hiddenItems: s.hiddenItems,
        busy: s.busy,
        settings: s.settings,
        usage: s.usage,
        context: s.context,
        storeProblem: s.storeProblem,
        generation: state.generation + 1,
      };
    }
    case 'earlier': {
      const have = new Set(state.items.map((i) => i.id));
      return { ...state, items: [...action.items.filter((i) => !have.has(i.id)), ...state.items], hiddenItems: action.hiddenItems };
    }
    case 'itemAdded':
      if (state.items.some((i) => i.id === action.payload.item.id)) return reduce(state, { type: 'itemUpdated', payload: action.payload });
      return { ...state, items: [...state.items, action.payload.item] };
    case 'itemUpdated': {
      const at = state.items.findIndex((i) => i.id === action.payload.item.id);
      if (at < 0) return state;
      const old = state.items[at];
      let item = action.payload.item;
      // Text that reached this webview as deltas is already in `old`; an update carries the host's full text.
      if (old.kind === 'assistant' && item.kind === 'assistant') {
        if (item.text.length < old.text.length) item = { ...item, text: old.text };
        if ((item.thinking ?? '').length < (old.thinking ?? '').length) item = { ...item, thinking: old.thinking };
      }
      const items = state.items.slice();
      items[at] = item;
      return { ...state, items };
    }
    case 'textDeltas': {
      let items: ChatItem[] | undefined;
      for (const [id, delta] of action.deltas) {
        const at = (items ?? state.items).findIndex((i) => i.id === id);
        const old = (items ?? state.items)[at];
        if (at < 0 || old.kind !== 'assistant') continue;
        items ??= state.items.slice();
        items[at] = { ...old, text: old.text + delta };
      }
      for (const [id, delta] of action.thinking ?? []) {
        const at = (items ?? state.items).findIndex((i) => i.id === id);
        const old = (items ?? state.items)[at];
        if (at < 0 || old.kind !== 'assistant') continue;
        items ??= state.items.slice();
        items[at] = { ...old, thinking: (old.thinking ?? '') + delta };
      }
      return items ? { ...state, items } : state;
    }
    case 'busy':
      return { ...state, busy: action.busy };
    case 'usage':
      return { ...state, usage: action.usage };
    case 'context':
      return { ...state, context: action.context };
    case 'settings':
      return { ...state, settings: action.settings };
    case 'session':
      return { ...state, session: action.session };
  }
}

/** The id of the tool card waiting for an answer, if any (keyboard shortcuts answer it). */
export function pendingApproval(items: ChatItem[]): string | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.kind === 'tool' && item.card.status === 'awaiting_approval') return item.card.callId;
  }
  return undefined;
}
