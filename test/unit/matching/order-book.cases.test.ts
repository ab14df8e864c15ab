// Documented matching cases, each run against the fast OrderBook and the ReferenceBook.
// A case: the resting ladder before (placed in order), the commands, every trade, the order updates
// of the last command, and the depth after. Accounts: alice takes, bob and carol make (unless noted).

import { describe, expect, it } from 'vitest';
import {
  RejectCode,
  type AmendInput,
  type BookEvent,
  type ClosureReason,
  type DepthLevel,
  type MatchingBook,
  type OrderStatus,
  type PlaceInput,
} from '../../../src-main/engine/matching/types';
import { BOOKS, limit, market } from './builders';

type Step = { place: PlaceInput } | { cancel: string } | { amend: string; change: AmendInput };
/** [makerId, takerId, priceTicks, qty] */
type TradeRow = [string, string, number, number];
/** [id, status, filled, remaining, closure?] */
type OrderRow = [string, OrderStatus, number, number, ClosureReason?];

interface Case {
  name: string;
  ladder: PlaceInput[];
  steps: Step[];
  trades: TradeRow[];
  orders: OrderRow[];
  bids: DepthLevel[];
  asks: DepthLevel[];
}

const place = (input: PlaceInput): Step => ({ place: input });
const amend = (id: string, change: AmendInput): Step => ({ amend: id, change });

