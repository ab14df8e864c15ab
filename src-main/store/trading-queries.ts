import type { Statement } from 'better-sqlite3';
import { LIVE_STATUSES, type Order, type Trade } from '../engine/orders';
import type { Db } from './database';

/** An orders row as SQLite returns it (booleans are integers). */
export type OrderRow = Omit<Order, 'post_only'> & { post_only: number };
export const orderFromRow = (row: OrderRow): Order => ({ ...row, post_only: row.post_only === 1 });

/** One window of a keyset walk: rows strictly after `after` in `direction`, nearest first, at most `take`. */
export interface KeysetWindow<K> {
  after: K | undefined;
  direction: 'asc' | 'desc';
  take: number;
}

export interface OrderFilter {
  participantId: string;
  marketId?: string | undefined;
  /** An order status, or `active`: open or partially filled. */
  status?: Order['status'] | 'active' | undefined;
  side?: Order['side'] | undefined;
  /** created_at bounds in ms, inclusive. */
  fromMs?: number | undefined;
  toMs?: number | undefined;
}

export interface TradeFilter {
  participantId: string;
  marketId?: string | undefined;
  /** executed_at bounds in ms, inclusive. */
  fromMs?: number | undefined;
  toMs?: number | undefined;
}

/** An instrument's first definition and latest redefinition in the journal, in ms. */
export interface InstrumentListing {
  instrument_id: string;
  first: number;
  last: number;
}

export type OrderSort = 'created_at' | 'updated_at';

/** A participant's most recent orders (the desk's list): open ones, finished ones or all, in a market or all. */
export interface RecentOrders {
  status: 'open' | 'closed' | 'all';
  marketId?: string | undefined;
  limit: number;
}

export interface RecentTrades {
  marketId?: string | undefined;
  limit: number;
}

export interface MarketActivity {
  lastPriceTicks: number | null;
  volume: number;
}

/** Units bought and what they cost (in ticks) per instrument, from a participant's own buy fills. */
export interface BuyFills {
  instrument_id: string;
  quantity: number;
  notional_ticks: number;
}

const ORDER_FILTER = `participant_id = @participant
  AND (@market IS NULL OR market_id = @market)
  AND (@status IS NULL OR status = @status OR (@status = 'active' AND status IN ('open', 'partially_filled', 'pending')))
  AND (@side IS NULL OR side = @side)
  AND (@from IS NULL OR created_at >= @from)
  AND (@to IS NULL OR created_at <= @to)`;

const TRADE_FILTER = `(maker_participant_id = @participant OR taker_participant_id = @participant)
  AND (@market IS NULL OR market_id = @market)
  AND (@from IS NULL OR executed_at >= @from)
  AND (@to IS NULL OR executed_at <= @to)`;

/**
 * Read-only queries of orders and trades: one participant's orders and fills by id, keyset pages of them
 * with filters (the Trading API), the desk's lists, market activity and the finished orders `--verify`
 * hashes. Every statement is prepared once.
 */
