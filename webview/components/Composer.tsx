import { useRef, useState } from 'preact/hooks';

/** Enter sends, Shift+Enter is a new line, Esc stops the running turn. */
export function Composer({ busy, onSend, onStop, onRetry, canRetry }: { busy: boolean; onSend: (text: string) => Promise<boolean>; onStop: () => void; onRetry: () => void; canRetry: boolean }) {
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const send = async () => {
    if (busy || !text.trim()) return;
    const sent = text;
    setText('');
    if (!(await onSend(sent))) setText(sent);
  };
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label class="visually-hidden" for="composer-input">
        Ask about this Atmos repository
      </label>
      <textarea
        id="composer-input"
        ref={area}
        data-testid="composer-input"
        rows={3}
        placeholder="Ask about your stacks and components… (Enter sends, Shift+Enter new line, / for commands)"
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void send();
          } else if (e.key === 'Escape' && busy) {
            e.preventDefault();
            onStop();
          }
        }}
      />
      <div class="composer-actions">
        {canRetry && !busy && (
          <button type="button" class="btn btn-secondary" data-testid="retry" onClick={onRetry} title="Ask the last question again">
            <span class="codicon codicon-refresh" aria-hidden="true" /> Retry
          </button>
        )}
        {busy ? (
          <button type="button" class="btn btn-danger" data-testid="stop" onClick={onStop} title="Stop (Esc)" aria-keyshortcuts="Escape">
            <span class="codicon codicon-debug-stop" aria-hidden="true" /> Stop
          </button>
        ) : (
          <button type="submit" class="btn btn-primary" data-testid="send" disabled={!text.trim()} title="Send (Enter)">
            <span class="codicon codicon-send" aria-hidden="true" /> Send
          </button>
        )}
      </div>
    </form>
  );
}
