import type { UnitBalanceView } from '../../../src-preload/contract';
import { fromMicros, toMicros } from '../../lib/money';

/**
 * What a participant's account is worth at each market's last trade price: USD total plus every Unit
 * held (available and locked) at its market's last price. Units of a market that has not traded have no
 * price: they are left out of the value and named in `unpriced`.
 */
export function portfolioValue(
  usdTotal: string,
  units: readonly UnitBalanceView[],
  lastPrice: ReadonlyMap<string, string | null>,
): { value: string; unpriced: string[] } {
  let micros = toMicros(usdTotal) ?? 0n;
  const unpriced: string[] = [];
  for (const balance of units) {
    if (balance.total === 0) continue;
    const price = toMicros(lastPrice.get(balance.symbol));
    if (price === null) unpriced.push(balance.symbol);
    else micros += price * BigInt(balance.total);
  }
  return { value: fromMicros(micros), unpriced };
}