const CASES: Case[] = [
  {
    name: 'a buy sweeps levels in price-time order, trading at the makers’ prices',
    ladder: [
      limit('s1', 'bob', 'sell', 100, 2),
      limit('s2', 'carol', 'sell', 100, 3),
      limit('s3', 'bob', 'sell', 101, 5),
    ],
    steps: [place(limit('b1', 'alice', 'buy', 101, 7))],
    trades: [
      ['s1', 'b1', 100, 2],
      ['s2', 'b1', 100, 3],
      ['s3', 'b1', 101, 2],
    ],
    orders: [
      ['s1', 'filled', 2, 0],
      ['s2', 'filled', 3, 0],
      ['s3', 'partially_filled', 2, 3],
      ['b1', 'filled', 7, 0],
    ],
    bids: [],
    asks: [[101, 3, 1]],
  },
  {
    name: 'the unfilled remainder of a GTC limit rests at its own price',
    ladder: [limit('s1', 'bob', 'sell', 100, 2)],
    steps: [place(limit('b1', 'alice', 'buy', 101, 5))],
    trades: [['s1', 'b1', 100, 2]],
    orders: [
      ['s1', 'filled', 2, 0],
      ['b1', 'partially_filled', 2, 3],
    ],
    bids: [[101, 3, 1]],
    asks: [],
  },
  {
    name: 'a sell taker hits the best bid first and rests what its price does not reach',
    ladder: [
      limit('b1', 'bob', 'buy', 104, 1),
      limit('b2', 'carol', 'buy', 105, 1),
      limit('b3', 'bob', 'buy', 99, 4),
    ],
    steps: [place(limit('s1', 'alice', 'sell', 100, 3))],
    trades: [
      ['b2', 's1', 105, 1],
      ['b1', 's1', 104, 1],
    ],
    orders: [
      ['b2', 'filled', 1, 0],
      ['b1', 'filled', 1, 0],
      ['s1', 'partially_filled', 2, 1],
    ],
    bids: [[99, 4, 1]],
    asks: [[100, 1, 1]],
  },
  {
    name: 'a limit that does not cross just rests',
    ladder: [limit('s1', 'bob', 'sell', 101, 1)],
    steps: [place(limit('b1', 'alice', 'buy', 100, 2))],
    trades: [],
    orders: [['b1', 'open', 0, 2]],
    bids: [[100, 2, 1]],
    asks: [[101, 1, 1]],
  },
  {
    name: 'IOC trades what it can and cancels the remainder',
    ladder: [limit('s1', 'bob', 'sell', 100, 2), limit('s2', 'bob', 'sell', 102, 1)],
    steps: [place(limit('b1', 'alice', 'buy', 101, 5, { tif: 'ioc' }))],
    trades: [['s1', 'b1', 100, 2]],
    orders: [
      ['s1', 'filled', 2, 0],
      ['b1', 'cancelled', 2, 3, 'ioc_remainder_cancelled'],
    ],
    bids: [],
    asks: [[102, 1, 1]],
  },
  {
    name: 'IOC with nothing at its price is cancelled without trading',
    ladder: [limit('s1', 'bob', 'sell', 102, 1)],
    steps: [place(limit('b1', 'alice', 'buy', 101, 1, { tif: 'ioc' }))],
    trades: [],
    orders: [['b1', 'cancelled', 0, 1, 'ioc_remainder_cancelled']],
    bids: [],
    asks: [[102, 1, 1]],
  },
  {
    name: 'FOK fills entirely across levels',
    ladder: [limit('s1', 'bob', 'sell', 100, 2), limit('s2', 'carol', 'sell', 101, 3)],
    steps: [place(limit('b1', 'alice', 'buy', 101, 5, { tif: 'fok' }))],
    trades: [
      ['s1', 'b1', 100, 2],
      ['s2', 'b1', 101, 3],
    ],
    orders: [
      ['s1', 'filled', 2, 0],
      ['s2', 'filled', 3, 0],
      ['b1', 'filled', 5, 0],
    ],
    bids: [],
    asks: [],
  },
  {
    name: 'FOK that cannot fill entirely does nothing at all',
    ladder: [limit('s1', 'bob', 'sell', 100, 2), limit('s2', 'carol', 'sell', 102, 3)],
    steps: [place(limit('b1', 'alice', 'buy', 101, 5, { tif: 'fok' }))],
    trades: [],
    orders: [['b1', 'cancelled', 0, 5, 'fok_not_fillable']],
    bids: [],
    asks: [
      [100, 2, 1],
      [102, 3, 1],
    ],
  },
  {
    name: 'FOK counts its own resting order as a blocker under cancel_taker',
    ladder: [limit('s1', 'alice', 'sell', 100, 1), limit('s2', 'bob', 'sell', 100, 5)],
    steps: [place(limit('b1', 'alice', 'buy', 100, 3, { tif: 'fok' }))],
    trades: [],
    orders: [['b1', 'cancelled', 0, 3, 'fok_not_fillable']],
    bids: [],
    asks: [[100, 6, 2]],
  },
  {
    name: 'post-only that would take is rejected and changes nothing',
    ladder: [limit('s1', 'bob', 'sell', 100, 1)],
    steps: [place(limit('b1', 'alice', 'buy', 100, 1, { postOnly: true }))],
    trades: [],
    orders: [['b1', 'rejected', 0, 1, 'post_only_would_take']],
    bids: [],
    asks: [[100, 1, 1]],
  },
  {
    name: 'post-only that does not cross rests',
    ladder: [limit('s1', 'bob', 'sell', 101, 1)],
    steps: [place(limit('b1', 'alice', 'buy', 100, 2, { postOnly: true }))],
    trades: [],
    orders: [['b1', 'open', 0, 2]],
    bids: [[100, 2, 1]],
    asks: [[101, 1, 1]],
  },
  {
    name: 'a market buy walks the book until it is empty (partially filled, no liquidity)',
    ladder: [limit('s1', 'bob', 'sell', 100, 2), limit('s2', 'carol', 'sell', 150, 1)],
    steps: [place(market('m1', 'alice', 'buy', 5))],
    trades: [
      ['s1', 'm1', 100, 2],
      ['s2', 'm1', 150, 1],
    ],
    orders: [
      ['s1', 'filled', 2, 0],
      ['s2', 'filled', 1, 0],
      ['m1', 'cancelled', 3, 2, 'partially_filled_no_liquidity'],
    ],
    bids: [],
    asks: [],
  },
  {
    name: 'a market sell into an empty bid side never rests',
    ladder: [limit('s1', 'bob', 'sell', 100, 1)],
    steps: [place(market('m1', 'alice', 'sell', 3))],
    trades: [],
    orders: [['m1', 'cancelled', 0, 3, 'no_fill_no_liquidity']],
    bids: [],
    asks: [[100, 1, 1]],
  },
  {
    name: 'max slippage stops a market buy before a worse price (partially filled)',
    ladder: [limit('s1', 'bob', 'sell', 100, 2), limit('s2', 'bob', 'sell', 103, 5)],
    steps: [place(market('m1', 'alice', 'buy', 5, { limitTicks: 102 }))],
    trades: [['s1', 'm1', 100, 2]],
    orders: [
      ['s1', 'filled', 2, 0],
      ['m1', 'cancelled', 2, 3, 'partially_filled_max_slippage'],
    ],
    bids: [],
    asks: [[103, 5, 1]],
  },
  {
    name: 'max slippage on a market sell with the best bid already too low (no fill)',
    ladder: [limit('b1', 'bob', 'buy', 97, 5)],
    steps: [place(market('m1', 'alice', 'sell', 1, { limitTicks: 98 }))],
    trades: [],
    orders: [['m1', 'cancelled', 0, 1, 'no_fill_max_slippage']],
    bids: [[97, 5, 1]],
    asks: [],
  },
  {
    name: 'a limit whose cap is tighter than its price closes at the cap instead of resting (would cross)',
    ladder: [limit('s1', 'bob', 'sell', 100, 1), limit('s2', 'bob', 'sell', 102, 5)],
    steps: [place(limit('b1', 'alice', 'buy', 105, 3, { limitTicks: 101 }))],
    trades: [['s1', 'b1', 100, 1]],
    orders: [
      ['s1', 'filled', 1, 0],
      ['b1', 'cancelled', 1, 2, 'partially_filled_max_slippage'],
    ],
    bids: [],
    asks: [[102, 5, 1]],
  },
  {
    name: 'a cap looser than the limit price is just the limit price',
    ladder: [limit('s1', 'bob', 'sell', 100, 1), limit('s2', 'bob', 'sell', 102, 5)],
    steps: [place(limit('b1', 'alice', 'buy', 101, 3, { limitTicks: 110 }))],
    trades: [['s1', 'b1', 100, 1]],
    orders: [
      ['s1', 'filled', 1, 0],
      ['b1', 'partially_filled', 1, 2],
    ],
    bids: [[101, 2, 1]],
    asks: [[102, 5, 1]],
  },
  {
    name: 'STP cancel_taker (default): trades with others, stops at its own order, maker untouched',
    ladder: [
      limit('s1', 'bob', 'sell', 100, 1),
      limit('s2', 'alice', 'sell', 101, 1),
      limit('s3', 'carol', 'sell', 101, 1),
    ],
    steps: [place(limit('b1', 'alice', 'buy', 101, 3))],
    trades: [['s1', 'b1', 100, 1]],
    orders: [
      ['s1', 'filled', 1, 0],
      ['b1', 'cancelled', 1, 2, 'self_trade_prevented'],
    ],
    bids: [],
    asks: [[101, 2, 2]],
  },
  {
    name: 'STP cancel_maker: cancels its own resting order and keeps matching',
    ladder: [limit('s1', 'alice', 'sell', 100, 1), limit('s2', 'bob', 'sell', 100, 2)],
    steps: [place(limit('b1', 'alice', 'buy', 100, 2, { stp: 'cancel_maker' }))],
    trades: [['s2', 'b1', 100, 2]],
    orders: [
      ['s1', 'cancelled', 0, 1, 'self_trade_prevented'],
      ['s2', 'filled', 2, 0],
      ['b1', 'filled', 2, 0],
    ],
    bids: [],
    asks: [],
  },
  {
    name: 'STP cancel_both: cancels the resting order and the taker',
    ladder: [limit('s1', 'alice', 'sell', 100, 1), limit('s2', 'bob', 'sell', 100, 2)],
    steps: [place(limit('b1', 'alice', 'buy', 100, 2, { stp: 'cancel_both' }))],
    trades: [],
    orders: [
      ['s1', 'cancelled', 0, 1, 'self_trade_prevented'],
      ['b1', 'cancelled', 0, 2, 'self_trade_prevented'],
    ],
    bids: [],
    asks: [[100, 2, 1]],
  },
  {
    name: 'STP decrement_and_cancel, maker larger: both shrink by 3, taker cancelled, maker keeps priority',
    ladder: [limit('s1', 'alice', 'sell', 100, 5), limit('s2', 'bob', 'sell', 100, 2)],
    steps: [place(limit('b1', 'alice', 'buy', 100, 3, { stp: 'decrement_and_cancel' }))],
    trades: [],
    orders: [
      ['s1', 'open', 0, 2],
      ['b1', 'cancelled', 0, 0, 'self_trade_prevented'],
    ],
    bids: [],
    asks: [[100, 4, 2]],
  },
  {
    name: 'STP decrement_and_cancel, taker larger: maker cancelled, taker trades on and rests',
    ladder: [limit('s1', 'alice', 'sell', 100, 2), limit('s2', 'bob', 'sell', 100, 2)],
    steps: [place(limit('b1', 'alice', 'buy', 100, 5, { stp: 'decrement_and_cancel' }))],
    trades: [['s2', 'b1', 100, 2]],
    orders: [
      ['s1', 'cancelled', 0, 0, 'self_trade_prevented'],
      ['s2', 'filled', 2, 0],
      ['b1', 'partially_filled', 2, 1],
    ],
    bids: [[100, 1, 1]],
    asks: [],
  },
  {
    name: 'amending the qty down keeps time priority',
    ladder: [limit('b1', 'alice', 'buy', 100, 5), limit('b2', 'bob', 'buy', 100, 5)],
    steps: [amend('b1', { qty: 3 }), place(market('m1', 'carol', 'sell', 4))],
    trades: [
      ['b1', 'm1', 100, 3],
      ['b2', 'm1', 100, 1],
    ],
    orders: [
      ['b1', 'filled', 3, 0],
      ['b2', 'partially_filled', 1, 4],
      ['m1', 'filled', 4, 0],
    ],
    bids: [[100, 4, 1]],
    asks: [],
  },
  {
    name: 'amending the qty up re-queues at the back of the level',
    ladder: [limit('b1', 'alice', 'buy', 100, 5), limit('b2', 'bob', 'buy', 100, 5)],
    steps: [amend('b1', { qty: 6 }), place(market('m1', 'carol', 'sell', 4))],
    trades: [['b2', 'm1', 100, 4]],
    orders: [
      ['b2', 'partially_filled', 4, 1],
      ['m1', 'filled', 4, 0],
    ],
    bids: [[100, 7, 2]],
    asks: [],
  },
  {
    name: 'amending the price there and back re-queues behind orders that were behind it',
    ladder: [limit('b1', 'alice', 'buy', 100, 5), limit('b2', 'bob', 'buy', 100, 5)],
    steps: [
      amend('b1', { priceTicks: 99 }),
      amend('b1', { priceTicks: 100 }),
      place(market('m1', 'carol', 'sell', 6)),
    ],
    trades: [
      ['b2', 'm1', 100, 5],
      ['b1', 'm1', 100, 1],
    ],
    orders: [
      ['b2', 'filled', 5, 0],
      ['b1', 'partially_filled', 1, 4],
      ['m1', 'filled', 6, 0],
    ],
    bids: [[100, 4, 1]],
    asks: [],
  },
  {
    name: 'amending to a crossing price trades as a taker, then rests the remainder',
    ladder: [limit('b1', 'alice', 'buy', 100, 5), limit('s1', 'bob', 'sell', 102, 2)],
    steps: [amend('b1', { priceTicks: 102 })],
    trades: [['s1', 'b1', 102, 2]],
    orders: [
      ['s1', 'filled', 2, 0],
      ['b1', 'partially_filled', 2, 3],
    ],
    bids: [[102, 3, 1]],
    asks: [],
  },
  {
    name: 'amending a partly filled order keeps its fills: qty is the new total',
    ladder: [limit('b1', 'alice', 'buy', 100, 5)],
    steps: [place(market('m1', 'bob', 'sell', 2)), amend('b1', { qty: 4 })],
    trades: [['b1', 'm1', 100, 2]],
    orders: [['b1', 'partially_filled', 2, 2]],
    bids: [[100, 2, 1]],
    asks: [],
  },
  {
    name: 'budget: fills the largest affordable quantity, then stops (550 buys 3@100 + 2@120)',
    ladder: [limit('s1', 'bob', 'sell', 100, 3), limit('s2', 'carol', 'sell', 120, 5)],
    steps: [place(market('m1', 'alice', 'buy', 10, { budget: 550 }))],
    trades: [
      ['s1', 'm1', 100, 3],
      ['s2', 'm1', 120, 2],
    ],
    orders: [
      ['s1', 'filled', 3, 0],
      ['s2', 'partially_filled', 2, 3],
      ['m1', 'cancelled', 5, 5, 'partially_filled_budget_exhausted'],
    ],
    bids: [],
    asks: [[120, 3, 1]],
  },
  {
    name: 'budget too small for one Unit at the best ask',
    ladder: [limit('s1', 'bob', 'sell', 100, 1)],
    steps: [place(market('m1', 'alice', 'buy', 1, { budget: 99 }))],
    trades: [],
    orders: [['m1', 'cancelled', 0, 1, 'no_fill_budget_exhausted']],
    bids: [],
    asks: [[100, 1, 1]],
  },
  {
    name: 'FOK with a budget that cannot pay for everything does nothing',
    ladder: [limit('s1', 'bob', 'sell', 100, 3)],
    steps: [place(market('m1', 'alice', 'buy', 3, { tif: 'fok', budget: 299 }))],
    trades: [],
    orders: [['m1', 'cancelled', 0, 3, 'fok_not_fillable']],
    bids: [],
    asks: [[100, 3, 1]],
  },
  {
    name: 'cancel removes a resting order and reports its remainder',
    ladder: [limit('b1', 'alice', 'buy', 100, 5), limit('b2', 'bob', 'buy', 100, 1)],
    steps: [{ cancel: 'b1' }],
    trades: [],
    orders: [['b1', 'cancelled', 0, 5, 'cancelled']],
    bids: [[100, 1, 1]],
    asks: [],
  },
];

