// Differential and invariant testing: random command streams go to the fast OrderBook and to the
// naive ReferenceBook; after every command both must return identical results and hold identical
// books, and the fast book must satisfy the book invariants.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../../src-main/engine/matching/order-book';
import { ReferenceBook } from '../../../src-main/engine/matching/reference-book';
import type {
  BookEvent,
  ClosureReason,
  MatchingBook,
  PlaceInput,
  PlaceResult,
  StopView,
  TriggerEvent,
} from '../../../src-main/engine/matching/types';
import { apply, commandArb, placedId, STREAM, type Command } from './commands';

function checkBookInvariants(book: MatchingBook): void {
  const bid = book.bestBid();
  const ask = book.bestAsk();
  if (bid !== undefined && ask !== undefined) expect(bid).toBeLessThan(ask);

  const expected = { bids: new Map<number, [number, number]>(), asks: new Map<number, [number, number]>() };
  for (const o of book.openOrders()) {
    expect(o.remaining).toBeGreaterThan(0);
    expect(o.filled).toBeGreaterThanOrEqual(0);
    expect(o.filled + o.remaining).toBe(o.qty);
    expect(o.status).toBe(o.filled > 0 ? 'partially_filled' : 'open');
    const side = o.side === 'buy' ? expected.bids : expected.asks;
    const [total, count] = side.get(o.priceTicks) ?? [0, 0];
    side.set(o.priceTicks, [total + o.remaining, count + 1]);
  }
  const depth = book.depth(Number.MAX_SAFE_INTEGER);
  const flatten = (m: Map<number, [number, number]>, bestFirst: (a: number, b: number) => number) =>
    [...m.entries()].sort((a, b) => bestFirst(a[0], b[0])).map(([p, [q, c]]) => [p, q, c]);
  expect(depth.bids).toEqual(flatten(expected.bids, (a, b) => b - a));
  expect(depth.asks).toEqual(flatten(expected.asks, (a, b) => a - b));
}

/** No pending stop may be one the last trade price has reached: it would have run. */
function checkStops(book: MatchingBook): void {
  const last = book.lastPrice();
  for (const stop of book.pendingStops() as StopView[]) {
    if (last === undefined) continue;
    if (stop.side === 'buy') expect(last).toBeLessThan(stop.stopTicks);
    else expect(last).toBeGreaterThan(stop.stopTicks);
  }
}

/** What any accepted placement must respect, whatever the book held. */
function checkPlacement(input: PlaceInput, result: PlaceResult, lastBefore: number | undefined): void {
  if (!result.ok) return;
  // The placed order's own events come first; each triggered stop's run follows its `triggered` event.
  const runs: BookEvent[][] = [[]];
  for (const e of result.events) {
    if (e.type === 'triggered') runs.push([]);
    runs[runs.length - 1]!.push(e);
  }
  const [own, ...triggered] = runs as [BookEvent[], ...BookEvent[][]];
  if (input.stopTicks !== undefined) {
    // A stop waits off-book (and may trigger at once, as the first run after it).
    expect(own).toStrictEqual([
      { type: 'order', id: input.id, status: 'pending', filled: 0, remaining: input.qty },
    ]);
    triggered.forEach((run, index) => {
      const trigger = run[0] as TriggerEvent;
      if (index === 0 && trigger.id === input.id) checkRun({ ...input, stopTicks: undefined }, run.slice(1));
    });
  } else {
    checkRun(input, own);
  }
  let last = lastBefore;
  for (const run of runs) {
    for (const e of run) {
      // A stop triggers on the last trade price, on the right side of its stop price.
      if (e.type === 'triggered') expect(e.lastPriceTicks).toBe(last);
      if (e.type === 'trade') last = e.priceTicks;
    }
  }
}

