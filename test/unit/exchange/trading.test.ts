import { describe, expect, it } from 'vitest';
import { canonicalState } from '../../../src-main/engine/exchange';
import { checkInvariants } from '../../../src-main/engine/invariants';
import { unitKey } from '../../../src-main/engine/orders';
import { deposit, exchangeWith, issue, limit, MARKET, OPERATOR, PRIME, stock } from './fixtures';

const SUPPLIER = 'participant_sup';
const BUYER = 'participant_buy';
const units = (state: ReturnType<typeof exchangeWith>['exchange']['state'], who: string) =>
  state.units.get(unitKey(who, PRIME.instrument_id)) ?? { total: 0, locked: 0 };

function market(fees?: { maker: number; taker: number }) {
  const setup = exchangeWith(
    [
      { id: SUPPLIER, role: 'supplier' },
      { id: BUYER, role: 'consumer' },
    ],
    fees,
  );
  stock(SUPPLIER, 10).forEach((command) => setup.run(command));
  setup.run(deposit(BUYER, 100_000_000));
  return setup;
}

describe('trading through the exchange', () => {
  it('a trade moves Units and USD atomically at the maker price, and records both order ids', () => {
    const { exchange, run } = market();
    const ask = limit(SUPPLIER, 'sell', 2500, 4); // $2.500 per Unit
    run(ask);
    expect(units(exchange.state, SUPPLIER)).toEqual({ total: 10, locked: 4 });
    const bid = limit(BUYER, 'buy', 2600, 3);
    const outcome = run(bid);
    expect(outcome.ok).toBe(true);
    const { trades, order } = (outcome as { result: { trades: any[]; order: any } }).result;
    expect(trades).toEqual([
      expect.objectContaining({
        price_ticks: 2500,
        quantity: 3,
        maker_order_id: ask.order_id,
        taker_order_id: bid.order_id,
      }),
    ]);
    expect(order).toMatchObject({ status: 'filled', filled: 3, hold: 0 });
    expect(exchange.usdBalance(BUYER)).toEqual({ total: 100_000_000 - 7_500_000, locked: 0 });
    expect(exchange.usdBalance(SUPPLIER)).toEqual({ total: 7_500_000, locked: 0 });
    expect(units(exchange.state, BUYER)).toEqual({ total: 3, locked: 0 });
    expect(units(exchange.state, SUPPLIER)).toEqual({ total: 7, locked: 1 });
    expect(checkInvariants(exchange.state)).toEqual([]);
  });

  it('charges maker and taker fees to the exchange operator', () => {
    const { exchange, run } = market({ maker: 10, taker: 25 });
    run(limit(SUPPLIER, 'sell', 2000, 5));
    run(limit(BUYER, 'buy', 2000, 5));
    // notional $10.00: maker (seller) pays 0.10%, taker (buyer) 0.25%
    expect(exchange.usdBalance(SUPPLIER).total).toBe(10_000_000 - 10_000);
    expect(exchange.usdBalance(BUYER).total).toBe(100_000_000 - 10_000_000 - 25_000);
    expect(exchange.usdBalance(OPERATOR).total).toBe(35_000);
    expect(checkInvariants(exchange.state)).toEqual([]);
  });

  it('holds the worst case for a resting buy, and releases it on cancel', () => {
    const { exchange, run } = market({ maker: 0, taker: 50 });
    const bid = limit(BUYER, 'buy', 1000, 10);
    run(bid);
    expect(exchange.usdBalance(BUYER).locked).toBe(10_000_000 + 50_000);
    run({ type: 'cancel_order', order_id: bid.order_id, participant_id: BUYER });
    expect(exchange.usdBalance(BUYER)).toEqual({ total: 100_000_000, locked: 0 });
  });

  it('rejects an order that needs more than is available, and changes nothing', () => {
    const { exchange, run } = market();
    const before = canonicalState(exchange.state);
    expect(run(limit(BUYER, 'buy', 100_000, 1001))).toMatchObject({
      ok: false,
      reason: 'insufficient_balance',
    });
    expect(run(limit(SUPPLIER, 'sell', 1000, 11))).toMatchObject({
      ok: false,
      reason: 'insufficient_balance',
    });
    expect(canonicalState(exchange.state)).toBe(before);
  });

  it('a market buy spends no more than it has and closes for lack of liquidity', () => {
    const { exchange, run } = market();
    run(limit(SUPPLIER, 'sell', 3000, 2));
    const outcome = run({
      ...limit(BUYER, 'buy', 0, 5),
      order_type: 'market',
      price_ticks: undefined,
      tif: 'ioc',
    } as never);
    expect(outcome).toMatchObject({
      ok: true,
      result: { order: { status: 'cancelled', closure: 'partially_filled_no_liquidity', filled: 2 } },
    });
    expect(exchange.usdBalance(BUYER)).toEqual({ total: 94_000_000, locked: 0 });
    expect(checkInvariants(exchange.state)).toEqual([]);
  });

  it('a halted market refuses new orders and amendments but accepts cancels', () => {
    const { exchange, run } = market();
    const bid = limit(BUYER, 'buy', 1000, 1);
    run(bid);
    run({ type: 'set_market_halt', market_id: MARKET, halted: true });
    expect(run(limit(BUYER, 'buy', 1000, 1))).toMatchObject({ ok: false, reason: 'market_halted' });
    expect(
      run({ type: 'amend_order', order_id: bid.order_id, participant_id: BUYER, quantity: 2 }),
    ).toMatchObject({ ok: false, reason: 'market_halted' });
    expect(run({ type: 'cancel_order', order_id: bid.order_id, participant_id: BUYER })).toMatchObject({
      ok: true,
    });
    run({ type: 'set_market_halt', market_id: MARKET, halted: false });
    expect(run(limit(BUYER, 'buy', 1000, 1))).toMatchObject({ ok: true });
    expect(exchange.state.halted.size).toBe(0);
  });

  it('rejects a duplicate client_order_id naming the original order', () => {
    const { run } = market();
    const first = limit(BUYER, 'buy', 1000, 1, { client_order_id: 'mine-1' });
    run(first);
    run({ type: 'cancel_order', order_id: first.order_id });
    const again = run(limit(BUYER, 'buy', 1000, 1, { client_order_id: 'mine-1' }));
    expect(again).toMatchObject({
      ok: false,
      reason: 'duplicate_client_order_id',
      message: expect.stringContaining(first.order_id),
    });
  });

  it("does not let one participant cancel or amend another's order", () => {
    const { run } = market();
    const bid = limit(BUYER, 'buy', 1000, 1);
    run(bid);
    expect(run({ type: 'cancel_order', order_id: bid.order_id, participant_id: SUPPLIER })).toMatchObject({
      ok: false,
      category: 'not_found',
    });
  });

  it('only active suppliers issue Units; the operator does not trade', () => {
    const { run } = market();
    expect(run(issue(BUYER, 5))).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    expect(run(limit(OPERATOR, 'buy', 1000, 1))).toMatchObject({ ok: false, reason: 'role_not_allowed' });
    run({ type: 'set_participant_status', participant_id: SUPPLIER, status: 'suspended' });
    expect(run(issue(SUPPLIER, 5))).toMatchObject({ ok: false, reason: 'participant_suspended' });
  });

  it('amending up needs funds for the new size; amending down keeps priority and releases the hold', () => {
    const { exchange, run } = market();
    const bid = limit(BUYER, 'buy', 1000, 10);
    run(bid);
    expect(
      run({ type: 'amend_order', order_id: bid.order_id, participant_id: BUYER, quantity: 101 }),
    ).toMatchObject({ ok: false, reason: 'insufficient_balance' });
    expect(
      run({ type: 'amend_order', order_id: bid.order_id, participant_id: BUYER, quantity: 4 }),
    ).toMatchObject({ ok: true, result: { order: { quantity: 4 } } });
    expect(exchange.usdBalance(BUYER).locked).toBe(4_000_000);
    expect(checkInvariants(exchange.state)).toEqual([]);
  });
});
