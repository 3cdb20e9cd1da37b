import { useEffect, useState } from 'preact/hooks';
import type { PingResult } from '../src/protocol';
import type { HostClient } from './hostClient';

type Connection = { state: 'connecting' } | { state: 'connected'; info: PingResult } | { state: 'failed'; error: string };

export function App({ host }: { host: HostClient }) {
  const [connection, setConnection] = useState<Connection>({ state: 'connecting' });

  useEffect(() => {
    host
      .request('ping', {})
      .then((info) => setConnection({ state: 'connected', info }))
      .catch((err: Error) => setConnection({ state: 'failed', error: err.message }));
    return host.on('atmosRootChanged', ({ atmosRoot }) =>
      setConnection((c) => (c.state === 'connected' ? { state: 'connected', info: { ...c.info, atmosRoot } } : c)),
    );
  }, [host]);

  return (
    <main class="app">
      <header class="app-header">
        <span class="codicon codicon-sparkle" aria-hidden="true" />
        <h1>Atmos AI</h1>
      </header>
      <section class="status" data-testid="connection" aria-live="polite">
        <ConnectionStatus connection={connection} />
      </section>
      <p class="hint">The chat arrives with the chat-panel release. Until then, use the <code>atmos-ai</code> CLI.</p>
    </main>
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
