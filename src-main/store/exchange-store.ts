import type { SupplyRegistration } from '../engine/supply';
import { LifecycleQueries } from './lifecycle-queries';
import { TradingQueries } from './trading-queries';
import { loadRosters, rosterLatestKey, rosterWriters } from './roster-store';
import {
  ConsumptionQueries,
  consumptionLatestKey,
  consumptionWriters,
  loadConsumption,
} from './consumption-store';
import type { IdempotentResult, Change, Command, CommandContext } from '../engine/commands';
import { addInstrument, emptyState, type ExchangeState } from '../engine/state';
import type { Instrument } from '../engine/instruments';
import { isOpen, LIVE_STATUSES, type Order, type Trade, unitKey } from '../engine/orders';
import { stopInput } from '../engine/stops';
import type { ReferencePrice } from '../engine/reference-prices';
import type { SigningKey } from '../engine/signing-keys';
import type { Participant, UsdAdjustment } from '../engine/participants';
import type { Db } from './database';
import { type WriteStatement, WriteStatements } from './write-statements';
import type { AutoSettings, Lot, SweepConfig, UnitChunk } from '../engine/lifecycle-types';

/** One accepted command with what it changed, as it is committed. */
export interface JournalEntry {
  ctx: CommandContext;
  command: Command;
  changes: Change[];
}

export interface JournalRow {
  seq: number;
  time: number;
  actor: string;
  type: string;
  command: string;
}

/**
 * The exchange's durable state: the journal of accepted commands and the state tables their effects
 * land in, written together in one transaction per batch (group commit).
 */
export class ExchangeStore {
  readonly db: Db;
  /** The statements that write state; `record` turns a batch of them into data for the writer thread. */
  readonly writes: WriteStatements;
  /** Reads of the life of a Unit's history, on this (the main thread's) connection. */
  readonly lifecycle: LifecycleQueries;
  /** Reads of the Consumption API's history (calls, spending). */
  readonly consumption: ConsumptionQueries;
  /** Reads of orders and trades (the Trading API's lists, idempotent retries). */
  readonly trading: TradingQueries;
  private readonly insertJournal: WriteStatement;
  private readonly writers: { [K in Change['kind']]: (change: Extract<Change, { kind: K }>) => void };
  private readonly commitBatch: (entries: JournalEntry[]) => void;
  private readonly recordBatch: (entries: JournalEntry[]) => unknown[];

