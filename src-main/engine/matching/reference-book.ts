// The oracle: a deliberately naive book, written to be obviously correct by reading rather than fast.
// One plain array holds every resting order; priority is recomputed by sorting on every step.
// The fast `OrderBook` must produce exactly the same results for any command stream.

import { liveStatus, orderEvent, reject } from './events';
import {
  DEFAULT_STP,
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
  type Side,
  type StopView,
  type StpMode,
} from './types';
import { pendingStopAmend, stopReached, unknownOrder, validateAmend, validatePlace } from './validation';

interface RefOrder {
  id: string;
  account: string;
  side: Side;
  /** Undefined for a market order (which never rests). */
  priceTicks: number | undefined;
  qty: number;
  filled: number;
  postOnly: boolean;
  stp: StpMode;
  /** Taker-only limits; never used once the order rests. */
  limitTicks: number | undefined;
  budget: number | undefined;
  /** Time priority: a larger number arrived later. */
  arrival: number;
}

/** Why matching stopped. */
type Stop = 'filled' | 'no_liquidity' | 'price' | 'slippage' | 'budget' | 'self_trade';

const remainingOf = (o: RefOrder): number => o.qty - o.filled;

export class ReferenceBook implements MatchingBook {
  private resting: RefOrder[] = [];
  private arrivals = 0;
  private stops: { stop: StopView; arrival: number }[] = [];
  private stopArrivals = 0;
  private last: number | undefined;

  place(input: PlaceInput): PlaceResult {
    const problem = validatePlace(
      input,
      (id) => this.find(id) !== undefined || this.findStop(id) !== undefined,
    );
    if (problem) return problem;
    const events: BookEvent[] = [];
    if (input.stopTicks !== undefined) {
      this.stops.push({ stop: { ...input, stopTicks: input.stopTicks }, arrival: ++this.stopArrivals });
      events.push(orderEvent(input.id, 'pending', 0, input.qty));
    } else {
      events.push(...this.execute(input));
    }
    events.push(...this.triggerCascade());
    return { ok: true, events };
  }

  private execute(input: PlaceInput): BookEvent[] {
    const order: RefOrder = {
      id: input.id,
      account: input.account,
      side: input.side,
      priceTicks: input.priceTicks,
      qty: input.qty,
      filled: 0,
      postOnly: input.postOnly === true,
      stp: input.stp ?? DEFAULT_STP,
      limitTicks: input.limitTicks,
      budget: input.budget,
      arrival: 0,
    };

    if (order.postOnly) {
      if (this.wouldTake(order.side, order.priceTicks)) {
        return [orderEvent(order.id, 'rejected', 0, order.qty, 'post_only_would_take')];
      }
      this.rest(order);
      return [orderEvent(order.id, 'open', 0, order.qty)];
    }
    if (input.tif === 'fok' && !this.canFillEntirely(order)) {
      return [orderEvent(order.id, 'cancelled', 0, order.qty, 'fok_not_fillable')];
    }
    const events: BookEvent[] = [];
    const stop = this.match(order, events);
    events.push(this.settle(order, stop, input.type === 'market', input.tif === 'gtc'));
    return events;
  }

  /**
   * A FIFO of triggered stops: after each order runs, every pending stop the last trade price has
   * reached joins the back of the queue (earliest arrival first); then the queue's head runs.
   */
  private triggerCascade(): BookEvent[] {
    const events: BookEvent[] = [];
    const queue: StopView[] = [];
    for (;;) {
      const reached = this.stops
        .filter((p) => stopReached(p.stop, this.last))
        .sort((a, b) => a.arrival - b.arrival);
      this.stops = this.stops.filter((p) => !reached.includes(p));
      queue.push(...reached.map((p) => p.stop));
      const next = queue.shift();
      if (!next) return events;
      events.push({ type: 'triggered', id: next.id, lastPriceTicks: this.last as number });
      events.push(...this.execute(next));
    }
  }

  cancel(id: string): CancelResult {
    const pending = this.findStop(id);
    if (pending) {
      this.stops = this.stops.filter((p) => p !== pending);
      return { ok: true, events: [orderEvent(id, 'cancelled', 0, pending.stop.qty, 'cancelled')] };
    }
    const order = this.find(id);
    if (!order) return unknownOrder(id);
    this.remove(order);
    return { ok: true, events: [orderEvent(id, 'cancelled', order.filled, remainingOf(order), 'cancelled')] };
  }

