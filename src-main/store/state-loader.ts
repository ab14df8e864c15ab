import type { Statement } from 'better-sqlite3';
import type { IdempotentResult } from '../engine/commands';
import type { Instrument } from '../engine/instruments';
import type { AutoSettings, Lot, SweepConfig, UnitChunk } from '../engine/lifecycle-types';
import { isOpen, unitKey } from '../engine/orders';
import type { Participant, UsdAdjustment } from '../engine/participants';
import type { ReferencePrice } from '../engine/reference-prices';
import type { SigningKey } from '../engine/signing-keys';
import { addInstrument, emptyState, type ExchangeState } from '../engine/state';
import { stopInput } from '../engine/stops';
import type { SupplyRegistration } from '../engine/supply';
import type { ChangeWriter } from './change-writer';
import { loadConsumption } from './consumption-store';
import type { Db } from './database';
import { loadRosters } from './roster-store';
import { type OrderRow, orderFromRow } from './trading-queries';

type BalanceRow = { participant_id: string; instrument_id: string; total: number; locked: number };

/** The SQL of every read a start makes, by what it loads; prepared once per store. */
const LOADS = {
  instruments: 'SELECT body FROM instruments',
  participants: 'SELECT * FROM participants',
  usd: 'SELECT * FROM usd_balances',
  adjustments: 'SELECT * FROM usd_adjustments',
  units: 'SELECT * FROM unit_balances',
  issued: 'SELECT instrument_id, sum(quantity) AS issued FROM issuances GROUP BY instrument_id',
  signingKeys: 'SELECT * FROM signing_keys',
  // The latest publication per instrument.
  referencePrices:
    'SELECT * FROM reference_prices WHERE id IN (SELECT max(id) FROM reference_prices GROUP BY instrument_id)',
  halts: 'SELECT market_id FROM market_halts',
  clientOrderIds:
    'SELECT participant_id, client_order_id, order_id FROM orders WHERE client_order_id IS NOT NULL',
  openOrders: `SELECT * FROM orders WHERE status IN ('open', 'partially_filled') ORDER BY queue_seq, queue_rank`,
  pendingStops: `SELECT * FROM orders WHERE status = 'pending' ORDER BY queue_seq`,
  lastPrices:
    'SELECT market_id, price_ticks FROM trades WHERE rowid IN (SELECT max(rowid) FROM trades GROUP BY market_id)',
  idempotent: 'SELECT * FROM idempotent_results',
  issuance: 'SELECT * FROM issuance_balances WHERE units > 0',
  provenance: 'SELECT * FROM unit_provenance',
  lots: 'SELECT * FROM lots WHERE tokens_remaining > 0 ORDER BY lot_id',
  consumed: 'SELECT instrument_id, sum(tokens_total) AS tokens FROM lots GROUP BY instrument_id',
  liability: 'SELECT * FROM supplier_liability',
  sweepConfig: 'SELECT * FROM sweep_config WHERE id = 1',
  lastSweep: 'SELECT sweep_id, scheduled_for FROM sweeps ORDER BY seq DESC LIMIT 1',
  autoSettings: 'SELECT * FROM auto_settings',
  supply: 'SELECT * FROM supply_registrations',
  backfillPending: "SELECT value FROM meta WHERE key = 'lifecycle_backfill'",
  backfillDone: "DELETE FROM meta WHERE key = 'lifecycle_backfill'",
} as const;

/**
 * Rebuilds the engine's state from the state tables at a start (not from the journal: that is replay),
 * and fills in the lifecycle tables of a database that traded before they existed.
 */
export class StateLoader {
  private readonly q: { [K in keyof typeof LOADS]: Statement };

  constructor(
    private readonly db: Db,
    private readonly changes: ChangeWriter,
  ) {
    this.q = Object.fromEntries(
      Object.entries(LOADS).map(([name, sql]) => [name, db.prepare(sql)]),
    ) as StateLoader['q'];
  }