  constructor(database: Db) {
    this.db = database;
    // Every statement prepared through `db` below writes: it runs on this connection, or is recorded.
    const db = (this.writes = new WriteStatements(database));
    this.lifecycle = new LifecycleQueries(database);
    this.consumption = new ConsumptionQueries(database);
    this.trading = new TradingQueries(database);
    this.insertJournal = db.prepare(
      'INSERT INTO journal (seq, time, actor, type, command) VALUES (@seq, @time, @actor, @type, @command)',
    );
    const upsertInstrument = db.prepare(
      'INSERT INTO instruments (instrument_id, symbol, body) VALUES (?, ?, ?) ON CONFLICT (instrument_id) DO UPDATE SET symbol = excluded.symbol, body = excluded.body',
    );
    const upsertParticipant = db.prepare(
      'INSERT INTO participants (participant_id, name, role, status, created_at) VALUES (@participant_id, @name, @role, @status, @created_at) ON CONFLICT (participant_id) DO UPDATE SET name = excluded.name, status = excluded.status',
    );
    const upsertUsd = db.prepare(
      'INSERT INTO usd_balances (participant_id, total, locked) VALUES (?, ?, ?) ON CONFLICT (participant_id) DO UPDATE SET total = excluded.total, locked = excluded.locked',
    );
    const insertAdjustment = db.prepare(
      'INSERT INTO usd_adjustments (adjustment_id, participant_id, amount, idempotency_key, reason, seq, created_at, balance_after) VALUES (@adjustment_id, @participant_id, @amount, @idempotency_key, @reason, @seq, @created_at, @balance_after)',
    );
    const upsertOrder = db.prepare(
      `INSERT INTO orders (order_id, client_order_id, participant_id, market_id, instrument_id, side, type, tif, post_only, stp,
         price_ticks, stop_price_ticks, stop_cap_ticks, quantity, filled, status, closure, filled_notional_ticks, fee, hold, queue_seq,
         queue_rank, created_at, updated_at)
       VALUES (@order_id, @client_order_id, @participant_id, @market_id, @instrument_id, @side, @type, @tif, @post_only, @stp,
         @price_ticks, @stop_price_ticks, @stop_cap_ticks, @quantity, @filled, @status, @closure, @filled_notional_ticks, @fee, @hold, @queue_seq,
         @queue_rank, @created_at, @updated_at)
       ON CONFLICT (order_id) DO UPDATE SET price_ticks = excluded.price_ticks, quantity = excluded.quantity,
         filled = excluded.filled, status = excluded.status, closure = excluded.closure,
         filled_notional_ticks = excluded.filled_notional_ticks, fee = excluded.fee, hold = excluded.hold,
         queue_seq = excluded.queue_seq, queue_rank = excluded.queue_rank, updated_at = excluded.updated_at`,
    );
    const insertTrade = db.prepare(
      `INSERT INTO trades (trade_id, seq, market_id, instrument_id, price_ticks, quantity, maker_order_id, taker_order_id,
         maker_participant_id, taker_participant_id, taker_side, maker_fee, taker_fee, executed_at)
       VALUES (@trade_id, @seq, @market_id, @instrument_id, @price_ticks, @quantity, @maker_order_id, @taker_order_id,
         @maker_participant_id, @taker_participant_id, @taker_side, @maker_fee, @taker_fee, @executed_at)`,
    );
    const upsertUnits = db.prepare(
      'INSERT INTO unit_balances (participant_id, instrument_id, total, locked) VALUES (?, ?, ?, ?) ON CONFLICT (participant_id, instrument_id) DO UPDATE SET total = excluded.total, locked = excluded.locked',
    );
    const insertIssuance = db.prepare(
      'INSERT INTO issuances (seq, participant_id, instrument_id, quantity, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const upsertKey = db.prepare(
      'INSERT INTO signing_keys (fingerprint, participant_id, public_key, label, created_at, revoked_at) VALUES (@fingerprint, @participant_id, @public_key, @label, @created_at, @revoked_at) ON CONFLICT (fingerprint) DO UPDATE SET revoked_at = excluded.revoked_at',
    );
    const insertReferencePrice = db.prepare(
      'INSERT INTO reference_prices (instrument_id, published_at, price_micros, method, stale, volume, window_start, window_end, average_30d_micros) VALUES (@instrument_id, @published_at, @price_micros, @method, @stale, @volume, @window_start, @window_end, @average_30d_micros)',
    );
    const upsertIssuance = db.prepare(
      'INSERT INTO issuance_balances (participant_id, instrument_id, units) VALUES (?, ?, ?) ON CONFLICT (participant_id, instrument_id) DO UPDATE SET units = excluded.units',
    );
    const upsertProvenance = db.prepare(
      'INSERT INTO unit_provenance (participant_id, instrument_id, chunks) VALUES (?, ?, ?) ON CONFLICT (participant_id, instrument_id) DO UPDATE SET chunks = excluded.chunks',
    );
    const upsertLot = db.prepare(
      `INSERT INTO lots (lot_id, participant_id, instrument_id, tokens_total, tokens_remaining, tokens_delivered, tokens_expired,
         formed_at, expires_at, expired_at, origin, formed_seq, funding)
       VALUES (@lot_id, @participant_id, @instrument_id, @tokens_total, @tokens_remaining, @tokens_delivered, @tokens_expired,
         @formed_at, @expires_at, @expired_at, @origin, @formed_seq, @funding)
       ON CONFLICT (lot_id) DO UPDATE SET tokens_remaining = excluded.tokens_remaining,
         tokens_delivered = excluded.tokens_delivered, tokens_expired = excluded.tokens_expired,
         expired_at = excluded.expired_at, funding = excluded.funding`,
    );
    const upsertLiability = db.prepare(
      `INSERT INTO supplier_liability (supplier_id, instrument_id, units_sold, units_self_consumed, tokens_delivered,
         tokens_expired)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (supplier_id, instrument_id) DO UPDATE SET units_sold = excluded.units_sold,
         units_self_consumed = excluded.units_self_consumed, tokens_delivered = excluded.tokens_delivered,
         tokens_expired = excluded.tokens_expired`,
    );
    const upsertSweepConfig = db.prepare(
      `INSERT INTO sweep_config (id, mode, interval_seconds, lot_ttl_seconds, updated_at)
       VALUES (1, @mode, @interval_seconds, @lot_ttl_seconds, @updated_at) ON CONFLICT (id) DO UPDATE SET
         mode = excluded.mode, interval_seconds = excluded.interval_seconds,
         lot_ttl_seconds = excluded.lot_ttl_seconds, updated_at = excluded.updated_at`,
    );
    const insertSweep = db.prepare(
      `INSERT INTO sweeps (seq, sweep_id, scheduled_for, executed_at, accounts, units, lots, orders_cancelled, lot_ids)
       VALUES (@seq, @sweep_id, @scheduled_for, @executed_at, @accounts, @units, @lots, @orders_cancelled, @lot_ids)`,
    );
    const insertTransfer = db.prepare(
      `INSERT INTO transfers (seq, participant_id, instrument_id, kind, quantity, lot_id, created_at)
       VALUES (@seq, @participant_id, @instrument_id, @kind, @quantity, @lot_id, @created_at)`,
    );
    const insertExpiry = db.prepare(
      `INSERT INTO lot_expiries (seq, lot_id, participant_id, instrument_id, tokens, expired_at, suppliers)
       VALUES (@seq, @lot_id, @participant_id, @instrument_id, @tokens, @expired_at, @suppliers)`,
    );
    const insertDraw = db.prepare(
      `INSERT INTO draws (seq, draw_id, participant_id, instrument_id, tokens, created_at, parts)
       VALUES (@seq, @draw_id, @participant_id, @instrument_id, @tokens, @created_at, @parts)`,
    );
    const upsertAutoSettings = db.prepare(
      'INSERT INTO auto_settings (participant_id, instrument_id, settings) VALUES (?, ?, ?) ON CONFLICT (participant_id, instrument_id) DO UPDATE SET settings = excluded.settings',
    );
    const insertTopUp = db.prepare(
      `INSERT INTO top_ups (seq, top_up_id, participant_id, instrument_id, outcome, requested, filled, spent, order_id, lot_id, message, created_at)
       VALUES (@seq, @top_up_id, @participant_id, @instrument_id, @outcome, @requested, @filled, @spent, @order_id, @lot_id, @message, @created_at)`,
    );
    const upsertSupply = db.prepare(
      `INSERT INTO supply_registrations (participant_id, instrument_id, tokens_per_second, status, reason, declared_at,
         reviewed_at, reviewed_by)
       VALUES (@participant_id, @instrument_id, @tokens_per_second, @status, @reason, @declared_at, @reviewed_at,
         @reviewed_by)
       ON CONFLICT (participant_id, instrument_id) DO UPDATE SET tokens_per_second = excluded.tokens_per_second,
         status = excluded.status, reason = excluded.reason, declared_at = excluded.declared_at,
         reviewed_at = excluded.reviewed_at, reviewed_by = excluded.reviewed_by`,
    );
    const insertIdempotent = db.prepare(
      `INSERT INTO idempotent_results (key, participant_id, command_type, idempotency_key, body, result, seq)
       VALUES (@key, @participant_id, @command_type, @idempotency_key, @body, @result, @seq)`,
    );
    const halt = db.prepare('INSERT INTO market_halts (market_id) VALUES (?)');
    const unhalt = db.prepare('DELETE FROM market_halts WHERE market_id = ?');
    this.writers = {
      instrument: ({ instrument }) =>
        upsertInstrument.run(instrument.instrument_id, instrument.symbol, JSON.stringify(instrument)),
      participant: ({ participant }) => upsertParticipant.run(participant),
      usd_balance: ({ participant_id, balance }) =>
        upsertUsd.run(participant_id, balance.total, balance.locked),
      usd_adjustment: ({ adjustment }) => insertAdjustment.run(adjustment),
      order: ({ order }) => upsertOrder.run({ ...order, post_only: order.post_only ? 1 : 0 }),
      trade: ({ trade }) => insertTrade.run(trade),
      unit_balance: ({ participant_id, instrument_id, balance }) =>
        upsertUnits.run(participant_id, instrument_id, balance.total, balance.locked),
      issuance: ({ seq, participant_id, instrument_id, quantity, time }) =>
        insertIssuance.run(seq, participant_id, instrument_id, quantity, time),
      market_halt: ({ market_id, halted }) => (halted ? halt : unhalt).run(market_id),
      signing_key: ({ key }) => upsertKey.run(key),
      reference_price: ({ price }) => insertReferencePrice.run({ ...price, stale: price.stale ? 1 : 0 }),
      issuance_balance: ({ participant_id, instrument_id, units }) =>
        upsertIssuance.run(participant_id, instrument_id, units),
      provenance: ({ participant_id, instrument_id, chunks }) =>
        upsertProvenance.run(participant_id, instrument_id, JSON.stringify(chunks)),
      lot: ({ lot }) => upsertLot.run({ ...lot, funding: JSON.stringify(lot.funding) }),
      liability: ({ supplier_id, instrument_id, liability }) =>
        upsertLiability.run(
          supplier_id,
          instrument_id,
          liability.units_sold,
          liability.units_self_consumed,
          liability.tokens_delivered,
          liability.tokens_expired,
        ),
      sweep_config: ({ config }) => upsertSweepConfig.run(config),
      sweep: ({ sweep }) => insertSweep.run({ ...sweep, lot_ids: JSON.stringify(sweep.lot_ids) }),
      transfer: ({ transfer }) => insertTransfer.run(transfer),
      lot_expiry: ({ expiry }) =>
        insertExpiry.run({ ...expiry, suppliers: JSON.stringify(expiry.suppliers) }),
      draw: ({ draw }) => insertDraw.run({ ...draw, parts: JSON.stringify(draw.parts) }),
      auto_settings: ({ participant_id, instrument_id, settings }) =>
        upsertAutoSettings.run(participant_id, instrument_id, JSON.stringify(settings)),
      top_up: ({ top_up }) => insertTopUp.run(top_up),
      supply: ({ registration }) => upsertSupply.run(registration),
      idempotent_result: ({ record }) =>
        insertIdempotent.run({ ...record, result: JSON.stringify(record.result) }),
      ...consumptionWriters(db),
      ...rosterWriters(db),
    };
    const writeBatch = (entries: JournalEntry[]) => {
      // Rows that only hold a latest value (balances, orders) are written once per batch, in their final
      // state; history rows (journal, trades, adjustments, issuances) are appended in order.
      const latest = new Map<string, Change>();
      for (const { ctx, command, changes } of entries) {
        this.insertJournal.run({ ...ctx, type: command.type, command: JSON.stringify(command) });
        for (const change of changes) {
          const key = latestKey(change);
          if (key === null) this.write(change);
          else latest.set(key, change);
        }
      }
      for (const change of latest.values()) this.write(change);
    };
    this.commitBatch = database.transaction(writeBatch);
    this.recordBatch = (entries) => db.record(() => writeBatch(entries));
  }

