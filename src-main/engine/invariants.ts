import { buyHold } from './fees';
import { isLive, unitKey } from './orders';
import type { ExchangeState } from './state';
import { owedTokens, TOKENS_PER_UNIT } from './lifecycle-types';

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
    const last = book.lastPrice();
    for (const stop of book.pendingStops()) {
      const order = state.orders.get(stop.id);
      if (order?.status !== 'pending' || order.stop_price_ticks !== stop.stopTicks)
        problems.push(`book ${marketId} holds stop ${stop.id}, which the exchange does not know as pending`);
      if (last !== undefined && (stop.side === 'buy' ? last >= stop.stopTicks : last <= stop.stopTicks))
        problems.push(`stop ${stop.id} is still pending although the last trade (${last}) reached it`);
    }
  }

  for (const order of state.orders.values()) {
    const instrument = state.instruments.get(order.instrument_id)!;
    const remaining = order.quantity - order.filled;
    if (!isLive(order)) problems.push(`order ${order.order_id} is kept open but is ${order.status}`);
    if (order.filled < 0 || remaining <= 0)
      problems.push(`order ${order.order_id}: filled ${order.filled} of ${order.quantity}`);
    const book = state.books.get(order.market_id)!;
    const inBook =
      order.status === 'pending'
        ? book.pendingStops(order.participant_id).some((stop) => stop.id === order.order_id)
        : book.get(order.order_id) !== undefined;
    if (!inBook) problems.push(`open order ${order.order_id} is not in its book`);
    const fee = Math.max(instrument.market.maker_fee_bps, instrument.market.taker_fee_bps);
    // A pending stop holds what it reserved at placement (a stop-market buy: its budget), never less.
    const needed =
      order.status === 'pending' && order.price_ticks === null
        ? order.hold
        : order.side === 'buy'
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
    if (!Number.isSafeInteger(balance.total) || !Number.isSafeInteger(balance.locked))
      problems.push(
        `USD of ${id} is beyond exact micro-dollars: total ${balance.total}, locked ${balance.locked}`,
      );
    if (balance.locked !== (usdHeld.get(id) ?? 0)) {
      problems.push(
        `USD locked for ${id} is ${balance.locked}, open buy orders hold ${usdHeld.get(id) ?? 0}`,
      );
    }
  }
  if (!Number.isSafeInteger(usdTotal) || !Number.isSafeInteger(state.usdSupply))
    problems.push(`USD in the exchange (${usdTotal}) is beyond exact micro-dollars`);
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
  for (const [key, units] of state.issuance) {
    const instrumentId = key.split('\u0000')[1]!;
    if (units < 0) problems.push(`Issuance account ${key} is negative: ${units}`);
    unitsTotal.set(instrumentId, (unitsTotal.get(instrumentId) ?? 0) + units);
  }
  for (const [instrumentId, units] of state.unitsConsumed) {
    unitsTotal.set(instrumentId, (unitsTotal.get(instrumentId) ?? 0) + units);
  }
  for (const instrumentId of new Set([...unitsTotal.keys(), ...state.unitsIssued.keys()])) {
    const held = unitsTotal.get(instrumentId) ?? 0;
    const issued = state.unitsIssued.get(instrumentId) ?? 0;
    if (held !== issued)
      problems.push(
        `Units of ${instrumentId} not conserved: issuance + trading + consumed = ${held}, issued ${issued}`,
      );
  }
  problems.push(...lifecycleProblems(state));
  for (const r of state.reservations.values()) {
    const key = state.consumptionKeys.get(r.key_id);
    if (!Number.isInteger(r.tokens) || r.tokens < 1)
      problems.push(`reservation ${r.reservation_id} holds ${r.tokens}`);
    if (!key || key.participant_id !== r.participant_id)
      problems.push(`reservation ${r.reservation_id} is not held under its participant's key`);
  }
  return problems;
}

/**
 * The life of a Unit: provenance sums to each Trading account; Lots never go negative and account for
 * every token (remaining + delivered + expired = total, funding remaining = Lot remaining); tokens that
 * entered consumption = remaining + delivered + expired over all Lots; and each supplier's outstanding
 * liability (sold × 1e6 − delivered − expired) equals what others still hold of its Units.
 */
