import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { Operations } from '../../service/operations';
import { errorBody } from '../error-body';
import { parseJsonText } from '../request-body';
import type { WebSocketEndpoint } from '../websocket-endpoint';
import { Feed, type Subscription } from './feed';
import { docsProtocol } from './protocols/docs';
import { gridDeskProtocol, STREAM_PATH } from './protocols/grid-desk';
import { gridSdkProtocol } from './protocols/grid-sdk';
import { type PhoenixVersion, phoenixProtocol } from './protocols/phoenix';
import { CLOSE_GRACE_MS, type Outbox, SendQueues } from './send-queue';
import {
  INVALID_JSON,
  type ProtocolHandler,
  type Session,
  type SignatureProof,
  type SignatureScheme,
} from './session';

export { STREAM_PATH };

/**
 * Every path a socket client may be pointed at. Grid Desk's own protocol at /v1/ws; the public
 * exchange's clients at the URLs they are configured with: the `grid` tool uses its WS_URL as given
 * (`…/v1/`), or rewrites `…/ws` to `/trading_socket/websocket`; the TypeScript SDK takes `…/ws`; the
 * Docs show `…/v1/`. Every path speaks every protocol: a connection's first frame says which.
 */
export const STREAM_PATHS = [
  STREAM_PATH,
  '/v1',
  '/v1/',
  '/api/v1',
  '/api/v1/',
  '/ws',
  '/api/v1/ws',
  '/trading_socket/websocket',
] as const;

export interface StreamOptions {
  /** Unsent data one client may hold before it is dropped with 1008 (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Unsent data all clients together may hold; past it the one holding most is dropped (default 64 MiB). */
  maxTotalBufferedBytes?: number;
  /** Open sockets per remote address; more are refused with 429 (default 100). */
  maxConnectionsPerAddress?: number;
  /** Ping interval; a client that has not answered the previous ping is dropped (default 30 s; 0 = off). */
  heartbeatMs?: number;
  /** Tickers are recomputed at most this often per market (default 250 ms). */
  tickerIntervalMs?: number;
  /** Subscriptions per connection (default 100). */
  maxSubscriptions?: number;
}

/** Frames a client may have waiting to be handled (an auth check in flight holds the ones after it). */
const MAX_INBOX = 64;

interface Connection extends Session {
  readonly ws: WebSocket;
  readonly outbox: Outbox;
  readonly address: string;
  alive: boolean;
  /** Chosen by the first frame. */
  handler: ProtocolHandler | null;
  readonly fallback: () => ProtocolHandler;
  /** Frames are handled one at a time, in order (an `auth` completes before the `subscribe` after it). */
  inbox: Promise<void>;
  waiting: number;
}

/**
 * The market and user streams, for Grid Desk's own protocol and the public exchange's three (the
 * `grid` tool's Phoenix gateway, the TypeScript SDK's GridWebSocket, the Docs' framing), over one
 * subscription core (`Feed`) and bounded per-socket send queues (`SendQueues`). This class owns the
 * sockets: upgrades, the per-address cap, protocol choice, authentication, heartbeats and shutdown.
 */
