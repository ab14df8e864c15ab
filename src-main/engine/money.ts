/** Money is integer micro-dollars inside the exchange; decimal strings at every edge, never floats. */
export const MICROS_PER_USD = 1_000_000;

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d{1,6}))?$/;

/** Parses "100.00" or "-2.5" into micro-dollars; null when it is not a decimal with at most 6 places. */
export function parseUsd(text: string): number | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const micros = Number(whole) * MICROS_PER_USD + Number(fraction.padEnd(6, '0'));
  if (!Number.isSafeInteger(micros)) return null;
  return sign ? -micros : micros;
}

/** Formats micro-dollars as a decimal string with at least `minDecimals` places ("100.00", "0.000125"). */
export function formatUsd(micros: number, minDecimals = 2): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const whole = Math.trunc(abs / MICROS_PER_USD);
  let fraction = String(abs % MICROS_PER_USD).padStart(6, '0');
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return fraction.length ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
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