/** What one order's run (its trades, maker updates and own final event) must respect. */
function checkRun(input: PlaceInput, events: BookEvent[]): void {
  const subject = events[events.length - 1];
  if (subject?.type !== 'order' || subject.id !== input.id)
    throw new Error('the placed order must report last');
  let filled = 0;
  let cost = 0;
  for (const e of events) {
    if (e.type === 'triggered') throw new Error('a trigger inside a run');
    if (e.type === 'order') {
      expect(
        Number.isInteger(e.filled) && e.filled >= 0 && Number.isInteger(e.remaining) && e.remaining >= 0,
      ).toBe(true);
      continue;
    }
    expect(e.takerId).toBe(input.id);
    expect(e.makerAccount).not.toBe(e.takerAccount);
    expect(e.qty).toBeGreaterThan(0);
    const worst = input.side === 'buy' ? Math.min : Math.max;
    const bound = worst(input.priceTicks ?? e.priceTicks, input.limitTicks ?? e.priceTicks);
    if (input.side === 'buy') expect(e.priceTicks).toBeLessThanOrEqual(bound);
    else expect(e.priceTicks).toBeGreaterThanOrEqual(bound);
    filled += e.qty;
    cost += e.qty * e.priceTicks;
  }
  expect(subject.filled).toBe(filled);
  expect(subject.filled + subject.remaining).toBeLessThanOrEqual(input.qty);
  if (input.budget !== undefined) expect(cost).toBeLessThanOrEqual(input.budget);
  if (input.postOnly === true || input.tif === 'fok') {
    if (subject.status !== 'filled') expect(filled).toBe(0);
  }
}

function runStream(commands: Command[]): void {
  const fast = new OrderBook();
  const reference = new ReferenceBook();
  commands.forEach((command, position) => {
    const lastBefore = fast.lastPrice();
    const fastResult = apply(fast, command, position);
    const referenceResult = apply(reference, command, position);
    expect(fastResult).toStrictEqual(referenceResult);
    expect(fast.depth(1000)).toStrictEqual(reference.depth(1000));
    expect(fast.depth(3)).toStrictEqual(reference.depth(3));
    expect(fast.openOrders()).toStrictEqual(reference.openOrders());
    expect(fast.pendingStops()).toStrictEqual(reference.pendingStops());
    expect(fast.lastPrice()).toBe(reference.lastPrice());
    checkStops(fast);
    expect([fast.bestBid(), fast.bestAsk()]).toEqual([reference.bestBid(), reference.bestAsk()]);
    checkBookInvariants(fast);
    if (command.kind === 'place' && (fastResult as PlaceResult).ok) {
      checkPlacement(
        { ...command.input, id: placedId(command, position) },
        fastResult as PlaceResult,
        lastBefore,
      );
    }
  });
}

describe('OrderBook agrees with ReferenceBook on random command streams', () => {
  it('four accounts, all order kinds, cancels, amends, cancelAll', () => {
    fc.assert(fc.property(fc.array(commandArb(['a1', 'a2', 'a3', 'a4']), STREAM), runStream), {
      numRuns: 300,
    });
  });

  it('two accounts, so self-trade prevention triggers constantly', () => {
    fc.assert(fc.property(fc.array(commandArb(['a1', 'a2']), STREAM), runStream), { numRuns: 300 });
  });
});

describe('the random streams are worth trusting', () => {
  it('reach every closure reason, status and self-trade outcome', () => {
    const seen = new Set<string>();
    for (const commands of fc.sample(fc.array(commandArb(['a1', 'a2', 'a3']), STREAM), {
      numRuns: 100,
      seed: 7,
    })) {
      const book = new OrderBook();
      commands.forEach((command, position) => {
        const result = apply(book, command, position) as { ok?: boolean; events?: BookEvent[] };
        if (result.ok === false) seen.add('rejected');
        for (const e of result.events ?? []) {
          if (e.type === 'triggered') {
            seen.add('triggered');
            continue;
          }
          seen.add(e.type === 'trade' ? 'trade' : `${e.status}:${e.closure ?? ''}`);
          if (e.type === 'trade' && result.events!.filter((x) => x.type === 'triggered').length > 1)
            seen.add('cascade trades');
          if (e.type === 'trade' && command.kind === 'amend') seen.add('amend trades');
        }
      });
    }
    const closures: ClosureReason[] = [
      'cancelled',
      'partially_filled_no_liquidity',
      'no_fill_no_liquidity',
      'partially_filled_max_slippage',
      'no_fill_max_slippage',
      'self_trade_prevented',
      'fok_not_fillable',
      'ioc_remainder_cancelled',
      'partially_filled_budget_exhausted',
      'no_fill_budget_exhausted',
    ];
    const expected = [
      ...closures.map((c) => `cancelled:${c}`),
      'rejected:post_only_would_take',
      'open:',
      'partially_filled:',
      'filled:',
      'trade',
      'rejected',
      'amend trades',
      'pending:',
      'triggered',
      'cascade trades',
    ];
    expect(expected.filter((k) => !seen.has(k))).toEqual([]);
  });
});
