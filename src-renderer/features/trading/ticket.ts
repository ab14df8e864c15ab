/**
 * The order ticket's logic, apart from its form: the draft, its validation into a contract body, the
 * cost preview, and the words for what the exchange did with an order. Money is integer micro-dollars.
 */
import type { z } from 'zod';
import { PlaceOrderBody } from '../../../src-preload/contract';
import type {
  BookView,
  InstrumentView,
  OrderView,
  PlaceOrderResult,
  ParticipantView,
} from '../../../src-preload/contract';
import { formatInteger, formatPrice, formatUsd } from '../../lib/format';
import { fieldErrors } from '../../lib/forms';
import type { FieldErrors } from '../../lib/forms';
import type {
  OrderTypeWithStops,
  SelfTradePrevention,
  Side,
  TimeInForce,
} from '../../../src-preload/contract-kit';
import { averagePrice, feeMicros, fromMicros, notionalMicros, toMicros, walkBook } from '../../lib/money';

export type { SelfTradePrevention, Side, TimeInForce } from '../../../src-preload/contract-kit';
/** The ticket's order types: a stop (stop-limit) waits off the book for its trigger, then enters as a market (limit) order. */
export type OrderType = OrderTypeWithStops;

export const selfTradeModes: { value: SelfTradePrevention; label: string }[] = [
  { value: 'cancel_taker', label: 'Cancel taker (this order)' },
  { value: 'cancel_maker', label: 'Cancel maker (my resting order)' },
  { value: 'cancel_both', label: 'Cancel both' },
  { value: 'decrement_and_cancel', label: 'Decrement and cancel' },
];

/** What the ticket's fields hold, as typed. */
export interface TicketDraft {
  side: Side;
  type: OrderType;
  quantity: string;
  price: string;
  /** The trigger of a stop or stop-limit order. */
  stopPrice: string;
  timeInForce: TimeInForce;
  postOnly: boolean;
  maxSlippage: string;
  selfTrade: SelfTradePrevention;
  /** The time in force last chosen for each order type, restored when the user switches back to it. */
  timeInForceByType: Record<OrderType, TimeInForce>;
}

export const initialDraft: TicketDraft = {
  side: 'buy',
  type: 'limit',
  quantity: '',
  price: '',
  stopPrice: '',
  timeInForce: 'gtc',
  postOnly: false,
  maxSlippage: '',
  selfTrade: 'cancel_taker',
  timeInForceByType: { limit: 'gtc', market: 'ioc', stop: 'ioc', stop_limit: 'gtc' },
};

/** Whether the order takes the book at market (once triggered, for a stop): it has no limit price. */
export const atMarket = (type: OrderType) => type === 'market' || type === 'stop';
/** Whether the order waits for the last trade price to reach its stop price. */
export const isStop = (type: OrderType) => type === 'stop' || type === 'stop_limit';

/**
 * Switches the order type, restoring the time in force the user last chose for that type (a limit order
 * must not inherit a market order's IOC and be cancelled at once); a market order cannot rest, so never GTC.
 */
export function withType(draft: TicketDraft, type: OrderType): TicketDraft {
  if (type === draft.type) return draft;
  const remembered = { ...draft.timeInForceByType, [draft.type]: draft.timeInForce };
  const restored = remembered[type];
  return {
    ...draft,
    type,
    postOnly: type === 'limit' ? draft.postOnly : false,
    timeInForce: atMarket(type) && restored === 'gtc' ? 'ioc' : restored,
    timeInForceByType: remembered,
  };
}

/** Post-only applies to an order that rests at once: limit, good till cancelled (a stop enters as a taker). */
export const postOnlyAllowed = (draft: TicketDraft) => draft.type === 'limit' && draft.timeInForce === 'gtc';

/**
 * When a stop triggers, in the product's words: "Triggers when the last trade is at or above $2.000"
 * (a buy) or "at or below" (a sell). Null for an order that is not a stop or has no valid stop price.
 */
export function triggerText(side: Side, stopPrice: string | null): string | null {
  const micros = stopPrice === null ? null : toMicros(stopPrice.trim());
  if (micros === null || micros <= 0n) return null;
  return `Triggers when the last trade is at or ${side === 'buy' ? 'above' : 'below'} ${formatPrice(fromMicros(micros, 3))}`;
}

