// Stop and stop-limit orders in both books: off-book until the last trade price reaches the stop,
// then in as the market or limit order they describe; cascades run in trigger order.

import { describe, expect, it } from 'vitest';
import { RejectCode, type BookEvent, type MatchingBook } from '../../../src-main/engine/matching/types';
import { BOOKS, limit, market } from './builders';

const ok = (result: { ok: boolean; events?: BookEvent[] }): BookEvent[] => {
  expect(result.ok).toBe(true);
  return result.events ?? [];
};
const trades = (events: BookEvent[]) =>
  events.flatMap((e) => (e.type === 'trade' ? [[e.makerId, e.takerId, e.priceTicks, e.qty]] : []));
const triggers = (events: BookEvent[]) => events.flatMap((e) => (e.type === 'triggered' ? [e.id] : []));

describe.each(BOOKS)('stop orders (%s)', (_name, makeBook) => {
  /** A book whose last trade was at 100, with asks at 101–103 and bids at 97–99 (one Unit each). */
  function market100(): MatchingBook {
    const book = makeBook();
    for (const [i, p] of [101, 102, 103].entries()) ok(book.place(limit(`a${i}`, 'maker', 'sell', p, 1)));
    for (const [i, p] of [99, 98, 97].entries()) ok(book.place(limit(`b${i}`, 'maker', 'buy', p, 1)));
    ok(book.place(limit('m0', 'maker', 'sell', 100, 1)));
    ok(book.place(market('t0', 'taker', 'buy', 1)));
    expect(book.lastPrice()).toBe(100);
    return book;
  }

  it('waits off-book as pending, outside the depth, until the last trade reaches its stop', () => {
    const book = market100();
    const events = ok(book.place(market('s1', 'alice', 'buy', 2, { stopTicks: 102 })));
    expect(events).toEqual([{ type: 'order', id: 's1', status: 'pending', filled: 0, remaining: 2 }]);
    expect(book.openOrders('alice')).toEqual([]);
    expect(book.pendingStops('alice').map((s) => s.id)).toEqual(['s1']);
    // A trade at 101 does not reach 102.
    ok(book.place(market('t1', 'taker', 'buy', 1)));
    expect(book.pendingStops('alice')).toHaveLength(1);
    // A trade at 102 does: the stop buys at market right after it, in the same command.
    const after = ok(book.place(market('t2', 'taker', 'buy', 1)));
    expect(triggers(after)).toEqual(['s1']);
    expect(trades(after)).toEqual([
      ['a1', 't2', 102, 1],
      ['a2', 's1', 103, 1],
    ]);
    expect(after[after.length - 1]).toEqual({
      type: 'order',
      id: 's1',
      status: 'cancelled',
      filled: 1,
      remaining: 1,
      closure: 'partially_filled_no_liquidity',
    });
    expect(book.pendingStops()).toEqual([]);
  });

  it('a sell stop-limit triggers when the last trade falls to its stop and rests at its limit', () => {
    const book = market100();
    ok(book.place(limit('s1', 'alice', 'sell', 98, 3, { stopTicks: 99 })));
    const events = ok(book.place(market('t1', 'taker', 'sell', 1)));
    expect(triggers(events)).toEqual(['s1']);
    expect(trades(events)).toEqual([
      ['b0', 't1', 99, 1],
      ['b1', 's1', 98, 1],
    ]);
    expect(book.openOrders('alice')).toMatchObject([{ id: 's1', priceTicks: 98, remaining: 2 }]);
  });

  it('triggers at once when the last trade has already reached its stop', () => {
    const book = market100();
    const events = ok(book.place(market('s1', 'alice', 'buy', 1, { stopTicks: 100 })));
    expect(events[0]).toMatchObject({ id: 's1', status: 'pending' });
    expect(triggers(events)).toEqual(['s1']);
    expect(trades(events)).toEqual([['a0', 's1', 101, 1]]);
  });

  it('never triggers before the market has traded', () => {
    const book = makeBook();
    ok(book.place(market('s1', 'alice', 'sell', 1, { stopTicks: 1_000_000 })));
    expect(book.pendingStops().map((s) => s.id)).toEqual(['s1']);
  });

  it('cascades: a stop’s trades trigger the next, in trigger order then arrival order', () => {
    const book = market100();
    ok(book.place(market('late', 'carol', 'buy', 1, { stopTicks: 101 })));
    ok(book.place(market('deep', 'dave', 'buy', 1, { stopTicks: 102 })));
    ok(book.place(market('early', 'bob', 'buy', 1, { stopTicks: 101 })));
    const events = ok(book.place(market('t1', 'taker', 'buy', 1)));
    // t1 trades at 101: 'late' and 'early' trigger (arrival order); late's trade at 102 triggers 'deep',
    // which runs after 'early' (triggered earlier).
    expect(triggers(events)).toEqual(['late', 'early', 'deep']);
    expect(trades(events)).toEqual([
      ['a0', 't1', 101, 1],
      ['a1', 'late', 102, 1],
      ['a2', 'early', 103, 1],
    ]);
    expect(events[events.length - 1]).toMatchObject({ id: 'deep', closure: 'no_fill_no_liquidity' });
  });

  it('is cancellable while pending, by id and by cancelAll, and cannot be amended', () => {
    const book = market100();
    ok(book.place(limit('s1', 'alice', 'buy', 105, 2, { stopTicks: 104 })));
    ok(book.place(limit('s2', 'alice', 'sell', 90, 2, { stopTicks: 95 })));
    expect(book.amend('s1', { qty: 3 })).toMatchObject({ ok: false, code: RejectCode.AMEND_PENDING_STOP });
    expect(book.place(limit('s1', 'alice', 'buy', 100, 1))).toMatchObject({
      ok: false,
      code: RejectCode.DUPLICATE_ID,
    });
    expect(ok(book.cancel('s1'))).toEqual([
      { type: 'order', id: 's1', status: 'cancelled', filled: 0, remaining: 2, closure: 'cancelled' },
    ]);
    expect(book.cancelAll('alice').ids).toEqual(['s2']);
    expect(book.pendingStops()).toEqual([]);
  });

  it('refuses a bad stop price and post-only stops with numbered codes', () => {
    const book = makeBook();
    expect(book.place(market('s1', 'alice', 'buy', 1, { stopTicks: 0 }))).toMatchObject({
      code: RejectCode.INVALID_STOP_PRICE,
    });
    expect(book.place(limit('s1', 'alice', 'buy', 5, 1, { stopTicks: 5, postOnly: true }))).toMatchObject({
      code: RejectCode.STOP_POST_ONLY,
    });
  });
});
