import { useCallback, useEffect, useMemo, useReducer, useState } from 'preact/hooks';
import type { ApprovalChoice, FixAction, PingResult } from '../src/protocol';
import { TOOL_STATES, shortcutFor } from './buttonConfig';
import { Composer } from './components/Composer';
import { Header } from './components/Header';
import { type ItemHandlers } from './components/MessageItem';
import { MessageList } from './components/MessageList';
import type { HostClient } from './hostClient';
import { initialState, pendingApproval, reduce } from './state';

/**
 * Long sessions: the host sends only the newest items in a snapshot (bounded transfer and parse); scrolling
 * near the top of what is loaded fetches this many older ones. Only rows on screen are rendered either way.
 */
const EARLIER_STEP = 100;

type Connection = { state: 'connecting' } | { state: 'connected'; info: PingResult } | { state: 'failed'; error: string };

export function App({ host }: { host: HostClient }) {
  const [connection, setConnection] = useState<Connection>({ state: 'connecting' });
  const [state, dispatch] = useReducer(reduce, initialState);
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => {
    host
      .request('ping', {})
      .then((info) => setConnection({ state: 'connected', info }))
      .catch((err: Error) => setConnection({ state: 'failed', error: err.message }));
    // Text deltas are batched per animation frame: one render per frame, however fast the model streams.
    let deltas = new Map<string, string>();
    let thinking = new Map<string, string>();
    let frame = 0;
    const flush = () => {
      frame = 0;
      const batch = deltas;
      const thought = thinking;
      deltas = new Map();
      thinking = new Map();
      dispatch({ type: 'textDeltas', deltas: batch, thinking: thought });
    };
    const offs = [
      host.on('atmosRootChanged', ({ atmosRoot }) => setConnection((c) => (c.state === 'connected' ? { state: 'connected', info: { ...c.info, atmosRoot } } : c))),
      host.on('sessionLoaded', (snapshot) => {
        if (frame) flush();
        dispatch({ type: 'snapshot', snapshot });
      }),
      host.on('itemAdded', (payload) => {
        if (frame) flush();
        dispatch({ type: 'itemAdded', payload });
      }),
      host.on('itemUpdated', (payload) => {
        if (frame) flush();
        dispatch({ type: 'itemUpdated', payload });
      }),
      host.on('textDelta', ({ id, delta }) => {
        deltas.set(id, (deltas.get(id) ?? '') + delta);
        frame ||= requestAnimationFrame(flush);
      }),
      host.on('thinkingDelta', ({ id, delta }) => {
        thinking.set(id, (thinking.get(id) ?? '') + delta);
        frame ||= requestAnimationFrame(flush);
      }),
      host.on('busyChanged', ({ busy }) => dispatch({ type: 'busy', busy })),
      host.on('usageChanged', ({ usage }) => dispatch({ type: 'usage', usage })),
      host.on('contextChanged', ({ context }) => dispatch({ type: 'context', context })),
      host.on('settingsChanged', ({ settings }) => dispatch({ type: 'settings', settings })),
      host.on('sessionRenamed', ({ session }) => dispatch({ type: 'session', session })),
    ];
    host
      .request('snapshot', {})
      .then((snapshot) => {
        if (frame) flush();
        dispatch({ type: 'snapshot', snapshot });
      })
      .catch((err: Error) => setProblem(`Could not load the chat: ${err.message}`));
    return () => {
      for (const off of offs) off();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [host]);

  const mentionQuery = useCallback((query: string) => host.request('mentions', { query }), [host]);
  const answer = useCallback((callId: string, choice: ApprovalChoice) => void host.request('approve', { callId, answer: choice }), [host]);
  const pending = pendingApproval(state.items);
  // Screen readers hear about an approval even when its card is not where they are (one status region, always in the DOM).
  const pendingTool = pending ? state.items.find((i) => i.kind === 'tool' && i.card.callId === pending) : undefined;
  const announcement =
    pendingTool?.kind === 'tool'
      ? `${pendingTool.card.tool} needs your approval. ${TOOL_STATES.awaiting_approval.buttons.map((b) => `${b.label}: ${b.shortcut}`).join(', ')}.`
      : '';
  useEffect(() => {
    if (!pending) return;
    const onKey = (e: KeyboardEvent) => {
      const choice = shortcutFor(e);
      if (!choice) return;
      e.preventDefault();
      answer(pending, choice);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pending, answer]);

  // Links and Copy buttons inside rendered markdown: one delegated listener, no inline handlers.
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      const target = e.target as Element | null;
      const copy = target?.closest('[data-action="copy"]');
      if (copy) {
        e.preventDefault();
        const code = copy.closest('.code-block')?.querySelector('code')?.textContent ?? '';
        void host.request('copyText', { text: code }).then(() => {
          copy.classList.add('copied');
          setTimeout(() => copy.classList.remove('copied'), 1200);
        });
        return;
      }
      const fileAction = target?.closest('[data-action="apply"], [data-action="diff"]');
      if (fileAction) {
        e.preventDefault();
        const path = fileAction.getAttribute('data-path') ?? '';
        const code = fileAction.closest('.code-block')?.querySelector('code')?.textContent ?? '';
        const content = code.endsWith('\n') ? code : `${code}\n`; // a fence drops the file's final newline
        if (fileAction.getAttribute('data-action') === 'diff') void host.request('diffCode', { path, content });
        else void host.request('applyCode', { path, content }).then((r) => !r.accepted && setProblem(r.reason));
        return;
      }
      const link = target?.closest('a');
      if (link) {
        e.preventDefault();
        const href = link.getAttribute('href');
        if (href && !href.startsWith('#')) void host.request('openLink', { href });
      }
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [host]);

  const handlers: ItemHandlers = useMemo(
    () => ({
      onAnswer: answer,
      onShowDiff: (callId: string) => void host.request('showDiff', { callId }),
      onAction: (action: FixAction) => void host.request('runAction', { action }),
      onEdit: (itemId: string, text: string) => void host.request('editResend', { itemId, text }).then((r) => !r.accepted && setProblem(r.reason)),
      busy: state.busy,
    }),
    [host, answer, state.busy],
  );

  const loadEarlier = useCallback(
    (beforeId: string) =>
      host
        .request('earlierItems', { beforeId, count: EARLIER_STEP })
        .then((r) => dispatch({ type: 'earlier', items: r.items, hiddenItems: r.hiddenItems }))
        .catch((err: Error) => setProblem(`Could not load earlier messages: ${err.message}`)),
    [host],
  );

  const last = state.items[state.items.length - 1];
  const canRetry = state.items.some((i) => i.kind === 'user') && (last?.kind === 'error' || last?.kind === 'assistant' || last?.kind === 'notice');

  return (
    <main class="app">
      <Header host={host} session={state.session} settings={state.settings} usage={state.usage} context={state.context} />
      <MessageList
        key={state.generation}
        items={state.items}
        hiddenItems={state.hiddenItems}
        sessionKey={`${state.generation}`}
        handlers={handlers}
        onLoadEarlier={loadEarlier}
        empty={state.loaded ? <Welcome /> : null}
      />
      {(problem || state.storeProblem) && (
        <p class="error" role="alert">
          {problem ?? state.storeProblem}
        </p>
      )}
      <Composer
        busy={state.busy}
        canRetry={canRetry}
        onSend={async (text) => {
          setProblem(undefined);
          const r = await host.request('send', { text });
          if (!r.accepted) setProblem(r.reason);
          return r.accepted;
        }}
        onStop={() => void host.request('stop', {})}
        onMentionQuery={mentionQuery}
        onRetry={() => void host.request('retry', {}).then((r) => !r.accepted && setProblem(r.reason))}
      />
      <p class="visually-hidden" role="status" data-testid="announcer">
        {announcement}
      </p>
      <footer class="status" data-testid="connection" aria-live="polite">
        <ConnectionStatus connection={connection} />
      </footer>
    </main>
  );
}

function Welcome() {
  return (
    <div class="welcome">
      <p>Ask about the stacks and components of this Atmos repository: where a value is set, what a component resolves to, what a change would affect.</p>
      <p class="hint">
        No model needed for <code>/describe</code>, <code>/where</code>, <code>/validate</code> and <code>/list</code>. Type <code>/help</code> for their syntax.
      </p>
    </div>
  );
}

function ConnectionStatus({ connection }: { connection: Connection }) {
  switch (connection.state) {
    case 'connecting':
      return <span>Connecting to the extension…</span>;
    case 'failed':
      return <span class="error">Could not reach the extension: {connection.error}</span>;
    case 'connected': {
      const { version, atmosRoot } = connection.info;
      return (
        <dl>
          <dt>Version</dt>
          <dd data-testid="version">{version}</dd>
          <dt>Atmos root</dt>
          <dd data-testid="atmos-root">{atmosRoot ?? 'no atmos.yaml found in this workspace'}</dd>
        </dl>
      );
    }
  }
}
