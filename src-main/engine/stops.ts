import { bookInput } from './book-input';
import type { ChangeLog } from './change-log';
import type { CommandContext, PlaceOrder } from './commands';
import { budgetTicks, maxFeeBps } from './fees';
import type { Instrument } from './instruments';
import type { StopView } from './matching/types';
import type { Order } from './orders';
import { reject, type Rejection } from './rejections';
import type { ExchangeState } from './state';

/**
 * Stop orders: the book keeps them pending and triggers them (cascades included); the exchange decides
 * what one holds while it waits, where a triggered one queues, and how a pending one is rebuilt.
 */

/** A stop buy at market must cap its price, or it would hold every available dollar while it waits. */
export function refuseUncappedStopBuy(command: PlaceOrder): Rejection | undefined {
  if (
    command.side === 'buy' &&
    command.stop_price_ticks !== undefined &&
    command.order_type === 'market' &&
    command.max_slippage_ticks === undefined
  )
    return reject(
      'stop_buy_needs_cap',
      'a stop buy at market needs max_slippage_ticks (how far above its stop price it may pay), so its hold is known; or place a stop_limit',
    );
  return undefined;
}

/** A stop order enters its book now: it queues behind what this command queued before it. */
export function queueTriggered(
  state: ExchangeState,
  orderId: string,
  rank: number,
  ctx: CommandContext,
  log: ChangeLog,
): void {
  const order = state.orders.get(orderId)!;
  order.queue_seq = ctx.seq;
  order.queue_rank = rank;
  order.updated_at = ctx.time;
  log.orderTouched(order);
}

/**
 * A pending stop order as its book holds it, rebuilt from the order (after a restart): its cap is kept,
 * and a stop-market buy's budget is what its hold buys, as when it was placed.
 */
export function stopInput(order: Order, instrument: Instrument): StopView {
  const isMarketBuy = order.side === 'buy' && order.type === 'market';
  const budget = isMarketBuy
    ? budgetTicks(order.hold, instrument.market.tick_micros, maxFeeBps(instrument))
    : undefined;
  return {
    ...bookInput(
      {
        order_id: order.order_id,
        participant_id: order.participant_id,
        market_id: order.market_id,
        side: order.side,
        order_type: order.type,
        quantity: order.quantity,
        ...(order.price_ticks !== null && { price_ticks: order.price_ticks }),
        tif: order.tif,
        ...(order.post_only && { post_only: true }),
        stp: order.stp,
      },
      order.stop_cap_ticks ?? undefined,
      budget,
    ),
    stopTicks: order.stop_price_ticks!,
  };
}