  /** See `MatchingBook.amend`: in place, or out of the book and back in as a limit GTC taker. */
  amend(id: string, change: AmendInput): AmendResult {
    if (this.findStop(id)) return pendingStopAmend(id);
    const order = this.find(id);
    if (!order) return unknownOrder(id);
    const problem = validateAmend(change, order.filled);
    if (problem) return problem;
    const newPrice = change.priceTicks ?? (order.priceTicks as number);
    const newQty = change.qty ?? order.qty;

    if (newPrice === order.priceTicks && newQty <= order.qty) {
      order.qty = newQty;
      return {
        ok: true,
        events: [orderEvent(id, liveStatus(order.filled), order.filled, remainingOf(order))],
      };
    }
    if (order.postOnly && this.wouldTake(order.side, newPrice)) {
      return reject(
        RejectCode.AMEND_POST_ONLY_WOULD_TAKE,
        `amending ${id} to that price would take liquidity`,
      );
    }
    this.remove(order);
    order.priceTicks = newPrice;
    order.qty = newQty;
    order.limitTicks = undefined;
    order.budget = undefined;
    const events: BookEvent[] = [];
    const stop = this.match(order, events);
    events.push(this.settle(order, stop, false, true));
    events.push(...this.triggerCascade());
    return { ok: true, events };
  }

  cancelAll(account?: string): CancelAllResult {
    const doomed = this.byArrival(account);
    for (const order of doomed) this.remove(order);
    const stops = this.pendingStops(account);
    this.stops = this.stops.filter((p) => !stops.some((s) => s.id === p.stop.id));
    return {
      ids: [...doomed.map((o) => o.id), ...stops.map((s) => s.id)],
      events: [
        ...doomed.map((o) => orderEvent(o.id, 'cancelled', o.filled, remainingOf(o), 'cancelled')),
        ...stops.map((s) => orderEvent(s.id, 'cancelled', 0, s.qty, 'cancelled')),
      ],
    };
  }

  depth(levels: number): Depth {
    return { bids: this.depthOf('buy', levels), asks: this.depthOf('sell', levels) };
  }

  get(id: string): OrderView | undefined {
    const order = this.find(id);
    return order ? viewOf(order) : undefined;
  }

  openOrders(account?: string): OrderView[] {
    return this.byArrival(account).map(viewOf);
  }

  pendingStops(account?: string): StopView[] {
    return [...this.stops]
      .sort((a, b) => a.arrival - b.arrival)
      .filter((p) => account === undefined || p.stop.account === account)
      .map((p) => ({ ...p.stop }));
  }

  lastPrice(): number | undefined {
    return this.last;
  }

  bestBid(): number | undefined {
    return this.queue('buy')[0]?.priceTicks;
  }

  bestAsk(): number | undefined {
    return this.queue('sell')[0]?.priceTicks;
  }

  // ---- matching ----

  /** Takes liquidity for `taker` until something stops it; appends trades and maker updates to `events`. */
  private match(taker: RefOrder, events: BookEvent[]): Stop {
    let spent = 0;
    for (;;) {
      if (remainingOf(taker) === 0) return 'filled';
      const maker = this.queue(opposite(taker.side))[0];
      if (!maker) return 'no_liquidity';
      const price = maker.priceTicks as number;
      if (!withinLimit(taker.side, price, taker.priceTicks)) return 'price';
      if (!withinLimit(taker.side, price, taker.limitTicks)) return 'slippage';
      const affordable =
        taker.budget === undefined ? remainingOf(taker) : wholeUnits(taker.budget - spent, price);
      if (affordable === 0) return 'budget';

      if (maker.account === taker.account) {
        if (taker.stp === 'cancel_taker') return 'self_trade';
        if (taker.stp === 'cancel_maker' || taker.stp === 'cancel_both') {
          this.remove(maker);
          events.push(
            orderEvent(maker.id, 'cancelled', maker.filled, remainingOf(maker), 'self_trade_prevented'),
          );
          if (taker.stp === 'cancel_both') return 'self_trade';
          continue;
        }
        // decrement_and_cancel: both shrink, nothing trades.
        const cut = Math.min(remainingOf(taker), remainingOf(maker));
        taker.qty -= cut;
        maker.qty -= cut;
        if (remainingOf(maker) === 0) {
          this.remove(maker);
          events.push(orderEvent(maker.id, 'cancelled', maker.filled, 0, 'self_trade_prevented'));
        } else {
          events.push(orderEvent(maker.id, liveStatus(maker.filled), maker.filled, remainingOf(maker)));
        }
        if (remainingOf(taker) === 0) return 'self_trade';
        continue;
      }

      const qty = Math.min(remainingOf(taker), remainingOf(maker), affordable);
      taker.filled += qty;
      maker.filled += qty;
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
      if (remainingOf(maker) === 0) {
        this.remove(maker);
        events.push(orderEvent(maker.id, 'filled', maker.filled, 0));
      } else {
        events.push(orderEvent(maker.id, 'partially_filled', maker.filled, remainingOf(maker)));
      }
    }
  }

