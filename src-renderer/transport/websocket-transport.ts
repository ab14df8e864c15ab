import type {
  ContractError,
  Principal,
  PushedEvent,
  Reply,
  RequestName,
  Transport,
} from '../../src-preload/contract';
import type { UiAuthMessage } from '../../src-preload/shell';

/** Close codes a node uses when it refuses the credential (4401) or the participant's rights (4403). */
export const CREDENTIAL_REFUSED = 4401;
export const FORBIDDEN_CLOSE = 4403;

/** Who the node says this socket acts as, from its `authenticated` answer. */
export type Identity = Principal;

export type LinkStatus =
  | { kind: 'connecting' }
  | { kind: 'open'; identity: Identity }
  | { kind: 'reconnecting'; attempt: number; retryAt: number; detail: string }
  | { kind: 'refused'; detail: string };

/** A WebSocket to a node's `/v1/ui`: the contract's transport plus what the connection banner shows. */
export interface SocketLink {
  transport: Transport;
  status(): LinkStatus;
  onStatus(listener: (status: LinkStatus) => void): () => void;
  /** Skip the backoff wait and try now (the banner's "Reconnect now"). */
  reconnectNow(): void;
  close(): void;
}

export interface SocketLinkOptions {
  url: string;
  /** The first message, made fresh for each connection (a participant's signature carries a timestamp). */
  authenticate(): Promise<UiAuthMessage>;
  WebSocket?: typeof WebSocket;
  now?: () => number;
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

const failure = (status: number, detail: string): { ok: false; error: ContractError } => ({
  ok: false,
  error: { status, detail },
});

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/** Exponential backoff with ±25 % jitter, so a node coming back is not hit by every client at once. */
export function retryDelay(attempt: number, random: () => number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + random() / 2));
}

function isIdentity(data: unknown): data is Identity & { op: 'authenticated' } {
  const value = data as Record<string, unknown> | null;
  return (
    typeof value === 'object' &&
    value !== null &&
    value.op === 'authenticated' &&
    typeof value.participant_id === 'string' &&
    typeof value.role === 'string' &&
    typeof value.may_act_as_anyone === 'boolean'
  );
}

/**
 * The browser's and the remote desktop's transport: the contract over a WebSocket. Each connection
 * authenticates in its first message (never in the URL, which ends up in logs and console errors) and
 * waits for the node's `authenticated` answer. A dropped socket answers what was in flight with a 503 and
 * reconnects with backoff; after a reconnect the node's sequence is compared with the last one seen and,
 * if commits were missed, listeners hear one `exchange.committed` so every view resynchronises. A refused
 * credential stops reconnecting.
 */
export function webSocketLink(options: SocketLinkOptions): SocketLink {
  const Socket = options.WebSocket ?? WebSocket;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((run, ms) => window.setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => window.clearTimeout(timer as number));

  const listeners = new Set<(event: PushedEvent) => void>();
  const statusListeners = new Set<(status: LinkStatus) => void>();
  const pending = new Map<number, (reply: Reply) => void>();
  /** Requests made while the first handshake runs; answered when it settles. */
  let waiting: (() => void)[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let status: LinkStatus = { kind: 'connecting' };
  let attempt = 0;
  let retryTimer: unknown = null;
  let closed = false;
  /** The newest committed sequence this client knows of; null before the first `system.info`. */
  let lastSequence: number | null = null;

  const setStatus = (next: LinkStatus) => {
    status = next;
    if (next.kind !== 'connecting') for (const wake of waiting.splice(0)) wake();
    for (const listener of statusListeners) listener(next);
  };

  const emit = (event: PushedEvent) => {
    for (const listener of listeners) listener(event);
  };

  const send = (name: RequestName | 'system.info', args: unknown): Promise<Reply> => {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket!.send(JSON.stringify({ id, name, args }));
    });
  };

  /** After a (re)connect: catch up on commits made while this client was away. */
  const resynchronise = async () => {
    const reply = await send('system.info', {});
    if (!reply.ok) return;
    const sequence = (reply.result as { last_sequence: number }).last_sequence;
    const missed = lastSequence !== null && sequence !== lastSequence;
    lastSequence = sequence;
    if (missed) emit({ event: 'exchange.committed', payload: { sequence } });
  };

  const scheduleRetry = (detail: string) => {
    attempt += 1;
    const delay = retryDelay(attempt, random);
    setStatus({ kind: 'reconnecting', attempt, retryAt: now() + delay, detail });
    retryTimer = setTimer(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  const connect = () => {
    if (closed) return;
    let authenticated = false;
    const current = new Socket(options.url);
    socket = current;
    current.addEventListener('open', () => {
      options.authenticate().then(
        (message) => {
          if (current.readyState === Socket.OPEN) current.send(JSON.stringify(message));
        },
        (error: unknown) => {
          setStatus({ kind: 'refused', detail: error instanceof Error ? error.message : String(error) });
          current.close(1000);
        },
      );
    });
    current.addEventListener('message', (message) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return; // not ours to answer: a node speaks JSON
      }
      if (!authenticated) {
        if (!isIdentity(data)) return;
        authenticated = true;
        attempt = 0;
        const { op: _op, ...identity } = data;
        setStatus({ kind: 'open', identity });
        void resynchronise();
        return;
      }
      if (typeof data === 'object' && data !== null && 'event' in data) {
        const pushed = data as PushedEvent;
        if (pushed.event === 'exchange.committed') lastSequence = pushed.payload.sequence;
        emit(pushed);
        return;
      }
      const { id, ...reply } = data as Reply & { id: number };
      const waiter = pending.get(id);
      pending.delete(id);
      waiter?.(reply as Reply);
    });
    current.addEventListener('close', (event) => {
      if (socket !== current) return;
      socket = null;
      const refused = event.code === CREDENTIAL_REFUSED || event.code === FORBIDDEN_CLOSE;
      const error = refused
        ? failure(401, event.reason || 'the exchange refused the credential')
        : failure(503, 'the connection to the exchange was lost');
      for (const waiter of pending.values()) waiter(error);
      pending.clear();
      if (closed || status.kind === 'refused') return;
      if (refused)
        setStatus({ kind: 'refused', detail: event.reason || 'the exchange refused the credential' });
      else
        scheduleRetry(
          event.reason || (authenticated ? 'the exchange went away' : 'cannot reach the exchange'),
        );
    });
  };
  connect();

  const transport: Transport = {
    async invoke(name, args) {
      if (status.kind === 'connecting') await new Promise<void>((wake) => waiting.push(wake));
      if (status.kind === 'refused') return failure(401, status.detail);
      if (status.kind !== 'open' || !socket)
        return failure(503, 'not connected to the exchange: reconnecting');
      return send(name, args);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return {
    transport,
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    reconnectNow() {
      if (status.kind !== 'reconnecting' || retryTimer === null) return;
      clearTimer(retryTimer);
      retryTimer = null;
      setStatus({ kind: 'connecting' });
      connect();
    },
    close() {
      closed = true;
      if (retryTimer !== null) clearTimer(retryTimer);
      waiting = [];
      socket?.close(1000);
    },
  };
}

/** Waits for a fresh link's first verdict: connected (who as), refused, or unreachable (then closes it). */
export function firstVerdict(link: SocketLink): Promise<LinkStatus> {
  return new Promise((resolve) => {
    const settle = (status: LinkStatus) => {
      if (status.kind === 'connecting') return;
      off();
      if (status.kind !== 'open') link.close();
      resolve(status);
    };
    const off = link.onStatus(settle);
    settle(link.status());
  });
}
