/**
 * The Reference Price as it would be published now, from what the desk can see: the volume-weighted
 * average of the trades in the trailing 4 h window, else the mid of the best bid and ask, else nothing.
 * The exchange's own publication stays the authority; this only tells a trader where it is heading.
 */
import type { BookView } from '../../../src-preload/contract';
import type { PublicTradeView } from '../../../src-preload/contract-market-data';
import { fromMicros, toMicros } from '../../lib/money';

export const WINDOW_MS = 4 * 3600 * 1000;

export type Indicative =
  { method: 'vwap'; price: string; volume: number } | { method: 'mid'; price: string } | { method: 'none' };

export function indicativePrice(
  trades: readonly PublicTradeView[],
  book: BookView | null,
  now: number,
): Indicative {
  let notional = 0n;
  let volume = 0;
  for (const trade of trades) {
    if (Date.parse(trade.execution_timestamp) < now - WINDOW_MS) continue;
    const price = toMicros(trade.price);
    if (price === null) continue;
    notional += price * BigInt(trade.quantity);
    volume += trade.quantity;
  }
  // Rounded down to the micro-dollar, as the exchange rounds.
  if (volume > 0) return { method: 'vwap', price: fromMicros(notional / BigInt(volume), 3), volume };
  const bid = toMicros(book?.bids[0]?.price);
  const ask = toMicros(book?.asks[0]?.price);
  if (bid !== null && ask !== null) return { method: 'mid', price: fromMicros((bid + ask) / 2n, 3) };
  return { method: 'none' };
}