export class TradingQueries {
  private readonly orderById: Statement;
  private readonly orderByClient: Statement;
  private readonly openCount: Statement;
  private readonly tradeById: Statement;
  private readonly buyFillsOf: Statement;
  private readonly listingsOf: Statement;
  private readonly suspendedAt: Statement;
  private readonly closed: Statement;
  private readonly recentOrders: Statement;
  private readonly recentTrades: Statement;
  private readonly lastTrade: Statement;
  private readonly volumeSince: Statement;
  private readonly pages = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    this.orderById = db.prepare('SELECT * FROM orders WHERE order_id = ? AND participant_id = ?');
    this.orderByClient = db.prepare('SELECT * FROM orders WHERE participant_id = ? AND client_order_id = ?');
    this.openCount = db.prepare(
      `SELECT count(*) AS n FROM orders WHERE participant_id = @participant
         AND (@market IS NULL OR market_id = @market) AND status IN ('open', 'partially_filled', 'pending')`,
    );
    this.tradeById = db.prepare(
      'SELECT * FROM trades WHERE trade_id = @trade AND (maker_participant_id = @participant OR taker_participant_id = @participant)',
    );
    this.buyFillsOf = db.prepare(
      `SELECT instrument_id, sum(quantity) AS quantity, sum(price_ticks * quantity) AS notional_ticks FROM trades
         WHERE (taker_participant_id = @participant AND taker_side = 'buy')
            OR (maker_participant_id = @participant AND taker_side = 'sell')
         GROUP BY instrument_id`,
    );
    this.listingsOf = db.prepare(
      "SELECT json_extract(command, '$.instrument.instrument_id') AS instrument_id, min(time) AS first, max(time) AS last FROM journal WHERE type = 'define_instrument' GROUP BY instrument_id",
    );
    this.suspendedAt = db.prepare(
      `SELECT order_id FROM orders WHERE participant_id = ? AND closure = 'suspended' AND updated_at = ?
         ORDER BY queue_seq, queue_rank`,
    );
    this.closed = db.prepare(
      `SELECT * FROM orders WHERE status NOT IN (${LIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`,
    );
    this.recentOrders = db.prepare(
      `SELECT * FROM orders WHERE participant_id = @participant
         AND (@market IS NULL OR market_id = @market)
         AND (@open IS NULL OR (status IN ('open', 'partially_filled', 'pending')) = @open)
       ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
    );
    this.recentTrades = db.prepare(
      `SELECT * FROM trades WHERE (maker_participant_id = @participant OR taker_participant_id = @participant)
         AND (@market IS NULL OR market_id = @market)
       ORDER BY seq DESC, trade_id DESC LIMIT @limit`,
    );
    this.lastTrade = db.prepare(
      'SELECT price_ticks FROM trades WHERE market_id = ? ORDER BY seq DESC, trade_id DESC LIMIT 1',
    );
    this.volumeSince = db.prepare(
      'SELECT coalesce(sum(quantity), 0) AS volume FROM trades WHERE market_id = ? AND executed_at >= ?',
    );
  }

  /** The ids of a participant's orders its suspension at `time` cancelled, in queue order. */
  ordersSuspendedAt(participantId: string, time: number): string[] {
    return (this.suspendedAt.all(participantId, time) as { order_id: string }[]).map((row) => row.order_id);
  }

  /** Every finished order (for verification), one row at a time. */
  *closedOrders(): Generator<Order> {
    for (const row of this.closed.iterate() as IterableIterator<OrderRow>) yield orderFromRow(row);
  }

  /** A participant's orders, newest first. */
  ordersOf(participantId: string, options: RecentOrders): Order[] {
    const open = options.status === 'open' ? 1 : options.status === 'closed' ? 0 : null;
    const rows = this.recentOrders.all({
      participant: participantId,
      market: options.marketId ?? null,
      open,
      limit: options.limit,
    }) as OrderRow[];
    return rows.map(orderFromRow);
  }

  /** A participant's fills (as maker or taker), newest first. */
  tradesOf(participantId: string, options: RecentTrades): Trade[] {
    return this.recentTrades.all({
      participant: participantId,
      market: options.marketId ?? null,
      limit: options.limit,
    }) as Trade[];
  }

  /** The last trade price and the volume traded since `since` (ms) in a market. */
  marketActivity(marketId: string, since: number): MarketActivity {
    const last = this.lastTrade.get(marketId) as { price_ticks: number } | undefined;
    const { volume } = this.volumeSince.get(marketId, since) as { volume: number };
    return { lastPriceTicks: last?.price_ticks ?? null, volume };
  }

  /** When each instrument was first defined and last redefined (ms), from the journal. */
  instrumentListings(): InstrumentListing[] {
    return this.listingsOf.all() as InstrumentListing[];
  }

  /** One of the participant's orders; another participant's order is not found. */
  order(participantId: string, orderId: string): Order | undefined {
    const row = this.orderById.get(orderId, participantId) as OrderRow | undefined;
    return row && orderFromRow(row);
  }

  orderByClientId(participantId: string, clientOrderId: string): Order | undefined {
    const row = this.orderByClient.get(participantId, clientOrderId) as OrderRow | undefined;
    return row && orderFromRow(row);
  }

  /** A window of the participant's orders, keyed by (sort column, order_id). */
  orders(filter: OrderFilter, sort: OrderSort, window: KeysetWindow<[number, string]>): Order[] {
    const rows = this.page('orders', ORDER_FILTER, sort, 'order_id', window.direction).all({
      participant: filter.participantId,
      market: filter.marketId ?? null,
      status: filter.status ?? null,
      side: filter.side ?? null,
      from: filter.fromMs ?? null,
      to: filter.toMs ?? null,
      after_value: window.after?.[0] ?? null,
      after_id: window.after?.[1] ?? null,
      take: window.take,
    }) as OrderRow[];
    return rows.map(orderFromRow);
  }

  openOrderCount(participantId: string, marketId: string | undefined): number {
    return (this.openCount.get({ participant: participantId, market: marketId ?? null }) as { n: number }).n;
  }

  /** One fill the participant took part in (as maker or taker). */
  trade(participantId: string, tradeId: string): Trade | undefined {
    return this.tradeById.get({ trade: tradeId, participant: participantId }) as Trade | undefined;
  }

  /** A window of the participant's fills in execution order, keyed by (seq, trade_id). */
  trades(filter: TradeFilter, window: KeysetWindow<[number, string]>): Trade[] {
    return this.page('trades', TRADE_FILTER, 'seq', 'trade_id', window.direction).all({
      participant: filter.participantId,
      market: filter.marketId ?? null,
      from: filter.fromMs ?? null,
      to: filter.toMs ?? null,
      after_value: window.after?.[0] ?? null,
      after_id: window.after?.[1] ?? null,
      take: window.take,
    }) as Trade[];
  }

  buyFills(participantId: string): BuyFills[] {
    return this.buyFillsOf.all({ participant: participantId }) as BuyFills[];
  }

  /** The keyset statement for one table, sort column and direction (prepared on first use). */
  private page(
    table: 'orders' | 'trades',
    filter: string,
    column: string,
    id: string,
    direction: 'asc' | 'desc',
  ): Statement {
    const name = `${table}:${column}:${direction}`;
    let statement = this.pages.get(name);
    if (!statement) {
      const [compare, order] = direction === 'asc' ? ['>', 'ASC'] : ['<', 'DESC'];
      statement = this.db.prepare(
        `SELECT * FROM ${table} WHERE ${filter}
           AND (@after_value IS NULL OR (${column}, ${id}) ${compare} (@after_value, @after_id))
         ORDER BY ${column} ${order}, ${id} ${order} LIMIT @take`,
      );
      this.pages.set(name, statement);
    }
    return statement;
  }
}
