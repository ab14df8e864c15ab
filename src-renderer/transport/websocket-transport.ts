import type { PushedEvent, RequestName, Transport } from '../../src-preload/contract';

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { status: number; detail: string } };

/**
 * The browser transport: the same contract over a WebSocket to a headless exchange. Requests wait for
 * the socket to open; a dropped socket reconnects and rejects what was in flight.
 */
export function webSocketTransport(url: string): Transport {
  const listeners = new Set<(event: PushedEvent) => void>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;

  const connect = () => {
    socket = new WebSocket(url);
    opened = new Promise((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(Object.assign(new Error('cannot reach the exchange'), { status: 503, detail: 'cannot reach the exchange' })), { once: true });
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
      else waiter.reject(Object.assign(new Error(data.error.detail), data.error));
    });
    socket.addEventListener('close', (event) => {
      for (const waiter of pending.values()) waiter.reject({ status: 503, detail: event.reason || 'connection to the exchange closed' });
      pending.clear();
      // 4401: the exchange refused the access token; reconnecting would not help.
      if (event.code !== 4401) setTimeout(connect, 1000);
    });
  };
  connect();

  return {
    async invoke(name: RequestName, args: unknown) {
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
