import { StorageBanner } from '../components/StorageBanner';
import { storeToken } from '../connection/connection';
import { ConnectionBanner, ConnectionIndicator } from '../connection/ConnectionBanner';
import { Connecting } from '../connection/SignIn';
import { Toaster } from '../components/Toaster';
import { useOnline } from '../connection/status';
import { OperatorWorkspace } from '../features/operator/OperatorWorkspace';
import { ParticipantWorkspace } from '../features/participant/ParticipantWorkspace';
import { formatClock } from '../lib/format';
import { useExchangeStore } from '../stores/exchange';
import { offeredWorkspaces, usePreferences, useTheme } from '../stores/preferences';
import type { Workspace } from '../stores/preferences';

const workspaces: { id: Workspace; label: string }[] = [
  { id: 'operator', label: 'Operator' },
  { id: 'supplier', label: 'Supplier' },
  { id: 'consumer', label: 'Consumer' },
];

function signOut() {
  storeToken(null);
  window.location.reload();
}

function Header() {
  const workspace = usePreferences((state) => state.workspace);
  const setWorkspace = usePreferences((state) => state.setWorkspace);
  const offered = offeredWorkspaces(usePreferences((state) => state.only));
  const toggleTheme = usePreferences((state) => state.toggleTheme);
  const theme = useTheme();
  const via = useExchangeStore((state) => state.via);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Grid Desk
      </div>
      <nav className="segmented" aria-label="Workspace">
        {workspaces
          .filter(({ id }) => offered.includes(id))
          .map(({ id, label }) => (
            <button
              key={id}
              type="button"
              className="segment"
              aria-pressed={workspace === id}
              onClick={() => setWorkspace(id)}
            >
              {label}
            </button>
          ))}
      </nav>
      <div className="header-tools">
        <ConnectionIndicator />
        <button
          type="button"
          className="icon-btn"
          aria-label="Toggle theme"
          title={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          onClick={toggleTheme}
        >
          <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
        </button>
        {via === 'websocket' ? (
          <button type="button" className="btn btn-ghost" onClick={signOut}>
            Sign out
          </button>
        ) : null}
      </div>
    </header>
  );
}

function StatusLine() {
  const info = useExchangeStore((state) => state.info);
  const via = useExchangeStore((state) => state.via);
  const refreshError = useExchangeStore((state) => state.refreshError);
  const refreshedAt = useExchangeStore((state) => state.refreshedAt);
  return (
    <footer className="status-line" data-testid="status-line">
      <span
        className={`status-dot ${refreshError ? 'status-dot-bad' : 'status-dot-ok'}`}
        aria-hidden="true"
      />
      <span>
        Exchange <strong data-testid="exchange-version">{info ? `v${info.version}` : '…'}</strong>
      </span>
      {info?.database_path !== null && (
        <>
          <span className="status-sep" aria-hidden="true" />
          <span className="status-db" title={info?.database_path}>
            Database <code data-testid="database-path">{info?.database_path ?? '…'}</code>
          </span>
        </>
      )}
      <span className="status-sep" aria-hidden="true" />
      <span>
        Sequence <strong data-testid="last-sequence">{info ? info.last_sequence : '…'}</strong>
      </span>
      <span className="status-spacer" />
      {refreshError ? (
        <span className="status-error" role="alert">
          Refresh failed: {refreshError}
        </span>
      ) : refreshedAt ? (
        <span className="muted">Updated {formatClock(refreshedAt)}</span>
      ) : null}
      <span className="status-sep" aria-hidden="true" />
      <span className="muted">{via === 'ipc' ? 'Embedded exchange' : 'WebSocket'}</span>
    </footer>
  );
}

export function Shell() {
  const connected = useExchangeStore((state) => state.client !== null);
  const workspace = usePreferences((state) => state.workspace);
  const online = useOnline();
  if (!connected) return <Connecting />;
  return (
    <div className="app">
      <Header />
      {/* One grid row for every banner (empty when all is well). */}
      <div className="app-banners">
        <StorageBanner />
        <ConnectionBanner />
      </div>
      <main className="app-main">
        {/* While the exchange is away every control in the workspace is disabled; what is shown stays readable. */}
        <fieldset className="offline-guard" disabled={!online}>
          {workspace === 'operator' ? (
            <OperatorWorkspace />
          ) : (
            <ParticipantWorkspace key={workspace} role={workspace} />
          )}
        </fieldset>
      </main>
      <StatusLine />
      <Toaster />
    </div>
  );
}