  /** Commits the batch atomically: every entry and its effects, or (on error) none of them. */
  commit(entries: JournalEntry[]): void {
    this.commitBatch(entries);
  }

  /**
   * The writes `commit` would make for the batch, recorded rather than run (see WriteStatements), for
   * the writer thread to commit in one transaction on its own connection.
   */
  record(entries: JournalEntry[]): unknown[] {
    return this.recordBatch(entries);
  }

  lastSeq(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM journal').get() as { seq: number }).seq;
  }

  /** Rebuilds the engine's state from the state tables (not from the journal: that is `replay`). */
  loadState(): ExchangeState {
    const state = emptyState();
    for (const row of this.db.prepare('SELECT body FROM instruments').all() as { body: string }[]) {
      addInstrument(state, JSON.parse(row.body) as Instrument);
    }
    for (const p of this.db.prepare('SELECT * FROM participants').all() as Participant[]) {
      state.participants.set(p.participant_id, p);
    }
    for (const row of this.db.prepare('SELECT * FROM usd_balances').all() as {
      participant_id: string;
      total: number;
      locked: number;
    }[]) {
      state.usd.set(row.participant_id, { total: row.total, locked: row.locked });
    }
    for (const a of this.db.prepare('SELECT * FROM usd_adjustments').all() as UsdAdjustment[]) {
      state.adjustments.set(`${a.participant_id}\u0000${a.idempotency_key}`, a);
      state.usdSupply += a.amount;
    }
    for (const row of this.db.prepare('SELECT * FROM unit_balances').all() as {
      participant_id: string;
      instrument_id: string;
      total: number;
      locked: number;
    }[]) {
      state.units.set(unitKey(row.participant_id, row.instrument_id), {
        total: row.total,
        locked: row.locked,
      });
    }
    for (const row of this.db
      .prepare('SELECT instrument_id, sum(quantity) AS issued FROM issuances GROUP BY instrument_id')
      .all() as { instrument_id: string; issued: number }[]) {
      state.unitsIssued.set(row.instrument_id, row.issued);
    }
    this.loadLifecycle(state);
    for (const key of this.db.prepare('SELECT * FROM signing_keys').all() as SigningKey[]) {
      state.signingKeys.set(key.fingerprint, key);
    }
    // The latest publication per instrument.
    for (const row of this.db
      .prepare(
        'SELECT * FROM reference_prices WHERE id IN (SELECT max(id) FROM reference_prices GROUP BY instrument_id)',
      )
      .all() as (Omit<ReferencePrice, 'stale'> & { id: number; stale: number })[]) {
      const { id: _id, ...price } = row;
      state.referencePrices.set(row.instrument_id, { ...price, stale: row.stale === 1 });
    }
    for (const row of this.db.prepare('SELECT market_id FROM market_halts').all() as {
      market_id: string;
    }[]) {
      state.halted.add(row.market_id);
    }
    for (const row of this.db
      .prepare(
        'SELECT participant_id, client_order_id, order_id FROM orders WHERE client_order_id IS NOT NULL',
      )
      .all() as { participant_id: string; client_order_id: string; order_id: string }[]) {
      state.clientOrderIds.set(`${row.participant_id}\u0000${row.client_order_id}`, row.order_id);
    }
    // Open orders go back into their books in the order they were queued: the exact same queues.
    const open = this.db
      .prepare(
        `SELECT * FROM orders WHERE status IN ('open', 'partially_filled') ORDER BY queue_seq, queue_rank`,
      )
      .all() as OrderRow[];
    for (const order of open.map(orderFromRow)) {
      if (!isOpen(order)) continue;
      state.orders.set(order.order_id, order);
      state.books.get(order.market_id)!.restore({
        id: order.order_id,
        account: order.participant_id,
        side: order.side,
        priceTicks: order.price_ticks!,
        qty: order.quantity,
        filled: order.filled,
        postOnly: order.post_only,
        stp: order.stp,
      });
    }
    this.loadStops(state);
    for (const row of this.db.prepare('SELECT * FROM idempotent_results').all() as (Omit<
      IdempotentResult,
      'result'
    > & { result: string })[]) {
      state.idempotent.set(row.key, { ...row, result: JSON.parse(row.result) as unknown });
    }
    return state;
  }

