// Shared vocabulary of the matching engine. Both books (the fast `OrderBook` and the naive
// `ReferenceBook`) implement `MatchingBook`, so tests can run them side by side.
//
// Units of measure: prices are integer ticks of the market's tick size, quantities are whole Units,
// a `budget` is in tick-Units (sum of priceTicks * qty). No floats anywhere.

export type Side = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
export type TimeInForce = 'gtc' | 'ioc' | 'fok';

/** Self-trade prevention: what happens when a taker meets a resting order of its own account. */
export type StpMode =
  /** Default. Stop matching and cancel the taker's remainder; the resting order is untouched. */
  | 'cancel_taker'
  /** Cancel the resting order and keep matching. */
  | 'cancel_maker'
  /** Cancel the resting order and the taker's remainder. */
  | 'cancel_both'
  /** Reduce both orders' quantity by the smaller remaining (no trade); cancel whichever reaches 0. */
  | 'decrement_and_cancel';

export const STP_MODES: readonly StpMode[] = [
  'cancel_taker',
  'cancel_maker',
  'cancel_both',
  'decrement_and_cancel',
];
export const DEFAULT_STP: StpMode = 'cancel_taker';

/**
 * `open` / `partially_filled` are the live (resting) states; the rest are terminal.
 * `expired` is reserved for time-based expiry decided outside the engine (e.g. a `day` TIF); the engine
 * itself closes orders as `filled`, `cancelled` (with a closure reason) or `rejected` (post-only).
 */
export type OrderStatus =
  | 'open'
  | 'partially_filled'
  | 'filled'
  | 'cancelled'
  | 'rejected'
  | 'expired'
  /** A stop order waiting off-book for the last trade price to reach its stop price. */
  | 'pending';

/** Why an order closed without filling completely. Present on every terminal event except `filled`. */
export type ClosureReason =
  /** Cancelled by its owner (`cancel`, `cancelAll`). */
  | 'cancelled'
  /** Market order: the opposite side ran out after some fills. */
  | 'partially_filled_no_liquidity'
  /** Market order: the opposite side was empty. */
  | 'no_fill_no_liquidity'
  /** The next opposite price was beyond `limitTicks` (within the order's own limit price) after some fills. */
  | 'partially_filled_max_slippage'
  /** As above, before any fill. */
  | 'no_fill_max_slippage'
  /** Self-trade prevention cancelled this order (as taker or as maker), or decremented it to zero. */
  | 'self_trade_prevented'
  /** Post-only order would have taken liquidity; status `rejected`, nothing happened. */
  | 'post_only_would_take'
  /** Fill-or-kill order could not be filled entirely at arrival; nothing happened. */
  | 'fok_not_fillable'
  /** Limit IOC: the unfilled remainder (nothing left at acceptable prices) was cancelled. */
  | 'ioc_remainder_cancelled'
  /** Buy with a `budget`: the next fill would exceed it, after some fills. */
  | 'partially_filled_budget_exhausted'
  /** As above, before any fill. */
  | 'no_fill_budget_exhausted'
  /** A sweep moved the Units this sell order held to consumption (set by the exchange, not the book). */
  | 'swept'
  /** Its owner was suspended (set by the exchange, not the book). */
  | 'suspended';

export interface PlaceInput {
  id: string;
  account: string;
  side: Side;
  type: OrderType;
  /** Limit price in ticks; required for limit orders, forbidden for market orders. */
  priceTicks?: number;
  /** Whole Units, ≥ 1. */
  qty: number;
  tif: TimeInForce;
  /** Only with limit + gtc: rejected (status `rejected`) instead of taking liquidity. */
  postOnly?: boolean;
  /** Defaults to `cancel_taker`. */
  stp?: StpMode;
  /**
   * Max-slippage cap computed by the caller: the worst price this order may trade at as a taker
   * (highest for a buy, lowest for a sell). Looser than a limit order's own price it has no effect.
   * Applies at arrival only.
   */
  limitTicks?: number;
  /**
   * Buy takers only: maximum sum of priceTicks * qty over this order's taker fills. Matching fills the
   * largest affordable whole quantity, then stops. Applies at arrival only; a resting remainder is not
   * limited by it.
   */
  budget?: number;
  /**
   * Stop price in ticks: the order waits off-book (status `pending`) until the last trade price reaches
   * it (a buy when last ≥ stop, a sell when last ≤ stop; at once if it already has), then enters as
   * the market or limit order it describes, with its tif, limitTicks and budget. Not with postOnly.
   */
  stopTicks?: number;
}

export interface AmendInput {
  priceTicks?: number;
  /** New total quantity (filled + remaining); must exceed the quantity already filled. */
  qty?: number;
}

export interface TradeEvent {
  type: 'trade';
  makerId: string;
  takerId: string;
  makerAccount: string;
  takerAccount: string;
  priceTicks: number;
  qty: number;
  takerSide: Side;
}

