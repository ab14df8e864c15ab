import type { ShellBridge, UiAuthMessage } from '../../src-preload/shell';
import { readStored, storageKeys, writeStored } from '../lib/storage';
import { ExchangeClient } from '../transport/client';
import { webSocketLink } from '../transport/websocket-transport';
import type { SocketLink } from '../transport/websocket-transport';

export type Via = 'ipc' | 'websocket';

export interface Connection {
  client: ExchangeClient;
  via: Via;
  /** What the indicator names: "Embedded sandbox", a saved connection's name, this page's node. */
  label: string;
  /** The WebSocket's state, for the banner; null over IPC (the embedded exchange cannot go away). */
  link: SocketLink | null;
  /** The embedded sandbox acts as anyone (labelled so); a remote participant only as itself. */
  sandbox: boolean;
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

/** The desktop shell's side channel, when the preload exposed it. */
export function desktopShell(): ShellBridge | null {
  return window.gridDeskShell ?? null;
}

/** The desktop app's embedded exchange, over IPC. */
export function ipcConnection(sandbox: boolean): Connection | null {
  const transport = window.gridDesk;
  if (!transport) return null;
  return {
    client: new ExchangeClient(transport),
    via: 'ipc',
    label: sandbox ? 'Embedded sandbox' : 'Embedded exchange',
    link: null,
    sandbox,
  };
}

/**
 * The UI socket of a node: the one that served this page, or a remote node's base URL (the desktop).
 * No credential in it: that goes in the first message.
 */
export function uiSocketUrl(base?: string): string {
  const url = new URL(base ?? window.location.href);
  const scheme = url.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${url.host}/v1/ui`;
}

export function tokenAuth(token: string): () => Promise<UiAuthMessage> {
  return () => Promise.resolve({ op: 'auth', token });
}

export function socketConnection(link: SocketLink, label: string): Connection {
  return { client: new ExchangeClient(link.transport), via: 'websocket', label, link, sandbox: false };
}

export function openLink(authenticate: () => Promise<UiAuthMessage>, base?: string): SocketLink {
  return webSocketLink({ url: uiSocketUrl(base), authenticate });
}
