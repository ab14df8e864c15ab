// The fast order book of one market: price-time priority over two `PriceLadder`s of FIFO levels,
// resting orders found by id in a Map (cancel is O(1)). Semantics are specified by `ReferenceBook`,
// which this class must match event for event; the comments on `MatchingBook` and the types explain
// each rule.

import { liveStatus, orderEvent, reject } from './events';
import { PriceLadder } from './price-ladder';
import { type PriceLevel, RestingOrder } from './price-level';
import {
  DEFAULT_STP,
  MAX_PRICE_TICKS,
  RejectCode,
  type AmendInput,
  type AmendResult,
  type BookEvent,
  type CancelAllResult,
  type CancelResult,
  type ClosureReason,
  type Depth,
  type DepthLevel,
  type MatchingBook,
  type OrderEvent,
  type OrderView,
  type PlaceInput,
  type PlaceResult,
  type StopView,
} from './types';
import { pendingStopAmend, stopReached, unknownOrder, validateAmend, validatePlace } from './validation';

/** Why matching stopped. */
type Stop = 'filled' | 'no_liquidity' | 'price' | 'slippage' | 'budget' | 'self_trade';

/** Price bounds meaning "no limit": every valid price is ≤ the buy one and ≥ the sell one. */
const NO_BUY_LIMIT = MAX_PRICE_TICKS;
const NO_SELL_LIMIT = 1;

export class OrderBook implements MatchingBook {
  private readonly orders = new Map<string, RestingOrder>();
  private readonly bids = new PriceLadder(true);
  private readonly asks = new PriceLadder(false);
  /** Pending stop orders in arrival order. */
  private readonly stops = new Map<string, StopView>();
  /** The last trade's price: what stops trigger on. */
  private last: number | undefined;
  private readonly isKnown = (id: string): boolean => this.orders.has(id) || this.stops.has(id);

  place(input: PlaceInput): PlaceResult {
    const problem = validatePlace(input, this.isKnown);
    if (problem !== undefined) return problem;
    const events: BookEvent[] = [];
    if (input.stopTicks !== undefined) {
      this.stops.set(input.id, { ...input, stopTicks: input.stopTicks });
      events.push(orderEvent(input.id, 'pending', 0, input.qty));
    } else {
      this.execute(input, events);
    }
    this.runTriggeredStops(events);
    return { ok: true, events };
  }

  /** Matches (and maybe rests) a validated order, appending its events; the order's own event last. */
  private execute(input: PlaceInput, events: BookEvent[]): void {
    const isBuy = input.side === 'buy';
    const isMarket = input.type === 'market';
    const noLimit = isBuy ? NO_BUY_LIMIT : NO_SELL_LIMIT;
    const priceBound = isMarket ? noLimit : (input.priceTicks as number);
    const capBound = input.limitTicks ?? noLimit;
    const order = new RestingOrder(
      input.id,
      input.account,
      input.side,
      priceBound,
      input.qty,
      input.postOnly === true,
      input.stp ?? DEFAULT_STP,
    );

    if (order.postOnly) {
      if (this.wouldTake(isBuy, priceBound)) {
        events.push(orderEvent(order.id, 'rejected', 0, order.qty, 'post_only_would_take'));
        return;
      }
      this.rest(order);
      events.push(orderEvent(order.id, 'open', 0, order.qty));
      return;
    }
    if (input.tif === 'fok' && !this.canFillEntirely(order, priceBound, capBound, input.budget)) {
      events.push(orderEvent(order.id, 'cancelled', 0, order.qty, 'fok_not_fillable'));
      return;
    }
    const stop = this.take(order, priceBound, capBound, input.budget, events);
    events.push(this.settle(order, stop, isMarket, input.tif === 'gtc'));
  }

  /**
   * Runs every stop the last trade price has reached, and those their trades reach in turn: in the
   * order they triggered, and those triggered by the same price in arrival order.
   */
  private runTriggeredStops(events: BookEvent[]): void {
    const queue: StopView[] = [];
    for (;;) {
      if (this.stops.size > 0) {
        for (const stop of this.stops.values()) {
          if (stopReached(stop, this.last)) {
            this.stops.delete(stop.id);
            queue.push(stop);
          }
        }
      }
      const next = queue.shift();
      if (next === undefined) return;
      events.push({ type: 'triggered', id: next.id, lastPriceTicks: this.last as number });
      this.execute(next, events);
    }
  }

