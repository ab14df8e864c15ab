import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import {
  STREAM_PUBLIC_CHANNELS,
  type StreamBookLevel,
  type StreamChannel,
  type StreamMessage,
  StreamRequest,
} from '../../src-preload/contract-market-data';
import type { Instrument } from '../engine/instruments';
import type { Side } from '../engine/matching/types';
import { formatTicks } from '../engine/money';
import { isOpen, type Order, type Trade } from '../engine/orders';
import type { JournalEntry } from '../store/exchange-store';
import { ExchangeError } from '../service/errors';
import type { MarketData } from '../service/market-data';
import { publicTradeView } from '../service/market-data';
import type { Operations } from '../service/operations';
import { orderView, tradeView } from '../service/views';
import type { WebSocketEndpoint } from './websocket-endpoint';

export const STREAM_PATH = '/v1/ws';

export interface StreamOptions {
  /** Past this much unsent data a client is too slow: it is dropped (default 4 MiB). */
  maxBufferedBytes?: number;
  /** Ping interval; a client that has not answered the previous ping is dropped (default 30 s; 0 = off). */
  heartbeatMs?: number;
  /** Tickers are recomputed at most this often per market (default 250 ms). */
  tickerIntervalMs?: number;
  /** Subscriptions per connection (default 100). */
  maxSubscriptions?: number;
}

const PUBLIC_CHANNELS = new Set<string>(STREAM_PUBLIC_CHANNELS);
const SHUTDOWN_GRACE_MS = 1000;

interface Connection {
  ws: WebSocket;
  alive: boolean;
  dropped: boolean;
  participantId: string | null;
  fingerprint: string | null;
  subscriptions: Map<string, Subscription>;
}

interface Subscription {
  connection: Connection;
  channel: StreamChannel;
  /** market_id for market channels, participant_id for user channels. */
  target: string;
  key: string;
  /** Messages sent on this subscription so far. */
  seq: number;
}

interface Resting {
  side: Side;
  price: number;
  remaining: number;
}

interface Level {
  quantity: number;
  orders: number;
}

interface BookTouch {
  bids: Set<number>;
  asks: Set<number>;
  halted?: boolean;
}

const subscriptionKey = (channel: string, target: string) => `${channel}\u0000${target}`;

/**
 * One market's book as the stream publishes it: level totals kept from the order changes of each commit
 * (never from the live engine, which may be ahead of what is durable), so a snapshot and the deltas after
 * it describe exactly the committed book.
 */
class StreamBook {
  private readonly orders = new Map<string, Resting>();
  private readonly bids = new Map<number, Level>();
  private readonly asks = new Map<number, Level>();
  halted = false;

  /** Applies an order's state after a command, noting the levels whose totals changed. Idempotent. */
  apply(order: Order, touch: BookTouch): void {
    const before = this.orders.get(order.order_id);
    const remaining = order.quantity - order.filled;
    const after: Resting | null =
      isOpen(order) && order.price_ticks !== null && remaining > 0
        ? { side: order.side, price: order.price_ticks, remaining }
        : null;
    if (
      before &&
      after &&
      before.side === after.side &&
      before.price === after.price &&
      before.remaining === after.remaining
    ) {
      return;
    }
    if (before) {
      this.add(before, -1);
      this.orders.delete(order.order_id);
      (before.side === 'buy' ? touch.bids : touch.asks).add(before.price);
    }
    if (after) {
      this.add(after, 1);
      this.orders.set(order.order_id, after);
      (after.side === 'buy' ? touch.bids : touch.asks).add(after.price);
    }
  }

  level(side: Side, price: number): Level {
    return (side === 'buy' ? this.bids : this.asks).get(price) ?? { quantity: 0, orders: 0 };
  }

  /** Every level, best first: [priceTicks, quantity, orders]. */
  levels(side: Side): [number, number, number][] {
    const ladder = side === 'buy' ? this.bids : this.asks;
    return [...ladder.entries()]
      .sort(([a], [b]) => (side === 'buy' ? b - a : a - b))
      .map(([price, level]) => [price, level.quantity, level.orders]);
  }

  private add(order: Resting, sign: 1 | -1): void {
    const ladder = order.side === 'buy' ? this.bids : this.asks;
    const level = ladder.get(order.price) ?? { quantity: 0, orders: 0 };
    level.quantity += sign * order.remaining;
    level.orders += sign;
    if (level.orders === 0) ladder.delete(order.price);
    else ladder.set(order.price, level);
  }
}

