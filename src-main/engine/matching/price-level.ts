// One price level of the fast book: a FIFO of resting orders kept as an intrusive doubly linked list,
// so appending, unlinking any order (cancel) and popping the head are all O(1) without allocation.

import type { Side, StpMode } from './types';

export class RestingOrder {
  /** Current total quantity (amend and self-trade decrement change it); filled + remaining = qty. */
  qty: number;
  filled = 0;
  prev: RestingOrder | null = null;
  next: RestingOrder | null = null;
  /** The level this order is queued at; null while it is not in the book. */
  level: PriceLevel | null = null;

  constructor(
    readonly id: string,
    readonly account: string,
    readonly side: Side,
    public priceTicks: number,
    qty: number,
    readonly postOnly: boolean,
    readonly stp: StpMode,
  ) {
    this.qty = qty;
  }

  get remaining(): number {
    return this.qty - this.filled;
  }
}

export class PriceLevel {
  head: RestingOrder | null = null;
  tail: RestingOrder | null = null;
  /** Sum of the queued orders' remaining quantity. */
  totalQty = 0;
  count = 0;

  constructor(readonly priceTicks: number) {}

  append(order: RestingOrder): void {
    order.level = this;
    order.prev = this.tail;
    order.next = null;
    if (this.tail) this.tail.next = order;
    else this.head = order;
    this.tail = order;
    this.totalQty += order.remaining;
    this.count += 1;
  }

  unlink(order: RestingOrder): void {
    if (order.prev) order.prev.next = order.next;
    else this.head = order.next;
    if (order.next) order.next.prev = order.prev;
    else this.tail = order.prev;
    this.totalQty -= order.remaining;
    this.count -= 1;
    order.prev = order.next = order.level = null;
  }

  get isEmpty(): boolean {
    return this.head === null;
  }
}
