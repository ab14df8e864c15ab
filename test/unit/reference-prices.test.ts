import { describe, expect, it } from 'vitest';
import { computeReferencePrice, type ReferencePriceInputs } from '../../src-main/service/reference-prices';

const base: ReferencePriceInputs = {
  instrument_id: 'instrument_x',
  published_at: 1_000,
  window_start: 0,
  window_end: 1_000,
  trades: [],
  best_bid_micros: null,
  best_ask_micros: null,
  previous: undefined,
  earlier_prices_30d: [],
};
const t = (price_micros: number, quantity: number) => ({ price_micros, quantity });

describe('computeReferencePrice: the methodology, case by case', () => {
  const cases: {
    name: string;
    inputs: Partial<ReferencePriceInputs>;
    expected: {
      price: number | null;
      method: string;
      stale: boolean;
      volume: number;
      average: number | null;
    };
  }[] = [
    {
      name: 'one trade: its price',
      inputs: { trades: [t(2_500_000, 3)] },
      expected: { price: 2_500_000, method: 'vwap', stale: false, volume: 3, average: 2_500_000 },
    },
    {
      name: 'vwap weights by quantity',
      inputs: { trades: [t(2_000_000, 5), t(2_500_000, 3), t(1_800_000, 2)] },
      // (10 + 7.5 + 3.6) / 10 = 2.11
      expected: { price: 2_110_000, method: 'vwap', stale: false, volume: 10, average: 2_110_000 },
    },
    {
      name: 'vwap rounds half up to the micro-dollar',
      inputs: { trades: [t(1_000_001, 1), t(1_000_002, 1)] },
      expected: { price: 1_000_002, method: 'vwap', stale: false, volume: 2, average: 1_000_002 },
    },
    {
      name: 'vwap rounds down below the half',
      inputs: { trades: [t(1_000_000, 2), t(1_000_001, 1)] },
      expected: { price: 1_000_000, method: 'vwap', stale: false, volume: 3, average: 1_000_000 },
    },
    {
      name: 'trades win over the book',
      inputs: { trades: [t(3_000_000, 1)], best_bid_micros: 1_000_000, best_ask_micros: 2_000_000 },
      expected: { price: 3_000_000, method: 'vwap', stale: false, volume: 1, average: 3_000_000 },
    },
    {
      name: 'no trades: the mid of best bid and best ask',
      inputs: { best_bid_micros: 2_000_000, best_ask_micros: 2_500_000, previous: { price_micros: 9 } },
      expected: { price: 2_250_000, method: 'mid', stale: false, volume: 0, average: 2_250_000 },
    },
    {
      name: 'the mid rounds half up',
      inputs: { best_bid_micros: 1_000_000, best_ask_micros: 1_000_001 },
      expected: { price: 1_000_001, method: 'mid', stale: false, volume: 0, average: 1_000_001 },
    },
    {
      name: 'a one-sided book is not a mid: the previous value carries, stale',
      inputs: { best_bid_micros: 2_000_000, previous: { price_micros: 1_900_000 } },
      expected: { price: 1_900_000, method: 'carried', stale: true, volume: 0, average: 1_900_000 },
    },
    {
      name: 'neither trades nor a book: the previous value carries, stale',
      inputs: { previous: { price_micros: 1_750_000 } },
      expected: { price: 1_750_000, method: 'carried', stale: true, volume: 0, average: 1_750_000 },
    },
    {
      name: 'nothing ever: none, null, stale',
      inputs: {},
      expected: { price: null, method: 'none', stale: true, volume: 0, average: null },
    },
    {
      name: 'a previous publication without a price is nothing to carry',
      inputs: { previous: { price_micros: null }, best_ask_micros: 2_000_000 },
      expected: { price: null, method: 'none', stale: true, volume: 0, average: null },
    },
  ];

  it.each(cases)('$name', ({ inputs, expected }) => {
    const price = computeReferencePrice({ ...base, ...inputs });
    expect(price).toEqual({
      instrument_id: 'instrument_x',
      published_at: 1_000,
      window_start: 0,
      window_end: 1_000,
      price_micros: expected.price,
      method: expected.method,
      stale: expected.stale,
      volume: expected.volume,
      average_30d_micros: expected.average,
    });
  });
});

describe('computeReferencePrice: the 30-day average', () => {
  const cases: {
    name: string;
    earlier: number[];
    inputs: Partial<ReferencePriceInputs>;
    average: number | null;
  }[] = [
    { name: 'this price alone', earlier: [], inputs: { trades: [t(2_000_000, 1)] }, average: 2_000_000 },
    {
      name: 'mean of the earlier prices and this one',
      earlier: [1_000_000, 2_000_000],
      inputs: { trades: [t(3_000_000, 1)] },
      average: 2_000_000,
    },
    {
      name: 'rounded half up',
      earlier: [1_000_000, 1_000_001],
      inputs: { trades: [t(1_000_000, 1)] },
      // 3_000_001 / 3 = 1_000_000.33
      average: 1_000_000,
    },
    {
      name: 'rounded half up at exactly one half',
      earlier: [1_000_000],
      inputs: { trades: [t(1_000_001, 1)] },
      average: 1_000_001,
    },
    {
      name: 'a carried value counts like any other published price',
      earlier: [1_000_000],
      inputs: { previous: { price_micros: 2_000_000 } },
      average: 1_500_000,
    },
    {
      name: 'no price now: the mean of the earlier ones',
      earlier: [1_000_000, 3_000_000],
      inputs: {},
      average: 2_000_000,
    },
    { name: 'nothing at all: null', earlier: [], inputs: {}, average: null },
  ];
  it.each(cases)('$name', ({ earlier, inputs, average }) => {
    expect(
      computeReferencePrice({ ...base, ...inputs, earlier_prices_30d: earlier }).average_30d_micros,
    ).toBe(average);
  });

  it('keeps exact integers where a double would round (large notional)', () => {
    const trades = [t(999_999_999, 1_000_000), t(999_999_998, 1_000_000), t(1, 1)];
    const notional = 999_999_999n * 1_000_000n + 999_999_998n * 1_000_000n + 1n;
    const expected = Number((2n * notional + 2_000_001n) / (2n * 2_000_001n));
    expect(computeReferencePrice({ ...base, trades }).price_micros).toBe(expected);
  });

  it('accepts trades as a lazy iterable (streamed from the store)', () => {
    function* rows() {
      yield t(1_000_000, 1);
      yield t(3_000_000, 1);
    }
    expect(computeReferencePrice({ ...base, trades: rows() })).toMatchObject({
      price_micros: 2_000_000,
      volume: 2,
    });
  });
});
