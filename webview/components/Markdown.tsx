import { memo } from 'preact/compat';
import { useMemo } from 'preact/hooks';
import { renderMarkdown } from '../markdown';
import { RenderCache } from '../renderCache';

/** Shared by every message: rows scrolled out of the virtual list and back again are not re-rendered. */
export const renderedMarkdown = new RenderCache(300);

/**
 * Sanitised markdown. Memoised on the text, so only the block being streamed re-renders; `cacheKey` (the
 * item id) keeps the HTML of rows that scroll away and come back.
 */
export const Markdown = memo(function Markdown({ text, class: cls, cacheKey }: { text: string; class?: string; cacheKey?: string }) {
  const html = useMemo(() => (cacheKey ? renderedMarkdown.get(cacheKey, text, renderMarkdown) : renderMarkdown(text)), [text, cacheKey]);
  return <div class={`markdown ${cls ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
});
