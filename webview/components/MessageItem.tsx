import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import type { ApprovalChoice, ChatItem, FixAction } from '../../src/protocol';
import { FIX_LABELS } from '../buttonConfig';
import { messageUsageText } from '../usageText';
import { Markdown } from './Markdown';
import { ToolCardView } from './ToolCardView';

export interface ItemHandlers {
  onAnswer(callId: string, answer: ApprovalChoice): void;
  onShowDiff(callId: string): void;
  onAction(action: FixAction): void;
  onEdit(itemId: string, text: string): void;
  busy: boolean;
}

/** One transcript entry. Memoised: an entry re-renders only when its own object changed. */
export const MessageItem = memo(function MessageItem({ item, handlers }: { item: ChatItem; handlers: ItemHandlers }) {
  switch (item.kind) {
    case 'user':
      return <UserMessage id={item.id} text={item.text} handlers={handlers} />;
    case 'assistant': {
      const usage = messageUsageText(item.usage, item.usageNotReported);
      return (
        <article
          class={`msg msg-assistant${item.streaming ? ' streaming' : ''}`}
          data-testid="assistant-message"
          data-streaming={String(item.streaming)}
          aria-live="polite"
          aria-busy={item.streaming}
        >
          {item.thinking && <ThinkingBlock id={item.id} text={item.thinking} answering={item.text !== '' || !item.streaming} streaming={item.streaming} />}
          <Markdown text={item.text} cacheKey={item.id} />
          {item.streaming && <span class="cursor" aria-hidden="true" />}
          {usage && (
            <footer class={`msg-usage usage-${usage.state}`} data-testid="message-usage" data-state={usage.state} title={usage.title}>
              {usage.text}
            </footer>
          )}
        </article>
      );
    }
    case 'tool':
      return <ToolCardView card={item.card} onAnswer={handlers.onAnswer} onShowDiff={handlers.onShowDiff} />;
    case 'error':
      return (
        <div class="msg msg-error" role="alert" data-testid="error-card" data-kind={item.errorKind}>
          <p>
            <span class="codicon codicon-error" aria-hidden="true" /> {item.message}
          </p>
          <div class="fix-actions">
            {item.actions.map((a) => (
              <button type="button" class="btn btn-secondary" data-action={a} onClick={() => handlers.onAction(a)}>
                <span class={`codicon codicon-${FIX_LABELS[a]?.icon ?? 'zap'}`} aria-hidden="true" /> {FIX_LABELS[a]?.label ?? a}
              </button>
            ))}
          </div>
        </div>
      );
    case 'notice':
      return (
        <p class="msg-notice" data-testid="notice">
          <span class="codicon codicon-info" aria-hidden="true" /> {item.text}
        </p>
      );
  }
});

/**
 * The model's reasoning above its answer: open while it streams alone, collapsed once the answer starts (the
 * reader's own toggle wins after that). Plain text in a text node, never markdown or HTML: it is untrusted.
 */
function ThinkingBlock({ id, text, answering, streaming }: { id: string; text: string; answering: boolean; streaming: boolean }) {
  const [choice, setChoice] = useState<boolean | undefined>(undefined);
  const expanded = choice ?? !answering;
  const bodyId = `thinking-${id}`;
  return (
    <section class={`thinking${expanded ? ' expanded' : ''}`} data-testid="thinking" data-expanded={String(expanded)}>
      <button type="button" class="thinking-toggle" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setChoice(!expanded)}>
        <span class={`codicon codicon-chevron-${expanded ? 'down' : 'right'}`} aria-hidden="true" />
        {streaming && !answering ? 'Thinking…' : 'Thinking'}
      </button>
      <div id={bodyId} class="thinking-text" hidden={!expanded}>
        {text}
      </div>
    </section>
  );
}

function UserMessage({ id, text, handlers }: { id: string; text: string; handlers: ItemHandlers }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text);
  if (editing) {
    return (
      <form
        class="msg msg-user editing"
        onSubmit={(e) => {
          e.preventDefault();
          setEditing(false);
          handlers.onEdit(id, draft);
        }}
      >
        <label class="visually-hidden" for={`edit-${id}`}>
          Edit your message
        </label>
        <textarea id={`edit-${id}`} value={draft} rows={3} onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} />
        <p class="hint">Resending starts a new branch session with the messages before this one; the original session stays unchanged.</p>
        <div class="row">
          <button type="submit" class="btn btn-primary" disabled={!draft.trim()}>
            Resend as new branch
          </button>
          <button type="button" class="btn btn-secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </div>
      </form>
    );
  }
  return (
    <article class="msg msg-user" data-testid="user-message">
      <div class="user-text">{text}</div>
      <button
        type="button"
        class="icon-btn edit-btn"
        aria-label="Edit and resend this message"
        title="Edit and resend (starts a new branch)"
        disabled={handlers.busy}
        onClick={() => {
          setDraft(text);
          setEditing(true);
        }}
      >
        <span class="codicon codicon-edit" aria-hidden="true" />
      </button>
    </article>
  );
}
