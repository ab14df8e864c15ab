import type { PlaceOrder } from './commands';
import type { OrderBook } from './matching/order-book';
import type { PlaceInput, Rejection as BookRejection } from './matching/types';
import { DEFAULT_STP } from './matching/types';
import { reject, type Rejection } from './rejections';

/** The book's own numbered reason (101–204) travels with the exchange's invalid_order rejection. */
export const bookRejection = (result: BookRejection): Rejection => ({
  ...reject('invalid_order', result.reason),
  code: result.code,
});

/** What the book is asked to place for a command (its slippage cap and budget worked out by the caller). */
export function bookInput(
  command: Omit<PlaceOrder, 'type' | 'order_id'> & { order_id: string },
  limitTicks: number | undefined,
  budget: number | undefined,
): PlaceInput {
  return {
    id: command.order_id,
    account: command.participant_id,
    side: command.side,
    type: command.order_type,
    ...(command.price_ticks !== undefined && { priceTicks: command.price_ticks }),
    qty: command.quantity,
    tif: command.tif,
    // Written out the same however the command said it, so a restored stop equals the one placed.
    ...(command.post_only === true && { postOnly: true }),
    stp: command.stp ?? DEFAULT_STP,
    ...(limitTicks !== undefined && { limitTicks }),
    ...(budget !== undefined && { budget }),
  };
}

/** The worst price an order with `max_slippage_ticks` may trade at, if the book has a price to count from. */
export function slippageCap(book: OrderBook, command: PlaceOrder): number | undefined {
  if (command.max_slippage_ticks === undefined) return undefined;
  // A stop order's slippage counts from its stop price: its hold is known when it is placed.
  const best = command.stop_price_ticks ?? (command.side === 'buy' ? book.bestAsk() : book.bestBid());
  if (best === undefined) return undefined;
  return command.side === 'buy'
    ? best + command.max_slippage_ticks
    : Math.max(1, best - command.max_slippage_ticks);
}
