import type {
  FundedLotView,
  LiabilityHistoryView,
  LiabilityPoint,
  SupplierLiabilityView,
} from '../../src-preload/contract-lifecycle';
import { owedTokens } from '../engine/lifecycle-types';
import { formatUsd } from '../engine/money';
import { unitKey } from '../engine/orders';
import { inventoryUnits } from '../engine/supply';
import type { ExchangeService } from './exchange-service';
import { iso, symbolOf } from './lifecycle-views';

/** The most points of liability history a request may ask for, per instrument (the contract's maximum). */
const MAX_LIABILITY_POINTS = 2000;

/**
 * What a supplier owes for the Units it issued: its liability per instrument now, over time, and the live
 * Lots its Units fund. The caller has checked that the supplier exists (`LifecycleOperations`).
 */
export class SupplierLiability {
  /** Each supplier's liability replay so far: the last journal sequence read, the running totals and points. */
  private readonly replays = new Map<
    string,
    { after: number; series: Map<string, { owed: number; points: LiabilityPoint[] }> }
  >();

  constructor(private readonly service: ExchangeService) {}

  private get state() {
    return this.service.engine.state;
  }

  /** Per instrument the supplier ever issued, held or sold: its liability, inventory and sales. */
  current(participantId: string): SupplierLiabilityView[] {
    const sales = new Map<string, { ticks: number; fees: number }>();
    for (const row of this.service.store.lifecycle.sales(participantId)) {
      sales.set(row.instrument_id, { ticks: row.ticks, fees: row.fees });
    }
    const views: SupplierLiabilityView[] = [];
    for (const instrument of this.state.instruments.values()) {
      const id = instrument.instrument_id;
      const key = unitKey(participantId, id);
      const l = this.state.liability.get(key) ?? {
        units_sold: 0,
        units_self_consumed: 0,
        tokens_delivered: 0,
        tokens_expired: 0,
      };
      const issuance = this.state.issuance.get(key) ?? 0;
      const inventory = inventoryUnits(this.state, participantId, id);
      const sold = sales.get(id);
      if (!this.state.liability.has(key) && issuance === 0 && inventory === 0 && !sold) continue;
      const notional = (sold?.ticks ?? 0) * instrument.market.tick_micros;
      views.push({
        supplier_id: participantId,
        instrument_id: id,
        symbol: instrument.symbol,
        ...l,
        tokens_outstanding: owedTokens(l),
        issuance_units: issuance,
        inventory_units: inventory,
        sales_revenue: formatUsd(notional - (sold?.fees ?? 0)),
        fees: formatUsd(sold?.fees ?? 0),
      });
    }
    return views.sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
  }

  /**
   * Outstanding liability over time per instrument, replayed from the records of what moved it (see
   * `LifecycleQueries.liabilityEvents`): the running total after each change, the latest `limit` kept.
   * Each supplier's replay is remembered, so a later call reads only the records since (the chart
   * reloads on every commit). Sales are counted as `sales_revenue` counts them, so a supplier that
   * resold Units it had bought would see those too.
   */
  history(participantId: string, limit: number): LiabilityHistoryView[] {
    let replay = this.replays.get(participantId);
    if (!replay) this.replays.set(participantId, (replay = { after: 0, series: new Map() }));
    for (const event of this.service.store.lifecycle.liabilityEvents(participantId, replay.after)) {
      let series = replay.series.get(event.instrument_id);
      if (!series) replay.series.set(event.instrument_id, (series = { owed: 0, points: [] }));
      series.owed += event.tokens;
      series.points.push({
        time: iso(event.time),
        sequence: event.seq,
        tokens_outstanding: series.owed,
        change: event.tokens,
        cause: event.cause,
      });
      // Kept to the most a request may ask for (trimmed in steps, not on every point).
      if (series.points.length > 2 * MAX_LIABILITY_POINTS) series.points.splice(0, MAX_LIABILITY_POINTS);
      replay.after = Math.max(replay.after, event.seq);
    }
    return [...replay.series.entries()]
      .map(([instrumentId, series]) => ({
        supplier_id: participantId,
        instrument_id: instrumentId,
        symbol: symbolOf(this.state, instrumentId),
        points: series.points.slice(-limit),
      }))
      .sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
  }

  /** The live Lots a supplier's Units fund, with its share of each (the holder is not its business). */
  fundedLots(supplierId: string): FundedLotView[] {
    const views: FundedLotView[] = [];
    for (const lot of this.state.lots.values()) {
      const shares = lot.funding.filter((funding) => funding.supplier_id === supplierId);
      if (shares.length === 0) continue;
      views.push({
        lot_id: lot.lot_id,
        instrument_id: lot.instrument_id,
        symbol: symbolOf(this.state, lot.instrument_id),
        formed_at: iso(lot.formed_at),
        expires_at: iso(lot.expires_at),
        tokens_total: shares.reduce((n, share) => n + share.tokens, 0),
        tokens_remaining: shares.reduce((n, share) => n + share.tokens_remaining, 0),
      });
    }
    return views.sort((a, b) => a.expires_at.localeCompare(b.expires_at) || (a.lot_id < b.lot_id ? -1 : 1));
  }
}
