import { describe, expect, it } from 'vitest';
import { ChangeLog } from '../../../src-main/engine/change-log';
import { canonicalState } from '../../../src-main/engine/exchange';
import { Ledger } from '../../../src-main/engine/ledger';
import { deposit, exchangeWith, issue, limit, PRIME, stock } from './fixtures';

const SUPPLIER = 'participant_s1';
const CONSUMER = 'participant_c1';
const UNIT = PRIME.instrument_id;

/** A supplier with 10 Units in trading (4 held by an ask) and 5 in issuance; a consumer with $100. */
function market() {
  const { exchange, run } = exchangeWith(
    [
      { id: SUPPLIER, role: 'supplier' },
      { id: CONSUMER, role: 'consumer' },
    ],
    { maker: 7, taker: 30 },
  );
  for (const command of [...stock(SUPPLIER, 10), issue(SUPPLIER, 5), deposit(CONSUMER, 100_000_000)])
    expect(run(command).ok).toBe(true);
  const ask = limit(SUPPLIER, 'sell', 1000, 4);
  expect(run(ask).ok).toBe(true);
  const order = exchange.state.orders.get(ask.order_id)!;
  return { exchange, run, ledger: new Ledger(exchange.state), order };
}

describe('the ledger', () => {
  it('settles a trade: the buyer pays price and taker fee, the seller gets price less maker fee, the operator both fees', () => {
    const { run, ledger } = market();
    const before = { operator: ledger.usd('participant_op').total };
    expect(run(limit(CONSUMER, 'buy', 1000, 3)).ok).toBe(true);
    const notional = 3 * 1000 * PRIME.market.tick_micros;
    const [makerFee, takerFee] = [Math.floor((notional * 7) / 10_000), Math.floor((notional * 30) / 10_000)];
    expect(ledger.usd(CONSUMER)).toEqual({ total: 100_000_000 - notional - takerFee, locked: 0 });
    expect(ledger.usd(SUPPLIER)).toEqual({ total: notional - makerFee, locked: 0 });
    expect(ledger.usd('participant_op').total - before.operator).toBe(makerFee + takerFee);
    expect(ledger.units(SUPPLIER, UNIT)).toEqual({ total: 7, locked: 1 });
    expect(ledger.units(CONSUMER, UNIT)).toEqual({ total: 3, locked: 0 });
  });

  // A caller that skipped its check is a bug: the ledger refuses before changing anything, so the
  // command is never half-applied.
  const skipped: [string, (l: Ledger, order: ReturnType<typeof market>['order'], log: ChangeLog) => void][] =
    [
      ['a hold past what the account has', (l, order, log) => l.setHold(order, 11, log)],
      ['a negative hold', (l, order, log) => l.setHold(order, -1, log)],
      [
        'moving Units held by an ask to consumption',
        (l, _o, log) => l.moveToConsumption(SUPPLIER, UNIT, 7, log),
      ],
      [
        'moving more than the Issuance account holds',
        (l, _o, log) => l.issuanceToTrading(SUPPLIER, UNIT, 6, log),
      ],
      [
        'a trade larger than the orders hold',
        (l, order, log) =>
          l.settleTrade(
            {
              maker: order,
              taker: { ...order, order_id: 'taker', side: 'buy', participant_id: CONSUMER, hold: 0 },
              instrumentId: UNIT,
              quantity: 5,
              notional: 5_000_000,
              makerFee: 0,
              takerFee: 0,
              deliverTo: 'trading',
            },
            log,
          ),
      ],
    ];
  it.each(skipped)('refuses %s and changes nothing', (_name, act) => {
    const { exchange, ledger, order } = market();
    const state = canonicalState(exchange.state);
    const log = new ChangeLog();
    expect(() => act(ledger, order, log)).toThrow();
    expect(canonicalState(exchange.state)).toBe(state);
    expect(log.finish(exchange.state)).toEqual([]);
  });
});
