/**
 * Arithmetic on money the UI computes itself (cost previews, spreads, book walks). The exchange sends
 * decimal strings; they are parsed to integer micro-dollars as BigInt (a price times a quantity can pass
 * 2^53) and formatted back to decimal strings. Nothing here touches a binary float.
 */
import type { BookLevelView } from '../../src-preload/contract';

export const MICROS_PER_USD = 1_000_000n;
const BPS_PER_UNIT = 10_000n;
const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d{1,6}))?$/;

/** "2.5" → 2_500_000n; null when it is not a decimal with at most 6 places. */
export function toMicros(text: string | null | undefined): bigint | null {
  if (text === null || text === undefined) return null;
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const micros = BigInt(whole) * MICROS_PER_USD + BigInt(fraction.padEnd(6, '0'));
  return sign ? -micros : micros;
}

/** 2_500_000n → "2.50" (at least `minDecimals` places, more only where the amount has them). */
export function fromMicros(micros: bigint, minDecimals = 2): string {
  const sign = micros < 0n ? '-' : '';
  const abs = micros < 0n ? -micros : micros;
  let fraction = String(abs % MICROS_PER_USD).padStart(6, '0');
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const whole = String(abs / MICROS_PER_USD);
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/** A fee in basis points of a notional, rounded down to the micro-dollar (as the exchange charges it). */
export function feeMicros(notional: bigint, bps: number): bigint {
  return (notional * BigInt(bps)) / BPS_PER_UNIT;
}

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
