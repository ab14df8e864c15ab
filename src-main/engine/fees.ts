import { feeMicros as sharedFeeMicros } from '../../src-shared/money';
import type { Instrument } from './instruments';

/** The shared fee rule (basis points, rounded down) on the engine's number micro-dollars. */
export const feeMicros = (notionalMicros: number, bps: number) =>
  bps === 0 ? 0 : Number(sharedFeeMicros(BigInt(notionalMicros), bps));

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