  /** Pending stop orders back off-book in the order they were placed, and each book's last trade price. */
  private loadStops(state: ExchangeState): void {
    const pending = this.db
      .prepare(`SELECT * FROM orders WHERE status = 'pending' ORDER BY queue_seq`)
      .all() as OrderRow[];
    for (const order of pending.map(orderFromRow)) {
      state.orders.set(order.order_id, order);
      state.books
        .get(order.market_id)!
        .restoreStop(stopInput(order, state.instruments.get(order.instrument_id)!));
    }
    for (const row of this.db
      .prepare(
        'SELECT market_id, price_ticks FROM trades WHERE rowid IN (SELECT max(rowid) FROM trades GROUP BY market_id)',
      )
      .all() as { market_id: string; price_ticks: number }[]) {
      state.books.get(row.market_id)?.restoreLastPrice(row.price_ticks);
    }
  }

  /** Issuance accounts, provenance, live Lots, liability, the sweep schedule, the last sweep and supply registrations. */
  private loadLifecycle(state: ExchangeState): void {
    for (const row of this.db.prepare('SELECT * FROM issuance_balances WHERE units > 0').all() as {
      participant_id: string;
      instrument_id: string;
      units: number;
    }[]) {
      state.issuance.set(unitKey(row.participant_id, row.instrument_id), row.units);
    }
    for (const row of this.db.prepare('SELECT * FROM unit_provenance').all() as {
      participant_id: string;
      instrument_id: string;
      chunks: string;
    }[]) {
      const chunks = JSON.parse(row.chunks) as UnitChunk[];
      if (chunks.length > 0) state.provenance.set(unitKey(row.participant_id, row.instrument_id), chunks);
    }
    for (const row of this.db
      .prepare('SELECT * FROM lots WHERE tokens_remaining > 0 ORDER BY lot_id')
      .all() as (Omit<Lot, 'funding'> & { funding: string })[]) {
      state.lots.set(row.lot_id, { ...row, funding: JSON.parse(row.funding) as Lot['funding'] });
    }
    for (const row of this.db
      .prepare('SELECT instrument_id, sum(tokens_total) AS tokens FROM lots GROUP BY instrument_id')
      .all() as { instrument_id: string; tokens: number }[]) {
      state.unitsConsumed.set(row.instrument_id, row.tokens / 1_000_000);
    }
    for (const row of this.db.prepare('SELECT * FROM supplier_liability').all() as {
      supplier_id: string;
      instrument_id: string;
      units_sold: number;
      units_self_consumed: number;
      tokens_delivered: number;
      tokens_expired: number;
    }[]) {
      const { supplier_id, instrument_id, ...liability } = row;
      state.liability.set(unitKey(supplier_id, instrument_id), liability);
    }
    const config = this.db.prepare('SELECT * FROM sweep_config WHERE id = 1').get() as
      (SweepConfig & { id: number }) | undefined;
    if (config) {
      const { id: _id, ...rest } = config;
      state.sweepConfig = rest;
    }
    const last = this.db
      .prepare('SELECT sweep_id, scheduled_for FROM sweeps ORDER BY seq DESC LIMIT 1')
      .get() as { sweep_id: string; scheduled_for: number } | undefined;
    state.lastSweep = last ?? null;
    for (const row of this.db.prepare('SELECT * FROM auto_settings').all() as {
      participant_id: string;
      instrument_id: string;
      settings: string;
    }[]) {
      state.autoSettings.set(
        unitKey(row.participant_id, row.instrument_id),
        JSON.parse(row.settings) as AutoSettings,
      );
    }
    for (const row of this.db.prepare('SELECT * FROM supply_registrations').all() as SupplyRegistration[]) {
      state.supply.set(unitKey(row.participant_id, row.instrument_id), row);
    }
    loadConsumption(this.db, state);
    loadRosters(this.db, state);
  }

