import { useEffect, useRef, useState } from 'preact/hooks';
import type { MentionCandidate } from '../../src/protocol';

/** The slash commands the host runs without a model (src/chat/slashCommands.ts), for suggestions as you type. */
const SLASH_COMMANDS: { insert: string; syntax: string; what: string }[] = [
  { insert: '/describe ', syntax: '/describe <component> -s <stack> [section…]', what: 'resolved configuration' },
  { insert: '/where ', syntax: '/where <component> -s <stack> <dotted.path>', what: 'the value and every file:line that set it' },
  { insert: '/validate', syntax: '/validate', what: 'validate every stack' },
  { insert: '/list stacks', syntax: '/list stacks [component]', what: 'stacks, optionally those with a component' },
  { insert: '/list components', syntax: '/list components [-s <stack>]', what: 'components, optionally of one stack' },
  { insert: '/help', syntax: '/help', what: 'this list' },
];

/** Enter sends, Shift+Enter is a new line, Esc stops the running turn. */
export function Composer({
  busy,
  onSend,
  onStop,
  onRetry,
  canRetry,
  onMentionQuery,
}: {
  busy: boolean;
  onSend: (text: string) => Promise<boolean>;
  onStop: () => void;
  onRetry: () => void;
  canRetry: boolean;
  onMentionQuery: (query: string) => Promise<MentionCandidate[]>;
}) {
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  // Suggest while the first word is a partial command (no space typed yet).
  const suggestions = /^\/[a-z]*$/.test(text) ? SLASH_COMMANDS.filter((c) => c.insert.startsWith(text) && c.insert.trim() !== text) : [];
  // `@` + a partial stack or component name at the end of the text: ask the host for matches.
  const mentionQuery = /(?:^|\s)@([\w./-]*)$/.exec(text)?.[1];
  const [mentions, setMentions] = useState<MentionCandidate[]>([]);
  useEffect(() => {
    if (mentionQuery === undefined) {
      setMentions([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => void onMentionQuery(mentionQuery).then((m) => live && setMentions(m.filter((c) => c.label !== mentionQuery))), 100);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [mentionQuery, onMentionQuery]);
  const completeMention = (label: string) => {
    setText((t) => t.replace(/@([\w./-]*)$/, `@${label} `));
    setMentions([]);
    area.current?.focus();
  };
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
        placeholder="Ask about your stacks and components… (Enter sends, Shift+Enter new line, / commands, @ attach)"
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Tab' && !e.shiftKey && suggestions.length > 0) {
            e.preventDefault();
            setText(suggestions[0].insert);
          } else if (e.key === 'Tab' && !e.shiftKey && mentions.length > 0 && mentionQuery !== undefined) {
            e.preventDefault();
            completeMention(mentions[0].label);
          } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void send();
          } else if (e.key === 'Escape' && busy) {
            e.preventDefault();
            onStop();
          }
        }}
      />
      {suggestions.length > 0 && (
        <ul class="slash-suggestions" role="listbox" aria-label="Slash commands (Tab completes)" data-testid="slash-suggestions">
          {suggestions.map((c, i) => (
            <li role="option" aria-selected={i === 0}>
              <button
                type="button"
                class="slash-option"
                onClick={() => {
                  setText(c.insert);
                  area.current?.focus();
                }}
              >
                <code>{c.syntax}</code> <span class="hint">{c.what}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {mentionQuery !== undefined && mentions.length > 0 && (
        <ul class="slash-suggestions" role="listbox" aria-label="Attach a stack or component (Tab completes)" data-testid="mention-suggestions">
          {mentions.map((m, i) => (
            <li role="option" aria-selected={i === 0}>
              <button type="button" class="slash-option" onClick={() => completeMention(m.label)}>
                <span class={`codicon codicon-${m.kind === 'stack' ? 'layers' : 'symbol-module'}`} aria-hidden="true" /> <code>@{m.label}</code> <span class="hint">{m.detail}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
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
