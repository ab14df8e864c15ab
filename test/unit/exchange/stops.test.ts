// Stop and stop-limit orders through the exchange: holds at placement, triggering on the last trade,
// cancels; and suspension closing a participant's live orders.

import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src-main/engine/commands';
import { checkInvariants } from '../../../src-main/engine/invariants';
import type { Order, Trade } from '../../../src-main/engine/orders';
import { REJECTIONS } from '../../../src-main/engine/rejections';
import { deposit, exchangeWith, limit, MARKET, stock } from './fixtures';

const SUPPLIER = 'participant_sup';
const BUYER = 'participant_buy';
const OTHER = 'participant_other';

function market() {
  const setup = exchangeWith([
    { id: SUPPLIER, role: 'supplier' },
    { id: BUYER, role: 'consumer' },
    { id: OTHER, role: 'consumer' },
  ]);
  stock(SUPPLIER, 20).forEach((command) => setup.run(command));
  setup.run(deposit(BUYER, 10_000_000)); // $10
  setup.run(deposit(OTHER, 100_000_000));
  return setup;
}
const placed = (outcome: Outcome) => {
  expect(outcome.ok).toBe(true);
  return (outcome as { result: { order: Order; trades: Trade[] } }).result;
};

describe('stop orders through the exchange', () => {
  it('a stop-limit buy holds its USD while pending, then buys when the last trade reaches its stop', () => {
    const { exchange, run } = market();
    run(limit(SUPPLIER, 'sell', 1000, 2));
    run(limit(SUPPLIER, 'sell', 1100, 5));
    const stop = limit(BUYER, 'buy', 1200, 3, { stop_price_ticks: 1050 });
    const { order } = placed(run(stop));
    expect(order).toMatchObject({ status: 'pending', stop_price_ticks: 1050, hold: 3_600_000 });
    expect(exchange.usdBalance(BUYER)).toEqual({ total: 10_000_000, locked: 3_600_000 });
    // Not in the book: nothing trades against it, the depth does not show it.
    expect(exchange.state.books.get(MARKET)!.depth(10).bids).toEqual([]);

    // A trade at 1000 does not reach 1050; the next one at 1100 does, and the stop buys in that command.
    run(limit(OTHER, 'buy', 1000, 2));
    expect(exchange.state.orders.get(stop.order_id)?.status).toBe('pending');
    const trigger = placed(run(limit(OTHER, 'buy', 1100, 1)));
    expect(trigger.trades).toHaveLength(1); // the triggering order's own trade only
    expect(exchange.state.orders.get(stop.order_id)).toBeUndefined();
    expect(exchange.usdBalance(BUYER)).toEqual({ total: 10_000_000 - 3_300_000, locked: 0 });
    expect(checkInvariants(exchange.state)).toEqual([]);
  });

  it('a pending stop’s hold cannot be spent elsewhere, and cancelling it releases the hold', () => {
    const { exchange, run } = market();
    const stop = limit(BUYER, 'buy', 3000, 3, { stop_price_ticks: 2500 }); // holds $9
    placed(run(stop));
    const spend = run(limit(BUYER, 'buy', 1000, 2)); // $2 more than the $1 left
    expect(spend).toMatchObject({ ok: false, reason: 'insufficient_balance' });
    const cancelled = run({ type: 'cancel_order', order_id: stop.order_id, participant_id: BUYER });
    expect(cancelled).toMatchObject({
      ok: true,
      result: { status: 'cancelled', closure: 'cancelled', hold: 0 },
    });
    expect(exchange.usdBalance(BUYER)).toEqual({ total: 10_000_000, locked: 0 });
    expect(checkInvariants(exchange.state)).toEqual([]);
  });

  it('a stop buy at market needs a slippage cap, counted from its stop price', () => {
    const { exchange, run } = market();
    const uncapped = run({
      ...limit(BUYER, 'buy', 1, 2, { stop_price_ticks: 1000 }),
      order_type: 'market',
      price_ticks: undefined,
      tif: 'ioc',
    });
    expect(uncapped).toMatchObject({ ok: false, code: REJECTIONS.stop_buy_needs_cap.code });
    const capped = placed(
      run({
        ...limit(BUYER, 'buy', 1, 2, { stop_price_ticks: 1000, max_slippage_ticks: 100 }),
        order_type: 'market',
        price_ticks: undefined,
        tif: 'ioc',
      }),
    );
    // Held for 2 Units at 1100 ticks ($1.100).
    expect(capped.order).toMatchObject({ status: 'pending', stop_cap_ticks: 1100, hold: 2_200_000 });
    // Triggered at 1000, it pays at most 1100: the ask at 1200 is beyond its cap.
    run(limit(SUPPLIER, 'sell', 1000, 1));
    run(limit(SUPPLIER, 'sell', 1200, 2));
    run(limit(OTHER, 'buy', 1000, 1));
    expect(exchange.state.orders.get(capped.order.order_id)).toBeUndefined();
    expect(exchange.usdBalance(BUYER)).toEqual({ total: 10_000_000, locked: 0 });
    expect(checkInvariants(exchange.state)).toEqual([]);
  });

  it('a sell stop holds its Units, and a triggered stop-limit rests behind the order that triggered it', () => {
    const { exchange, run } = market();
    run(limit(OTHER, 'buy', 900, 1));
    const sellStop = limit(SUPPLIER, 'sell', 950, 4, { stop_price_ticks: 900 });
    placed(run(sellStop));
    // The supplier's own ask at 950 is placed, then another sell trades at 900 and triggers the stop.
    run(limit(SUPPLIER, 'sell', 950, 1));
    run({ ...limit(SUPPLIER, 'sell', 900, 1), tif: 'ioc' });
    const book = exchange.state.books.get(MARKET)!;
    expect(book.lastPrice()).toBe(900);
    expect(book.openOrders().map((o) => o.id)).toContain(sellStop.order_id);
    expect(exchange.state.orders.get(sellStop.order_id)).toMatchObject({ status: 'open', queue_rank: 1 });
    expect(checkInvariants(exchange.state)).toEqual([]);
  });
});

