import { create } from 'zustand';
import type { LinkStatus } from '../transport/websocket-transport';
import type { Connection } from './connection';

interface ConnectionState {
  connection: Connection | null;
  /** The socket's state; IPC is always open and acts as anyone. */
  status: LinkStatus;
  /** Binds the store to a connection and follows its link. Returns an unbind. */
  bind(connection: Connection): () => void;
}

const embeddedStatus: LinkStatus = {
  kind: 'open',
  identity: { participant_id: '', role: 'operator', may_act_as_anyone: true },
};

export const useConnectionStore = create<ConnectionState>()((set, get) => ({
  connection: null,
  status: { kind: 'connecting' },
  bind(connection) {
    const { link } = connection;
    set({ connection, status: link ? link.status() : embeddedStatus });
    const off = link?.onStatus((status) => {
      if (get().connection === connection) set({ status });
    });
    return () => {
      off?.();
      if (get().connection === connection) set({ connection: null, status: { kind: 'connecting' } });
    };
  },
}));

/** False while the exchange is away: actions are disabled until it is back. */
export function useOnline(): boolean {
  return useConnectionStore((state) => state.status.kind === 'open');
}

/** What the connection may do, in the indicator's words. */
export function identityLabel(
  connection: Pick<Connection, 'sandbox' | 'via'>,
  status: LinkStatus,
  nameOf: (participantId: string) => string | null,
): string {
  if (connection.via === 'ipc')
    return connection.sandbox ? 'Sandbox: acts as anyone' : 'Your exchange: acts as anyone';
  if (status.kind !== 'open') return 'Not signed in';
  const { identity } = status;
  if (identity.may_act_as_anyone) return 'Operator: may act for anyone';
  return `Signed in as ${nameOf(identity.participant_id) ?? identity.participant_id} (${identity.role}, acts as itself only)`;
}

/** The banner's sentence for a link that is not open; null when there is nothing to say. */
export function statusMessage(status: LinkStatus, now: number): string | null {
  switch (status.kind) {
    case 'open':
      return null;
    case 'connecting':
      return 'Connecting to the exchange…';
    case 'refused':
      return `The exchange refused this connection: ${status.detail}`;
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      const when = seconds > 0 ? `Reconnecting in ${seconds} s` : 'Reconnecting now';
      return `The exchange went away (${status.detail}). ${when} (attempt ${status.attempt}); actions are paused until it is back.`;
    }
  }
}

/** A version mismatch in words, or null when app and node agree. */
export function versionMessage(appVersion: string, nodeVersion: string | null): string | null {
  if (nodeVersion === null || nodeVersion === appVersion) return null;
  return `This app is version ${appVersion} but the exchange runs ${nodeVersion}: some screens may not work as expected. Use the app version that matches the exchange.`;
}