function run(book: MatchingBook, step: Step) {
  if ('place' in step) return book.place(step.place);
  if ('cancel' in step) return book.cancel(step.cancel);
  return book.amend(step.amend, step.change);
}

function ladderBook(make: () => MatchingBook, ladder: PlaceInput[]): MatchingBook {
  const book = make();
  for (const input of ladder) {
    const result = book.place(input);
    if (!result.ok || result.events.some((e) => e.type === 'trade'))
      throw new Error(`ladder order ${input.id} did not rest`);
  }
  return book;
}

describe.each(BOOKS)('%s: documented cases', (_name, make) => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_title, c) => {
    const book = ladderBook(make, c.ladder);
    const trades: TradeRow[] = [];
    let last: BookEvent[] = [];
    for (const step of c.steps) {
      const result = run(book, step);
      if (!result.ok) throw new Error(`step rejected: ${result.reason}`);
      last = result.events;
      for (const e of result.events)
        if (e.type === 'trade') trades.push([e.makerId, e.takerId, e.priceTicks, e.qty]);
    }
    const orders = last.flatMap((e): OrderRow[] =>
      e.type === 'order'
        ? [
            e.closure
              ? [e.id, e.status, e.filled, e.remaining, e.closure]
              : [e.id, e.status, e.filled, e.remaining],
          ]
        : [],
    );
    expect(trades).toEqual(c.trades);
    expect(orders).toEqual(c.orders);
    expect(book.depth(10)).toEqual({ bids: c.bids, asks: c.asks });
  });

  it('reports a trade with both accounts and the taker side', () => {
    const book = ladderBook(make, [limit('s1', 'bob', 'sell', 100, 1)]);
    const result = book.place(limit('b1', 'alice', 'buy', 100, 1));
    expect(result.ok && result.events[0]).toEqual({
      type: 'trade',
      makerId: 's1',
      takerId: 'b1',
      makerAccount: 'bob',
      takerAccount: 'alice',
      priceTicks: 100,
      qty: 1,
      takerSide: 'buy',
    });
  });

  it('cancelAll cancels one account’s orders in arrival order, or everyone’s', () => {
    const book = ladderBook(make, [
      limit('b1', 'alice', 'buy', 99, 1),
      limit('s1', 'bob', 'sell', 101, 2),
      limit('s2', 'alice', 'sell', 102, 3),
      limit('b2', 'alice', 'buy', 100, 4),
    ]);
    book.amend('b1', { priceTicks: 98 });
    const alice = book.cancelAll('alice');
    expect(alice.ids).toEqual(['s2', 'b2', 'b1']);
    expect(alice.events[0]).toEqual({
      type: 'order',
      id: 's2',
      status: 'cancelled',
      filled: 0,
      remaining: 3,
      closure: 'cancelled',
    });
    expect(book.openOrders().map((o) => o.id)).toEqual(['s1']);
    expect(book.cancelAll().ids).toEqual(['s1']);
    expect(book.depth(5)).toEqual({ bids: [], asks: [] });
  });

  it('get, openOrders and best prices describe resting orders only', () => {
    const book = ladderBook(make, [
      limit('b1', 'alice', 'buy', 99, 3, { stp: 'cancel_both' }),
      limit('s1', 'bob', 'sell', 101, 2),
    ]);
    book.place(market('m1', 'carol', 'sell', 1));
    expect(book.get('b1')).toEqual({
      id: 'b1',
      account: 'alice',
      side: 'buy',
      priceTicks: 99,
      qty: 3,
      filled: 1,
      remaining: 2,
      status: 'partially_filled',
      postOnly: false,
      stp: 'cancel_both',
    });
    expect(book.get('m1')).toBeUndefined();
    expect(book.openOrders('bob').map((o) => o.id)).toEqual(['s1']);
    expect([book.bestBid(), book.bestAsk()]).toEqual([99, 101]);
    book.cancelAll();
    expect([book.bestBid(), book.bestAsk()]).toEqual([undefined, undefined]);
  });

  it('an id may be reused once its order has left the book', () => {
    const book = ladderBook(make, [limit('s1', 'bob', 'sell', 100, 1)]);
    book.place(limit('b1', 'alice', 'buy', 100, 1));
    const again = book.place(limit('b1', 'alice', 'buy', 90, 1));
    expect(again.ok).toBe(true);
  });
});

