/**
 * Market data in the contract: candles, public trades, tickers, 24 h stats and reference prices, the
 * wire shapes the REST API, the UI and the `/v1/ws` streams share, and the stream messages themselves.
 *
 * This module is imported by `contract.ts`, so it imports only types from it (a value import would be a
 * cycle that breaks module evaluation).
 */
import { z } from 'zod';
import type { OrderView, TradeView } from './contract';
import { none, returns, type Operation } from './contract-kit';

// ---- Values ----

const MarketId = z.string().regex(/^market_[0-9a-f-]{36}$/, 'not a market id');

/** Candle resolutions, as the public exchange's `/price-histories` names them. */
export const CANDLE_RESOLUTIONS = ['1m', '5m', '15m', '1h', '4h', '1d', '1w'] as const;
export type CandleResolution = (typeof CANDLE_RESOLUTIONS)[number];
export const CandleResolutionSchema = z.enum(CANDLE_RESOLUTIONS);
/** The most candles one request returns (the most recent ones in the range). */
export const MAX_CANDLES = 1500;

/** How the Grid Desk Reference Price is computed, as the app shows it. */
export const REFERENCE_PRICE_METHODOLOGY =
  'The Grid Desk Reference Price of an instrument is the volume-weighted average price (VWAP) of all ' +
  'trades in its market over the 4 hours before publication. It is published at every sweep boundary ' +
  '(00:00, 04:00, 08:00, 12:00, 16:00 and 20:00 UTC) and whenever the operator publishes on demand. ' +
  'With no trades in the window, it is the mid of the best bid and the best ask at publication; with ' +
  'neither trades nor a two-sided book, the last published value is carried forward and marked stale. ' +
  'The 30-day average beside it is the mean of every non-null Reference Price published for the ' +
  'instrument in the 30 days up to and including the latest publication. Prices are in USD per Unit ' +
  '(1M tokens), rounded to the micro-dollar.';

// ---- Wire shapes ----

/** The public exchange's ticker: last trade, top of book, and the rolling 24 h window. */
export interface TickerView {
  market_id: string;
  symbol: string;
  last_price: string | null;
  last_size: number | null;
  last_trade_at: string | null;
  best_bid: string | null;
  best_bid_size: number | null;
  best_ask: string | null;
  best_ask_size: number | null;
  /** Units traded in the last 24 h. */
  volume_24h: number;
  high_24h: string | null;
  low_24h: string | null;
  /** The first trade price in the 24 h window. */
  open_24h: string | null;
  /** Last price minus open_24h, USD (signed); null without trades in the window. */
  change_24h: string | null;
  /** change_24h over open_24h in percent, two decimals ("-1.25"); null without trades in the window. */
  change_percent_24h: string | null;
  timestamp: string;
}

/** The rolling 24 h statistics of one market. */
export interface MarketStatsView {
  market_id: string;
  symbol: string;
  open: string | null;
  high: string | null;
  low: string | null;
  /** The last trade price (at any time); the window's close when it had trades. */
  last: string | null;
  /** Units. */
  volume: number;
  /** USD notional traded. */
  quote_volume: string;
  trade_count: number;
  /** Volume-weighted average price over the window, to the micro-dollar. */
  vwap: string | null;
  window_start: string;
  window_end: string;
}

/** A trade as everyone sees it: no participants, no orders, no fees. */
export interface PublicTradeView {
  trade_id: string;
  sequence: number;
  market_id: string;
  price: string;
  quantity: number;
  total_value: string;
  /** The taker's (aggressor's) side; `side` carries the same value, as the public exchange names it. */
  taker_side: 'buy' | 'sell';
  side: 'buy' | 'sell';
  execution_timestamp: string;
}

/** One OHLCV bucket, aligned to UTC (weeks start Monday 00:00 UTC). */
export interface CandleView {
  /** Start of the bucket, ISO 8601. */
  timestamp: string;
  /** Start of the bucket, Unix seconds (what charting libraries take). */
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  /** Units. */
  volume: number;
  trade_count: number;
}

export interface ReferencePriceView {
  instrument_id: string;
  market_id: string;
  symbol: string;
  /** USD per Unit; null when nothing has ever been published for the instrument. */
  price: string | null;
  method: 'vwap' | 'mid' | 'carried' | 'none';
  stale: boolean;
  /** Units traded in the window (vwap). */
  volume: number;
  average_30d: string | null;
  window_start: string | null;
  window_end: string | null;
  /** null when nothing has been published yet. */
  published_at: string | null;
}

/** The latest Reference Price with its methodology, as `referencePrices.get` and the REST API answer. */
export interface ReferencePriceDetailView extends ReferencePriceView {
  methodology: string;
}

// ---- Requests ----

const byMarket = z.object({ market_id: MarketId }).strict();
const EpochMs = z.number().int().min(0).max(8_640_000_000_000_000);

const publicRead = { access: 'anonymous', retry: 'idempotent' } as const;

