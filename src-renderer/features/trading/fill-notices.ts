import type { TradeView } from '../../../src-preload/contract';
import { formatInteger, formatPrice } from '../../lib/format';

const keyOf = (fill: TradeView) => `${fill.trade_id}:${fill.order_id}`;

/**
 * The fills not seen before, oldest first. The first load (`seen` null) is history, not news: nothing
 * is new then.
 */
export function newFills(seen: ReadonlySet<string> | null, fills: readonly TradeView[]): TradeView[] {
  if (seen === null) return [];
  return fills.filter((fill) => !seen.has(keyOf(fill))).reverse();
}

/** "Bought 3 text-prime @ $2.500 (taker)". */
export function fillText(fill: TradeView): string {
  return `${fill.side === 'buy' ? 'Bought' : 'Sold'} ${formatInteger(fill.quantity)} ${fill.symbol} @ ${formatPrice(fill.price)} (${fill.liquidity})`;
}
