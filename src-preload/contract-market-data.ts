/**
 * Market data in the contract: candles, public trades, tickers, 24 h stats and reference prices, the
 * wire shapes the REST API, the UI and the `/v1/ws` streams share, and the stream messages themselves.
 *
 * This module is imported by `contract.ts`, so it imports only types from it (a value import would be a
 * cycle that breaks module evaluation).
 */
import { z } from 'zod';
import { Decimal, Iso, MarketId, none, Side, type Operation } from './contract-kit';

// ---- Values ----

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
export const TickerSchema = z.object({
  market_id: z.string(),
  symbol: z.string(),
  last_price: Decimal.nullable(),
  last_size: z.number().nullable(),
  last_trade_at: Iso.nullable(),
  best_bid: Decimal.nullable(),
  best_bid_size: z.number().nullable(),
  best_ask: Decimal.nullable(),
  best_ask_size: z.number().nullable(),
  /** Units traded in the last 24 h. */
  volume_24h: z.number().describe('Units'),
  high_24h: Decimal.nullable(),
  low_24h: Decimal.nullable(),
  /** The first trade price in the 24 h window. */
  open_24h: Decimal.nullable(),
  /** Last price minus open_24h, USD (signed); null without trades in the window. */
  change_24h: Decimal.nullable(),
  /** change_24h over open_24h in percent, two decimals ("-1.25"); null without trades in the window. */
  change_percent_24h: Decimal.nullable(),
  timestamp: Iso,
});
export type TickerView = z.output<typeof TickerSchema>;

/** The rolling 24 h statistics of one market. */
export const MarketStatsSchema = z.object({
  market_id: z.string(),
  symbol: z.string(),
  open: Decimal.nullable(),
  high: Decimal.nullable(),
  low: Decimal.nullable(),
  /** The last trade price (at any time); the window's close when it had trades. */
  last: Decimal.nullable(),
  volume: z.number().describe('Units'),
  /** USD notional traded. */
  quote_volume: Decimal,
  trade_count: z.number(),
  /** Volume-weighted average price over the window, to the micro-dollar. */
  vwap: Decimal.nullable(),
  window_start: Iso,
  window_end: Iso,
});
export type MarketStatsView = z.output<typeof MarketStatsSchema>;

/** A trade as everyone sees it: no participants, no orders, no fees. */
export const PublicTradeSchema = z.object({
  trade_id: z.string(),
  sequence: z.number(),
  market_id: z.string(),
  price: Decimal,
  quantity: z.number(),
  total_value: Decimal,
  /** The taker's (aggressor's) side; `side` carries the same value, as the public exchange names it. */
  taker_side: Side,
  side: Side.describe("The taker's side"),
  execution_timestamp: Iso,
});
export type PublicTradeView = z.output<typeof PublicTradeSchema>;

/** One OHLCV bucket, aligned to UTC (weeks start Monday 00:00 UTC). */
export const CandleSchema = z.object({
  timestamp: Iso.describe('Bucket start'),
  /** What charting libraries take. */
  time: z.number().describe('Bucket start, Unix seconds'),
  open: Decimal,
  high: Decimal,
  low: Decimal,
  close: Decimal,
  volume: z.number().describe('Units'),
  trade_count: z.number(),
});
export type CandleView = z.output<typeof CandleSchema>;

export const ReferencePriceSchema = z.object({
  instrument_id: z.string(),
  market_id: z.string(),
  symbol: z.string(),
  /** USD per Unit; null when nothing has ever been published for the instrument. */
  price: Decimal.nullable(),
  method: z.enum(['vwap', 'mid', 'carried', 'none']),
  stale: z.boolean(),
  /** Units traded in the window (vwap). */
  volume: z.number(),
  average_30d: Decimal.nullable(),
  window_start: Iso.nullable(),
  window_end: Iso.nullable(),
  /** null when nothing has been published yet. */
  published_at: Iso.nullable(),
});
export type ReferencePriceView = z.output<typeof ReferencePriceSchema>;

/** The latest Reference Price with its methodology, as `referencePrices.get` and the REST API answer. */
export const ReferencePriceDetailSchema = ReferencePriceSchema.extend({ methodology: z.string() });
export type ReferencePriceDetailView = z.output<typeof ReferencePriceDetailSchema>;

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
    result: z.array(CandleSchema),
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
    result: z.array(PublicTradeSchema),
  },
  'marketData.ticker': { args: byMarket, ...publicRead, result: TickerSchema },
  /** Every market's ticker, for a ticker strip. */
  'marketData.tickers': { args: none, ...publicRead, result: z.array(TickerSchema) },
  'marketData.stats': { args: byMarket, ...publicRead, result: MarketStatsSchema },
  /** The latest Reference Price, its 30-day average and the methodology. */
  'referencePrices.get': { args: byMarket, ...publicRead, result: ReferencePriceDetailSchema },
  /** Every market's latest Reference Price at once (the operator's Markets tab). */
  'referencePrices.list': { args: none, ...publicRead, result: z.array(ReferencePriceDetailSchema) },
  /** Publications, newest first. */
  'referencePrices.history': {
    args: z.object({ market_id: MarketId, limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    ...publicRead,
    result: z.array(ReferencePriceSchema),
  },
  /** Operator: publish every instrument's Reference Price now. */
  'referencePrices.publish': {
    args: none,
    result: z.array(ReferencePriceSchema),
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

export const StreamChannelSchema = z.enum([...STREAM_PUBLIC_CHANNELS, ...STREAM_USER_CHANNELS]);
const Channel = StreamChannelSchema;
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

// What the exchange sends on /v1/ws is declared in contract-streams.ts (it names the order and trade
// shapes of contract.ts, which imports this module).
export type { StreamBookLevel, StreamMessage } from './contract-streams';