export class StreamHub implements WebSocketEndpoint {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    // SendQueues frames messages itself: no extension may change the framing.
    perMessageDeflate: false,
  });
  private readonly connections = new Set<Connection>();
  private readonly perAddress = new Map<string, number>();
  private readonly byOutbox = new WeakMap<Outbox, Connection>();
  private readonly feed: Feed;
  private readonly queues: SendQueues;
  private readonly heartbeat: ReturnType<typeof setInterval> | null;
  private readonly maxPerAddress: number;
  private closing = false;
  /** Clients dropped for being slow or silent, since start. */
  dropped = 0;

  constructor(
    private readonly ops: Operations,
    options: StreamOptions = {},
  ) {
    this.maxPerAddress = options.maxConnectionsPerAddress ?? 100;
    this.feed = new Feed(ops, {
      tickerIntervalMs: options.tickerIntervalMs ?? 250,
      maxSubscriptions: options.maxSubscriptions ?? 100,
      onAccessRevoked: (match, detail) => this.revoke(match, detail),
    });
    this.queues = new SendQueues(
      {
        maxQueuedBytes: options.maxBufferedBytes ?? 1024 * 1024,
        maxTotalQueuedBytes: options.maxTotalBufferedBytes ?? 64 * 1024 * 1024,
      },
      (outbox) => {
        const connection = this.byOutbox.get(outbox);
        if (connection) this.forget(connection, true);
      },
    );
    const heartbeatMs = options.heartbeatMs ?? 30_000;
    this.heartbeat = heartbeatMs > 0 ? setInterval(() => this.beat(), heartbeatMs) : null;
    this.heartbeat?.unref();
  }

  /** Open connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Bytes waiting in the send queues. */
  get queuedBytes(): number {
    return this.queues.queuedBytes;
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const address = request.socket.remoteAddress ?? 'unknown';
    const open = this.perAddress.get(address) ?? 0;
    if (open >= this.maxPerAddress) {
      refuse(socket, 429, `too many stream connections from ${address} (at most ${this.maxPerAddress})`);
      return;
    }
    // Counted from the upgrade on, so a burst of handshakes cannot pass the cap.
    this.perAddress.set(address, open + 1);
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      const n = (this.perAddress.get(address) ?? 1) - 1;
      if (n > 0) this.perAddress.set(address, n);
      else this.perAddress.delete(address);
    };
    socket.once('close', release);
    const url = new URL(request.url ?? '/', 'http://localhost');
    this.wss.handleUpgrade(request, socket, head, (ws) => this.serve(ws, socket, address, url));
  }

  /** Closes every connection cleanly (1001, going away) and stops listening to the exchange. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.feed.close();
    if (this.heartbeat) clearInterval(this.heartbeat);
    const open = [...this.connections];
    for (const connection of open) {
      this.feed.removeAll(connection);
      connection.ws.close(1001, 'the exchange is shutting down');
    }
    // A peer that does not answer the close handshake is cut off.
    if (open.length > 0) setTimeout(() => open.forEach((c) => c.ws.terminate()), CLOSE_GRACE_MS).unref();
    this.wss.close();
  }

  // ---- connections ----

  private serve(ws: WebSocket, socket: Duplex, address: string, url: URL): void {
    const outbox = this.queues.open(ws, socket);
    const connection: Connection = {
      ws,
      outbox,
      address,
      alive: true,
      handler: null,
      fallback: () => pathProtocol(url)(connection),
      inbox: Promise.resolve(),
      waiting: 0,
      feed: this.feed,
      participantId: null,
      fingerprint: null,
      subscriptions: new Map<string, Subscription>(),
      send: (frame) => this.queues.push(outbox, frame),
      authenticate: (proof, scheme) => this.authenticate(connection, proof, scheme),
      close: (code, reason) => ws.close(code, reason),
    };
    this.connections.add(connection);
    this.byOutbox.set(outbox, connection);
    // A malformed frame is an 'error' event: without a listener it would end the process.
    ws.on('error', () => ws.terminate());
    ws.on('pong', () => (connection.alive = true));
    ws.on('close', () => this.forget(connection, false));
    ws.on('message', (data) => this.enqueue(connection, data));
    // The official clients may sign on the URL: ?fingerprint=&timestamp=&signature= (timestamp + fingerprint).
    const proof = queryProof(url);
    if (proof) {
      this.later(connection, async () => {
        try {
          await this.authenticate(connection, proof, 'gateway');
        } catch (error) {
          const detail =
            error instanceof Error && 'detail' in error ? String(error.detail) : 'authentication failed';
          ws.close(4401, detail.slice(0, 120));
        }
      });
    }
  }

  private forget(connection: Connection, slow: boolean): void {
    if (!this.connections.delete(connection)) return;
    if (slow) this.dropped++;
    this.feed.removeAll(connection);
    this.queues.close(connection.outbox);
  }

  private enqueue(connection: Connection, data: RawData): void {
    connection.alive = true;
    if (connection.waiting >= MAX_INBOX) {
      connection.ws.close(1008, `more than ${MAX_INBOX} requests waiting`);
      return;
    }
    let message: unknown;
    try {
      // The one JSON reader for requests: it also refuses nesting deeper than the rest can handle.
      message = parseJsonText(String(data), 'the message');
    } catch {
      message = INVALID_JSON;
    }
    this.later(connection, () => {
      connection.handler ??= chooseProtocol(connection, message);
      return connection.handler.receive(message);
    });
  }

  private later(connection: Connection, task: () => Promise<void> | void): void {
    connection.waiting++;
    connection.inbox = connection.inbox
      .then(() => (this.connections.has(connection) ? task() : undefined))
      .catch((error: unknown) => console.error('stream request failed', error))
      .finally(() => connection.waiting--);
  }

  /** Every signature goes through `ops.keys`: one window, one key check and one replay check for all. */
  private async authenticate(
    connection: Connection,
    proof: SignatureProof,
    scheme: SignatureScheme,
  ): Promise<string> {
    const keys = this.ops.keys;
    const participantId =
      scheme === 'request'
        ? await keys.authenticate(proof, 'GET', STREAM_PATH, '')
        : await keys.authenticateGateway(proof);
    if (connection.participantId !== null && connection.participantId !== participantId) {
      this.feed.removeUser(connection);
    }
    connection.participantId = participantId;
    connection.fingerprint = proof.fingerprint;
    return participantId;
  }

  /** A key was revoked or a participant suspended: their authenticated streams end. */
  private revoke(match: { fingerprint: string } | { participantId: string }, detail: string): void {
    for (const connection of this.connections) {
      if (connection.participantId === null) continue;
      const hit =
        'fingerprint' in match
          ? connection.fingerprint === match.fingerprint
          : connection.participantId === match.participantId;
      if (!hit) continue;
      this.feed.removeUser(connection);
      connection.participantId = null;
      connection.fingerprint = null;
      (connection.handler ?? connection.fallback()).accessRevoked(detail);
    }
  }

  private beat(): void {
    for (const connection of [...this.connections]) {
      if (!connection.alive) {
        this.forget(connection, true);
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      if (connection.ws.readyState === WebSocket.OPEN) connection.ws.ping();
      connection.handler?.heartbeat?.();
    }
    this.feed.refreshTickers();
  }
}