  load(): ExchangeState {
    const { q } = this;
    const state = emptyState();
    for (const row of q.instruments.all() as { body: string }[]) {
      addInstrument(state, JSON.parse(row.body) as Instrument);
    }
    for (const p of q.participants.all() as Participant[]) state.participants.set(p.participant_id, p);
    for (const row of q.usd.all() as { participant_id: string; total: number; locked: number }[]) {
      state.usd.set(row.participant_id, { total: row.total, locked: row.locked });
    }
    for (const a of q.adjustments.all() as UsdAdjustment[]) {
      state.adjustments.set(`${a.participant_id}\u0000${a.idempotency_key}`, a);
      state.usdSupply += a.amount;
    }
    for (const row of q.units.all() as BalanceRow[]) {
      state.units.set(unitKey(row.participant_id, row.instrument_id), {
        total: row.total,
        locked: row.locked,
      });
    }
    for (const row of q.issued.all() as { instrument_id: string; issued: number }[]) {
      state.unitsIssued.set(row.instrument_id, row.issued);
    }
    this.loadLifecycle(state);
    for (const key of q.signingKeys.all() as SigningKey[]) state.signingKeys.set(key.fingerprint, key);
    for (const row of q.referencePrices.all() as (Omit<ReferencePrice, 'stale'> & {
      id: number;
      stale: number;
    })[]) {
      const { id: _id, ...price } = row;
      state.referencePrices.set(row.instrument_id, { ...price, stale: row.stale === 1 });
    }
    for (const row of q.halts.all() as { market_id: string }[]) state.halted.add(row.market_id);
    for (const row of q.clientOrderIds.all() as {
      participant_id: string;
      client_order_id: string;
      order_id: string;
    }[]) {
      state.clientOrderIds.set(`${row.participant_id}\u0000${row.client_order_id}`, row.order_id);
    }
    // Open orders go back into their books in the order they were queued: the exact same queues.
    for (const order of (q.openOrders.all() as OrderRow[]).map(orderFromRow)) {
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
    for (const row of q.idempotent.all() as (Omit<IdempotentResult, 'result'> & { result: string })[]) {
      state.idempotent.set(row.key, { ...row, result: JSON.parse(row.result) as unknown });
    }
    return state;
  }

  /** True when this database traded before Units had provenance (see migration 4). */
  needsLifecycleBackfill(): boolean {
    return (this.q.backfillPending.get() as { value: string } | undefined)?.value === 'pending';
  }

  /**
   * Writes the provenance and supplier liability a journal replay computed, for a database that traded
   * before migration 4 (its journal has no lifecycle commands, so nothing else differs), in one transaction.
   */
  backfillLifecycle(replayed: ExchangeState): void {
    this.db.transaction(() => {
      for (const [key, chunks] of replayed.provenance) {
        const [participant_id, instrument_id] = key.split('\u0000') as [string, string];
        this.changes.write({ kind: 'provenance', participant_id, instrument_id, chunks });
      }
      for (const [key, liability] of replayed.liability) {
        const [supplier_id, instrument_id] = key.split('\u0000') as [string, string];
        this.changes.write({ kind: 'liability', supplier_id, instrument_id, liability });
      }
      this.q.backfillDone.run();
    })();
  }

  /** Pending stop orders back off-book in the order they were placed, and each book's last trade price. */
  private loadStops(state: ExchangeState): void {
    for (const order of (this.q.pendingStops.all() as OrderRow[]).map(orderFromRow)) {
      state.orders.set(order.order_id, order);
      state.books
        .get(order.market_id)!
        .restoreStop(stopInput(order, state.instruments.get(order.instrument_id)!));
    }
    for (const row of this.q.lastPrices.all() as { market_id: string; price_ticks: number }[]) {
      state.books.get(row.market_id)?.restoreLastPrice(row.price_ticks);
    }
  }

  /** Issuance accounts, provenance, live Lots, liability, the sweep schedule, the last sweep and supply registrations. */
  private loadLifecycle(state: ExchangeState): void {
    const { q } = this;
    for (const row of q.issuance.all() as {
      participant_id: string;
      instrument_id: string;
      units: number;
    }[]) {
      state.issuance.set(unitKey(row.participant_id, row.instrument_id), row.units);
    }
    for (const row of q.provenance.all() as {
      participant_id: string;
      instrument_id: string;
      chunks: string;
    }[]) {
      const chunks = JSON.parse(row.chunks) as UnitChunk[];
      if (chunks.length > 0) state.provenance.set(unitKey(row.participant_id, row.instrument_id), chunks);
    }
    for (const row of q.lots.all() as (Omit<Lot, 'funding'> & { funding: string })[]) {
      state.lots.set(row.lot_id, { ...row, funding: JSON.parse(row.funding) as Lot['funding'] });
    }
    for (const row of q.consumed.all() as { instrument_id: string; tokens: number }[]) {
      state.unitsConsumed.set(row.instrument_id, row.tokens / 1_000_000);
    }
    for (const row of q.liability.all() as {
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
    const config = q.sweepConfig.get() as (SweepConfig & { id: number }) | undefined;
    if (config) {
      const { id: _id, ...rest } = config;
      state.sweepConfig = rest;
    }
    state.lastSweep = (q.lastSweep.get() as { sweep_id: string; scheduled_for: number } | undefined) ?? null;
    for (const row of q.autoSettings.all() as {
      participant_id: string;
      instrument_id: string;
      settings: string;
    }[]) {
      state.autoSettings.set(
        unitKey(row.participant_id, row.instrument_id),
        JSON.parse(row.settings) as AutoSettings,
      );
    }
    for (const row of q.supply.all() as SupplyRegistration[]) {
      state.supply.set(unitKey(row.participant_id, row.instrument_id), row);
    }
    loadConsumption(this.db, state);
    loadRosters(this.db, state);
  }
}
