import type { UnitBalanceView, UsdBalanceView } from '../../../src-preload/contract';
import type { OrderView, TradeView } from '../../../src-preload/contract';
import type { PublicTradeView, TickerView } from '../../../src-preload/contract-market-data';
import type { Instrument } from '../../engine/instruments';
import { formatTicks } from '../../engine/money';
import type { Order, Trade } from '../../engine/orders';
import { ExchangeError } from '../../service/errors';
import { publicTradeView } from '../../service/market-data';
import type { Operations } from '../../service/operations';
import { orderView, tradeView, unitBalanceView, usdBalanceView } from '../../service/views';
import type { JournalEntry } from '../../store/exchange-store';
import { type BookTouch, CommittedBook, type TickLevel } from './committed-book';

/** The channels every protocol maps its own names onto. */
export type FeedChannel =
  'market.book' | 'market.trades' | 'market.ticker' | 'user.orders' | 'user.trades' | 'user.balances';

const MARKET_CHANNELS = new Set<FeedChannel>(['market.book', 'market.trades', 'market.ticker']);
export const isMarketChannel = (channel: FeedChannel) => MARKET_CHANNELS.has(channel);

/** What happened, once per commit, before any protocol has shaped it. */
export type FeedEvent =
  | {
      kind: 'book';
      snapshot: boolean;
      instrument: Instrument;
      /** The exchange sequence the book reflects. */
      sequence: number;
      halted?: boolean;
      bids: TickLevel[];
      asks: TickLevel[];
    }
  | { kind: 'trade'; instrument: Instrument; sequence: number; trade: PublicTradeView }
  | { kind: 'ticker'; instrument: Instrument; ticker: TickerView }
  | { kind: 'order'; instrument: Instrument; sequence: number; isNew: boolean; order: OrderView }
  | { kind: 'fill'; instrument: Instrument; sequence: number; trade: TradeView }
  | {
      kind: 'balance';
      sequence: number;
      participantId: string;
      /** USD, or the Units of one instrument. */
      balance: { usd: UsdBalanceView } | { units: UnitBalanceView; instrument: Instrument };
    };

/** A level's price as a decimal string. */
export const levelPrice = (instrument: Instrument, ticks: number) =>
  formatTicks(ticks, instrument.market.tick_micros);

/** How one protocol writes events for one of its channel names. */
export interface Format {
  /** The frames for an event, computed once per event and format, then `finish`ed per subscription. */
  render(event: FeedEvent): readonly string[];
  /** Adds what differs per subscription (a message counter); identity where nothing does. */
  finish(frame: string, subscription: Subscription): string;
}

/** A socket as the feed sees it. */
export interface FeedClient {
  participantId: string | null;
  /** By `subscriptionId`. */
  readonly subscriptions: Map<string, Subscription>;
  send(frame: string): void;
}

export interface Subscription {
  readonly client: FeedClient;
  readonly channel: FeedChannel;
  /** The client's name for the channel (one client may hold one feed channel under two names). */
  readonly name: string;
  /** market_id for market channels, participant_id for user channels. */
  readonly target: string;
  readonly key: string;
  readonly format: Format;
  /** Book levels per side in the snapshot (market.book). */
  readonly depth: number;
  /** Frames counted on this subscription so far (for formats that number them). */
  seq: number;
}

export interface SubscribeRequest {
  channel: FeedChannel;
  name: string;
  marketId?: string | undefined;
  format: Format;
  depth?: number | undefined;
}

export interface FeedOptions {
  /** Tickers are recomputed at most this often per market (ms). */
  tickerIntervalMs: number;
  /** Subscriptions per connection. */
  maxSubscriptions: number;
  /** A key was revoked or a participant suspended: the sockets authenticated with it lose their user channels. */
  onAccessRevoked(match: { fingerprint: string } | { participantId: string }, detail: string): void;
}

/**
 * A market with this many book subscribers gets at most one delta per MERGE_INTERVAL_MS, covering every
 * level changed since the last: rendering and sending each commit's delta to each of many sockets would
 * cost the exchange more than the commits themselves. Fewer subscribers get one delta per commit.
 */
const MERGE_FROM_SUBSCRIBERS = 64;
const MERGE_INTERVAL_MS = 50;