describe('suspending a participant', () => {
  it('cancels its resting orders and pending stops in the same command, releasing their holds', () => {
    const { exchange, run } = market();
    const resting = limit(BUYER, 'buy', 900, 2);
    const stop = limit(BUYER, 'buy', 1500, 2, { stop_price_ticks: 1400 });
    run(resting);
    run(stop);
    run(limit(OTHER, 'buy', 800, 1)); // someone else's order stays
    expect(exchange.usdBalance(BUYER).locked).toBe(1_800_000 + 3_000_000);

    const outcome = run({ type: 'set_participant_status', participant_id: BUYER, status: 'suspended' });
    expect(outcome.ok).toBe(true);
    const { cancelled_orders } = (outcome as { result: { cancelled_orders: Order[] } }).result;
    expect(cancelled_orders.map((o) => [o.order_id, o.status, o.closure, o.hold])).toEqual([
      [resting.order_id, 'cancelled', 'suspended', 0],
      [stop.order_id, 'cancelled', 'suspended', 0],
    ]);
    expect(exchange.usdBalance(BUYER)).toEqual({ total: 10_000_000, locked: 0 });
    expect(
      exchange.state.books
        .get(MARKET)!
        .openOrders()
        .map((o) => o.account),
    ).toEqual([OTHER]);
    expect(exchange.state.books.get(MARKET)!.pendingStops()).toEqual([]);
    // A supplier's sell can no longer trade with the suspended consumer's bid.
    expect(placed(run(limit(SUPPLIER, 'sell', 900, 1))).trades).toEqual([]);
    expect(checkInvariants(exchange.state)).toEqual([]);

    const resumed = run({ type: 'set_participant_status', participant_id: BUYER, status: 'active' });
    expect(resumed).toMatchObject({ ok: true, result: { status: 'active', cancelled_orders: [] } });
  });
});
