import {
  CANDLE_RESOLUTIONS,
  type CandleResolution,
  type CandleView,
  MAX_CANDLES,
  type MarketStatsView,
  type PublicTradeView,
  REFERENCE_PRICE_METHODOLOGY,
  type ReferencePriceDetailView,
  type ReferencePriceView,
  type TickerView,
} from '../../src-preload/contract-market-data';
import type { Instrument } from '../engine/instruments';
import { formatTicks, formatUsd } from '../engine/money';
import type { ReferencePrice } from '../engine/reference-prices';
import { MarketDataQueries, type PublicTradeRow } from '../store/market-data-queries';
import { ExchangeError } from './errors';
import type { ExchangeService } from './exchange-service';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** 1970-01-01 was a Thursday: weeks start on Monday 1970-01-05 00:00 UTC and every 7 days after. */
const MONDAY_OFFSET_MS = 4 * DAY_MS;

/** Bucket size and the origin buckets are counted from, per resolution (all aligned to UTC). */
export const CANDLE_BUCKETS: Record<CandleResolution, { sizeMs: number; offsetMs: number }> = {
  '1m': { sizeMs: MINUTE_MS, offsetMs: 0 },
  '5m': { sizeMs: 5 * MINUTE_MS, offsetMs: 0 },
  '15m': { sizeMs: 15 * MINUTE_MS, offsetMs: 0 },
  '1h': { sizeMs: HOUR_MS, offsetMs: 0 },
  '4h': { sizeMs: 4 * HOUR_MS, offsetMs: 0 },
  '1d': { sizeMs: DAY_MS, offsetMs: 0 },
  '1w': { sizeMs: 7 * DAY_MS, offsetMs: MONDAY_OFFSET_MS },
};

export const isCandleResolution = (value: unknown): value is CandleResolution =>
  typeof value === 'string' && (CANDLE_RESOLUTIONS as readonly string[]).includes(value);