function lifecycleProblems(state: ExchangeState): string[] {
  const problems: string[] = [];
  const outstanding = new Map<string, number>();
  const addOutstanding = (supplierId: string, instrumentId: string, tokens: number) => {
    const key = unitKey(supplierId, instrumentId);
    outstanding.set(key, (outstanding.get(key) ?? 0) + tokens);
  };
  for (const [key, balance] of state.units) {
    const chunks = state.provenance.get(key) ?? [];
    const sum = chunks.reduce((n, c) => n + c.units, 0);
    if (sum !== balance.total)
      problems.push(`provenance of ${key} sums to ${sum}, the account holds ${balance.total}`);
    const [holder, instrumentId] = key.split('\u0000') as [string, string];
    for (const chunk of chunks) {
      if (chunk.units <= 0) problems.push(`provenance of ${key} has an empty chunk`);
      if (chunk.trade_id === null && chunk.supplier_id !== holder)
        problems.push(`provenance of ${key}: inventory of ${chunk.supplier_id} without a trade`);
      if (chunk.trade_id !== null)
        addOutstanding(chunk.supplier_id, instrumentId, chunk.units * TOKENS_PER_UNIT);
    }
  }
  for (const key of state.provenance.keys()) {
    if (!state.units.has(key) && (state.provenance.get(key) ?? []).length > 0)
      problems.push(`provenance of ${key} without a Trading account`);
  }
  const remaining = new Map<string, number>();
  for (const lot of state.lots.values()) {
    if (lot.tokens_remaining <= 0)
      problems.push(`Lot ${lot.lot_id} kept live with ${lot.tokens_remaining} tokens`);
    if (lot.tokens_delivered < 0 || lot.tokens_expired < 0)
      problems.push(`Lot ${lot.lot_id} has negative delivered or expired tokens`);
    if (lot.tokens_total !== lot.tokens_remaining + lot.tokens_delivered + lot.tokens_expired)
      problems.push(`Lot ${lot.lot_id}: total ${lot.tokens_total} ≠ remaining + delivered + expired`);
    let funded = 0;
    for (const f of lot.funding) {
      if (f.tokens_remaining < 0 || f.tokens_remaining > f.tokens)
        problems.push(`Lot ${lot.lot_id}: funding of ${f.trade_id} has ${f.tokens_remaining} of ${f.tokens}`);
      funded += f.tokens_remaining;
      addOutstanding(f.supplier_id, lot.instrument_id, f.tokens_remaining);
    }
    if (funded !== lot.tokens_remaining)
      problems.push(`Lot ${lot.lot_id}: funding has ${funded} tokens left, the Lot ${lot.tokens_remaining}`);
    remaining.set(lot.instrument_id, (remaining.get(lot.instrument_id) ?? 0) + lot.tokens_remaining);
  }
  const used = new Map<string, number>();
  for (const [key, liability] of state.liability) {
    const instrumentId = key.split('\u0000')[1]!;
    const { units_sold, units_self_consumed, tokens_delivered, tokens_expired } = liability;
    if (units_sold < 0 || units_self_consumed < 0 || tokens_delivered < 0 || tokens_expired < 0)
      problems.push(`liability ${key} has a negative count`);
    const owed = owedTokens(liability);
    if (owed !== (outstanding.get(key) ?? 0))
      problems.push(
        `liability ${key}: sold − delivered − expired = ${owed}, outstanding held ${outstanding.get(key) ?? 0}`,
      );
    used.set(instrumentId, (used.get(instrumentId) ?? 0) + tokens_delivered + tokens_expired);
  }
  for (const key of outstanding.keys()) {
    if ((outstanding.get(key) ?? 0) !== 0 && !state.liability.has(key))
      problems.push(`Units of ${key} are outstanding with no liability recorded`);
  }
  for (const instrumentId of new Set([...state.unitsConsumed.keys(), ...remaining.keys(), ...used.keys()])) {
    const moved = (state.unitsConsumed.get(instrumentId) ?? 0) * TOKENS_PER_UNIT;
    const accounted = (remaining.get(instrumentId) ?? 0) + (used.get(instrumentId) ?? 0);
    if (moved !== accounted)
      problems.push(
        `tokens of ${instrumentId} not conserved: ${moved} entered consumption, ${accounted} accounted for`,
      );
  }
  return problems;
}
