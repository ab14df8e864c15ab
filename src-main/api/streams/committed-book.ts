import type { Side } from '../../engine/matching/types';
import { isOpen, type Order } from '../../engine/orders';

interface Resting {
  side: Side;
  price: number;
  remaining: number;
}

interface Level {
  quantity: number;
  orders: number;
}

/** The price levels of each side whose totals a batch of order changes touched. */
export interface BookTouch {
  bids: Set<number>;
  asks: Set<number>;
  halted?: boolean;
}

/** A level as the streams publish it: [priceTicks, quantity, orders]. */
export type TickLevel = [price: number, quantity: number, orders: number];

/**
 * One market's book as the streams publish it: level totals kept from the order changes of each commit.
 * Not the engine's book: that one runs ahead of what is durable (commands execute while their batch
 * commits), and a stream must never show an order that a crash could still take back. So a snapshot and
 * the deltas after it describe exactly the committed book.
 */
export class CommittedBook {
  private readonly orders = new Map<string, Resting>();
  private readonly bids = new Map<number, Level>();
  private readonly asks = new Map<number, Level>();
  halted = false;

  /** Applies an order's state after a command, noting the levels whose totals changed. Idempotent. */
  apply(order: Order, touch: BookTouch): void {
    const before = this.orders.get(order.order_id);
    const remaining = order.quantity - order.filled;
    const after: Resting | null =
      isOpen(order) && order.price_ticks !== null && remaining > 0
        ? { side: order.side, price: order.price_ticks, remaining }
        : null;
    if (
      before &&
      after &&
      before.side === after.side &&
      before.price === after.price &&
      before.remaining === after.remaining
    ) {
      return;
    }
    if (before) {
      this.add(before, -1);
      this.orders.delete(order.order_id);
      (before.side === 'buy' ? touch.bids : touch.asks).add(before.price);
    }
    if (after) {
      this.add(after, 1);
      this.orders.set(order.order_id, after);
      (after.side === 'buy' ? touch.bids : touch.asks).add(after.price);
    }
  }

  /** The levels at these prices, best first (quantity 0 = gone). */
  levelsAt(side: Side, prices: Set<number>): TickLevel[] {
    const ladder = side === 'buy' ? this.bids : this.asks;
    return [...prices].sort(bestFirst(side)).map((price) => {
      const level = ladder.get(price);
      return [price, level?.quantity ?? 0, level?.orders ?? 0];
    });
  }

  /** The best `depth` levels, best first. */
  levels(side: Side, depth = Number.MAX_SAFE_INTEGER): TickLevel[] {
    const ladder = side === 'buy' ? this.bids : this.asks;
    return [...ladder.entries()]
      .sort(([a], [b]) => bestFirst(side)(a, b))
      .slice(0, depth)
      .map(([price, level]) => [price, level.quantity, level.orders]);
  }

  private add(order: Resting, sign: 1 | -1): void {
    const ladder = order.side === 'buy' ? this.bids : this.asks;
    const level = ladder.get(order.price) ?? { quantity: 0, orders: 0 };
    level.quantity += sign * order.remaining;
    level.orders += sign;
    if (level.orders === 0) ladder.delete(order.price);
    else ladder.set(order.price, level);
  }
}

const bestFirst = (side: Side) => (a: number, b: number) => (side === 'buy' ? b - a : a - b);
