import { describe, expect, it } from 'vitest';
import { formatUsd, parseUsd } from '../../src-main/engine/money';

describe('USD amounts', () => {
  it.each([
    ['100', 100_000_000],
    ['100.00', 100_000_000],
    ['0.000001', 1],
    ['-2.5', -2_500_000],
    ['12.345678', 12_345_678],
  ])('parses %s exactly into micro-dollars', (text, micros) => {
    expect(parseUsd(text)).toBe(micros);
  });

  it.each(['', 'abc', '1.0000001', '1e3', '1,00', '.5', '+1', ' 1', '1.', '0x10'])('refuses %j', (text) => {
    expect(parseUsd(text)).toBeNull();
  });

  it('formats with at least two decimals and no float drift', () => {
    expect(formatUsd(100_000_000)).toBe('100.00');
    expect(formatUsd(100_100_000)).toBe('100.10');
    expect(formatUsd(125)).toBe('0.000125');
    expect(formatUsd(-2_500_000)).toBe('-2.50');
    expect(formatUsd(1000, 3)).toBe('0.001');
    expect(formatUsd(parseUsd('0.3')! - parseUsd('0.1')!)).toBe('0.20');
  });
});

describe('time-ordered ids', () => {
  it('are version 7 UUIDs that sort by creation time', async () => {
    const { uuidV7 } = await import('../../src-main/service/ids');
    const earlier = uuidV7(1_800_000_000_000);
    const later = uuidV7(1_800_000_000_001);
    expect(earlier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(earlier < later).toBe(true);
  });
});