/** State of one order after it changed. Always `filled + remaining = qty` (the order's current quantity). */
export interface OrderEvent {
  type: 'order';
  id: string;
  status: OrderStatus;
  filled: number;
  remaining: number;
  closure?: ClosureReason;
}

/**
 * A pending stop order was triggered by the last trade price: the events that follow (until the next
 * trigger) are its execution. Triggered stops run in the order they triggered, then in arrival order.
 */
export interface TriggerEvent {
  type: 'triggered';
  id: string;
  lastPriceTicks: number;
}

export type BookEvent = TradeEvent | OrderEvent | TriggerEvent;

export interface Rejection {
  ok: false;
  code: RejectCode;
  reason: string;
}

export interface Accepted {
  ok: true;
  /**
   * In the order they happened: trades interleaved with the maker updates they caused, the subject
   * order's own event last; then, for each stop order this triggered (cascades included), a
   * `triggered` event followed by that order's execution in the same form.
   */
  events: BookEvent[];
}

export type PlaceResult = Accepted | Rejection;
export type CancelResult = Accepted | Rejection;
export type AmendResult = Accepted | Rejection;

export interface CancelAllResult {
  /** Cancelled order ids: resting orders in time-priority (arrival) order, then pending stops in arrival order. */
  ids: string[];
  events: OrderEvent[];
}

/** [priceTicks, total remaining qty, order count] */
export type DepthLevel = [number, number, number];

export interface Depth {
  /** Best (highest) first. */
  bids: DepthLevel[];
  /** Best (lowest) first. */
  asks: DepthLevel[];
}

/** Snapshot of a resting order. */
export interface OrderView {
  id: string;
  account: string;
  side: Side;
  priceTicks: number;
  qty: number;
  filled: number;
  remaining: number;
  status: 'open' | 'partially_filled';
  postOnly: boolean;
  stp: StpMode;
}

/** A pending stop order, as placed. */
export type StopView = PlaceInput & { stopTicks: number };

/** One market's order book. Only resting orders are remembered: ids of finished orders may be reused. */
export interface MatchingBook {
  place(input: PlaceInput): PlaceResult;
  cancel(id: string): CancelResult;
  /**
   * Same price and a qty no larger: changed in place, keeping time priority. Any other change
   * (new price, larger qty) takes the order out and brings it back as a limit GTC taker at the new
   * price, so an amend that crosses trades at once (the arrival-only limitTicks and budget no longer
   * apply); its remainder rests at the back of its level. A post-only order's amend that would take
   * is rejected and the order stays as it was.
   */
  amend(id: string, change: AmendInput): AmendResult;
  /** Cancels every resting order (of `account`, if given). */
  cancelAll(account?: string): CancelAllResult;
  depth(levels: number): Depth;
  get(id: string): OrderView | undefined;
  /** Resting orders (of `account`, if given) in time-priority (arrival) order. */
  openOrders(account?: string): OrderView[];
  /** Pending stop orders (of `account`, if given) in arrival order. */
  pendingStops(account?: string): StopView[];
  /** The price of the last trade in this book, if any (what stop orders trigger on). */
  lastPrice(): number | undefined;
  bestBid(): number | undefined;
  bestAsk(): number | undefined;
}

/** Numbered reasons for refusing a command. Stable: callers may persist and map them. */
export const RejectCode = {
  INVALID_ID: 101,
  INVALID_ACCOUNT: 102,
  INVALID_SIDE: 103,
  INVALID_TYPE: 104,
  INVALID_TIF: 105,
  INVALID_QTY: 106,
  MISSING_PRICE: 107,
  INVALID_PRICE: 108,
  PRICE_ON_MARKET: 109,
  DUPLICATE_ID: 110,
  POST_ONLY_MARKET: 111,
  POST_ONLY_NOT_GTC: 112,
  MARKET_GTC: 113,
  INVALID_STP: 114,
  INVALID_LIMIT_TICKS: 115,
  INVALID_BUDGET: 116,
  BUDGET_ON_SELL: 117,
  INVALID_POST_ONLY: 118,
  INVALID_STOP_PRICE: 119,
  STOP_POST_ONLY: 120,
  UNKNOWN_ORDER: 201,
  AMEND_NOTHING: 202,
  AMEND_QTY_NOT_ABOVE_FILLED: 203,
  AMEND_POST_ONLY_WOULD_TAKE: 204,
  AMEND_PENDING_STOP: 205,
} as const;
export type RejectCode = (typeof RejectCode)[keyof typeof RejectCode];

/**
 * Bounds that keep money exact in doubles: a notional priceTicks * qty is at most 1e12 tick-Units,
 * which is at most 1e15 micro-USD at the default $0.001 tick (1,000 micro-USD per tick), safely
 * below Number.MAX_SAFE_INTEGER (≈ 9.007e15). At $0.001 the price cap is $1,000 per Unit.
 */
export const MAX_PRICE_TICKS = 1_000_000;
export const MAX_QTY = 1_000_000;
export const MAX_BUDGET = Number.MAX_SAFE_INTEGER;