/**
 * The public and authenticated market and user streams at /v1/ws (JSON messages).
 *
 * Client → server: `{"op":"subscribe"|"unsubscribe","channel":...,"market_id":...}`,
 * `{"op":"auth","fingerprint","timestamp","signature"}` (Ed25519 over `timestamp + "GET" + "/v1/ws"` with
 * a registered key; needed for `user.orders` and `user.trades`), `{"op":"ping"}`.
 *
 * Every data message carries `seq`, the subscription's own counter (1, 2, 3, ...): a gap means messages
 * were lost and the client resubscribes (a resubscription starts again with a fresh snapshot and seq 1).
 * Book, trade and user messages also carry `sequence`, the exchange sequence number they reflect.
 * Everything is driven by the service's commit notifications; a client whose unsent data passes the
 * limit, or that stops answering pings, is dropped rather than allowed to slow anyone else.
 */
export class StreamHub implements WebSocketEndpoint {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly connections = new Set<Connection>();
  private readonly subscribers = new Map<string, Set<Subscription>>();
  private readonly books = new Map<string, StreamBook>();
  private readonly marketData: MarketData;
  private readonly stopListening: () => void;
  private readonly heartbeat: ReturnType<typeof setInterval> | null;
  private readonly maxBufferedBytes: number;
  private readonly tickerIntervalMs: number;
  private readonly maxSubscriptions: number;
  private committedSeq: number;
  private readonly tickersDirty = new Set<string>();
  private readonly lastTickers = new Map<string, string>();
  private tickerTimer: ReturnType<typeof setTimeout> | null = null;
  private lastTickerFlush = 0;
  private closing = false;
  /** Clients dropped for being slow or silent, since start. */
  dropped = 0;

