/**
 * The transcript as a virtual list: only the rows in and near the viewport are in the DOM, each measured
 * after it renders (estimated before). Anchored to the end, as a chat reads: while the reader is at the
 * bottom, new items and a growing streamed answer keep it there; older pages prepended above keep the
 * rows on screen where they are. Reaching the top asks the host for the page before it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatItem } from '../../src/protocol';
import { useVirtualizer } from '../useVirtualizer';
import { MessageItem, type ItemHandlers } from './MessageItem';

/** Rows rendered beyond each edge of the viewport. */
const OVERSCAN = 4;
/** Ask for older items when the first rendered row is this close to the top of what is loaded. */
const LOAD_AHEAD = 3;

/** A first guess at a row's height before it is measured: by kind and by how much text it holds. */
function guessRowHeight(item: ChatItem | undefined, width: number): number {
  if (!item) return 60;
  const charsPerLine = Math.max(20, Math.floor((width || 300) / 7.2));
  const lines = (text: string) => text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / charsPerLine)), 0);
  switch (item.kind) {
    case 'user':
      return 30 + lines(item.text) * 19;
    case 'assistant': {
      const fences = (item.text.match(/```/g)?.length ?? 0) / 2;
      return 24 + lines(item.text) * 20 + fences * 40 + (item.usage || item.usageNotReported ? 18 : 0) + (item.thinking ? 26 : 0);
    }
    case 'tool':
      return item.card.status === 'awaiting_approval' ? 170 : 110;
    case 'error':
      return 90;
    case 'notice':
      return 32;
  }
}

/**
 * Estimates per item object (items are immutable: a changed item is a new object) and width. The virtualizer asks
 * for the estimate of every unmeasured row each time it recomputes its measurements (after each row it measures),
 * so in a 5,000-item session an uncached estimate that splits the text ran 5,000 times per measured row.
 */
const estimates = new WeakMap<ChatItem, { width: number; height: number }>();

export function estimateRowHeight(item: ChatItem | undefined, width: number): number {
  if (!item) return guessRowHeight(item, width);
  const hit = estimates.get(item);
  if (hit && hit.width === width) return hit.height;
  const height = guessRowHeight(item, width);
  estimates.set(item, { width, height });
  return height;
}

export function MessageList({
  items,
  hiddenItems,
  sessionKey,
  handlers,
  onLoadEarlier,
  empty,
}: {
  items: ChatItem[];
  hiddenItems: number;
  /** Changes when another session is shown: the list starts again at its end (the parent also remounts it). */
  sessionKey: string;
  handlers: ItemHandlers;
  onLoadEarlier: (beforeId: string) => Promise<void>;
  empty: ComponentChildren;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const loading = useRef(false);
  // The list's width for estimates, from the virtualizer's own resize observer. Reading clientWidth inside
  // estimateSize forced a layout on each of thousands of calls per scroll step (most of the scroll cost).
  const width = useRef(300);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    getItemKey: (index) => itemsRef.current[index]?.id ?? index,
    estimateSize: (index) => estimateRowHeight(itemsRef.current[index], width.current),
    onChange: (instance) => {
      if (instance.scrollRect?.width) width.current = instance.scrollRect.width;
    },
    overscan: OVERSCAN,
    // A session opens at its end: the first render already lays out the newest rows, not the oldest loaded ones.
    initialOffset: () => (itemsRef.current.length > 0 ? Number.MAX_SAFE_INTEGER / 2 : 0),
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 40,
    paddingStart: 8,
    paddingEnd: 8,
  });

  // A new session opens at its newest message.
  useLayoutEffect(() => {
    if (itemsRef.current.length > 0) virtualizer.scrollToIndex(itemsRef.current.length - 1, { align: 'end' });
  }, [sessionKey, virtualizer]);

  // The reader's own question jumps to the end even when they had scrolled up.
  const last = items[items.length - 1];
  const lastUserId = last?.kind === 'user' ? last.id : undefined;
  useLayoutEffect(() => {
    if (lastUserId) virtualizer.scrollToIndex(itemsRef.current.length - 1, { align: 'end' });
  }, [lastUserId, virtualizer]);

  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index;

  // Near the top of what is loaded, with more in the host: fetch the page before it (the anchor keeps the view).
  useEffect(() => {
    if (first === undefined || first > LOAD_AHEAD || hiddenItems <= 0 || loading.current || items.length === 0) return;
    loading.current = true;
    void onLoadEarlier(items[0].id).finally(() => (loading.current = false));
  }, [first, hiddenItems, items, onLoadEarlier]);

  return (
    <div class="messages" ref={scrollRef} aria-label="Conversation" data-testid="messages" data-total={items.length + hiddenItems} data-hidden={hiddenItems} tabIndex={0}>
      {items.length === 0 ? (
        empty
      ) : (
        <div class="messages-inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          <div class="messages-window" style={{ transform: `translateY(${rows[0]?.start ?? 0}px)` }}>
            {rows.map((row) => {
              const item = items[row.index];
              return (
                <div key={row.key} class="message-row" data-index={row.index} data-seq={hiddenItems + row.index} data-item-id={item.id} ref={virtualizer.measureElement}>
                  <MessageItem item={item} handlers={handlers} />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