export const marketDataRequests = {
  /** OHLCV candles; `from`/`to` are epoch milliseconds (default: the last MAX_CANDLES buckets to now). */
  'marketData.candles': {
    args: z
      .object({
        market_id: MarketId,
        resolution: CandleResolutionSchema,
        from: EpochMs.optional(),
        to: EpochMs.optional(),
      })
      .strict(),
    ...publicRead,
    result: returns<CandleView[]>(),
  },
  /** Public trades, newest first; `before` is a trade_id (page back from it). */
  'marketData.trades': {
    args: z
      .object({
        market_id: MarketId,
        limit: z.number().int().min(1).max(500).default(50),
        before: z.string().min(1).max(80).optional(),
      })
      .strict(),
    ...publicRead,
    result: returns<PublicTradeView[]>(),
  },
  'marketData.ticker': { args: byMarket, ...publicRead, result: returns<TickerView>() },
  /** Every market's ticker, for a ticker strip. */
  'marketData.tickers': { args: none, ...publicRead, result: returns<TickerView[]>() },
  'marketData.stats': { args: byMarket, ...publicRead, result: returns<MarketStatsView>() },
  /** The latest Reference Price, its 30-day average and the methodology. */
  'referencePrices.get': { args: byMarket, ...publicRead, result: returns<ReferencePriceDetailView>() },
  /** Every market's latest Reference Price at once (the operator's Markets tab). */
  'referencePrices.list': { args: none, ...publicRead, result: returns<ReferencePriceDetailView[]>() },
  /** Publications, newest first. */
  'referencePrices.history': {
    args: z.object({ market_id: MarketId, limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    ...publicRead,
    result: returns<ReferencePriceView[]>(),
  },
  /** Operator: publish every instrument's Reference Price now. */
  'referencePrices.publish': {
    args: none,
    result: returns<ReferencePriceView[]>(),
    access: 'operator',
    retry: 'not-idempotent',
    admin: [
      {
        method: 'post',
        path: '/reference-prices',
        summary: "Publish every instrument's Reference Price now",
        status: 201,
      },
    ],
  },
} as const satisfies Record<string, Operation>;

// ---- Streams at /v1/ws ----

export const STREAM_PUBLIC_CHANNELS = ['market.book', 'market.trades', 'market.ticker'] as const;
export const STREAM_USER_CHANNELS = ['user.orders', 'user.trades'] as const;
export type StreamChannel = (typeof STREAM_PUBLIC_CHANNELS)[number] | (typeof STREAM_USER_CHANNELS)[number];

const Channel = z.enum([...STREAM_PUBLIC_CHANNELS, ...STREAM_USER_CHANNELS]);
/** What a client sends on /v1/ws. */
export const StreamRequest = z.discriminatedUnion('op', [
  z.object({ op: z.literal('subscribe'), channel: Channel, market_id: z.string().max(80).optional() }),
  z.object({ op: z.literal('unsubscribe'), channel: Channel, market_id: z.string().max(80).optional() }),
  z.object({
    op: z.literal('auth'),
    /** base64 SHA-256 of the raw public key, no padding. */
    fingerprint: z.string().min(1).max(100),
    /** Unix seconds, within 30 s of the exchange's clock. */
    timestamp: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().min(0)]),
    /** base64 Ed25519 signature of `timestamp + "GET" + "/v1/ws"`. */
    signature: z.string().min(1).max(200),
  }),
  z.object({ op: z.literal('ping') }),
]);
export type StreamRequest = z.infer<typeof StreamRequest>;

/** A book level on the stream: [price, total quantity, order count]; quantity 0 means the level is gone. */
export type StreamBookLevel = [price: string, quantity: number, orders: number];

interface StreamData {
  /** Per-subscription message counter: 1 for the first message, then +1 exactly; a gap means resubscribe. */
  seq: number;
}
export type StreamMessage =
  | {
      type: 'subscribed' | 'unsubscribed';
      channel: StreamChannel;
      market_id?: string;
    }
  | { type: 'authenticated'; participant_id: string; fingerprint: string }
  | { type: 'error'; status: number; detail: string; op?: string; channel?: string; market_id?: string }
  | { type: 'pong' }
  | (StreamData & {
      channel: 'market.book';
      type: 'snapshot';
      market_id: string;
      /** The exchange sequence number the snapshot reflects. */
      sequence: number;
      halted: boolean;
      /** Best first, every level. */
      bids: StreamBookLevel[];
      asks: StreamBookLevel[];
    })
  | (StreamData & {
      channel: 'market.book';
      type: 'delta';
      market_id: string;
      /** The exchange sequence number after the commit that changed these levels. */
      sequence: number;
      halted?: boolean;
      /** Changed levels with their new totals (quantity 0 = removed). */
      bids: StreamBookLevel[];
      asks: StreamBookLevel[];
    })
  | (StreamData & {
      channel: 'market.trades';
      type: 'trade';
      market_id: string;
      sequence: number;
      data: PublicTradeView;
    })
  | (StreamData & { channel: 'market.ticker'; type: 'ticker'; market_id: string; data: TickerView })
  | (StreamData & {
      channel: 'user.orders';
      type: 'new_order' | 'order_update';
      sequence: number;
      data: OrderView;
    })
  | (StreamData & { channel: 'user.trades'; type: 'trade'; sequence: number; data: TradeView });
