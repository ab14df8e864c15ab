/**
 * The ladder's levels grouped by a coarser price step (asks rounded up, bids down, so a group never
 * shows a better price than its orders have), with the size summed from the best price outwards.
 */
import type { BookLevelView } from '../../src-preload/contract';
import { fromMicros, toMicros } from './money';

export type LadderSide = 'ask' | 'bid';

export interface LadderLevel {
  price: string;
  quantity: number;
  orders: number;
  /** Units from the best price up to and including this level. */
  cumulative: number;
}

/** The price of the group `price` falls in: a multiple of `step` (micro-dollars), away from the spread. */
export function groupPrice(price: bigint, step: bigint, side: LadderSide): bigint {
  const below = (price / step) * step;
  return side === 'bid' || below === price ? below : below + step;
}

/** Levels (best first) merged into groups of `step` micro-dollars (1 tick: as they are), with running totals. */
export function ladderLevels(
  levels: readonly BookLevelView[],
  step: bigint,
  side: LadderSide,
): LadderLevel[] {
  const groups: LadderLevel[] = [];
  let cumulative = 0;
  for (const level of levels) {
    const micros = toMicros(level.price);
    if (micros === null) continue;
    const price = fromMicros(groupPrice(micros, step, side), 3);
    cumulative += level.quantity;
    const last = groups.at(-1);
    if (last && last.price === price) {
      last.quantity += level.quantity;
      last.orders += level.orders;
      last.cumulative = cumulative;
    } else groups.push({ price, quantity: level.quantity, orders: level.orders, cumulative });
  }
  return groups;
}

/** The group prices (as the ladder shows them) at which the user has orders resting on a side. */
export function ownGroupPrices(prices: readonly string[], step: bigint, side: LadderSide): Set<string> {
  const groups = new Set<string>();
  for (const price of prices) {
    const micros = toMicros(price);
    if (micros !== null) groups.add(fromMicros(groupPrice(micros, step, side), 3));
  }
  return groups;
}
