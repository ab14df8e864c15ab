// The one money rule (src-shared/money.ts) that the renderer and the contract use. Until the engine
// imports it too (engine/money.ts and engine/fees.ts keep their own number-typed copies), these
// properties hold the two to the same answers, so a preview in the UI is what the exchange charges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feeMicros as engineFee } from '../../src-main/engine/fees';
import { formatUsd, parseUsd } from '../../src-main/engine/money';
import { UsdAmount } from '../../src-preload/contract';
import { feeMicros, fromMicros, toMicros } from '../../src-shared/money';

const micros = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

describe('the shared money rule', () => {
  it('parses and formats USD as the exchange does', () => {
    fc.assert(
      fc.property(micros, fc.integer({ min: 0, max: 6 }), (amount, places) => {
        const text = fromMicros(BigInt(amount), places);
        expect(text).toBe(formatUsd(amount, places));
        expect(toMicros(text)).toBe(BigInt(amount));
        expect(parseUsd(text)).toBe(amount);
        expect(UsdAmount.safeParse(text).success).toBe(true);
      }),
    );
  });

  it('refuses what the exchange refuses', () => {
    for (const text of ['', '1.', '.5', '1.0000001', '1e3', '+1', '1,000.00', '1234567890123456']) {
      expect(toMicros(text)).toBeNull();
      expect(parseUsd(text)).toBeNull();
      expect(UsdAmount.safeParse(text).success).toBe(false);
    }
  });

  it('charges the fee the exchange charges: basis points, rounded down to the micro-dollar', () => {
    expect(feeMicros(9_999n, 10)).toBe(9n);
    expect(feeMicros(1_000_000n, 25)).toBe(2_500n);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 52 }),
        fc.integer({ min: 0, max: 1_000 }),
        (notional, bps) => {
          expect(feeMicros(BigInt(notional), bps)).toBe(BigInt(engineFee(notional, bps)));
        },
      ),
    );
  });
});
