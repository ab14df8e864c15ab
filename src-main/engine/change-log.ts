import type { Accepted, Change } from './commands';
import { type Order, unitKey } from './orders';
import type { ExchangeState } from './state';
import type { Lot } from './lifecycle-types';

/**
 * Collects what one command touched and reports each balance and order once, in its final state, so
 * the store writes the outcome rather than every intermediate step.
 */
export class ChangeLog {
  private readonly changes: Change[] = [];
  private readonly usd = new Set<string>();
  private readonly units = new Map<string, [string, string]>();
  private readonly orders = new Map<string, Order>();
  private readonly issuance = new Map<string, [string, string]>();
  private readonly provenance = new Map<string, [string, string]>();
  private readonly liability = new Map<string, [string, string]>();
  private readonly lots = new Map<string, Lot>();
  /** Lots formed by this command so far (numbers their ids). */
  lotsFormed = 0;

  add(change: Change): void {
    this.changes.push(change);
  }

  usdTouched(participantId: string): void {
    this.usd.add(participantId);
  }

  unitsTouched(participantId: string, instrumentId: string): void {
    this.units.set(unitKey(participantId, instrumentId), [participantId, instrumentId]);
  }

  orderTouched(order: Order): void {
    this.orders.set(order.order_id, order);
  }

  issuanceTouched(participantId: string, instrumentId: string): void {
    this.issuance.set(unitKey(participantId, instrumentId), [participantId, instrumentId]);
  }

  provenanceTouched(participantId: string, instrumentId: string): void {
    this.provenance.set(unitKey(participantId, instrumentId), [participantId, instrumentId]);
  }

  liabilityTouched(supplierId: string, instrumentId: string): void {
    this.liability.set(unitKey(supplierId, instrumentId), [supplierId, instrumentId]);
  }

  lotTouched(lot: Lot): void {
    this.lots.set(lot.lot_id, lot);
  }

  finish(state: ExchangeState): Change[] {
    const out = [...this.changes];
    for (const order of this.orders.values()) out.push({ kind: 'order', order: { ...order } });
    for (const id of this.usd)
      out.push({ kind: 'usd_balance', participant_id: id, balance: { ...state.usd.get(id)! } });
    for (const [key, [participant_id, instrument_id]] of this.units) {
      out.push({
        kind: 'unit_balance',
        participant_id,
        instrument_id,
        balance: { ...state.units.get(key)! },
      });
    }
    for (const [key, [participant_id, instrument_id]] of this.issuance) {
      out.push({
        kind: 'issuance_balance',
        participant_id,
        instrument_id,
        units: state.issuance.get(key) ?? 0,
      });
    }
    for (const [key, [participant_id, instrument_id]] of this.provenance) {
      const chunks = (state.provenance.get(key) ?? []).map((chunk) => ({ ...chunk }));
      out.push({ kind: 'provenance', participant_id, instrument_id, chunks });
    }
    for (const lot of this.lots.values()) {
      out.push({ kind: 'lot', lot: { ...lot, funding: lot.funding.map((f) => ({ ...f })) } });
    }
    for (const [key, [supplier_id, instrument_id]] of this.liability) {
      out.push({
        kind: 'liability',
        supplier_id,
        instrument_id,
        liability: { ...state.liability.get(key)! },
      });
    }
    return out;
  }
}

/** An accepted command whose changes its log reports when the command is done (`Exchange.execute`). */
export const done = <R>(result: R, log: ChangeLog): Accepted<R> & { log: ChangeLog } => ({
  ok: true,
  result,
  changes: [],
  log,
});
