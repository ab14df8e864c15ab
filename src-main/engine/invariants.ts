import { buyHold } from './fees';
import { isOpen, unitKey } from './orders';
import type { ExchangeState } from './state';

/**
 * Checks everything that must always hold, and returns what does not (empty when all is well):
 * no crossed book; every order's filled + remaining = quantity and its book entry agrees; no negative
 * balance and nothing locked beyond the total; holds equal what open orders need; USD and Units
 * conserved (deposits and issuance in, withdrawals out).
 */
export function checkInvariants(state: ExchangeState): string[] {
  const problems: string[] = [];
  const usdHeld = new Map<string, number>();
  const unitsHeld = new Map<string, number>();

  for (const [marketId, book] of state.books) {
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (bid !== undefined && ask !== undefined && bid >= ask)
      problems.push(`market ${marketId} is crossed: bid ${bid} ≥ ask ${ask}`);
    for (const view of book.openOrders()) {
      const order = state.orders.get(view.id);
      if (!order) {
        problems.push(`book ${marketId} rests ${view.id}, which the exchange does not know as open`);
        continue;
      }
      if (
        view.filled !== order.filled ||
        view.qty !== order.quantity ||
        view.priceTicks !== order.price_ticks
      ) {
        problems.push(`order ${view.id}: book and ledger disagree`);
      }
    }
  }

  for (const order of state.orders.values()) {
    const instrument = state.instruments.get(order.instrument_id)!;
    const remaining = order.quantity - order.filled;
    if (!isOpen(order)) problems.push(`order ${order.order_id} is kept open but is ${order.status}`);
    if (order.filled < 0 || remaining <= 0)
      problems.push(`order ${order.order_id}: filled ${order.filled} of ${order.quantity}`);
    if (!state.books.get(order.market_id)!.get(order.order_id))
      problems.push(`open order ${order.order_id} is not in its book`);
    const fee = Math.max(instrument.market.maker_fee_bps, instrument.market.taker_fee_bps);
    const needed =
      order.side === 'buy'
        ? buyHold(order.price_ticks!, remaining, instrument.market.tick_micros, fee)
        : remaining;
    if (order.hold !== needed) problems.push(`order ${order.order_id} holds ${order.hold}, needs ${needed}`);
    if (order.side === 'buy')
      usdHeld.set(order.participant_id, (usdHeld.get(order.participant_id) ?? 0) + order.hold);
    else {
      const key = unitKey(order.participant_id, order.instrument_id);
      unitsHeld.set(key, (unitsHeld.get(key) ?? 0) + order.hold);
    }
  }

  let usdTotal = 0;
  for (const [id, balance] of state.usd) {
    usdTotal += balance.total;
    if (balance.total < 0 || balance.locked < 0 || balance.locked > balance.total) {
      problems.push(`USD of ${id} is impossible: total ${balance.total}, locked ${balance.locked}`);
    }
    if (balance.locked !== (usdHeld.get(id) ?? 0)) {
      problems.push(
        `USD locked for ${id} is ${balance.locked}, open buy orders hold ${usdHeld.get(id) ?? 0}`,
      );
    }
  }
  if (usdTotal !== state.usdSupply)
    problems.push(`USD not conserved: balances sum to ${usdTotal}, deposits net ${state.usdSupply}`);

  const unitsTotal = new Map<string, number>();
  for (const [key, balance] of state.units) {
    const instrumentId = key.split('\u0000')[1]!;
    unitsTotal.set(instrumentId, (unitsTotal.get(instrumentId) ?? 0) + balance.total);
    if (balance.total < 0 || balance.locked < 0 || balance.locked > balance.total) {
      problems.push(`Units ${key} impossible: total ${balance.total}, locked ${balance.locked}`);
    }
    if (balance.locked !== (unitsHeld.get(key) ?? 0)) {
      problems.push(
        `Units locked ${key} is ${balance.locked}, open sell orders hold ${unitsHeld.get(key) ?? 0}`,
      );
    }
  }
  for (const instrumentId of new Set([...unitsTotal.keys(), ...state.unitsIssued.keys()])) {
    const held = unitsTotal.get(instrumentId) ?? 0;
    const issued = state.unitsIssued.get(instrumentId) ?? 0;
    if (held !== issued)
      problems.push(`Units of ${instrumentId} not conserved: held ${held}, issued ${issued}`);
  }
  return problems;
}