  /**
   * Puts back a resting order exactly as it was (after a restart): appended at the back of its level
   * without matching. Restoring a book's orders in their original queue order rebuilds it exactly.
   */
  restore(
    view: Pick<OrderView, 'id' | 'account' | 'side' | 'priceTicks' | 'qty' | 'filled' | 'postOnly' | 'stp'>,
  ): void {
    if (this.orders.has(view.id)) throw new Error(`order ${view.id} is already in the book`);
    const order = new RestingOrder(
      view.id,
      view.account,
      view.side,
      view.priceTicks,
      view.qty,
      view.postOnly,
      view.stp,
    );
    order.filled = view.filled;
    this.rest(order);
  }

  /** Puts back a pending stop order (after a restart); restoring them in arrival order keeps their order. */
  restoreStop(stop: StopView): void {
    if (this.isKnown(stop.id)) throw new Error(`order ${stop.id} is already in the book`);
    this.stops.set(stop.id, { ...stop });
  }

  /** Puts back the last trade price (after a restart). */
  restoreLastPrice(priceTicks: number | undefined): void {
    this.last = priceTicks;
  }

  cancel(id: string): CancelResult {
    const stop = this.stops.get(id);
    if (stop !== undefined) {
      this.stops.delete(id);
      return { ok: true, events: [orderEvent(id, 'cancelled', 0, stop.qty, 'cancelled')] };
    }
    const order = this.orders.get(id);
    if (order === undefined) return unknownOrder(id);
    this.unrest(order);
    return { ok: true, events: [orderEvent(id, 'cancelled', order.filled, order.remaining, 'cancelled')] };
  }

  amend(id: string, change: AmendInput): AmendResult {
    if (this.stops.has(id)) return pendingStopAmend(id);
    const order = this.orders.get(id);
    if (order === undefined) return unknownOrder(id);
    const problem = validateAmend(change, order.filled);
    if (problem !== undefined) return problem;
    const newPrice = change.priceTicks ?? order.priceTicks;
    const newQty = change.qty ?? order.qty;

    if (newPrice === order.priceTicks && newQty <= order.qty) {
      // Shrinking in place keeps time priority.
      (order.level as PriceLevel).totalQty -= order.qty - newQty;
      order.qty = newQty;
      return { ok: true, events: [orderEvent(id, liveStatus(order.filled), order.filled, order.remaining)] };
    }
    const isBuy = order.side === 'buy';
    if (order.postOnly && this.wouldTake(isBuy, newPrice)) {
      return reject(
        RejectCode.AMEND_POST_ONLY_WOULD_TAKE,
        `amending ${id} to that price would take liquidity`,
      );
    }
    // Re-queue: leave the book, then arrive again as a limit GTC taker at the new price.
    this.unrest(order);
    order.priceTicks = newPrice;
    order.qty = newQty;
    const events: BookEvent[] = [];
    const stop = this.take(order, newPrice, isBuy ? NO_BUY_LIMIT : NO_SELL_LIMIT, undefined, events);
    events.push(this.settle(order, stop, false, true));
    this.runTriggeredStops(events);
    return { ok: true, events };
  }

  cancelAll(account?: string): CancelAllResult {
    const doomed: RestingOrder[] = [];
    for (const order of this.orders.values()) {
      if (account === undefined || order.account === account) doomed.push(order);
    }
    const ids: string[] = [];
    const events: OrderEvent[] = [];
    for (const order of doomed) {
      this.unrest(order);
      ids.push(order.id);
      events.push(orderEvent(order.id, 'cancelled', order.filled, order.remaining, 'cancelled'));
    }
    for (const stop of [...this.stops.values()]) {
      if (account !== undefined && stop.account !== account) continue;
      this.stops.delete(stop.id);
      ids.push(stop.id);
      events.push(orderEvent(stop.id, 'cancelled', 0, stop.qty, 'cancelled'));
    }
    return { ids, events };
  }

