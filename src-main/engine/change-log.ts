import type { Change } from './commands';
import { type Order, unitKey } from './orders';
import type { ExchangeState } from './state';

/**
 * Collects what one command touched and reports each balance and order once, in its final state, so
 * the store writes the outcome rather than every intermediate step.
 */
export class ChangeLog {
  private readonly changes: Change[] = [];
  private readonly usd = new Set<string>();
  private readonly units = new Map<string, [string, string]>();
  private readonly orders = new Map<string, Order>();

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
    return out;
  }
}
