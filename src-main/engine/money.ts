import {
  fromMicros,
  MICROS_PER_USD as MICROS_PER_USD_BIG,
  toMicros,
  USD_DECIMAL,
} from '../../src-shared/money';

/**
 * Money is integer micro-dollars inside the exchange; decimal strings at every edge, never floats. The
 * decimal rule is the one main and renderer share (src-shared/money.ts); the engine counts in numbers,
 * which the ledger keeps below 2^53.
 */
export const MICROS_PER_USD = Number(MICROS_PER_USD_BIG);

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Parses "100.00" or "-2.5" into micro-dollars; null when it is not a decimal with at most 6 places. */
export function parseUsd(text: string): number | null {
  const micros = USD_DECIMAL.test(text) ? toMicros(text) : null;
  return micros === null || micros > SAFE || -micros > SAFE ? null : Number(micros);
}

/** Formats micro-dollars as a decimal string with at least `minDecimals` places ("100.00", "0.000125"). */
export function formatUsd(micros: number, minDecimals = 2): string {
  return fromMicros(BigInt(micros), minDecimals);
}

/** Parses a price ("2.500") into ticks of `tickMicros`; null when it is malformed, zero or off the tick. */
export function parsePriceTicks(text: string, tickMicros: number): number | null {
  const micros = parseUsd(text);
  if (micros === null || micros <= 0 || micros % tickMicros !== 0) return null;
  return micros / tickMicros;
}

/** Formats ticks of `tickMicros` as a USD price with the tick's precision (at least 3 places). */
export function formatTicks(ticks: number, tickMicros: number): string {
  return formatUsd(ticks * tickMicros, 3);
}