  depth(levels: number): Depth {
    return { bids: depthOf(this.bids, levels), asks: depthOf(this.asks, levels) };
  }

  get(id: string): OrderView | undefined {
    const order = this.orders.get(id);
    return order === undefined ? undefined : viewOf(order);
  }

  /** How many orders rest in the book (without building their views). */
  get size(): number {
    return this.orders.size;
  }

  openOrders(account?: string): OrderView[] {
    const views: OrderView[] = [];
    // Map iteration order is arrival order: an order is (re-)inserted each time it starts resting.
    for (const order of this.orders.values()) {
      if (account === undefined || order.account === account) views.push(viewOf(order));
    }
    return views;
  }

  pendingStops(account?: string): StopView[] {
    const views: StopView[] = [];
    for (const stop of this.stops.values()) {
      if (account === undefined || stop.account === account) views.push({ ...stop });
    }
    return views;
  }

  lastPrice(): number | undefined {
    return this.last;
  }

  bestBid(): number | undefined {
    return this.bids.best()?.priceTicks;
  }

  bestAsk(): number | undefined {
    return this.asks.best()?.priceTicks;
  }

  // ---- matching ----

  /**
   * Takes liquidity for `taker` from the best opposite level until something stops it, appending
   * trades and maker updates to `events`. `priceBound`/`capBound` are the worst acceptable prices
   * from the order's own price and from its slippage cap.
   */
  private take(
    taker: RestingOrder,
    priceBound: number,
    capBound: number,
    budget: number | undefined,
    events: BookEvent[],
  ): Stop {
    const isBuy = taker.side === 'buy';
    const ladder = isBuy ? this.asks : this.bids;
    let spent = 0;
    for (;;) {
      const left = taker.qty - taker.filled;
      if (left === 0) return 'filled';
      const level = ladder.best();
      if (level === undefined) return 'no_liquidity';
      const price = level.priceTicks;
      if (isBuy ? price > priceBound : price < priceBound) return 'price';
      if (isBuy ? price > capBound : price < capBound) return 'slippage';
      const affordable = budget === undefined ? left : wholeUnits(budget - spent, price);
      if (affordable === 0) return 'budget';
      const maker = level.head as RestingOrder;

      if (maker.account === taker.account) {
        const stp = taker.stp;
        if (stp === 'cancel_taker') return 'self_trade';
        if (stp === 'decrement_and_cancel') {
          const cut = left < maker.remaining ? left : maker.remaining;
          taker.qty -= cut;
          maker.qty -= cut;
          level.totalQty -= cut;
          if (maker.remaining === 0) {
            this.unrest(maker);
            events.push(orderEvent(maker.id, 'cancelled', maker.filled, 0, 'self_trade_prevented'));
          } else {
            events.push(orderEvent(maker.id, liveStatus(maker.filled), maker.filled, maker.remaining));
          }
          if (taker.qty === taker.filled) return 'self_trade';
          continue;
        }
        this.unrest(maker);
        events.push(orderEvent(maker.id, 'cancelled', maker.filled, maker.remaining, 'self_trade_prevented'));
        if (stp === 'cancel_both') return 'self_trade';
        continue;
      }

      const makerLeft = maker.remaining;
      let qty = left < makerLeft ? left : makerLeft;
      if (affordable < qty) qty = affordable;
      taker.filled += qty;
      maker.filled += qty;
      level.totalQty -= qty;
      spent += qty * price;
      this.last = price;
      events.push({
        type: 'trade',
        makerId: maker.id,
        takerId: taker.id,
        makerAccount: maker.account,
        takerAccount: taker.account,
        priceTicks: price,
        qty,
        takerSide: taker.side,
      });
      if (qty === makerLeft) {
        this.unrest(maker);
        events.push(orderEvent(maker.id, 'filled', maker.filled, 0));
      } else {
        events.push(orderEvent(maker.id, 'partially_filled', maker.filled, maker.remaining));
      }
    }
  }