  constructor(
    private readonly ops: Operations,
    options: StreamOptions = {},
  ) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.tickerIntervalMs = options.tickerIntervalMs ?? 250;
    this.maxSubscriptions = options.maxSubscriptions ?? 100;
    this.marketData = ops.marketData;
    const state = ops.service.engine.state;
    this.committedSeq = ops.service.lastSeq;
    for (const marketId of state.markets.keys()) {
      const book = this.book(marketId);
      book.halted = state.halted.has(marketId);
    }
    const ignored: BookTouch = { bids: new Set(), asks: new Set() };
    for (const order of state.orders.values()) this.book(order.market_id).apply(order, ignored);
    this.stopListening = ops.service.onCommit((lastSeq, entries) => this.onCommit(lastSeq, entries));
    const heartbeatMs = options.heartbeatMs ?? 30_000;
    this.heartbeat = heartbeatMs > 0 ? setInterval(() => this.beat(), heartbeatMs) : null;
    this.heartbeat?.unref();
  }

  /** Open connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.serve(ws));
  }

  /** Closes every connection cleanly (1001, going away) and stops listening to the exchange. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.stopListening();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.tickerTimer) clearTimeout(this.tickerTimer);
    this.tickerTimer = null;
    const open = [...this.connections];
    for (const connection of open) {
      this.unsubscribeAll(connection);
      connection.ws.close(1001, 'the exchange is shutting down');
    }
    // A peer that does not answer the close handshake is cut off.
    if (open.length > 0) {
      setTimeout(() => open.forEach((c) => c.ws.terminate()), SHUTDOWN_GRACE_MS).unref();
    }
    this.wss.close();
  }

  // ---- connections ----

  private serve(ws: WebSocket): void {
    const connection: Connection = {
      ws,
      alive: true,
      dropped: false,
      participantId: null,
      fingerprint: null,
      subscriptions: new Map(),
    };
    this.connections.add(connection);
    ws.on('pong', () => (connection.alive = true));
    ws.on('error', () => {});
    ws.on('close', () => {
      this.unsubscribeAll(connection);
      this.connections.delete(connection);
    });
    ws.on('message', (data) => void this.receive(connection, data));
  }

  private async receive(connection: Connection, data: RawData): Promise<void> {
    connection.alive = true;
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      this.reply(connection, { type: 'error', status: 400, detail: 'message is not valid JSON' });
      return;
    }
    const parsed = StreamRequest.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      const op = (raw as { op?: unknown } | null)?.op;
      this.reply(connection, {
        type: 'error',
        status: 400,
        detail: `${where}${issue.message}`,
        ...(typeof op === 'string' && { op }),
      });
      return;
    }
    const request = parsed.data;
    try {
      switch (request.op) {
        case 'ping':
          this.reply(connection, { type: 'pong' });
          return;
        case 'auth':
          await this.authenticate(connection, request);
          return;
        case 'subscribe':
          this.subscribe(connection, request.channel, request.market_id);
          return;
        case 'unsubscribe':
          this.unsubscribe(connection, request.channel, request.market_id);
          return;
      }
    } catch (error) {
      const status = error instanceof ExchangeError ? error.status : 500;
      const detail = error instanceof ExchangeError ? error.detail : 'internal error';
      if (!(error instanceof ExchangeError)) console.error('stream request failed', error);
      this.reply(connection, {
        type: 'error',
        status,
        detail,
        op: request.op,
        ...('channel' in request && { channel: request.channel }),
        ...('market_id' in request && request.market_id !== undefined && { market_id: request.market_id }),
      });
    }
  }

  /** The same signature check as every signed request: Ed25519 over `timestamp + "GET" + "/v1/ws"`. */
  private async authenticate(
    connection: Connection,
    request: Extract<StreamRequest, { op: 'auth' }>,
  ): Promise<void> {
    const participantId = await this.ops.keys.authenticate(
      {
        signature: request.signature,
        timestamp: String(request.timestamp),
        fingerprint: request.fingerprint,
      },
      'GET',
      STREAM_PATH,
      '',
    );
    if (connection.participantId !== null && connection.participantId !== participantId) {
      this.unsubscribeUser(connection);
    }
    connection.participantId = participantId;
    connection.fingerprint = request.fingerprint;
    this.reply(connection, {
      type: 'authenticated',
      participant_id: participantId,
      fingerprint: request.fingerprint,
    });
  }

  // ---- subscriptions ----

  private subscribe(connection: Connection, channel: StreamChannel, marketId: string | undefined): void {
    let target: string;
    let instrument: Instrument | undefined;
    if (PUBLIC_CHANNELS.has(channel)) {
      if (marketId === undefined) throw new ExchangeError(422, `${channel} needs a market_id`);
      instrument = this.marketData.instrumentOf(marketId);
      target = instrument.market.market_id;
    } else {
      if (connection.participantId === null) {
        throw new ExchangeError(401, `${channel} needs authentication: send {"op":"auth",...} first`);
      }
      target = connection.participantId;
    }
    const key = subscriptionKey(channel, target);
    const existing = connection.subscriptions.get(key);
    if (existing) this.remove(existing);
    else if (connection.subscriptions.size >= this.maxSubscriptions) {
      throw new ExchangeError(429, `at most ${this.maxSubscriptions} subscriptions per connection`);
    }
    const subscription: Subscription = { connection, channel, target, key, seq: 0 };
    connection.subscriptions.set(key, subscription);
    let set = this.subscribers.get(key);
    if (!set) this.subscribers.set(key, (set = new Set()));
    set.add(subscription);
    this.reply(connection, {
      type: 'subscribed',
      channel,
      ...(instrument && { market_id: target }),
    });
    if (channel === 'market.book') this.sendSnapshot(subscription, instrument!);
    if (channel === 'market.ticker') {
      const ticker = this.marketData.ticker(target);
      this.deliver(
        subscription,
        head({ channel: 'market.ticker', type: 'ticker', market_id: target, data: ticker }),
      );
    }
  }

  private unsubscribe(connection: Connection, channel: StreamChannel, marketId: string | undefined): void {
    let target: string;
    if (PUBLIC_CHANNELS.has(channel)) {
      if (marketId === undefined) throw new ExchangeError(422, `${channel} needs a market_id`);
      target = this.marketData.instrumentOf(marketId).market.market_id;
    } else {
      target = connection.participantId ?? '';
    }
    const subscription = connection.subscriptions.get(subscriptionKey(channel, target));
    if (!subscription) throw new ExchangeError(404, `not subscribed to ${channel}`);
    this.remove(subscription);
    this.reply(connection, {
      type: 'unsubscribed',
      channel,
      ...(PUBLIC_CHANNELS.has(channel) && { market_id: target }),
    });
  }

  private remove(subscription: Subscription): void {
    subscription.connection.subscriptions.delete(subscription.key);
    const set = this.subscribers.get(subscription.key);
    set?.delete(subscription);
    if (set?.size === 0) this.subscribers.delete(subscription.key);
  }

  private unsubscribeAll(connection: Connection): void {
    for (const subscription of [...connection.subscriptions.values()]) this.remove(subscription);
  }

  private unsubscribeUser(connection: Connection): void {
    for (const subscription of [...connection.subscriptions.values()]) {
      if (!PUBLIC_CHANNELS.has(subscription.channel)) this.remove(subscription);
    }
  }

  /** A key was revoked or a participant suspended: their authenticated streams end. */
  private deauthenticate(predicate: (c: Connection) => boolean, detail: string): void {
    for (const connection of this.connections) {
      if (connection.participantId === null || !predicate(connection)) continue;
      this.unsubscribeUser(connection);
      connection.participantId = null;
      connection.fingerprint = null;
      this.reply(connection, { type: 'error', status: 401, detail });
    }
  }

  // ---- sending ----

  private reply(connection: Connection, message: StreamMessage): void {
    this.send(connection, JSON.stringify(message));
  }

  /** Sends one data message: `prefix` is its JSON without the closing brace; `seq` is appended. */
  private deliver(subscription: Subscription, prefix: string): void {
    this.send(subscription.connection, `${prefix},"seq":${++subscription.seq}}`);
  }

  private deliverAll(key: string, prefix: string): void {
    const set = this.subscribers.get(key);
    if (!set) return;
    for (const subscription of [...set]) this.deliver(subscription, prefix);
  }

  private send(connection: Connection, text: string): void {
    if (connection.dropped || connection.ws.readyState !== WebSocket.OPEN) return;
    if (connection.ws.bufferedAmount > this.maxBufferedBytes) {
      this.drop(connection);
      return;
    }
    connection.ws.send(text);
  }

  /** Cuts off a client that cannot keep up (or has gone silent); nobody else waits for it. */
  private drop(connection: Connection): void {
    if (connection.dropped) return;
    connection.dropped = true;
    this.dropped++;
    this.unsubscribeAll(connection);
    this.connections.delete(connection);
    connection.ws.terminate();
  }

  private beat(): void {
    for (const connection of [...this.connections]) {
      if (!connection.alive) {
        this.drop(connection);
        continue;
      }
      connection.alive = false;
      if (connection.ws.readyState === WebSocket.OPEN) connection.ws.ping();
    }
    // The 24 h window rolls on without trades: refresh the subscribed tickers now and then.
    for (const key of this.subscribers.keys()) {
      const [channel, target] = key.split('\u0000') as [string, string];
      if (channel === 'market.ticker') this.tickersDirty.add(target);
    }
    this.scheduleTickers();
  }

  // ---- the feed: one call per commit ----

  private book(marketId: string): StreamBook {
    let book = this.books.get(marketId);
    if (!book) this.books.set(marketId, (book = new StreamBook()));
    return book;
  }

  private onCommit(lastSeq: number, entries: readonly JournalEntry[]): void {
    this.committedSeq = lastSeq;
    const touched = new Map<string, BookTouch>();
    const touch = (marketId: string) => {
      let t = touched.get(marketId);
      if (!t) touched.set(marketId, (t = { bids: new Set(), asks: new Set() }));
      return t;
    };
    for (const entry of entries) {
      const sequence = entry.ctx.seq;
      for (const change of entry.changes) {
        switch (change.kind) {
          case 'order':
            this.book(change.order.market_id).apply(change.order, touch(change.order.market_id));
            this.publishOrder(change.order, entry, sequence);
            break;
          case 'trade':
            this.publishTrade(change.trade, sequence);
            break;
          case 'market_halt':
            this.book(change.market_id).halted = change.halted;
            touch(change.market_id).halted = change.halted;
            break;
          case 'instrument':
            this.book(change.instrument.market.market_id);
            break;
          case 'signing_key':
            if (change.key.revoked_at !== null) {
              const fingerprint = change.key.fingerprint;
              this.deauthenticate(
                (c) => c.fingerprint === fingerprint,
                'the signing key was revoked; authenticate again',
              );
            }
            break;
          case 'participant':
            if (change.participant.status !== 'active') {
              const id = change.participant.participant_id;
              this.deauthenticate((c) => c.participantId === id, 'the participant was suspended');
            }
            break;
          default:
            break;
        }
      }
    }
    for (const [marketId, t] of touched) {
      if (t.bids.size === 0 && t.asks.size === 0 && t.halted === undefined) continue;
      this.tickerChanged(marketId);
      const key = subscriptionKey('market.book', marketId);
      if (!this.subscribers.has(key)) continue;
      const instrument = this.instrument(marketId);
      if (!instrument) continue;
      const book = this.book(marketId);
      const tick = instrument.market.tick_micros;
      const levels = (side: Side, prices: Set<number>): StreamBookLevel[] =>
        [...prices]
          .sort((a, b) => (side === 'buy' ? b - a : a - b))
          .map((price) => {
            const level = book.level(side, price);
            return [formatTicks(price, tick), level.quantity, level.orders];
          });
      this.deliverAll(
        key,
        head({
          channel: 'market.book',
          type: 'delta',
          market_id: marketId,
          sequence: lastSeq,
          ...(t.halted !== undefined && { halted: t.halted }),
          bids: levels('buy', t.bids),
          asks: levels('sell', t.asks),
        }),
      );
    }
    this.scheduleTickers();
  }

  private sendSnapshot(subscription: Subscription, instrument: Instrument): void {
    const marketId = instrument.market.market_id;
    const book = this.book(marketId);
    const tick = instrument.market.tick_micros;
    const format = ([price, quantity, orders]: [number, number, number]): StreamBookLevel => [
      formatTicks(price, tick),
      quantity,
      orders,
    ];
    this.deliver(
      subscription,
      head({
        channel: 'market.book',
        type: 'snapshot',
        market_id: marketId,
        sequence: this.committedSeq,
        halted: book.halted,
        bids: book.levels('buy').map(format),
        asks: book.levels('sell').map(format),
      }),
    );
  }

  private publishOrder(order: Order, entry: JournalEntry, sequence: number): void {
    const key = subscriptionKey('user.orders', order.participant_id);
    if (!this.subscribers.has(key)) return;
    const instrument = this.instrument(order.market_id);
    if (!instrument) return;
    const isNew = entry.command.type === 'place_order' && entry.command.order_id === order.order_id;
    this.deliverAll(
      key,
      head({
        channel: 'user.orders',
        type: isNew ? 'new_order' : 'order_update',
        sequence,
        data: orderView(order, instrument),
      }),
    );
  }

  private publishTrade(trade: Trade, sequence: number): void {
    this.tickerChanged(trade.market_id);
    const instrument = this.instrument(trade.market_id);
    if (!instrument) return;
    const publicKey = subscriptionKey('market.trades', trade.market_id);
    if (this.subscribers.has(publicKey)) {
      this.deliverAll(
        publicKey,
        head({
          channel: 'market.trades',
          type: 'trade',
          market_id: trade.market_id,
          sequence,
          data: publicTradeView(trade, instrument),
        }),
      );
    }
    const parties = new Set([trade.maker_participant_id, trade.taker_participant_id]);
    for (const participantId of parties) {
      const key = subscriptionKey('user.trades', participantId);
      if (!this.subscribers.has(key)) continue;
      this.deliverAll(
        key,
        head({
          channel: 'user.trades',
          type: 'trade',
          sequence,
          data: tradeView(trade, instrument, participantId),
        }),
      );
    }
  }

  private instrument(marketId: string): Instrument | undefined {
    const state = this.ops.service.engine.state;
    const instrumentId = state.markets.get(marketId);
    return instrumentId === undefined ? undefined : state.instruments.get(instrumentId);
  }

  // ---- tickers: recomputed at most every tickerIntervalMs, sent when they changed ----

  private tickerChanged(marketId: string): void {
    if (this.subscribers.has(subscriptionKey('market.ticker', marketId))) this.tickersDirty.add(marketId);
  }

  private scheduleTickers(): void {
    if (this.tickerTimer !== null || this.closing || this.tickersDirty.size === 0) return;
    const wait = Math.max(0, this.lastTickerFlush + this.tickerIntervalMs - Date.now());
    this.tickerTimer = setTimeout(() => this.flushTickers(), wait);
    this.tickerTimer.unref();
  }

  private flushTickers(): void {
    this.tickerTimer = null;
    this.lastTickerFlush = Date.now();
    const markets = [...this.tickersDirty];
    this.tickersDirty.clear();
    for (const marketId of markets) {
      const key = subscriptionKey('market.ticker', marketId);
      if (!this.subscribers.has(key)) continue;
      try {
        const ticker = this.marketData.ticker(marketId);
        const fingerprint = tickerKey(ticker);
        if (this.lastTickers.get(marketId) === fingerprint) continue;
        this.lastTickers.set(marketId, fingerprint);
        this.deliverAll(
          key,
          head({ channel: 'market.ticker', type: 'ticker', market_id: marketId, data: ticker }),
        );
      } catch (error) {
        console.error('ticker update failed', error);
      }
    }
  }
}

/** A data message's JSON without its closing brace, for `deliver` to append the subscription's seq. */
function head(message: DistributiveOmit<Extract<StreamMessage, { seq: number }>, 'seq'>): string {
  return JSON.stringify(message).slice(0, -1);
}

/** What a ticker says, without the time it was computed at. */
const tickerKey = (ticker: { timestamp: string }) => JSON.stringify({ ...ticker, timestamp: undefined });

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The public and authenticated market and user streams at /v1/ws. */
export function streams(ops: Operations, options: StreamOptions = {}): StreamHub {
  return new StreamHub(ops, options);
}