  /** True when this database traded before Units had provenance (see migration 4). */
  needsLifecycleBackfill(): boolean {
    return this.getMeta('lifecycle_backfill') === 'pending';
  }

  /**
   * Writes the provenance and supplier liability a journal replay computed, for a database that traded
   * before migration 4 (its journal has no lifecycle commands, so nothing else differs), in one transaction.
   */
  backfillLifecycle(replayed: ExchangeState): void {
    this.db.transaction(() => {
      for (const [key, chunks] of replayed.provenance) {
        const [participant_id, instrument_id] = key.split('\u0000') as [string, string];
        this.write({ kind: 'provenance', participant_id, instrument_id, chunks });
      }
      for (const [key, liability] of replayed.liability) {
        const [supplier_id, instrument_id] = key.split('\u0000') as [string, string];
        this.write({ kind: 'liability', supplier_id, instrument_id, liability });
      }
      this.db.prepare("DELETE FROM meta WHERE key = 'lifecycle_backfill'").run();
    })();
  }

  /** The journal in sequence order, for replay. */
  *journal(): Generator<{ ctx: CommandContext; command: Command }> {
    for (const row of this.db
      .prepare('SELECT * FROM journal ORDER BY seq')
      .iterate() as Iterable<JournalRow>) {
      yield {
        ctx: { seq: row.seq, time: row.time, actor: row.actor },
        command: JSON.parse(row.command) as Command,
      };
    }
  }

