import type { Statement } from 'better-sqlite3';
import type { ReferencePrice } from '../engine/reference-prices';
import type { Side } from '../engine/matching/types';
import type { Db } from './database';

/** Aggregates of one market's trades over a time window. Prices in ticks, notional in tick-Units. */
export interface WindowAggregate {
  trades: number;
  volume: number;
  /** Sum of price_ticks × quantity (a bigint: a long window's sum need not fit a double exactly). */
  notional: bigint;
  high: number | null;
  low: number | null;
  /** Price of the window's first and last trade (commit order). */
  open: number | null;
  close: number | null;
}

export interface LastTradeRow {
  price_ticks: number;
  quantity: number;
  executed_at: number;
  seq: number;
}

export interface PublicTradeRow {
  trade_id: string;
  seq: number;
  market_id: string;
  price_ticks: number;
  quantity: number;
  taker_side: Side;
  executed_at: number;
}

/** Where a trade sits in commit order: (seq, rowid). Trades are appended, so rowid follows commits. */
export interface TradeCursor {
  market_id: string;
  seq: number;
  rowid: number;
}

export interface CandleRow {
  /** Bucket index: floor((executed_at - offset) / size). */
  bucket: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

type ReferencePriceRow = Omit<ReferencePrice, 'stale'> & { id: number; stale: number };

/**
 * Read-only market-data queries over the trades and reference_prices tables, prepared once. Times are
 * epoch milliseconds; every window is `since <= executed_at <= until` unless a method says otherwise.
 *
 * Indexes: trades_by_market (market_id, seq) serves the newest-first reads; the time-window reads filter
 * on executed_at and are best served by an index on trades (market_id, executed_at).
 */
export class MarketDataQueries {
  private readonly lastTradeStmt: Statement;
  private readonly aggregateStmt: Statement;
  private readonly priceByRowid: Statement;
  private readonly tradesPage: Statement;
  private readonly cursorStmt: Statement;
  private readonly candlesStmt: Statement;
  private readonly windowTradesStmt: Statement;
  private readonly historyStmt: Statement;
  private readonly pricesSinceStmt: Statement;
  private readonly lastPublishedStmt: Statement;

  constructor(db: Db) {
    this.lastTradeStmt = db.prepare(
      'SELECT price_ticks, quantity, executed_at, seq FROM trades WHERE market_id = ? ORDER BY seq DESC, rowid DESC LIMIT 1',
    );
    this.aggregateStmt = db
      .prepare(
        `SELECT count(*) AS trades, coalesce(sum(quantity), 0) AS volume,
           coalesce(sum(price_ticks * quantity), 0) AS notional, max(price_ticks) AS high, min(price_ticks) AS low,
           min(rowid) AS first_id, max(rowid) AS last_id
         FROM trades WHERE market_id = @market AND executed_at >= @since AND executed_at <= @until`,
      )
      .safeIntegers(true);
    this.priceByRowid = db.prepare('SELECT price_ticks FROM trades WHERE rowid = ?').pluck();
    this.tradesPage = db.prepare(
      `SELECT trade_id, seq, market_id, price_ticks, quantity, taker_side, executed_at FROM trades
       WHERE market_id = @market AND (seq < @seq OR (seq = @seq AND rowid < @rowid))
       ORDER BY seq DESC, rowid DESC LIMIT @limit`,
    );
    this.cursorStmt = db.prepare('SELECT market_id, seq, rowid FROM trades WHERE trade_id = ?');
    // Buckets with trades, newest first (the caller keeps the most recent `limit` and reverses them);
    // open and close are the first and last trade of each bucket in commit order.
    this.candlesStmt = db.prepare(
      `WITH b AS (
         SELECT (executed_at - CAST(@offset AS INTEGER)) / CAST(@size AS INTEGER) AS bucket,
           min(rowid) AS first_id, max(rowid) AS last_id, max(price_ticks) AS high, min(price_ticks) AS low,
           sum(quantity) AS volume, count(*) AS trades
         FROM trades WHERE market_id = @market AND executed_at >= @from AND executed_at <= @to
         GROUP BY bucket ORDER BY bucket DESC LIMIT @limit)
       SELECT b.bucket, o.price_ticks AS open, b.high, b.low, c.price_ticks AS close, b.volume, b.trades
       FROM b JOIN trades o ON o.rowid = b.first_id JOIN trades c ON c.rowid = b.last_id
       ORDER BY b.bucket DESC`,
    );
    this.windowTradesStmt = db.prepare(
      'SELECT price_ticks, quantity FROM trades WHERE market_id = ? AND executed_at > ? AND executed_at <= ?',
    );
    this.historyStmt = db.prepare(
      'SELECT * FROM reference_prices WHERE instrument_id = ? ORDER BY published_at DESC, id DESC LIMIT ?',
    );
    this.pricesSinceStmt = db
      .prepare(
        'SELECT price_micros FROM reference_prices WHERE instrument_id = ? AND published_at > ? AND price_micros IS NOT NULL ORDER BY published_at',
      )
      .pluck();
    this.lastPublishedStmt = db.prepare('SELECT max(published_at) FROM reference_prices').pluck();
  }