  /** Dry run of `match` for fill-or-kill: would the whole quantity trade, changing nothing first? */
  private canFillEntirely(taker: RefOrder): boolean {
    let needed = taker.qty;
    let spent = 0;
    for (const maker of this.queue(opposite(taker.side))) {
      const price = maker.priceTicks as number;
      if (!withinLimit(taker.side, price, taker.priceTicks)) return false;
      if (!withinLimit(taker.side, price, taker.limitTicks)) return false;
      const affordable = taker.budget === undefined ? needed : wholeUnits(taker.budget - spent, price);
      if (affordable === 0) return false;
      if (maker.account === taker.account) {
        // Only cancel_maker lets the taker carry on past its own order (which it would cancel).
        if (taker.stp === 'cancel_maker') continue;
        return false;
      }
      const qty = Math.min(needed, remainingOf(maker), affordable);
      needed -= qty;
      spent += qty * price;
      if (needed === 0) return true;
    }
    return false;
  }

  /** The taker's final event; a GTC limit remainder that stopped at its own price rests. */
  private settle(taker: RefOrder, stop: Stop, isMarket: boolean, isGtc: boolean): OrderEvent {
    const { id, filled } = taker;
    const remaining = remainingOf(taker);
    const cancelled = (closure: ClosureReason): OrderEvent =>
      orderEvent(id, 'cancelled', filled, remaining, closure);
    const partially = filled > 0;
    switch (stop) {
      case 'filled':
        return orderEvent(id, 'filled', filled, 0);
      case 'self_trade':
        return cancelled('self_trade_prevented');
      case 'slippage':
        return cancelled(partially ? 'partially_filled_max_slippage' : 'no_fill_max_slippage');
      case 'budget':
        return cancelled(partially ? 'partially_filled_budget_exhausted' : 'no_fill_budget_exhausted');
      case 'no_liquidity':
      case 'price':
        if (isMarket) return cancelled(partially ? 'partially_filled_no_liquidity' : 'no_fill_no_liquidity');
        if (!isGtc) return cancelled('ioc_remainder_cancelled');
        this.rest(taker);
        return orderEvent(id, liveStatus(filled), filled, remaining);
    }
  }

  // ---- the array ----

  private find(id: string): RefOrder | undefined {
    return this.resting.find((o) => o.id === id);
  }

  private findStop(id: string): { stop: StopView; arrival: number } | undefined {
    return this.stops.find((p) => p.stop.id === id);
  }

  private rest(order: RefOrder): void {
    order.arrival = ++this.arrivals;
    this.resting.push(order);
  }

  private remove(order: RefOrder): void {
    this.resting = this.resting.filter((o) => o !== order);
  }

  /** Resting orders of one side in priority order: best price first, then earliest arrival. */
  private queue(side: Side): RefOrder[] {
    const better = side === 'buy' ? -1 : 1;
    return this.resting
      .filter((o) => o.side === side)
      .sort(
        (a, b) => better * ((a.priceTicks as number) - (b.priceTicks as number)) || a.arrival - b.arrival,
      );
  }

  private byArrival(account: string | undefined): RefOrder[] {
    return this.resting
      .filter((o) => account === undefined || o.account === account)
      .sort((a, b) => a.arrival - b.arrival);
  }

  private wouldTake(side: Side, priceTicks: number | undefined): boolean {
    const best = this.queue(opposite(side))[0];
    return best !== undefined && withinLimit(side, best.priceTicks as number, priceTicks);
  }

  private depthOf(side: Side, levels: number): DepthLevel[] {
    const result: DepthLevel[] = [];
    for (const order of this.queue(side)) {
      const last = result[result.length - 1];
      if (last && last[0] === order.priceTicks) {
        last[1] += remainingOf(order);
        last[2] += 1;
      } else {
        if (!(result.length < levels)) break; // so that a NaN count, like 0, yields no levels
        result.push([order.priceTicks as number, remainingOf(order), 1]);
      }
    }
    return result;
  }
}

function opposite(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}

/** May a `side` order with this limit (none = any price) trade at `price`? */
function withinLimit(side: Side, price: number, limit: number | undefined): boolean {
  if (limit === undefined) return true;
  return side === 'buy' ? price <= limit : price >= limit;
}

/** Largest whole quantity whose cost at `price` fits in `funds` (exact integer division). */
function wholeUnits(funds: number, price: number): number {
  return (funds - (funds % price)) / price;
}

function viewOf(o: RefOrder): OrderView {
  return {
    id: o.id,
    account: o.account,
    side: o.side,
    priceTicks: o.priceTicks as number,
    qty: o.qty,
    filled: o.filled,
    remaining: remainingOf(o),
    status: liveStatus(o.filled),
    postOnly: o.postOnly,
    stp: o.stp,
  };
}
