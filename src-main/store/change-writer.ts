import type { Change, Command, CommandContext } from '../engine/commands';
import { consumptionLatestKey, consumptionWriters } from './consumption-store';
import type { Db } from './database';
import { rosterLatestKey, rosterWriters } from './roster-store';
import { WriteStatements } from './write-statements';

/** One accepted command with what it changed, as it is committed. */
export interface JournalEntry {
  ctx: CommandContext;
  command: Command;
  changes: Change[];
}

type Writers = { [K in Change['kind']]: (change: Extract<Change, { kind: K }>) => void };

/**
 * How accepted commands land in SQLite: each command's journal row and the state-table rows its changes
 * touch, one write statement per kind of change, prepared once. A batch is committed here in one
 * transaction, or recorded (see WriteStatements) for the writer thread to commit on its own connection.
 */
export class ChangeWriter {
  /** The statements that write state; `record` turns a batch of them into data for the writer thread. */
  readonly writes: WriteStatements;
  private readonly writers: Writers;
  private readonly commitBatch: (entries: JournalEntry[]) => void;
  private readonly recordBatch: (entries: JournalEntry[]) => unknown[];

  constructor(database: Db) {
    // Every statement prepared through `db` below writes: it runs on this connection, or is recorded.
    const db = (this.writes = new WriteStatements(database));
    const insertJournal = db.prepare(
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
        insertJournal.run({ ...ctx, type: command.type, command: JSON.stringify(command) });
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

  /** Writes one change on its own (outside a batch: the caller holds the transaction). */
  write(change: Change): void {
    (this.writers[change.kind] as (c: Change) => void)(change);
  }
}

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
