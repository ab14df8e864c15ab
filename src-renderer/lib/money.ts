/**
 * Arithmetic on money the UI computes itself (cost previews, spreads, book walks). The exchange sends
 * decimal strings; they are parsed to integer micro-dollars as BigInt and formatted back by the one
 * money rule (`src-shared/money.ts`). Nothing here touches a binary float.
 */
import type { BookLevelView } from '../../src-preload/contract';
import { toMicros } from '../../src-shared/money';

export { feeMicros, fromMicros, MICROS_PER_USD, toMicros } from '../../src-shared/money';

/** `price × quantity`, exactly. */
export function notionalMicros(price: bigint, quantity: number): bigint {
  return price * BigInt(quantity);
}

/** An average price over `quantity` Units, rounded to the nearest micro-dollar. */
export function averagePrice(notional: bigint, quantity: number): bigint {
  const q = BigInt(quantity);
  return (notional * 2n + q) / (2n * q);
}

export interface BookWalk {
  /** Units the visible levels can fill. */
  quantity: number;
  /** Their total value, micro-dollars. */
  notional: bigint;
  /** The last (worst) price reached, or null when nothing fills. */
  worst: bigint | null;
}

/**
 * What taking `quantity` from one side of the book would fill, level by level from the best price,
 * stopping at `limit` (a buyer's highest or a seller's lowest acceptable price) when given.
 */
export function walkBook(
  levels: readonly BookLevelView[],
  side: 'buy' | 'sell',
  quantity: number,
  limit?: bigint | null,
): BookWalk {
  let left = quantity;
  let notional = 0n;
  let worst: bigint | null = null;
  for (const level of levels) {
    if (left <= 0) break;
    const price = toMicros(level.price);
    if (price === null) break;
    if (limit !== undefined && limit !== null && (side === 'buy' ? price > limit : price < limit)) break;
    const take = Math.min(left, level.quantity);
    notional += notionalMicros(price, take);
    worst = price;
    left -= take;
  }
  return { quantity: quantity - left, notional, worst };
}