  /** Journal entries newest first, for the audit log. */
  journalPage(options: {
    limit: number;
    before?: number | undefined;
    actor?: string | undefined;
  }): JournalRow[] {
    return this.db
      .prepare(
        `SELECT * FROM journal WHERE seq < @before AND (@actor IS NULL OR actor = @actor) ORDER BY seq DESC LIMIT @limit`,
      )
      .all({
        before: options.before ?? Number.MAX_SAFE_INTEGER,
        actor: options.actor ?? null,
        limit: options.limit,
      }) as JournalRow[];
  }

  /** The ids of a participant's orders its suspension at `time` cancelled, in queue order. */
  ordersSuspendedAt(participantId: string, time: number): string[] {
    return (
      this.db
        .prepare(
          `SELECT order_id FROM orders WHERE participant_id = ? AND closure = 'suspended' AND updated_at = ?
           ORDER BY queue_seq, queue_rank`,
        )
        .all(participantId, time) as { order_id: string }[]
    ).map((row) => row.order_id);
  }

  /** Every finished order (for verification), one row at a time. */
  *closedOrders(): Generator<Order> {
    const rows = this.db
      .prepare(`SELECT * FROM orders WHERE status NOT IN (${LIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`)
      .iterate() as IterableIterator<OrderRow>;
    for (const row of rows) yield orderFromRow(row);
  }

