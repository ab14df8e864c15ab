import { useCallback, useEffect, useState } from 'react';
import type { ConnectionsView, ShellBridge, UiAuthMessage } from '../../src-preload/shell';
import {
  adoptTokenFromLocation,
  desktopShell,
  ipcConnection,
  openLink,
  socketConnection,
  storedToken,
  storeToken,
  tokenAuth,
} from '../connection/connection';
import type { Connection } from '../connection/connection';
import { ConnectionPicker } from '../connection/ConnectionPicker';
import { browserSigner } from '../connection/signing';
import { Connecting, SignIn, Unreachable } from '../connection/SignIn';
import type { Credential } from '../connection/SignIn';
import { useConnectionStore } from '../connection/status';
import { CommandCenter } from '../desktop/CommandCenter';
import { confinedTo, useExchangeStore } from '../stores/exchange';
import { usePreferences } from '../stores/preferences';
import { firstVerdict } from '../transport/websocket-transport';
import { Shell } from './Shell';

/** One way of reaching a node over its UI socket, and where to go if it refuses the credential. */
interface Attempt {
  label: string;
  /** A remote node's base URL; absent for the node that served this page. */
  base?: string;
  authenticate(): Promise<UiAuthMessage>;
  onRefused(detail: string): Gate;
}

type Gate =
  | { kind: 'loading' }
  | { kind: 'choose'; view: ConnectionsView; message: string | null }
  | { kind: 'signin'; message: string | null }
  | { kind: 'checking'; attempt: Attempt }
  | { kind: 'unreachable'; attempt: Attempt; detail: string }
  | { kind: 'ready'; connection: Connection; attempt: Attempt | null };

type Outcome =
  { kind: 'ready'; connection: Connection } | { kind: 'refused' | 'unreachable'; detail: string };

/** Opens the attempt's socket and waits for the node's verdict on the credential. */
async function connect(attempt: Attempt): Promise<Outcome> {
  const link = openLink(attempt.authenticate, attempt.base);
  const verdict = await firstVerdict(link);
  if (verdict.kind === 'open') return { kind: 'ready', connection: socketConnection(link, attempt.label) };
  if (verdict.kind === 'refused') return { kind: 'refused', detail: verdict.detail };
  return {
    kind: 'unreachable',
    detail: verdict.kind === 'reconnecting' ? verdict.detail : 'cannot reach the exchange',
  };
}

const pageLabel = () => window.location.host;

function tokenAttempt(token: string): Attempt {
  return {
    label: pageLabel(),
    authenticate: tokenAuth(token),
    onRefused: () => {
      storeToken(null);
      return { kind: 'signin', message: 'The exchange refused the saved token. Paste the current one.' };
    },
  };
}

/** A saved remote node of the desktop app: the main process makes each first message (keys never reach the page). */
function remoteAttempt(shell: ShellBridge, view: ConnectionsView, id: string): Attempt | null {
  const saved = view.saved.find((connection) => connection.id === id);
  if (!saved) return null;
  return {
    label: saved.name,
    base: saved.url,
    authenticate: async () => {
      const reply = await shell.request({ kind: 'remote-auth', id });
      if (!reply.ok) throw new Error(reply.error.detail);
      return reply.result;
    },
    onRefused: (detail) => ({
      kind: 'choose',
      view,
      message: `${saved.name} refused the credential: ${detail}`,
    }),
  };
}

function initialGate(): Gate {
  if (desktopShell()) return { kind: 'loading' };
  const token = storedToken();
  return token ? { kind: 'checking', attempt: tokenAttempt(token) } : { kind: 'signin', message: null };
}

/**
 * Connects, then shows the desk. In the desktop app: the embedded exchange over IPC or a saved remote
 * node, chosen on first run. In a browser: the node that served the page, with the operator token or a
 * participant key sent in the socket's first message.
 */
