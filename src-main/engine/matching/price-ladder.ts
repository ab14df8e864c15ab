// One side of the fast book: its price levels sorted worst → best, so the best level is the last
// element. Most activity happens near the touch, so creating or removing a level there is a push/pop
// or a short splice at the end of the array; a Map finds an existing level by price in O(1).
// (A binary heap with lazy deletion measured the same on bench/engine.ts, within run-to-run noise, but
// depth snapshots and fill-or-kill walks need levels in order, which the sorted array gives for free.)

import { PriceLevel } from './price-level';

export class PriceLadder {
  private readonly levels: PriceLevel[] = [];
  private readonly byPrice = new Map<number, PriceLevel>();

  /** Bids: a higher price is better. Asks: a lower price is better. */
  constructor(private readonly higherIsBetter: boolean) {}

  best(): PriceLevel | undefined {
    return this.levels[this.levels.length - 1];
  }

  /** The `rank`-th best level (0 = best), or undefined past the last one. */
  fromBest(rank: number): PriceLevel | undefined {
    return this.levels[this.levels.length - 1 - rank];
  }

  get size(): number {
    return this.levels.length;
  }

  /** The level at `priceTicks`, created (and inserted in order) if absent. */
  levelAt(priceTicks: number): PriceLevel {
    const existing = this.byPrice.get(priceTicks);
    if (existing) return existing;
    const level = new PriceLevel(priceTicks);
    this.byPrice.set(priceTicks, level);
    const at = this.insertionIndex(priceTicks);
    if (at === this.levels.length) this.levels.push(level);
    else this.levels.splice(at, 0, level);
    return level;
  }

  remove(level: PriceLevel): void {
    this.byPrice.delete(level.priceTicks);
    const last = this.levels.length - 1;
    if (this.levels[last] === level) {
      this.levels.pop();
      return;
    }
    const at = this.insertionIndex(level.priceTicks) - 1;
    this.levels.splice(at, 1);
  }

  /** First index whose level is strictly better than `priceTicks` (binary search). */
  private insertionIndex(priceTicks: number): number {
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const midPrice = (this.levels[mid] as PriceLevel).priceTicks;
      const midIsBetter = this.higherIsBetter ? midPrice > priceTicks : midPrice < priceTicks;
      if (midIsBetter) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
