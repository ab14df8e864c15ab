import type { ContractError, PushedEvent, RequestName, Transport } from '../../src-preload/contract';

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ContractError };

/** Close code the exchange uses when it refuses the access token. */
export const TOKEN_REFUSED = 4401;

const failure = (status: number, detail: string, code?: number) =>
  Object.assign(new Error(detail), { status, detail, ...(code !== undefined && { code }) });

/**
 * The browser transport: the same contract over a WebSocket to a headless exchange. Requests wait for
 * the socket to open; a dropped socket reconnects (and `onReconnect` listeners hear of it) and rejects
 * what was in flight; a refused token rejects everything with 401 and stops reconnecting.
 */
export function webSocketTransport(url: string, onReconnect?: () => void): Transport {
  const listeners = new Set<(event: PushedEvent) => void>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;
  let refused = false;
  let everOpened = false;

  const connect = () => {
    socket = new WebSocket(url);
    opened = new Promise((resolve, reject) => {
      socket.addEventListener(
        'open',
        () => {
          if (everOpened) onReconnect?.();
          everOpened = true;
          resolve();
        },
        { once: true },
      );
      socket.addEventListener('close', () => reject(failure(503, 'cannot reach the exchange')), {
        once: true,
      });
    });
    opened.catch(() => undefined);
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as Reply | PushedEvent;
      if ('event' in data) {
        for (const listener of listeners) listener(data);
        return;
      }
      const waiter = pending.get(data.id);
      pending.delete(data.id);
      if (!waiter) return;
      if (data.ok) waiter.resolve(data.result);
      else waiter.reject(failure(data.error.status, data.error.detail, data.error.code));
    });
    socket.addEventListener('close', (event) => {
      refused = event.code === TOKEN_REFUSED;
      const error = refused
        ? failure(401, 'the exchange refused the access token')
        : failure(503, event.reason || 'connection to the exchange closed');
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      if (!refused) setTimeout(connect, 1000);
    });
  };
  connect();

  return {
    async invoke(name: RequestName, args: unknown) {
      if (refused) throw failure(401, 'the exchange refused the access token');
      await opened;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, name, args }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
