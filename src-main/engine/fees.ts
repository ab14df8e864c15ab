import type { Instrument } from './instruments';

/**
 * Fees in basis points of a fill's notional, rounded down to the micro-dollar. Rounding down makes the
 * fee of a sum at least the sum of the fees, so a buy order's hold always covers its fills. BigInt keeps
 * products past 2^53 exact.
 */
export const feeMicros = (notionalMicros: number, bps: number) =>
  bps === 0 ? 0 : Number((BigInt(notionalMicros) * BigInt(bps)) / 10_000n);

/** What a buy of `quantity` at `priceTicks` may cost at most, fee included. */
export function buyHold(priceTicks: number, quantity: number, tickMicros: number, feeBps: number): number {
  const notional = priceTicks * quantity * tickMicros;
  return notional + feeMicros(notional, feeBps);
}

/** The largest budget in tick-Units whose cost, fee included, fits in `micros`. */
export function budgetTicks(micros: number, tickMicros: number, feeBps: number): number {
  return Number((BigInt(micros) * 10_000n) / (BigInt(tickMicros) * BigInt(10_000 + feeBps)));
}

/** The larger of a market's fees: what a buy's hold provisions for, whichever side it trades on. */
export const maxFeeBps = (instrument: Instrument) =>
  Math.max(instrument.market.maker_fee_bps, instrument.market.taker_fee_bps);
