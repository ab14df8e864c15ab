import type { Command, CommandContext } from '../engine/commands';
import type { Order, Trade } from '../engine/orders';
import type { ExchangeState } from '../engine/state';
import { ChangeWriter, type JournalEntry } from './change-writer';
import { ConsumptionQueries } from './consumption-store';
import type { Db } from './database';
import { JournalQueries, type JournalRow } from './journal-queries';
import { LifecycleQueries } from './lifecycle-queries';
import { StateLoader } from './state-loader';
import { type MarketActivity, type RecentOrders, type RecentTrades, TradingQueries } from './trading-queries';
import type { WriteStatements } from './write-statements';

export type { JournalEntry, JournalRow };

/**
 * The exchange's durable state: the journal of accepted commands and the state tables their effects
 * land in, written together in one transaction per batch (group commit). One connection, and by job:
 * `ChangeWriter` writes batches, `StateLoader` restores the engine's state at a start, and the query
 * modules read for the UI and the APIs.
 */
export class ExchangeStore {
  /** The statements that write state; `record` turns a batch of them into data for the writer thread. */
  readonly writes: WriteStatements;
  /** Reads of the life of a Unit's history, on this (the main thread's) connection. */
  readonly lifecycle: LifecycleQueries;
  /** Reads of the Consumption API's history (calls, spending). */
  readonly consumption: ConsumptionQueries;
  /** Reads of orders and trades (the Trading API's lists, the desk's, idempotent retries, `--verify`). */
  readonly trading: TradingQueries;
  private readonly changes: ChangeWriter;
  private readonly loader: StateLoader;
  private readonly journalQueries: JournalQueries;

  constructor(readonly db: Db) {
    this.changes = new ChangeWriter(db);
    this.writes = this.changes.writes;
    this.loader = new StateLoader(db, this.changes);
    this.journalQueries = new JournalQueries(db);
    this.lifecycle = new LifecycleQueries(db);
    this.consumption = new ConsumptionQueries(db);
    this.trading = new TradingQueries(db);
  }

  /** Commits the batch atomically: every entry and its effects, or (on error) none of them. */
  commit(entries: JournalEntry[]): void {
    this.changes.commit(entries);
  }

  /** The writes `commit` would make for the batch, as data for the writer thread (see ChangeWriter). */
  record(entries: JournalEntry[]): unknown[] {
    return this.changes.record(entries);
  }

  lastSeq(): number {
    return this.journalQueries.lastSeq();
  }

  /** Rebuilds the engine's state from the state tables (not from the journal: that is `replay`). */
  loadState(): ExchangeState {
    return this.loader.load();
  }

  needsLifecycleBackfill(): boolean {
    return this.loader.needsLifecycleBackfill();
  }

  backfillLifecycle(replayed: ExchangeState): void {
    this.loader.backfillLifecycle(replayed);
  }

  /** The journal in sequence order, for replay. */
  journal(): Generator<{ ctx: CommandContext; command: Command }> {
    return this.journalQueries.entries();
  }

  /** Journal entries newest first, for the audit log. */
  journalPage(options: {
    limit: number;
    before?: number | undefined;
    actor?: string | undefined;
  }): JournalRow[] {
    return this.journalQueries.newestFirst(options);
  }

  ordersSuspendedAt(participantId: string, time: number): string[] {
    return this.trading.ordersSuspendedAt(participantId, time);
  }

  closedOrders(): Generator<Order> {
    return this.trading.closedOrders();
  }

  ordersOf(participantId: string, options: RecentOrders): Order[] {
    return this.trading.ordersOf(participantId, options);
  }

  tradesOf(participantId: string, options: RecentTrades): Trade[] {
    return this.trading.tradesOf(participantId, options);
  }

  marketActivity(marketId: string, since: number): MarketActivity {
    return this.trading.marketActivity(marketId, since);
  }
}