type Command = (book: MatchingBook) => { ok: boolean; code?: number };
const bad =
  (input: Partial<PlaceInput> & Record<string, unknown>): Command =>
  (book) =>
    book.place({
      id: 'x1',
      account: 'alice',
      side: 'buy',
      type: 'limit',
      priceTicks: 100,
      qty: 1,
      tif: 'gtc',
      ...input,
    } as PlaceInput);

const REJECTIONS: Array<[string, Command, number]> = [
  ['qty 0', bad({ qty: 0 }), RejectCode.INVALID_QTY],
  ['fractional qty', bad({ qty: 1.5 }), RejectCode.INVALID_QTY],
  ['qty as a string', bad({ qty: '2' as unknown as number }), RejectCode.INVALID_QTY],
  ['empty id', bad({ id: '' }), RejectCode.INVALID_ID],
  ['empty account', bad({ account: '' }), RejectCode.INVALID_ACCOUNT],
  ['unknown side', bad({ side: 'hold' as never }), RejectCode.INVALID_SIDE],
  ['unknown type', bad({ type: 'stop' as never }), RejectCode.INVALID_TYPE],
  ['unknown tif', bad({ tif: 'day' as never }), RejectCode.INVALID_TIF],
  ['limit without price', bad({ priceTicks: undefined }), RejectCode.MISSING_PRICE],
  ['price 0', bad({ priceTicks: 0 }), RejectCode.INVALID_PRICE],
  ['fractional price', bad({ priceTicks: 2.5 }), RejectCode.INVALID_PRICE],
  ['market with a price', bad({ type: 'market', tif: 'ioc' }), RejectCode.PRICE_ON_MARKET],
  ['market GTC', bad({ type: 'market', priceTicks: undefined }), RejectCode.MARKET_GTC],
  [
    'post-only market',
    bad({ type: 'market', priceTicks: undefined, tif: 'ioc', postOnly: true }),
    RejectCode.POST_ONLY_MARKET,
  ],
  ['post-only IOC', bad({ tif: 'ioc', postOnly: true }), RejectCode.POST_ONLY_NOT_GTC],
  ['post-only FOK', bad({ tif: 'fok', postOnly: true }), RejectCode.POST_ONLY_NOT_GTC],
  ['unknown STP mode', bad({ stp: 'ignore' as never }), RejectCode.INVALID_STP],
  ['limitTicks 0', bad({ limitTicks: 0 }), RejectCode.INVALID_LIMIT_TICKS],
  ['budget on a sell', bad({ side: 'sell', budget: 100 }), RejectCode.BUDGET_ON_SELL],
  ['budget 0', bad({ budget: 0 }), RejectCode.INVALID_BUDGET],
  ['duplicate resting id', bad({ id: 'r1' }), RejectCode.DUPLICATE_ID],
  ['cancel of an unknown order', (book) => book.cancel('nope'), RejectCode.UNKNOWN_ORDER],
  ['amend of an unknown order', (book) => book.amend('nope', { qty: 1 }), RejectCode.UNKNOWN_ORDER],
  ['amend without changes', (book) => book.amend('r1', {}), RejectCode.AMEND_NOTHING],
  [
    'amend qty to the filled quantity',
    (book) => book.amend('r1', { qty: 1 }),
    RejectCode.AMEND_QTY_NOT_ABOVE_FILLED,
  ],
  ['amend to a fractional price', (book) => book.amend('r1', { priceTicks: 90.5 }), RejectCode.INVALID_PRICE],
  [
    'amend a post-only order across the book',
    (book) => book.amend('p1', { priceTicks: 90 }),
    RejectCode.AMEND_POST_ONLY_WOULD_TAKE,
  ],
];

describe.each(BOOKS)('%s: rejections', (_name, make) => {
  it.each(REJECTIONS)('%s', (_title, command, code) => {
    // r1: resting buy 90x3 with 1 filled; p1: resting post-only sell 110; a1: resting ask at 103.
    const book = ladderBook(make, [
      limit('r1', 'alice', 'buy', 90, 3),
      limit('p1', 'bob', 'sell', 110, 1, { postOnly: true }),
      limit('a1', 'carol', 'sell', 103, 1),
    ]);
    book.place(market('m0', 'carol', 'sell', 1));
    const before = book.depth(10);
    const result = command(book);
    expect(result).toMatchObject({ ok: false, code });
    expect(book.depth(10)).toEqual(before);
  });
});
