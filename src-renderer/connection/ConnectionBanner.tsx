import { useEffect, useState } from 'react';
import { useExchangeStore } from '../stores/exchange';
import { identityLabel, statusMessage, useConnectionStore, versionMessage } from './status';

/** Ticks once a second while `active`, for countdowns. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // At once, then every second: the time kept from an earlier countdown is stale.
    const first = window.setTimeout(() => setNow(Date.now()), 0);
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
    };
  }, [active]);
  return now;
}

/**
 * Above the workspace: a clear banner while the exchange is away (with the reconnect countdown and a way
 * to retry at once), and a warning when the app and the node run different versions.
 */
export function ConnectionBanner() {
  const status = useConnectionStore((state) => state.status);
  const link = useConnectionStore((state) => state.connection?.link ?? null);
  const nodeVersion = useExchangeStore((state) => state.info?.version ?? null);
  const now = useNow(status.kind === 'reconnecting');
  const message = statusMessage(status, now);
  const mismatch = versionMessage(__APP_VERSION__, nodeVersion);
  return (
    <div className="connection-banners">
      {message ? (
        <div
          className={`connection-banner ${status.kind === 'refused' ? 'connection-banner-bad' : ''}`}
          role="alert"
          data-testid="connection-banner"
        >
          <span className="status-dot status-dot-bad" aria-hidden="true" />
          <span>{message}</span>
          {status.kind === 'reconnecting' && link ? (
            <button type="button" className="btn btn-xs" onClick={() => link.reconnectNow()}>
              Reconnect now
            </button>
          ) : null}
        </div>
      ) : null}
      {mismatch ? (
        <div className="connection-banner connection-banner-warn" role="status" data-testid="version-banner">
          {mismatch}
        </div>
      ) : null}
    </div>
  );
}

/** The header's connection chip: where the desk is connected, as whom, and whether it is live. */
export function ConnectionIndicator() {
  const connection = useConnectionStore((state) => state.connection);
  const status = useConnectionStore((state) => state.status);
  const participants = useExchangeStore((state) => state.participants);
  if (!connection) return null;
  const online = status.kind === 'open';
  const identity = identityLabel(
    connection,
    status,
    (id) => participants?.find((participant) => participant.participant_id === id)?.name ?? null,
  );
  return (
    <span className="connection-chip" data-testid="connection-indicator" title={identity}>
      <span className={`status-dot ${online ? 'status-dot-ok' : 'status-dot-bad'}`} aria-hidden="true" />
      <span className="connection-chip-name">{connection.label}</span>
      <span className="connection-chip-identity">{online ? identity : 'offline'}</span>
    </span>
  );
}