export type TicketField =
  | 'market_id'
  | 'side'
  | 'type'
  | 'quantity'
  | 'price'
  | 'stop_price'
  | 'time_in_force'
  | 'post_only'
  | 'self_trade_prevention'
  | 'max_slippage_ticks';

export type PlaceOrderInput = z.output<typeof PlaceOrderBody>;

const WHOLE = /^\d+$/;

/** Parses the whole-number fields; "" stays undefined, anything else not a whole number stays as text. */
function wholeNumber(text: string): number | string | undefined {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return undefined;
  return WHOLE.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Why `text` is not a price on a market of tick `tickSize`, or null when it is one. */
function priceRuleError(what: string, text: string, tickSize: string): string | null {
  const micros = toMicros(text);
  const tick = toMicros(tickSize);
  if (micros === null || micros <= 0n) return `${what} must be above zero`;
  if (tick !== null && tick > 0n && micros % tick !== 0n)
    return `${what} must be a multiple of the tick, ${formatPrice(tickSize)}`;
  return null;
}

/**
 * The draft as a `PlaceOrderBody` for `instrument`'s market, or the message for each field that is
 * wrong: the contract's own schema first, then the market's rules (quantity range, tick).
 */
export function validateDraft(
  draft: TicketDraft,
  instrument: InstrumentView,
): { ok: true; body: PlaceOrderInput } | { ok: false; errors: FieldErrors<TicketField> } {
  const errors: FieldErrors<TicketField> = {};
  const quantity = wholeNumber(draft.quantity);
  const slippage = wholeNumber(draft.maxSlippage);
  if (quantity === undefined) errors.quantity = 'Enter a quantity in whole Units';
  else if (typeof quantity === 'string') errors.quantity = 'quantity must be a whole number of Units';
  if (typeof slippage === 'string')
    errors.max_slippage_ticks = 'max slippage must be a whole number of ticks';
  const price = draft.price.trim();
  const stopPrice = draft.stopPrice.trim();
  const limited = !atMarket(draft.type);
  if (limited && price === '') errors.price = 'Enter a limit price in USD per Unit';
  if (isStop(draft.type) && stopPrice === '') errors.stop_price = 'Enter a stop price in USD per Unit';
  // Otherwise a waiting stop buy would hold every available dollar: the exchange refuses it (1045).
  if (draft.type === 'stop' && draft.side === 'buy' && slippage === undefined)
    errors.max_slippage_ticks =
      'A stop buy at market needs a max slippage: how many ticks above the stop price it may pay';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const candidate = {
    market_id: instrument.trading_parameters.market_id,
    side: draft.side,
    type: limited ? 'limit' : 'market',
    quantity,
    ...(limited && { price }),
    ...(isStop(draft.type) && { stop_price: stopPrice }),
    time_in_force: draft.timeInForce,
    ...(draft.postOnly && postOnlyAllowed(draft) && { post_only: true }),
    self_trade_prevention: draft.selfTrade,
    ...(slippage !== undefined && { max_slippage_ticks: slippage }),
  };
  const parsed = PlaceOrderBody.safeParse(candidate);
  if (!parsed.success) {
    const refused = fieldErrors<TicketField>(parsed.error);
    // The contract's message is about a price; name the field the trader typed into.
    if (refused.stop_price) refused.stop_price = refused.stop_price.replace(/^price/, 'stop price');
    return { ok: false, errors: refused };
  }

  const body = parsed.data;
  const { min_quantity, max_quantity, tick_size } = instrument.trading_parameters;
  if (body.quantity < min_quantity || body.quantity > max_quantity) {
    errors.quantity = `quantity must be from ${formatInteger(min_quantity)} to ${formatInteger(max_quantity)} Units`;
  }
  const priceError = body.price === undefined ? null : priceRuleError('price', body.price, tick_size);
  if (priceError) errors.price = priceError;
  const stopError =
    body.stop_price === undefined ? null : priceRuleError('stop price', body.stop_price, tick_size);
  if (stopError) errors.stop_price = stopError;
  if (body.type === 'market' && body.time_in_force === 'gtc') {
    errors.time_in_force = `a ${body.stop_price === undefined ? 'market' : 'stop'} order cannot rest: use IOC or FOK`;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body };
}

// ---- the cost preview ----

export interface PreviewLine {
  label: string;
  value: string;
  strong?: boolean;
}

export interface OrderPreview {
  lines: PreviewLine[];
  /** What the exchange would refuse or do differently from what the trader may expect. */
  warnings: string[];
  /** Shown when there is nothing to compute yet. */
  prompt: string | null;
}

/**
 * The worst price a stop order trades at once triggered, as the exchange holds for it: a stop-limit's
 * limit; a stop at market's stop price moved by its max slippage (never below one tick). Null when the
 * draft does not say.
 */
function stopWorstPrice(draft: TicketDraft, tick: bigint): bigint | null {
  if (draft.type === 'stop_limit') {
    const limit = toMicros(draft.price);
    return limit !== null && limit > 0n ? limit : null;
  }
  const stop = toMicros(draft.stopPrice);
  const slippage = wholeNumber(draft.maxSlippage);
  if (stop === null || stop <= 0n || typeof slippage !== 'number') return null;
  const distance = BigInt(slippage) * tick;
  if (draft.side === 'buy') return stop + distance;
  return stop - distance > tick ? stop - distance : tick;
}

const usd = (micros: bigint) => formatUsd(fromMicros(micros));
const price = (micros: bigint) => formatPrice(fromMicros(micros, 3));
const units = (n: number) => `${formatInteger(n)} Unit${n === 1 ? '' : 's'}`;

/** What an order would cost or bring, what it would fill against the visible book, and what it lacks. */
export function previewOrder(
  draft: TicketDraft,
  instrument: InstrumentView,
  participant: ParticipantView,
  book: BookView | null,
): OrderPreview {
  const { maker_fee_bps, taker_fee_bps, tick_size } = instrument.trading_parameters;
  const tick = toMicros(tick_size) ?? 1000n;
  const usdAvailable = toMicros(participant.balances.usd.available) ?? 0n;
  const unitsAvailable =
    participant.balances.units.find((u) => u.instrument_id === instrument.instrument_id)?.available ?? 0;
  const isBuy = draft.side === 'buy';
  const available: PreviewLine = isBuy
    ? { label: 'USD available', value: usd(usdAvailable) }
    : { label: `${instrument.symbol} available`, value: units(unitsAvailable) };

  const quantity = wholeNumber(draft.quantity);
  if (typeof quantity !== 'number' || quantity < 1) {
    return { lines: [available], warnings: [], prompt: 'Enter a quantity to see the cost.' };
  }
  const warnings: string[] = [];
  if (!isBuy && quantity > unitsAvailable) {
    warnings.push(
      `Only ${units(unitsAvailable)} of ${instrument.symbol} available to sell: the exchange will refuse this order.`,
    );
  }
  const opposite = (isBuy ? book?.asks : book?.bids) ?? [];
  // The exchange holds a buy's worst case: its worst price and the larger of the two fees.
  const worstBps = Math.max(maker_fee_bps, taker_fee_bps);
  /** What an order whose every Unit trades at `worst` at the latest costs (a buy) or brings (a sell). */
  const worstCase = (worst: bigint): PreviewLine[] => {
    const notional = notionalMicros(worst, quantity);
    const fee = feeMicros(notional, worstBps);
    if (isBuy && notional + fee > usdAvailable) {
      warnings.push(
        `Needs ${usd(notional + fee)} but ${usd(usdAvailable)} is available: the exchange will refuse this order.`,
      );
    }
    return [
      { label: `${units(quantity)} × ${price(worst)}`, value: usd(notional) },
      { label: `Fee, at most (${worstBps} bps)`, value: usd(fee) },
      isBuy
        ? { label: 'Total held (worst case)', value: usd(notional + fee), strong: true }
        : { label: 'Proceeds, at least', value: usd(notional - fee), strong: true },
    ];
  };
  const slippage = wholeNumber(draft.maxSlippage);

  if (isStop(draft.type)) {
    const stop = toMicros(draft.stopPrice);
    if (stop === null || stop <= 0n) {
      return { lines: [available], warnings, prompt: 'Enter a stop price to see what it holds.' };
    }
    const trigger: PreviewLine = {
      label: 'Enters the book',
      value: `when last ${isBuy ? '≥' : '≤'} ${price(stop)}`,
    };
    const worst = stopWorstPrice(draft, tick);
    if (worst === null) {
      if (draft.type === 'stop_limit')
        return { lines: [trigger, available], warnings, prompt: 'Enter a price to see the cost.' };
      if (isBuy) warnings.push('A stop buy at market needs a max slippage, so that what it holds is known.');
      else warnings.push('Sells at market once triggered: set a max slippage to bound its price.');
      return { lines: [trigger, available], warnings, prompt: null };
    }
    return { lines: [trigger, ...worstCase(worst), available], warnings, prompt: null };
  }

  if (draft.type === 'limit') {
    const limit = toMicros(draft.price);
    if (limit === null || limit <= 0n) {
      return { lines: [available], warnings, prompt: 'Enter a price to see the cost.' };
    }
    const lines: PreviewLine[] = [...worstCase(limit), available];
    const crossing = walkBook(opposite, draft.side, quantity, limit);
    const rest = quantity - crossing.quantity;
    if (crossing.quantity > 0) {
      lines.push({
        label: 'Fills at once (est.)',
        value: `${formatInteger(crossing.quantity)} @ ${price(averagePrice(crossing.notional, crossing.quantity))}`,
      });
      if (draft.postOnly && postOnlyAllowed(draft)) {
        warnings.push('Post-only: this price crosses the book, so the order would be rejected.');
      }
    }
    if (rest > 0) {
      if (draft.timeInForce === 'gtc')
        lines.push({ label: 'Rests on the book', value: `${formatInteger(rest)} @ ${price(limit)}` });
      else if (draft.timeInForce === 'ioc')
        lines.push({ label: 'Cancelled unfilled (IOC)', value: formatInteger(rest) });
      else
        warnings.push(
          `Fill-or-kill: only ${units(crossing.quantity)} can fill at this price now, so the whole order would be cancelled.`,
        );
    }
    return { lines, warnings, prompt: null };
  }

  // Market order: walk the visible book from the best price, within the slippage cap if one is set.
  const best = toMicros(opposite[0]?.price);
  let cap: bigint | null = null;
  if (best !== null && typeof slippage === 'number') {
    const distance = BigInt(slippage) * tick;
    cap = isBuy ? best + distance : best - distance > tick ? best - distance : tick;
  }
  if (best === null) {
    warnings.push(`No ${isBuy ? 'asks' : 'bids'} in the book: a market ${draft.side} would not fill.`);
    return { lines: [available], warnings, prompt: null };
  }
  const walk = walkBook(opposite, draft.side, quantity, cap);
  const fee = feeMicros(walk.notional, taker_fee_bps);
  const lines: PreviewLine[] = [
    { label: 'Fills (est.)', value: `${formatInteger(walk.quantity)} of ${units(quantity)}` },
  ];
  if (walk.quantity > 0) {
    lines.push({ label: 'Average price (est.)', value: price(averagePrice(walk.notional, walk.quantity)) });
    if (walk.worst !== null) lines.push({ label: 'Worst price reached', value: price(walk.worst) });
    lines.push({ label: `Taker fee (${taker_fee_bps} bps)`, value: usd(fee) });
    lines.push(
      isBuy
        ? { label: 'Cost (est.)', value: usd(walk.notional + fee), strong: true }
        : { label: 'Proceeds (est.)', value: usd(walk.notional - fee), strong: true },
    );
  }
  if (cap !== null) lines.push({ label: 'Slippage cap', value: price(cap) });
  lines.push(available);
  if (walk.quantity < quantity) {
    const where = cap !== null ? 'within your slippage cap' : 'in the visible book';
    warnings.push(
      draft.timeInForce === 'fok'
        ? `Fill-or-kill: only ${units(walk.quantity)} ${where}, so the whole order would be cancelled.`
        : `Only ${units(walk.quantity)} ${where}: the rest would be cancelled.`,
    );
  }
  if (isBuy && walk.notional + fee > usdAvailable) {
    warnings.push(
      `Costs about ${usd(walk.notional + fee)} but ${usd(usdAvailable)} is available: a market buy fills only what your USD covers.`,
    );
  }
  return { lines, warnings, prompt: null };
}

// ---- what happened ----

const closures: Record<string, string> = {
  cancelled: 'cancelled',
  partially_filled_no_liquidity: 'the book ran out',
  no_fill_no_liquidity: 'nothing to match in the book',
  partially_filled_max_slippage: 'the next price was beyond the max slippage',
  no_fill_max_slippage: 'the best price was beyond the max slippage',
  self_trade_prevented: 'self-trade prevention',
  post_only_would_take: 'post-only order would have taken liquidity',
  fok_not_fillable: 'fill-or-kill could not fill entirely',
  ioc_remainder_cancelled: 'IOC remainder cancelled',
  partially_filled_budget_exhausted: 'available USD ran out',
  no_fill_budget_exhausted: 'available USD did not cover one Unit',
  suspended: 'the participant was suspended',
};

export function closureText(reason: string | null): string {
  return reason === null ? '' : (closures[reason] ?? reason.replace(/_/g, ' '));
}

/**
 * "Bought 3 @ $2.500 avg, order filled"; "Order resting: 5 @ $2.400"; "Sold 2 @ $2.500 avg; 3 @ $2.500
 * resting"; "Waiting for trigger: sell 2 @ $1.900. Triggers when the last trade is at or below $2.000".
 */
export function describeOrder(order: OrderView): string {
  const verb = order.side === 'buy' ? 'Bought' : 'Sold';
  const filled = order.filled_quantity;
  const fill = filled > 0 ? `${verb} ${formatInteger(filled)} @ ${formatPrice(order.average_price)} avg` : '';
  const fee = filled > 0 && toMicros(order.fee) !== 0n ? `, fee ${formatUsd(order.fee)}` : '';
  const rest = `${formatInteger(order.remaining_quantity)} @ ${formatPrice(order.price)}`;
  switch (order.status) {
    case 'pending': {
      const what = `${order.side} ${formatInteger(order.remaining_quantity)} ${order.price === null ? 'at market' : `@ ${formatPrice(order.price)}`}`;
      return `Waiting for trigger: ${what}. ${triggerText(order.side, order.stop_price) ?? ''}`.trim();
    }
    case 'filled':
      return `${fill}, order filled${fee}`;
    case 'open':
    case 'partially_filled':
      return filled > 0 ? `${fill}${fee}; ${rest} resting` : `Order resting: ${rest}`;
    case 'rejected':
      return `Order rejected: ${closureText(order.closure_reason)}`;
    default: {
      const why = closureText(order.closure_reason);
      return filled > 0
        ? `${fill}${fee}; the other ${formatInteger(order.remaining_quantity)} ${order.status} (${why})`
        : `No fill: order ${order.status} (${why})`;
    }
  }
}

/** Whether an order's outcome is what its trader asked for (it traded or rests) or a disappointment. */
export function placementTone(result: PlaceOrderResult): 'ok' | 'warn' {
  const { status, filled_quantity } = result.order;
  return status === 'filled' ||
    status === 'open' ||
    status === 'partially_filled' ||
    status === 'pending' ||
    filled_quantity > 0
    ? 'ok'
    : 'warn';
}

/**
 * The whole Units that `fraction` of what the participant can spend or sell comes to: a sell, that share
 * of its available Units; a buy, what that share of its available USD holds at the limit price (a market
 * buy: the best ask) with the worst-case fee, as the exchange would hold it. Null when there is no price
 * to size a buy by. Never above the market's maximum order size.
 */
export function quantityForShare(
  fraction: number,
  draft: TicketDraft,
  instrument: InstrumentView,
  participant: ParticipantView,
  book: BookView | null,
): number | null {
  const { maker_fee_bps, taker_fee_bps, max_quantity } = instrument.trading_parameters;
  const basisPoints = BigInt(Math.round(fraction * 10_000));
  let quantity: bigint;
  if (draft.side === 'sell') {
    const held =
      participant.balances.units.find((u) => u.instrument_id === instrument.instrument_id)?.available ?? 0;
    quantity = (BigInt(held) * basisPoints) / 10_000n;
  } else {
    const tick = toMicros(instrument.trading_parameters.tick_size) ?? 1000n;
    const unitPrice =
      draft.type === 'limit'
        ? toMicros(draft.price)
        : isStop(draft.type)
          ? stopWorstPrice(draft, tick)
          : toMicros(book?.asks[0]?.price ?? null);
    if (unitPrice === null || unitPrice <= 0n) return null;
    const budget = ((toMicros(participant.balances.usd.available) ?? 0n) * basisPoints) / 10_000n;
    // What the exchange holds for: a limit or stop, the larger fee; a market buy, the taker's.
    const worstBps = BigInt(draft.type === 'market' ? taker_fee_bps : Math.max(maker_fee_bps, taker_fee_bps));
    // One Unit costs its price plus the fee on it; the exchange rounds each fee down, so this never overspends.
    const perUnit = unitPrice + (unitPrice * worstBps) / 10_000n;
    quantity = budget / perUnit;
  }
  return Math.min(Number(quantity), max_quantity);
}
