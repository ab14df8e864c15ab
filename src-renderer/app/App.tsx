import { useCallback, useEffect, useState } from 'react';
import {
  adoptTokenFromLocation,
  ipcConnection,
  probeToken,
  storedToken,
  storeToken,
  webSocketConnection,
} from '../connection/connection';
import type { Connection } from '../connection/connection';
import { Connecting, SignIn, Unreachable } from '../connection/SignIn';
import { useExchangeStore } from '../stores/exchange';
import { Shell } from './Shell';

type Gate =
  | { kind: 'checking'; token: string }
  | { kind: 'signin'; message: string | null }
  | { kind: 'unreachable'; token: string; detail: string }
  | { kind: 'ready'; connection: Connection };

function initialGate(): Gate {
  const ipc = ipcConnection();
  if (ipc) return { kind: 'ready', connection: ipc };
  const token = storedToken();
  return token ? { kind: 'checking', token } : { kind: 'signin', message: null };
}

/** Connects (Electron IPC, or a WebSocket with the operator token) and then shows the desk. */
export function App() {
  const [gate, setGate] = useState<Gate>(initialGate);

  // Check a stored token once; the sign-in form checks the ones typed in.
  const checkingToken = gate.kind === 'checking' ? gate.token : null;
  useEffect(() => {
    if (checkingToken === null) return;
    let cancelled = false;
    void probeToken(checkingToken).then((result) => {
      if (cancelled) return;
      if (result.kind === 'ok') setGate({ kind: 'ready', connection: webSocketConnection(checkingToken) });
      else if (result.kind === 'refused') {
        storeToken(null);
        setGate({ kind: 'signin', message: 'The exchange refused the saved token. Paste the current one.' });
      } else setGate({ kind: 'unreachable', token: checkingToken, detail: result.detail });
    });
    return () => {
      cancelled = true;
    };
  }, [checkingToken]);

  // A `#token=` link opened in a tab that already shows the UI (only a hash change, no reload).
  const waitingForToken = gate.kind === 'signin' || gate.kind === 'unreachable';
  useEffect(() => {
    if (!waitingForToken) return;
    const onHashChange = () => {
      const token = adoptTokenFromLocation();
      if (token) setGate({ kind: 'checking', token });
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [waitingForToken]);

  const connection = gate.kind === 'ready' ? gate.connection : null;
  useEffect(() => {
    if (!connection) return;
    return useExchangeStore.getState().connect(connection.client, connection.via);
  }, [connection]);

  // Over a WebSocket, a lost connection may be a refused token (rotated, or a different exchange now on
  // that port): the transport cannot say, so ask with a probe and go back to sign-in if so.
  useEffect(() => {
    if (connection?.via !== 'websocket') return;
    let probing = false;
    return useExchangeStore.subscribe((state, previous) => {
      if (!state.refreshError || previous.refreshError || probing) return;
      const token = storedToken();
      if (!token) return;
      probing = true;
      void probeToken(token).then((result) => {
        probing = false;
        if (result.kind !== 'refused') return;
        storeToken(null);
        setGate({ kind: 'signin', message: 'The exchange refused the access token. Paste the current one.' });
      });
    });
  }, [connection]);

  const signIn = useCallback(async (token: string) => {
    const result = await probeToken(token);
    if (result.kind === 'refused') return 'The exchange refused this token.';
    if (result.kind === 'unreachable') return `Cannot reach the exchange: ${result.detail}`;
    storeToken(token);
    setGate({ kind: 'ready', connection: webSocketConnection(token) });
    return null;
  }, []);

  switch (gate.kind) {
    case 'checking':
      return <Connecting />;
    case 'signin':
      return <SignIn message={gate.message} onSubmit={signIn} />;
    case 'unreachable':
      return (
        <Unreachable
          detail={gate.detail}
          onRetry={() => setGate({ kind: 'checking', token: gate.token })}
          onSignIn={() => setGate({ kind: 'signin', message: null })}
        />
      );
    case 'ready':
      return <Shell />;
  }
}