  /** The market's most recent trade, at any time. */
  lastTrade(marketId: string): LastTradeRow | undefined {
    return this.lastTradeStmt.get(marketId) as LastTradeRow | undefined;
  }

  /** Count, volume, notional, high, low, open and close of the trades in `since..until`. */
  aggregate(marketId: string, since: number, until: number): WindowAggregate {
    const row = this.aggregateStmt.get({ market: marketId, since, until }) as {
      trades: bigint;
      volume: bigint;
      notional: bigint;
      high: bigint | null;
      low: bigint | null;
      first_id: bigint | null;
      last_id: bigint | null;
    };
    const num = (v: bigint | null) => (v === null ? null : Number(v));
    return {
      trades: Number(row.trades),
      volume: Number(row.volume),
      notional: row.notional,
      high: num(row.high),
      low: num(row.low),
      open: row.first_id === null ? null : (this.priceByRowid.get(row.first_id) as number),
      close: row.last_id === null ? null : (this.priceByRowid.get(row.last_id) as number),
    };
  }

  /** Where a trade sits in commit order, or undefined for an unknown trade_id. */
  tradeCursor(tradeId: string): TradeCursor | undefined {
    return this.cursorStmt.get(tradeId) as TradeCursor | undefined;
  }

  /** The market's trades newest first, strictly before `before` in commit order when given. */
  publicTrades(marketId: string, limit: number, before?: TradeCursor): PublicTradeRow[] {
    return this.tradesPage.all({
      market: marketId,
      seq: before?.seq ?? Number.MAX_SAFE_INTEGER,
      rowid: before?.rowid ?? Number.MAX_SAFE_INTEGER,
      limit,
    }) as PublicTradeRow[];
  }

  /**
   * OHLCV per bucket of `sizeMs` (bucket k starts at offsetMs + k × sizeMs) over trades in `from..to`;
   * only buckets with trades, the most recent `limit` of them, oldest first.
   */
  candles(
    marketId: string,
    sizeMs: number,
    offsetMs: number,
    from: number,
    to: number,
    limit: number,
  ): CandleRow[] {
    const rows = this.candlesStmt.all({
      market: marketId,
      size: sizeMs,
      offset: offsetMs,
      from,
      to,
      limit,
    }) as CandleRow[];
    return rows.reverse();
  }

  /** The trades of `after < executed_at <= until`, streamed rather than loaded. */
  tradesBetween(
    marketId: string,
    after: number,
    until: number,
  ): IterableIterator<{ price_ticks: number; quantity: number }> {
    return this.windowTradesStmt.iterate(marketId, after, until) as IterableIterator<{
      price_ticks: number;
      quantity: number;
    }>;
  }

  /** Publications for an instrument, newest first. */
  referencePriceHistory(instrumentId: string, limit: number): ReferencePrice[] {
    return (this.historyStmt.all(instrumentId, limit) as ReferencePriceRow[]).map(
      ({ id: _id, stale, ...price }) => ({ ...price, stale: stale === 1 }),
    );
  }

  /** Non-null published prices for an instrument with `published_at > after`, oldest first. */
  publishedPricesAfter(instrumentId: string, after: number): number[] {
    return this.pricesSinceStmt.all(instrumentId, after) as number[];
  }

  /** The time of the most recent publication of any instrument, or null when there has been none. */
  lastPublishedAt(): number | null {
    return this.lastPublishedStmt.get() as number | null;
  }
}
