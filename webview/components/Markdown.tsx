import { memo } from 'preact/compat';
import { useMemo } from 'preact/hooks';
import { renderMarkdown } from '../markdown';

/** Sanitised markdown. Memoised on the text, so only the block being streamed re-renders. */
export const Markdown = memo(function Markdown({ text, class: cls }: { text: string; class?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div class={`markdown ${cls ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
});
