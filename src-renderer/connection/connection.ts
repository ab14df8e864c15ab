import { ExchangeClient } from '../transport/client';
import { webSocketTransport } from '../transport/websocket-transport';
import { readStored, storageKeys, writeStored } from '../lib/storage';

/** Close code a headless exchange uses when it refuses the access token. */
export const TOKEN_REFUSED = 4401;

export type Via = 'ipc' | 'websocket';

export interface Connection {
  client: ExchangeClient;
  via: Via;
}

/** Moves `#token=...` from the address bar into localStorage (and out of history); returns it. */
export function adoptTokenFromLocation(): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash) return null;
  const params = new URLSearchParams(hash);
  const token = params.get('token')?.trim() ?? null;
  if (token === null) return null;
  if (token) writeStored(storageKeys.token, token);
  params.delete('token');
  const rest = params.toString();
  const url = window.location.pathname + window.location.search + (rest ? `#${rest}` : '');
  window.history.replaceState(window.history.state, '', url);
  return token || null;
}

export function storedToken(): string | null {
  const token = readStored(storageKeys.token);
  return token && token.trim() ? token : null;
}

export function storeToken(token: string | null): void {
  writeStored(storageKeys.token, token);
}

/** The desktop app's embedded exchange, when the preload exposed it. */
export function ipcConnection(): Connection | null {
  const transport = window.gridDesk;
  return transport ? { client: new ExchangeClient(transport), via: 'ipc' } : null;
}

/** The UI WebSocket of the exchange that served this page. */
export function uiSocketUrl(token: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/v1/ui?token=${encodeURIComponent(token)}`;
}

export function webSocketConnection(token: string): Connection {
  return { client: new ExchangeClient(webSocketTransport(uiSocketUrl(token))), via: 'websocket' };
}

export type ProbeResult = { kind: 'ok' } | { kind: 'refused' } | { kind: 'unreachable'; detail: string };

/**
 * Checks a token before the UI commits to it: opens the UI socket, asks for `system.info` and waits for
 * the answer. The shared transport reconnects forever and cannot report a refused token, so this one
 * short-lived socket tells "token refused" (close code 4401) from "exchange not reachable".
 */
export function probeToken(token: string, timeoutMs = 10_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    let socket: WebSocket;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      window.clearTimeout(timer);
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN)
        socket.close(1000);
      resolve(result);
    };
    const timer = window.setTimeout(
      () => finish({ kind: 'unreachable', detail: 'the exchange did not answer in time' }),
      timeoutMs,
    );
    try {
      socket = new WebSocket(uiSocketUrl(token));
    } catch (error) {
      settled = true;
      window.clearTimeout(timer);
      resolve({ kind: 'unreachable', detail: String(error) });
      return;
    }
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ id: 1, name: 'system.info', args: {} }));
    });
    socket.addEventListener('message', (message) => {
      try {
        const data = JSON.parse(String(message.data)) as { id?: number };
        if (data.id === 1) finish({ kind: 'ok' });
      } catch {
        // Not a reply: keep waiting.
      }
    });
    socket.addEventListener('close', (event) => {
      if (event.code === TOKEN_REFUSED) finish({ kind: 'refused' });
      else finish({ kind: 'unreachable', detail: event.reason || 'cannot reach the exchange' });
    });
  });
}
