import { describe, expect, it } from 'vitest';
import { ladderLevels, ownGroupPrices } from '../../../src-renderer/lib/book-levels';

const TICK = 1_000n; // $0.001

describe('the ladder', () => {
  it('sums the size from the best price outwards', () => {
    const asks = [
      { price: '2.500', quantity: 5, orders: 1 },
      { price: '2.520', quantity: 3, orders: 2 },
    ];
    expect(ladderLevels(asks, TICK, 'ask').map((level) => level.cumulative)).toEqual([5, 8]);
  });

  it('groups asks up and bids down, so a group never looks better than its orders', () => {
    const asks = [
      { price: '2.501', quantity: 1, orders: 1 },
      { price: '2.509', quantity: 2, orders: 1 },
      { price: '2.511', quantity: 4, orders: 1 },
    ];
    expect(ladderLevels(asks, 10n * TICK, 'ask')).toEqual([
      { price: '2.510', quantity: 3, orders: 2, cumulative: 3 },
      { price: '2.520', quantity: 4, orders: 1, cumulative: 7 },
    ]);
    const bids = [
      { price: '2.499', quantity: 1, orders: 1 },
      { price: '2.490', quantity: 2, orders: 1 },
    ];
    expect(ladderLevels(bids, 10n * TICK, 'bid')).toEqual([
      { price: '2.490', quantity: 3, orders: 2, cumulative: 3 },
    ]);
  });

  it('marks the group where the user’s own order rests', () => {
    expect([...ownGroupPrices(['2.509'], 10n * TICK, 'ask')]).toEqual(['2.510']);
    expect([...ownGroupPrices(['2.5'], TICK, 'bid')]).toEqual(['2.500']);
  });
});