  /** Dry run of `take` for fill-or-kill: would the whole quantity trade? Changes nothing. */
  private canFillEntirely(
    taker: RestingOrder,
    priceBound: number,
    capBound: number,
    budget: number | undefined,
  ): boolean {
    const isBuy = taker.side === 'buy';
    const ladder = isBuy ? this.asks : this.bids;
    let needed = taker.qty;
    let spent = 0;
    for (let rank = 0; rank < ladder.size; rank++) {
      const level = ladder.fromBest(rank) as PriceLevel;
      const price = level.priceTicks;
      if (isBuy ? price > priceBound : price < priceBound) return false;
      if (isBuy ? price > capBound : price < capBound) return false;
      for (let maker = level.head; maker !== null; maker = maker.next) {
        const affordable = budget === undefined ? needed : wholeUnits(budget - spent, price);
        if (affordable === 0) return false;
        if (maker.account === taker.account) {
          // Only cancel_maker lets the taker carry on past its own order (which it would cancel).
          if (taker.stp === 'cancel_maker') continue;
          return false;
        }
        let qty = needed < maker.remaining ? needed : maker.remaining;
        if (affordable < qty) qty = affordable;
        needed -= qty;
        spent += qty * price;
        if (needed === 0) return true;
      }
    }
    return false;
  }

  /** The taker's final event; a GTC limit remainder that stopped at its own price rests. */
  private settle(taker: RestingOrder, stop: Stop, isMarket: boolean, isGtc: boolean): OrderEvent {
    const { id, filled } = taker;
    const remaining = taker.remaining;
    if (stop === 'filled') return orderEvent(id, 'filled', filled, 0);
    let closure: ClosureReason;
    const partially = filled > 0;
    if (stop === 'self_trade') closure = 'self_trade_prevented';
    else if (stop === 'slippage')
      closure = partially ? 'partially_filled_max_slippage' : 'no_fill_max_slippage';
    else if (stop === 'budget')
      closure = partially ? 'partially_filled_budget_exhausted' : 'no_fill_budget_exhausted';
    else if (isMarket) closure = partially ? 'partially_filled_no_liquidity' : 'no_fill_no_liquidity';
    else if (!isGtc) closure = 'ioc_remainder_cancelled';
    else {
      this.rest(taker);
      return orderEvent(id, liveStatus(filled), filled, remaining);
    }
    return orderEvent(id, 'cancelled', filled, remaining, closure);
  }

  // ---- book structure ----

  private wouldTake(isBuy: boolean, priceTicks: number): boolean {
    const best = (isBuy ? this.asks : this.bids).best();
    return best !== undefined && (isBuy ? best.priceTicks <= priceTicks : best.priceTicks >= priceTicks);
  }

  private rest(order: RestingOrder): void {
    (order.side === 'buy' ? this.bids : this.asks).levelAt(order.priceTicks).append(order);
    this.orders.set(order.id, order);
  }

  private unrest(order: RestingOrder): void {
    const level = order.level as PriceLevel;
    level.unlink(order);
    if (level.isEmpty) (order.side === 'buy' ? this.bids : this.asks).remove(level);
    this.orders.delete(order.id);
  }
}

/** Largest whole quantity whose cost at `price` fits in `funds` (exact integer division). */
function wholeUnits(funds: number, price: number): number {
  return (funds - (funds % price)) / price;
}

function depthOf(ladder: PriceLadder, levels: number): DepthLevel[] {
  const result: DepthLevel[] = [];
  for (let rank = 0; rank < levels; rank++) {
    const level = ladder.fromBest(rank);
    if (level === undefined) break;
    result.push([level.priceTicks, level.totalQty, level.count]);
  }
  return result;
}

function viewOf(o: RestingOrder): OrderView {
  return {
    id: o.id,
    account: o.account,
    side: o.side,
    priceTicks: o.priceTicks,
    qty: o.qty,
    filled: o.filled,
    remaining: o.remaining,
    status: liveStatus(o.filled),
    postOnly: o.postOnly,
    stp: o.stp,
  };
}