/** The protocol a frame is written in; the path's default when the frame says nothing. */
function chooseProtocol(session: Connection, message: unknown): ProtocolHandler {
  if (Array.isArray(message) && message.length === 5) return phoenixProtocol(session, '2');
  if (typeof message === 'object' && message !== null && !Array.isArray(message)) {
    if ('topic' in message && 'event' in message) return phoenixProtocol(session, '1');
    if ('op' in message) return gridDeskProtocol(session);
    if ('type' in message) {
      const data = (message as { data?: unknown }).data;
      return typeof data === 'object' && data !== null ? gridSdkProtocol(session) : docsProtocol(session);
    }
  }
  return session.fallback();
}

/** The protocol a path implies, for a first frame that does not say (an invalid one, say). */
function pathProtocol(url: URL): (session: Session) => ProtocolHandler {
  switch (url.pathname) {
    case STREAM_PATH:
      return gridDeskProtocol;
    case '/trading_socket/websocket': {
      const version: PhoenixVersion = url.searchParams.get('vsn')?.startsWith('2') ? '2' : '1';
      return (session) => phoenixProtocol(session, version);
    }
    case '/ws':
    case '/api/v1/ws':
      return gridSdkProtocol;
    default:
      return docsProtocol;
  }
}

function queryProof(url: URL): SignatureProof | null {
  const fingerprint = url.searchParams.get('fingerprint');
  const timestamp = url.searchParams.get('timestamp');
  const signature = url.searchParams.get('signature');
  if (fingerprint === null && timestamp === null && signature === null) return null;
  return { fingerprint: fingerprint ?? '', timestamp: timestamp ?? '', signature: signature ?? '' };
}

/** Answers an upgrade with an HTTP error in the API's envelope instead of a socket. */
function refuse(socket: Duplex, status: number, detail: string): void {
  const body = JSON.stringify(errorBody(status, detail));
  socket.end(
    `HTTP/1.1 ${status} ${status === 429 ? 'Too Many Requests' : 'Error'}\r\n` +
      'Content-Type: application/json\r\nConnection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The market and user streams (Grid Desk's own protocol and the public exchange's three). */
export function streams(ops: Operations, options: StreamOptions = {}): StreamHub {
  return new StreamHub(ops, options);
}