  /** A participant's orders, newest first. */
  ordersOf(
    participantId: string,
    options: { status: 'open' | 'closed' | 'all'; marketId?: string | undefined; limit: number },
  ): Order[] {
    const open = options.status === 'open' ? 1 : options.status === 'closed' ? 0 : null;
    const rows = this.db
      .prepare(
        `SELECT * FROM orders WHERE participant_id = @participant
           AND (@market IS NULL OR market_id = @market)
           AND (@open IS NULL OR (status IN ('open', 'partially_filled', 'pending')) = @open)
         ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
      )
      .all({
        participant: participantId,
        market: options.marketId ?? null,
        open,
        limit: options.limit,
      }) as OrderRow[];
    return rows.map(orderFromRow);
  }

  /** A participant's fills (as maker or taker), newest first. */
  tradesOf(participantId: string, options: { marketId?: string | undefined; limit: number }): Trade[] {
    return this.db
      .prepare(
        `SELECT * FROM trades WHERE (maker_participant_id = @participant OR taker_participant_id = @participant)
           AND (@market IS NULL OR market_id = @market)
         ORDER BY seq DESC, trade_id DESC LIMIT @limit`,
      )
      .all({ participant: participantId, market: options.marketId ?? null, limit: options.limit }) as Trade[];
  }

  /** The last trade price and the volume traded since `since` (ms) in a market. */
  marketActivity(marketId: string, since: number): { lastPriceTicks: number | null; volume: number } {
    const last = this.db
      .prepare('SELECT price_ticks FROM trades WHERE market_id = ? ORDER BY seq DESC, trade_id DESC LIMIT 1')
      .get(marketId) as { price_ticks: number } | undefined;
    const { volume } = this.db
      .prepare(
        'SELECT coalesce(sum(quantity), 0) AS volume FROM trades WHERE market_id = ? AND executed_at >= ?',
      )
      .get(marketId, since) as { volume: number };
    return { lastPriceTicks: last?.price_ticks ?? null, volume };
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)
      ?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  private write(change: Change): void {
    (this.writers[change.kind] as (c: Change) => void)(change);
  }
}

/** An orders row as SQLite returns it (booleans are integers). */
export type OrderRow = Omit<Order, 'post_only'> & { post_only: number };
export const orderFromRow = (row: OrderRow): Order => ({ ...row, post_only: row.post_only === 1 });

/** The row a change overwrites, for changes where only the last one in a batch matters; null for history. */
function latestKey(change: Change): string | null {
  switch (change.kind) {
    case 'usd_balance':
      return `usd\u0000${change.participant_id}`;
    case 'unit_balance':
      return `units\u0000${change.participant_id}\u0000${change.instrument_id}`;
    case 'order':
      return `order\u0000${change.order.order_id}`;
    case 'issuance_balance':
      return `issuance\u0000${change.participant_id}\u0000${change.instrument_id}`;
    case 'provenance':
      return `provenance\u0000${change.participant_id}\u0000${change.instrument_id}`;
    case 'lot':
      return `lot\u0000${change.lot.lot_id}`;
    case 'liability':
      return `liability\u0000${change.supplier_id}\u0000${change.instrument_id}`;
    case 'sweep_config':
      return 'sweep_config';
    case 'auto_settings':
      return `auto\u0000${change.participant_id}\u0000${change.instrument_id}`;
    case 'supply':
      return `supply\u0000${change.registration.participant_id}\u0000${change.registration.instrument_id}`;
    default:
      return consumptionLatestKey(change) ?? rosterLatestKey(change);
  }
}