/** The start (epoch ms) of the bucket that contains `ms`. */
export function bucketStart(resolution: CandleResolution, ms: number): number {
  const { sizeMs, offsetMs } = CANDLE_BUCKETS[resolution];
  return offsetMs + Math.floor((ms - offsetMs) / sizeMs) * sizeMs;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `numerator / denominator` rounded half away from zero, exactly (bigints). */
function divRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** A percentage with two decimals from a ratio of integers: (100 × part / whole), "-1.25". */
export function formatPercent(part: number, whole: number): string {
  const hundredths = Number(divRound(BigInt(part) * 10_000n, BigInt(whole)));
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A trade as the public sees it. */
export function publicTradeView(
  trade: Pick<
    PublicTradeRow,
    'trade_id' | 'seq' | 'market_id' | 'price_ticks' | 'quantity' | 'taker_side' | 'executed_at'
  >,
  instrument: Instrument,
): PublicTradeView {
  const tick = instrument.market.tick_micros;
  return {
    trade_id: trade.trade_id,
    sequence: trade.seq,
    market_id: trade.market_id,
    price: formatTicks(trade.price_ticks, tick),
    quantity: trade.quantity,
    total_value: formatUsd(trade.price_ticks * trade.quantity * tick),
    taker_side: trade.taker_side,
    side: trade.taker_side,
    execution_timestamp: iso(trade.executed_at),
  };
}

/** A publication (or, with none yet, the empty record) as the wire shows it. */
export function referencePriceView(
  instrument: Instrument,
  price: ReferencePrice | undefined,
): ReferencePriceView {
  const base = {
    instrument_id: instrument.instrument_id,
    market_id: instrument.market.market_id,
    symbol: instrument.symbol,
  };
  if (!price) {
    return {
      ...base,
      price: null,
      method: 'none',
      stale: true,
      volume: 0,
      average_30d: null,
      window_start: null,
      window_end: null,
      published_at: null,
    };
  }
  return {
    ...base,
    price: price.price_micros === null ? null : formatUsd(price.price_micros, 3),
    method: price.method,
    stale: price.stale,
    volume: price.volume,
    average_30d: price.average_30d_micros === null ? null : formatUsd(price.average_30d_micros, 3),
    window_start: iso(price.window_start),
    window_end: iso(price.window_end),
    published_at: iso(price.published_at),
  };
}

/**
 * Published market data in wire shapes: ticker, 24 h stats, public trades, candles and reference
 * prices. Reads the engine's books for the top of book and SQLite (the trades and reference_prices
 * tables) for everything historical. Money is integer inside, decimal strings out.
 */
export class MarketData {
  readonly queries: MarketDataQueries;

  constructor(readonly service: ExchangeService) {
    this.queries = new MarketDataQueries(service.store.db);
  }

  private get state() {
    return this.service.engine.state;
  }

  /** The instrument of a market, by market_id (or the instrument's symbol); 404 when there is none. */
  instrumentOf(marketId: string): Instrument {
    const instrumentId = this.state.markets.get(marketId);
    if (instrumentId) return this.state.instruments.get(instrumentId)!;
    for (const instrument of this.state.instruments.values()) {
      if (instrument.symbol === marketId) return instrument;
    }
    throw new ExchangeError(404, `market ${marketId} not found`);
  }

  ticker(marketId: string): TickerView {
    return this.tickerOf(this.instrumentOf(marketId));
  }

  /** Every market's ticker. */
  tickers(): TickerView[] {
    return [...this.state.instruments.values()].map((instrument) => this.tickerOf(instrument));
  }

  stats24h(marketId: string): MarketStatsView {
    const instrument = this.instrumentOf(marketId);
    const market = instrument.market;
    const tick = market.tick_micros;
    const now = this.service.clock();
    const since = now - DAY_MS;
    const window = this.queries.aggregate(market.market_id, since, now);
    const last = this.queries.lastTrade(market.market_id);
    const price = (ticks: number | null) => (ticks === null ? null : formatTicks(ticks, tick));
    const vwapMicros =
      window.volume > 0 ? divRound(window.notional * BigInt(tick), BigInt(window.volume)) : null;
    return {
      market_id: market.market_id,
      symbol: instrument.symbol,
      open: price(window.open),
      high: price(window.high),
      low: price(window.low),
      last: price(last?.price_ticks ?? null),
      volume: window.volume,
      quote_volume: formatUsd(Number(window.notional * BigInt(tick))),
      trade_count: window.trades,
      vwap: vwapMicros === null ? null : formatUsd(Number(vwapMicros), 3),
      window_start: iso(since),
      window_end: iso(now),
    };
  }

  /**
   * Public trades newest first. `before` is a trade_id: the page starts just after it (older trades),
   * so a client pages back with the last trade_id it got.
   */
  publicTrades(marketId: string, options: { limit: number; before?: string | undefined }): PublicTradeView[] {
    const instrument = this.instrumentOf(marketId);
    const limit = Math.min(Math.max(Math.trunc(options.limit) || 1, 1), 1000);
    let cursor;
    if (options.before !== undefined) {
      cursor = this.queries.tradeCursor(options.before);
      if (!cursor || cursor.market_id !== instrument.market.market_id) {
        throw new ExchangeError(404, `trade ${options.before} not found in market ${marketId}`);
      }
    }
    return this.queries
      .publicTrades(instrument.market.market_id, limit, cursor)
      .map((row) => publicTradeView(row, instrument));
  }

  /**
   * OHLCV candles of the trades from `fromMs` to `toMs` (inclusive), buckets aligned to UTC (`fromMs` is
   * moved back to the start of its bucket; weeks start Monday 00:00 UTC). Only buckets with trades,
   * oldest first; at most MAX_CANDLES, the most recent ones when the range holds more (page back with
   * `toMs` = the first candle's start − 1).
   */
  candles(marketId: string, resolution: CandleResolution, fromMs: number, toMs: number): CandleView[] {
    const instrument = this.instrumentOf(marketId);
    if (!isCandleResolution(resolution)) {
      throw new ExchangeError(
        422,
        `resolution must be one of ${CANDLE_RESOLUTIONS.join(', ')}, got ${String(resolution)}`,
      );
    }
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
      throw new ExchangeError(422, 'from and to must be times in epoch milliseconds');
    }
    if (fromMs > toMs) throw new ExchangeError(422, 'from must not be after to');
    const { sizeMs, offsetMs } = CANDLE_BUCKETS[resolution];
    const tick = instrument.market.tick_micros;
    return this.queries
      .candles(
        instrument.market.market_id,
        sizeMs,
        offsetMs,
        bucketStart(resolution, fromMs),
        toMs,
        MAX_CANDLES,
      )
      .map((row) => {
        const start = offsetMs + row.bucket * sizeMs;
        return {
          timestamp: iso(start),
          time: start / 1000,
          open: formatTicks(row.open, tick),
          high: formatTicks(row.high, tick),
          low: formatTicks(row.low, tick),
          close: formatTicks(row.close, tick),
          volume: row.volume,
          trade_count: row.trades,
        };
      });
  }

  /** The latest Reference Price of the market's instrument, its 30-day average and the methodology. */
  referencePrice(marketId: string): ReferencePriceDetailView {
    const instrument = this.instrumentOf(marketId);
    return {
      ...referencePriceView(instrument, this.state.referencePrices.get(instrument.instrument_id)),
      methodology: REFERENCE_PRICE_METHODOLOGY,
    };
  }

  referencePrices(): ReferencePriceDetailView[] {
    return [...this.state.instruments.values()].map((i) => this.referencePrice(i.market.market_id));
  }

  /** Published Reference Prices of the market's instrument, newest first. */
  referencePriceHistory(marketId: string, options: { limit: number }): ReferencePriceView[] {
    const instrument = this.instrumentOf(marketId);
    const limit = Math.min(Math.max(Math.trunc(options.limit) || 1, 1), 1000);
    return this.queries
      .referencePriceHistory(instrument.instrument_id, limit)
      .map((price) => referencePriceView(instrument, price));
  }

  private tickerOf(instrument: Instrument): TickerView {
    const market = instrument.market;
    const tick = market.tick_micros;
    const now = this.service.clock();
    const book = this.state.books.get(market.market_id)!;
    const top = book.depth(1);
    const bid = top.bids[0];
    const ask = top.asks[0];
    const last = this.queries.lastTrade(market.market_id);
    const window = this.queries.aggregate(market.market_id, now - DAY_MS, now);
    const price = (ticks: number | null | undefined) =>
      ticks === null || ticks === undefined ? null : formatTicks(ticks, tick);
    const open = window.open;
    const change = open !== null && last ? last.price_ticks - open : null;
    return {
      market_id: market.market_id,
      symbol: instrument.symbol,
      last_price: price(last?.price_ticks),
      last_size: last?.quantity ?? null,
      last_trade_at: last ? iso(last.executed_at) : null,
      best_bid: price(bid?.[0]),
      best_bid_size: bid?.[1] ?? null,
      best_ask: price(ask?.[0]),
      best_ask_size: ask?.[1] ?? null,
      volume_24h: window.volume,
      high_24h: price(window.high),
      low_24h: price(window.low),
      open_24h: price(open),
      change_24h: change === null ? null : formatUsd(change * tick, 3),
      change_percent_24h: change === null || open === null ? null : formatPercent(change, open),
      timestamp: iso(now),
    };
  }
}