const feedKey = (channel: string, target: string) => `${channel}\u0000${target}`;
const subscriptionId = (name: string, key: string) => `${name}\u0000${key}`;

/**
 * The subscription core every socket protocol shares: who is subscribed to what, and the events of
 * each commit (book deltas from the committed book, trades, orders, fills, balances, throttled
 * tickers), each rendered once per format and handed to the subscribed clients.
 */
export class Feed {
  private readonly subscribers = new Map<string, Set<Subscription>>();
  private readonly books = new Map<string, CommittedBook>();
  private readonly stopListening: () => void;
  private committedSeq: number;
  private readonly tickersDirty = new Set<string>();
  private readonly lastTickers = new Map<string, string>();
  private tickerTimer: ReturnType<typeof setTimeout> | null = null;
  private lastTickerFlush = 0;
  /** Book changes not sent yet, per market (merged while a market has many book subscribers). */
  private readonly pendingBooks = new Map<string, { touch: BookTouch; sequence: number }>();
  private bookTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly ops: Operations,
    private readonly options: FeedOptions,
  ) {
    const state = ops.service.engine.state;
    this.committedSeq = ops.service.lastSeq;
    for (const marketId of state.markets.keys()) this.book(marketId).halted = state.halted.has(marketId);
    const ignored: BookTouch = { bids: new Set(), asks: new Set() };
    for (const order of state.orders.values()) this.book(order.market_id).apply(order, ignored);
    this.stopListening = ops.service.onCommit((lastSeq, entries) => this.onCommit(lastSeq, entries));
  }

  close(): void {
    this.closed = true;
    this.stopListening();
    if (this.tickerTimer) clearTimeout(this.tickerTimer);
    this.tickerTimer = null;
    if (this.bookTimer) clearTimeout(this.bookTimer);
    this.bookTimer = null;
  }

  // ---- subscriptions ----

  /** Adds a subscription (replacing the same one); send the protocol's confirmation, then `prime` it. */
  subscribe(client: FeedClient, request: SubscribeRequest): Subscription {
    const { channel, name } = request;
    let target: string;
    if (isMarketChannel(channel)) {
      if (request.marketId === undefined) throw new ExchangeError(422, `${name} needs a market_id`);
      target = this.ops.marketData.instrumentOf(request.marketId).market.market_id;
    } else {
      if (client.participantId === null) {
        throw new ExchangeError(401, `${name} needs authentication first`);
      }
      target = client.participantId;
    }
    const key = feedKey(channel, target);
    const id = subscriptionId(name, key);
    const existing = client.subscriptions.get(id);
    if (existing) this.remove(existing);
    else if (client.subscriptions.size >= this.options.maxSubscriptions) {
      throw new ExchangeError(429, `at most ${this.options.maxSubscriptions} subscriptions per connection`);
    }
    const subscription: Subscription = {
      client,
      channel,
      name,
      target,
      key,
      format: request.format,
      depth: request.depth ?? Number.MAX_SAFE_INTEGER,
      seq: 0,
    };
    client.subscriptions.set(id, subscription);
    let set = this.subscribers.get(key);
    if (!set) this.subscribers.set(key, (set = new Set()));
    set.add(subscription);
    return subscription;
  }

  /** Sends what a new subscription starts with: the book's snapshot, the current ticker. */
  prime(subscription: Subscription): void {
    const instrument = this.instrument(subscription.target);
    if (!instrument) return;
    if (subscription.channel === 'market.book') {
      // The others' merged delta first, so this snapshot is the newest thing about the book.
      this.publishBook(subscription.target);
      const book = this.book(subscription.target);
      this.deliver(subscription, {
        kind: 'book',
        snapshot: true,
        instrument,
        sequence: this.committedSeq,
        halted: book.halted,
        bids: book.levels('buy', subscription.depth),
        asks: book.levels('sell', subscription.depth),
      });
    } else if (subscription.channel === 'market.ticker') {
      const ticker = this.ops.marketData.ticker(subscription.target);
      this.deliver(subscription, { kind: 'ticker', instrument, ticker });
    }
  }

  /** Removes a subscription by the client's name for it; 404 when there is none. */
  unsubscribe(client: FeedClient, channel: FeedChannel, name: string, marketId: string | undefined): string {
    let target: string;
    if (isMarketChannel(channel)) {
      if (marketId === undefined) throw new ExchangeError(422, `${name} needs a market_id`);
      target = this.ops.marketData.instrumentOf(marketId).market.market_id;
    } else {
      target = client.participantId ?? '';
    }
    const subscription = client.subscriptions.get(subscriptionId(name, feedKey(channel, target)));
    if (!subscription) throw new ExchangeError(404, `not subscribed to ${name}`);
    this.remove(subscription);
    return target;
  }

  removeAll(client: FeedClient): void {
    for (const subscription of [...client.subscriptions.values()]) this.remove(subscription);
  }

  /** Ends a client's user channels (its authentication changed or ended). */
  removeUser(client: FeedClient): void {
    for (const subscription of [...client.subscriptions.values()]) {
      if (!isMarketChannel(subscription.channel)) this.remove(subscription);
    }
  }

  private remove(subscription: Subscription): void {
    subscription.client.subscriptions.delete(subscriptionId(subscription.name, subscription.key));
    const set = this.subscribers.get(subscription.key);
    set?.delete(subscription);
    if (set?.size === 0) this.subscribers.delete(subscription.key);
  }

  // ---- delivery ----

  private deliver(subscription: Subscription, event: FeedEvent): void {
    for (const frame of subscription.format.render(event)) {
      subscription.client.send(subscription.format.finish(frame, subscription));
    }
  }

  private deliverAll(key: string, event: FeedEvent): void {
    const set = this.subscribers.get(key);
    if (!set) return;
    const rendered = new Map<Format, readonly string[]>();
    for (const subscription of set) {
      const { format } = subscription;
      let frames = rendered.get(format);
      if (!frames) rendered.set(format, (frames = format.render(event)));
      for (const frame of frames) subscription.client.send(format.finish(frame, subscription));
    }
  }

  /** Re-sends subscribed tickers now and then: the 24 h window rolls on without trades. */
  refreshTickers(): void {
    for (const key of this.subscribers.keys()) {
      const [channel, target] = key.split('\u0000') as [string, string];
      if (channel === 'market.ticker') this.tickersDirty.add(target);
    }
    this.scheduleTickers();
  }

  // ---- the feed: one call per commit ----

  private book(marketId: string): CommittedBook {
    let book = this.books.get(marketId);
    if (!book) this.books.set(marketId, (book = new CommittedBook()));
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
          case 'usd_balance':
            this.publishBalance(change.participant_id, sequence, () => ({
              usd: usdBalanceView(change.balance),
            }));
            break;
          case 'unit_balance': {
            const instrument = this.ops.service.engine.state.instruments.get(change.instrument_id);
            if (instrument) {
              this.publishBalance(change.participant_id, sequence, () => ({
                units: unitBalanceView(instrument, change.balance),
                instrument,
              }));
            }
            break;
          }
          case 'market_halt':
            this.book(change.market_id).halted = change.halted;
            touch(change.market_id).halted = change.halted;
            break;
          case 'instrument':
            this.book(change.instrument.market.market_id);
            break;
          case 'signing_key':
            if (change.key.revoked_at !== null) {
              this.options.onAccessRevoked(
                { fingerprint: change.key.fingerprint },
                'the signing key was revoked; authenticate again',
              );
            }
            break;
          case 'participant':
            if (change.participant.status !== 'active') {
              this.options.onAccessRevoked(
                { participantId: change.participant.participant_id },
                'the participant was suspended',
              );
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
      const subscribers = this.subscribers.get(feedKey('market.book', marketId));
      if (!subscribers) continue;
      const pending = this.pendingBooks.get(marketId);
      if (pending) {
        t.bids.forEach((price) => pending.touch.bids.add(price));
        t.asks.forEach((price) => pending.touch.asks.add(price));
        if (t.halted !== undefined) pending.touch.halted = t.halted;
        pending.sequence = lastSeq;
      } else {
        this.pendingBooks.set(marketId, { touch: t, sequence: lastSeq });
      }
      if (subscribers.size < MERGE_FROM_SUBSCRIBERS) this.publishBook(marketId);
      else this.bookTimer ??= setTimeout(() => this.publishBooks(), MERGE_INTERVAL_MS);
    }
    this.scheduleTickers();
  }

  private publishBooks(): void {
    this.bookTimer = null;
    for (const marketId of [...this.pendingBooks.keys()]) this.publishBook(marketId);
  }

  /** Sends a market's pending book delta: the levels changed since the last one, as they are now. */
  private publishBook(marketId: string): void {
    const pending = this.pendingBooks.get(marketId);
    if (!pending) return;
    this.pendingBooks.delete(marketId);
    const instrument = this.instrument(marketId);
    if (!instrument) return;
    const book = this.book(marketId);
    const { touch } = pending;
    this.deliverAll(feedKey('market.book', marketId), {
      kind: 'book',
      snapshot: false,
      instrument,
      sequence: pending.sequence,
      ...(touch.halted !== undefined && { halted: touch.halted }),
      bids: book.levelsAt('buy', touch.bids),
      asks: book.levelsAt('sell', touch.asks),
    });
  }

  private publishOrder(order: Order, entry: JournalEntry, sequence: number): void {
    const key = feedKey('user.orders', order.participant_id);
    if (!this.subscribers.has(key)) return;
    const instrument = this.instrument(order.market_id);
    if (!instrument) return;
    const isNew = entry.command.type === 'place_order' && entry.command.order_id === order.order_id;
    this.deliverAll(key, { kind: 'order', instrument, sequence, isNew, order: orderView(order, instrument) });
  }

  private publishTrade(trade: Trade, sequence: number): void {
    this.tickerChanged(trade.market_id);
    const instrument = this.instrument(trade.market_id);
    if (!instrument) return;
    const publicKey = feedKey('market.trades', trade.market_id);
    if (this.subscribers.has(publicKey)) {
      this.deliverAll(publicKey, {
        kind: 'trade',
        instrument,
        sequence,
        trade: publicTradeView(trade, instrument),
      });
    }
    for (const participantId of new Set([trade.maker_participant_id, trade.taker_participant_id])) {
      const key = feedKey('user.trades', participantId);
      if (!this.subscribers.has(key)) continue;
      this.deliverAll(key, {
        kind: 'fill',
        instrument,
        sequence,
        trade: tradeView(trade, instrument, participantId),
      });
    }
  }

  private publishBalance(
    participantId: string,
    sequence: number,
    balance: () => Extract<FeedEvent, { kind: 'balance' }>['balance'],
  ): void {
    const key = feedKey('user.balances', participantId);
    if (!this.subscribers.has(key)) return;
    this.deliverAll(key, { kind: 'balance', sequence, participantId, balance: balance() });
  }

  private instrument(marketId: string): Instrument | undefined {
    const state = this.ops.service.engine.state;
    const instrumentId = state.markets.get(marketId);
    return instrumentId === undefined ? undefined : state.instruments.get(instrumentId);
  }

  // ---- tickers: recomputed at most every tickerIntervalMs, sent when they changed ----

  private tickerChanged(marketId: string): void {
    if (this.subscribers.has(feedKey('market.ticker', marketId))) this.tickersDirty.add(marketId);
  }

  private scheduleTickers(): void {
    if (this.tickerTimer !== null || this.closed || this.tickersDirty.size === 0) return;
    const wait = Math.max(0, this.lastTickerFlush + this.options.tickerIntervalMs - Date.now());
    this.tickerTimer = setTimeout(() => this.flushTickers(), wait);
    this.tickerTimer.unref();
  }

  private flushTickers(): void {
    this.tickerTimer = null;
    this.lastTickerFlush = Date.now();
    const markets = [...this.tickersDirty];
    this.tickersDirty.clear();
    for (const marketId of markets) {
      const key = feedKey('market.ticker', marketId);
      const instrument = this.instrument(marketId);
      if (!this.subscribers.has(key) || !instrument) continue;
      try {
        const ticker = this.ops.marketData.ticker(marketId);
        const fingerprint = JSON.stringify({ ...ticker, timestamp: undefined });
        if (this.lastTickers.get(marketId) === fingerprint) continue;
        this.lastTickers.set(marketId, fingerprint);
        this.deliverAll(key, { kind: 'ticker', instrument, ticker });
      } catch (error) {
        console.error('ticker update failed', error);
      }
    }
  }
}
