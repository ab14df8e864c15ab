import type { ClosureReason, OrderStatus, OrderType, Side, StpMode, TimeInForce } from './matching/types';

/** An order as the exchange keeps it: the book's view plus owner, money and history. */
export interface Order {
  order_id: string;
  client_order_id: string | null;
  participant_id: string;
  market_id: string;
  instrument_id: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  post_only: boolean;
  stp: StpMode;
  /** Limit price in ticks; null for market orders. */
  price_ticks: number | null;
  /** Current quantity (an amend or a self-trade decrement changes it); filled + remaining = quantity. */
  quantity: number;
  filled: number;
  status: OrderStatus;
  closure: ClosureReason | null;
  /** Sum of price_ticks × quantity over this order's fills, for its average price. */
  filled_notional_ticks: number;
  /** Fees charged on this order's fills, micro-dollars. */
  fee: number;
  /** What the order holds now: micro-dollars for a buy, Units for a sell. */
  hold: number;
  /** Stop price in ticks of a stop or stop-limit order (pending until the last trade reaches it); else null. */
  stop_price_ticks: number | null;
  /** A stop order's worst trade price once triggered (from its max slippage, counted from the stop); else null. */
  stop_cap_ticks: number | null;
  /** Sequence number of the command that last queued it in the book (restores queue order). */
  queue_seq: number;
  /**
   * Its place among the orders one command queued (0 for the command's own order, n for the nth
   * stop it triggered), so that queue_seq then queue_rank restores the exact queues.
   */
  queue_rank: number;
  created_at: number;
  updated_at: number;
}

/** Resting in its book. */
export const isOpen = (order: Pick<Order, 'status'>) =>
  order.status === 'open' || order.status === 'partially_filled';

/** Open, or a stop order pending its trigger: kept in the engine's state, listed among open orders. */
export const isLive = (order: Pick<Order, 'status'>) => isOpen(order) || order.status === 'pending';

/** The statuses of live orders, for the store's queries. */
export const LIVE_STATUSES = ['open', 'partially_filled', 'pending'] as const;

export interface Trade {
  trade_id: string;
  seq: number;
  market_id: string;
  instrument_id: string;
  price_ticks: number;
  quantity: number;
  maker_order_id: string;
  taker_order_id: string;
  maker_participant_id: string;
  taker_participant_id: string;
  taker_side: Side;
  maker_fee: number;
  taker_fee: number;
  executed_at: number;
}

/** Units of one instrument in a participant's Trading account; `locked` backs open sell orders. */
export interface UnitBalance {
  total: number;
  locked: number;
}

export const unitKey = (participantId: string, instrumentId: string) =>
  `${participantId}\u0000${instrumentId}`;
