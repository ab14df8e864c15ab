// How the UI shows and computes money: decimal strings in, integer micro-dollars inside, never a float.
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatInteger,
  formatPrice,
  formatRate,
  formatTokens,
  formatUsd,
  isNegativeDecimal,
} from '../../../src-renderer/lib/format';
import {
  averagePrice,
  feeMicros,
  fromMicros,
  notionalMicros,
  toMicros,
  walkBook,
} from '../../../src-renderer/lib/money';

describe('formatting USD', () => {
  it.each([
    ['2.5', '$2.50'],
    ['1234.500000', '$1,234.50'],
    ['1234567.5', '$1,234,567.50'],
    ['0.001500', '$0.0015'],
    ['100', '$100.00'],
    ['007.10', '$7.10'],
    ['-5', '-$5.00'],
    ['-0.00', '$0.00'],
  ])('%s is shown as %s', (value, shown) => {
    expect(formatUsd(value)).toBe(shown);
  });

  it('shows prices at the tick: "2.5" is $2.500', () => {
    expect(formatPrice('2.5')).toBe('$2.500');
    expect(formatPrice('2.500')).toBe('$2.500');
    expect(formatPrice('2.5005')).toBe('$2.5005');
    expect(formatPrice('1000')).toBe('$1,000.000');
  });

  it('shows what is missing as a dash, and what is not a decimal as it came', () => {
    expect(formatUsd(null)).toBe('—');
    expect(formatPrice(undefined)).toBe('—');
    expect(formatUsd('n/a')).toBe('n/a');
  });

  it('knows a negative amount from a negative zero', () => {
    expect(isNegativeDecimal('-0.01')).toBe(true);
    expect(isNegativeDecimal('-0.00')).toBe(false);
    expect(isNegativeDecimal('3')).toBe(false);
  });
});

describe('formatting counts', () => {
  it('separates thousands', () => {
    expect(formatInteger(1_234_567)).toBe('1,234,567');
    expect(formatInteger(999)).toBe('999');
    expect(formatInteger(null)).toBe('—');
  });

  it('quotes tokens as the market does', () => {
    expect(formatTokens(1_000_000)).toBe('1M');
    expect(formatTokens(128_000)).toBe('128K');
    expect(formatTokens(1_500)).toBe('1,500');
  });

  it('puts the noun in the plural from two on', () => {
    expect(formatCount(1, 'Unit')).toBe('1 Unit');
    expect(formatCount(0, 'Unit')).toBe('0 Units');
    expect(formatCount(2_500, 'Unit')).toBe('2,500 Units');
  });
});

describe('money arithmetic in micro-dollars', () => {
  it('parses decimals exactly, and nothing else', () => {
    expect(toMicros('2.5')).toBe(2_500_000n);
    expect(toMicros(' 0.000001 ')).toBe(1n);
    expect(toMicros('-2')).toBe(-2_000_000n);
    expect(toMicros('1.0000001')).toBeNull();
    expect(toMicros('1,000')).toBeNull();
    expect(toMicros('abc')).toBeNull();
    expect(toMicros(null)).toBeNull();
  });

  it('formats back with at least the decimals asked for', () => {
    expect(fromMicros(2_500_000n)).toBe('2.50');
    expect(fromMicros(2_500_000n, 3)).toBe('2.500');
    expect(fromMicros(1n)).toBe('0.000001');
    expect(fromMicros(-1_250_000n)).toBe('-1.25');
    expect(fromMicros(7_000_000n, 0)).toBe('7');
  });

  it('rounds a fee down to the micro-dollar, as the exchange charges it', () => {
    expect(feeMicros(12_345n, 10)).toBe(12n);
    expect(feeMicros(10_000_000n, 10)).toBe(10_000n);
  });

  it('multiplies past 2^53 exactly', () => {
    expect(notionalMicros(999_999_999_000_000n, 1_000_000)).toBe(999_999_999_000_000_000_000n);
  });

  it('rounds an average price to the nearest micro-dollar', () => {
    expect(averagePrice(10n, 3)).toBe(3n);
    expect(averagePrice(11n, 2)).toBe(6n);
    expect(averagePrice(10_100_000n, 4)).toBe(2_525_000n);
  });

  it('walks a side of the book from the best price, up to a limit', () => {
    const asks = [
      { price: '2.5', quantity: 3, orders: 2 },
      { price: '2.6', quantity: 1, orders: 1 },
    ];
    expect(walkBook(asks, 'buy', 10)).toEqual({ quantity: 4, notional: 10_100_000n, worst: 2_600_000n });
    expect(walkBook(asks, 'buy', 10, 2_550_000n)).toEqual({
      quantity: 3,
      notional: 7_500_000n,
      worst: 2_500_000n,
    });
    const bids = [{ price: '2.4', quantity: 5, orders: 1 }];
    expect(walkBook(bids, 'sell', 2, 2_450_000n)).toEqual({ quantity: 0, notional: 0n, worst: null });
  });
});

describe('formatting measured rates', () => {
  it('shows one decimal with thousands separators, and a dash when there is none', () => {
    expect(formatRate(1234.56)).toBe('1,234.6');
    expect(formatRate('87.04')).toBe('87.0');
    expect(formatRate(null)).toBe('—');
    expect(formatRate('fast')).toBe('fast');
  });
});
