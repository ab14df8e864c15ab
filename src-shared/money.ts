/**
 * Money, one rule for the exchange and the UI: USD travels as an exact decimal string with at most six
 * places and is counted in integer micro-dollars (BigInt here: a price times a quantity can pass 2^53);
 * a fee is basis points of a notional, rounded down to the micro-dollar. Pure, like the engine: it
 * imports nothing, so every layer may use it.
 */

export const MICROS_PER_USD = 1_000_000n;
const BPS_PER_UNIT = 10_000n;

/** A USD amount as the wire carries it: an optional minus, up to 15 whole digits, up to 6 places. */
export const USD_DECIMAL = /^(-)?(\d{1,15})(?:\.(\d{1,6}))?$/;

/** "2.5" → 2_500_000n, "-0.01" → -10_000n; null when it is not a decimal with at most 6 places. */
export function toMicros(text: string | null | undefined): bigint | null {
  if (text === null || text === undefined) return null;
  const match = USD_DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const micros = BigInt(whole) * MICROS_PER_USD + BigInt(fraction.padEnd(6, '0'));
  return sign ? -micros : micros;
}

/** 2_500_000n → "2.50": at least `minDecimals` places, more only where the amount has them. */
export function fromMicros(micros: bigint, minDecimals = 2): string {
  const sign = micros < 0n ? '-' : '';
  const abs = micros < 0n ? -micros : micros;
  let fraction = String(abs % MICROS_PER_USD).padStart(6, '0');
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const whole = String(abs / MICROS_PER_USD);
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/**
 * A fee in basis points of a notional, rounded down to the micro-dollar: the fee of a sum is then at
 * least the sum of the fees, so a buy order's hold always covers its fills.
 */
export function feeMicros(notional: bigint, bps: number): bigint {
  return (notional * BigInt(bps)) / BPS_PER_UNIT;
}