export function App() {
  const [gate, setGate] = useState<Gate>(initialGate);
  const [picker, setPicker] = useState<ConnectionsView | null>(null);
  const shell = desktopShell();

  // The desktop asks its shell which exchange the user chose.
  useEffect(() => {
    if (!shell || gate.kind !== 'loading') return;
    void shell.request({ kind: 'connections' }).then((reply) => {
      if (!reply.ok) return setGate({ kind: 'signin', message: reply.error.detail });
      const view = reply.result;
      const active = view.active;
      if (!active) return setGate({ kind: 'choose', view, message: null });
      if (active.kind === 'embedded') {
        const connection = ipcConnection(active.sandbox);
        if (connection) return setGate({ kind: 'ready', connection, attempt: null });
      } else {
        const attempt = remoteAttempt(shell, view, active.id);
        if (attempt) return setGate({ kind: 'checking', attempt });
      }
      setGate({ kind: 'choose', view, message: null });
    });
  }, [shell, gate.kind]);

  const checking = gate.kind === 'checking' ? gate.attempt : null;
  useEffect(() => {
    if (!checking) return;
    let cancelled = false;
    void connect(checking).then((outcome) => {
      if (cancelled) {
        if (outcome.kind === 'ready') outcome.connection.link?.close();
        return;
      }
      if (outcome.kind === 'ready')
        setGate({ kind: 'ready', connection: outcome.connection, attempt: checking });
      else if (outcome.kind === 'refused') setGate(checking.onRefused(outcome.detail));
      else setGate({ kind: 'unreachable', attempt: checking, detail: outcome.detail });
    });
    return () => {
      cancelled = true;
    };
  }, [checking]);

  // A `#token=` link opened in a tab that already shows the UI (only a hash change, no reload).
  const waitingForToken = !shell && (gate.kind === 'signin' || gate.kind === 'unreachable');
  useEffect(() => {
    if (!waitingForToken) return;
    const onHashChange = () => {
      const token = adoptTokenFromLocation();
      if (token) setGate({ kind: 'checking', attempt: tokenAttempt(token) });
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [waitingForToken]);

  const ready = gate.kind === 'ready' ? gate : null;
  useEffect(() => {
    if (!ready) return;
    const { connection, attempt } = ready;
    const unbind = useConnectionStore.getState().bind(connection);
    const status = connection.link?.status();
    const identity = status?.kind === 'open' ? status.identity : null;
    const disconnect = useExchangeStore.getState().connect(connection.client, connection.via, identity);
    // Signed in as one participant, the desk opens on its own workspace and offers no other.
    usePreferences.getState().restrictTo(confinedTo(identity));
    // A credential refused later (the token rotated, the key revoked) goes back to sign-in.
    const off = connection.link?.onStatus((status) => {
      if (status.kind === 'refused' && attempt) setGate(attempt.onRefused(status.detail));
    });
    return () => {
      off?.();
      disconnect();
      unbind();
      connection.link?.close();
    };
  }, [ready]);

  const signIn = useCallback(async (credential: Credential) => {
    let attempt: Attempt;
    if (credential.kind === 'token') {
      attempt = tokenAttempt(credential.token);
    } else {
      let signer;
      try {
        signer = await browserSigner(credential.pem);
      } catch (error) {
        return (error as Error).message;
      }
      attempt = {
        label: pageLabel(),
        authenticate: () => signer.authMessage(),
        onRefused: (detail) => ({ kind: 'signin', message: `The exchange refused the key: ${detail}` }),
      };
    }
    const outcome = await connect(attempt);
    if (outcome.kind !== 'ready')
      return outcome.kind === 'refused'
        ? `The exchange refused this ${credential.kind}: ${outcome.detail}`
        : `Cannot reach the exchange: ${outcome.detail}`;
    if (credential.kind === 'token') storeToken(credential.token);
    setGate({ kind: 'ready', connection: outcome.connection, attempt });
    return null;
  }, []);

  const openConnections = useCallback(() => {
    if (!shell) {
      // In a browser, "connections" is the sign-in page.
      storeToken(null);
      setGate({ kind: 'signin', message: null });
      return;
    }
    void shell.request({ kind: 'connections' }).then((reply) => {
      if (!reply.ok) return;
      // Over the desk the picker is a layer that can be closed; elsewhere it is the page.
      if (ready) setPicker(reply.result);
      else setGate({ kind: 'choose', view: reply.result, message: null });
    });
  }, [shell, ready]);

  switch (gate.kind) {
    case 'loading':
    case 'checking':
      return <Connecting />;
    case 'choose':
      return shell ? <ConnectionPicker shell={shell} view={gate.view} message={gate.message} /> : null;
    case 'signin':
      return <SignIn message={gate.message} onSubmit={signIn} />;
    case 'unreachable':
      return (
        <Unreachable
          detail={gate.detail}
          onRetry={() => setGate({ kind: 'checking', attempt: gate.attempt })}
          onSignIn={shell ? openConnections : () => setGate({ kind: 'signin', message: null })}
          signInLabel={shell ? 'Choose another connection' : 'Use a different credential'}
        />
      );
    case 'ready':
      return (
        <>
          {shell && picker ? (
            <div className="picker-overlay">
              <ConnectionPicker shell={shell} view={picker} onClose={() => setPicker(null)} />
            </div>
          ) : (
            <Shell />
          )}
          <CommandCenter onConnections={openConnections} />
        </>
      );
  }
}
