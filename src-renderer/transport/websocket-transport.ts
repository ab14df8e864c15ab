import type { ContractError, PushedEvent, Reply, RequestName, Transport } from '../../src-preload/contract';

/** Close code the exchange uses when it refuses the access token. */
export const TOKEN_REFUSED = 4401;

const failure = (status: number, detail: string): { ok: false; error: ContractError } => ({
  ok: false,
  error: { status, detail },
});

/**
 * The browser transport: the same contract over a WebSocket to a headless exchange. Requests wait for
 * the socket to open; a dropped socket reconnects (and `onReconnect` listeners hear of it) and answers
 * what was in flight with a 503; a refused token answers everything with a 401 and stops reconnecting.
 */
export function webSocketTransport(url: string, onReconnect?: () => void): Transport {
  const listeners = new Set<(event: PushedEvent) => void>();
  const pending = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<boolean>;
  let refused = false;
  let everOpened = false;

  const connect = () => {
    socket = new WebSocket(url);
    opened = new Promise((resolve) => {
      socket.addEventListener(
        'open',
        () => {
          if (everOpened) onReconnect?.();
          everOpened = true;
          resolve(true);
        },
        { once: true },
      );
      socket.addEventListener('close', () => resolve(false), { once: true });
    });
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as (Reply & { id: number }) | PushedEvent;
      if ('event' in data) {
        for (const listener of listeners) listener(data);
        return;
      }
      const waiter = pending.get(data.id);
      pending.delete(data.id);
      if (!waiter) return;
      const { id: _id, ...reply } = data;
      waiter(reply);
    });
    socket.addEventListener('close', (event) => {
      refused = event.code === TOKEN_REFUSED;
      const error = refused
        ? failure(401, 'the exchange refused the access token')
        : failure(503, event.reason || 'connection to the exchange closed');
      for (const waiter of pending.values()) waiter(error);
      pending.clear();
      if (!refused) setTimeout(connect, 1000);
    });
  };
  connect();

  return {
    async invoke(name: RequestName, args: unknown): Promise<Reply> {
      if (refused) return failure(401, 'the exchange refused the access token');
      if (!(await opened)) return failure(503, 'cannot reach the exchange');
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, name, args }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
