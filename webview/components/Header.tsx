import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatSettingsView, ContextMeterView, SessionSummary, UsageFigures } from '../../src/protocol';
import type { HostClient } from '../hostClient';
import { sessionUsageText } from '../usageText';

/** Session title (rename inline), session switcher, new session, provider / model / agent pickers, tokens and cost. */
export function Header({
  host,
  session,
  settings,
  usage,
  context,
}: {
  host: HostClient;
  session: SessionSummary | null;
  settings: ChatSettingsView | null;
  usage: UsageFigures;
  context: ContextMeterView | null;
}) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState('');
  const [switcher, setSwitcher] = useState(false);
  const sessionsButton = useRef<HTMLButtonElement>(null);
  const closeSwitcher = () => {
    setSwitcher(false);
    sessionsButton.current?.focus(); // back where the keyboard user opened it
  };
  const agent = settings?.agents.find((a) => a.name === settings.agent);
  return (
    <header class="app-header">
      <div class="row title-row">
        <span class="codicon codicon-sparkle" aria-hidden="true" />
        <h1>Atmos AI</h1>
        {renaming && session ? (
          <form
            class="rename"
            onSubmit={(e) => {
              e.preventDefault();
              setRenaming(false);
              void host.request('renameSession', { name });
            }}
          >
            <label class="visually-hidden" for="rename-input">
              Session name
            </label>
            <input
              id="rename-input"
              ref={focusOnMount}
              value={name}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
              onKeyDown={(e) => e.key === 'Escape' && setRenaming(false)}
              onBlur={() => setRenaming(false)}
            />
          </form>
        ) : (
          <button
            type="button"
            class="session-title"
            data-testid="session-title"
            title={session ? 'Rename this session' : 'A session starts with your first question'}
            disabled={!session}
            onClick={() => {
              setName(session?.name ?? '');
              setRenaming(true);
            }}
          >
            {session?.name ?? 'New session'}
          </button>
        )}
        <span class="spacer" />
        <button type="button" class="icon-btn" ref={sessionsButton} aria-label="Sessions" title="Switch session" aria-expanded={switcher} aria-haspopup="dialog" onClick={() => setSwitcher(!switcher)}>
          <span class="codicon codicon-history" aria-hidden="true" />
        </button>
        <button type="button" class="icon-btn" data-testid="new-session" aria-label="New session" title="New session" onClick={() => void host.request('newSession', {})}>
          <span class="codicon codicon-add" aria-hidden="true" />
        </button>
      </div>
      <div class="row pickers">
        <button type="button" class="chip" data-testid="provider-picker" title="Select provider (Ctrl+Alt+P)" onClick={() => void host.request('runAction', { action: 'selectProvider' })}>
          <span class="codicon codicon-cloud" aria-hidden="true" /> {settings?.providerLabel ?? '…'}
        </button>
        <button type="button" class="chip" data-testid="model-picker" title="Select model" onClick={() => void host.request('runAction', { action: 'selectModel' })}>
          <span class="codicon codicon-symbol-class" aria-hidden="true" /> {settings?.model || 'default model'}
        </button>
        <button type="button" class="chip" data-testid="agent-picker" title={`${agent?.description ?? 'Select agent'} (Ctrl+Alt+G)`} onClick={() => void host.request('runAction', { action: 'selectAgent' })}>
          <span class="codicon codicon-person" aria-hidden="true" /> {agent?.displayName ?? settings?.agent ?? '…'}
        </button>
        <span class="spacer" />
        {context && <ContextMeter context={context} />}
        <UsageFiguresView usage={usage} />
      </div>
      {switcher && <SessionSwitcher host={host} current={session?.id} onClose={closeSwitcher} />}
    </header>
  );
}

function UsageFiguresView({ usage }: { usage: UsageFigures }) {
  const { text, title, state } = sessionUsageText(usage);
  return (
    <span class={`usage usage-${state}`} data-testid="usage" data-state={state} title={title} aria-description={state === 'reported' ? undefined : title}>
      {state !== 'reported' && <span class="codicon codicon-info" aria-hidden="true" />}
      {text}
    </span>
  );
}

/**
 * Focuses an input when it appears (a ref callback). The `autofocus` attribute is honoured only once per
 * document, so a switcher or rename box opened later would not get the keyboard.
 */
function focusOnMount(el: HTMLInputElement | null): void {
  if (el && document.activeElement !== el) queueMicrotask(() => el.focus());
}

function SessionSwitcher({ host, current, onClose }: { host: HostClient; current?: string; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => void host.request('listSessions', query ? { query } : {}).then((s) => live && setSessions(s)), 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [host, query, version]);
  return (
    <div class="session-switcher" role="dialog" aria-label="Sessions" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <label class="visually-hidden" for="session-search">
        Search sessions
      </label>
      <input id="session-search" ref={focusOnMount} placeholder="Search sessions…" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      <ul>
        {sessions === null && <li class="hint">Loading…</li>}
        {sessions?.length === 0 && <li class="hint">No sessions.</li>}
        {sessions?.map((s) => (
          <li class={s.id === current ? 'current' : ''}>
            <button
              type="button"
              class="session-row"
              onClick={() => {
                onClose();
                void host.request('switchSession', { id: s.id });
              }}
            >
              <span class="session-name">{s.name || 'Untitled'}</span>
              <span class="hint">
                {new Date(s.updatedAt).toLocaleString()} · {s.messageCount} messages
              </span>
            </button>
            <button type="button" class="icon-btn" aria-label={`Delete session ${s.name}`} title="Delete" onClick={() => void host.request('deleteSession', { id: s.id }).then(() => setVersion((v) => v + 1))}>
              <span class="codicon codicon-trash" aria-hidden="true" />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * How full the model's context window was on the last request. A model whose window is not on file gets no
 * meter, only an icon whose tooltip says why (a guessed window would mislead).
 */
function ContextMeter({ context }: { context: ContextMeterView }) {
  const model = context.model || `${context.provider}'s default model`;
  if (context.windowTokens === null) {
    const why = `Context meter hidden: the context window of ${model} is not on file (contextWindows.json, as of ${context.asOf}).`;
    return (
      <span class="context-meter unknown" data-testid="context-meter" data-state="unknown" title={why} aria-label={why} role="img">
        <span class="codicon codicon-dashboard" aria-hidden="true" />?
      </span>
    );
  }
  const used = Math.min(context.usedTokens, context.windowTokens);
  const percent = Math.round((used / context.windowTokens) * 1000) / 10;
  const title = `Context: ${context.usedTokens.toLocaleString()} of ${context.windowTokens.toLocaleString()} tokens (${percent}%) of ${model}'s window, as of the last request`;
  const level = percent >= 90 ? 'full' : percent >= 70 ? 'high' : 'ok';
  return (
    <span
      class={`context-meter level-${level}`}
      data-testid="context-meter"
      data-state="known"
      data-used={context.usedTokens}
      data-window={context.windowTokens}
      role="meter"
      aria-label="Context window used"
      aria-valuemin={0}
      aria-valuemax={context.windowTokens}
      aria-valuenow={used}
      aria-valuetext={`${percent}% of ${context.windowTokens.toLocaleString()} tokens`}
      title={title}
    >
      <span class="meter-bar" aria-hidden="true">
        <span class="meter-fill" style={{ width: `${Math.max(percent, context.usedTokens > 0 ? 2 : 0)}%` }} />
      </span>
      <span class="meter-text">{percent < 1 && context.usedTokens > 0 ? '<1' : Math.round(percent)}%</span>
    </span>
  );
}
