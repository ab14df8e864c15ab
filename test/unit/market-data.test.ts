import { composeExchange } from '../../src-main/service/compose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instrument } from '../../src-main/engine/instruments';
import { bucketStart, formatPercent, MarketData } from '../../src-main/service/market-data';
import type { ExchangeService } from '../../src-main/service/exchange-service';
import type { Operations } from '../../src-main/service/operations';
import {
  CANDLE_RESOLUTIONS,
  type CandleResolution,
  MAX_CANDLES,
} from '../../src-preload/contract-market-data';
import { tempDir } from '../helpers/temp-dir';
import { operatorCalls } from '../helpers/operator-calls';
import { stockUnits } from '../helpers/supply';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const UNKNOWN = 'market_00000000-0000-0000-0000-000000000000';

let dir: ReturnType<typeof tempDir>;
let service: ExchangeService;
let ops: Operations;
let data: MarketData;
let now: number;
let a: string;
let b: string;
const instrument = (symbol: string): Instrument =>
  [...service.engine.state.instruments.values()].find((i) => i.symbol === symbol)!;
const marketOf = (symbol: string) => instrument(symbol).market.market_id;

beforeAll(async () => {
  dir = tempDir();
  now = Date.UTC(2024, 11, 1);
  ({ service, ops } = await composeExchange({ dataDir: dir.path, clock: () => now }));
  data = new MarketData(service);
  const operator = service.operator()!.participant_id;
  a = (await ops.createParticipant({ name: 'A', role: 'supplier' }, operator)).participant_id;
  b = (await ops.createParticipant({ name: 'B', role: 'supplier' }, operator)).participant_id;
  for (const p of [a, b]) {
    await ops.adjustUsd(p, { amount: '10000000', idempotency_key: 'seed', reason: 'seed' }, operator);
    for (const symbol of ['text-prime', 'text-max', 'text-standard']) {
      await stockUnits(operatorCalls(ops), p, instrument(symbol).instrument_id, 100_000);
    }
  }
});
afterAll(() => {
  service.close();
  dir.remove();
});

/**
 * Submits a trade at `at` without waiting (the engine matches at submit time, in order), so many can
 * share one group commit; `taker` is the aggressor's side.
 */
function trade(symbol: string, price: string, quantity: number, at: number, taker: 'buy' | 'sell' = 'buy') {
  now = at;
  const market_id = marketOf(symbol);
  const makerSide = taker === 'buy' ? 'sell' : 'buy';
  return Promise.all([
    ops.placeOrder(a, { market_id, side: makerSide, type: 'limit', quantity, price }, a),
    ops.placeOrder(b, { market_id, side: taker, type: 'limit', quantity, price }, b),
  ]);
}

describe('candles', () => {
  // Around a week boundary: Sunday 2025-01-05 23:59:59.999 UTC and Monday 2025-01-06 00:00 UTC.
  const MONDAY = Date.UTC(2025, 0, 6);
  const trades: [price: string, quantity: number, at: number][] = [
    ['1.000', 1, MONDAY - 8 * D + 5 * H], // Saturday of the week before
    ['1.500', 2, MONDAY - 3 * D + 13 * H + 7 * MIN], // Friday
    ['1.200', 3, MONDAY - 3 * D + 13 * H + 7 * MIN + 30_000],
    ['1.900', 1, MONDAY - 3 * D + 13 * H + 59 * MIN],
    ['1.100', 4, MONDAY - 1 - 2 * MIN],
    ['1.300', 5, MONDAY - 1], // the last millisecond of Sunday
    ['2.000', 6, MONDAY], // the first of Monday
    ['2.200', 1, MONDAY + 4 * MIN + 59_999],
    ['2.100', 2, MONDAY + 5 * MIN],
    ['1.800', 3, MONDAY + 3 * H + 59 * MIN],
    ['2.400', 1, MONDAY + 4 * H],
    ['2.300', 7, MONDAY + 2 * D + 11 * H],
  ];

  beforeAll(async () => {
    for (const [price, quantity, at] of trades) await trade('text-standard', price, quantity, at);
  });

  /** The candles worked out by hand: bucket by calendar arithmetic, OHLCV in trade order. */
  function expected(resolution: CandleResolution) {
    const start = (ms: number) => {
      const d = new Date(ms);
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      const into = ms - day;
      switch (resolution) {
        case '1w':
          return day - ((d.getUTCDay() + 6) % 7) * D; // back to Monday
        case '1d':
          return day;
        default: {
          const size = { '1m': MIN, '5m': 5 * MIN, '15m': 15 * MIN, '1h': H, '4h': 4 * H }[resolution];
          return day + Math.floor(into / size) * size;
        }
      }
    };
    const buckets = new Map<number, { price: number; quantity: number }[]>();
    for (const [price, quantity, at] of trades) {
      const key = start(at);
      buckets.set(key, [...(buckets.get(key) ?? []), { price: Number(price), quantity }]);
    }
    return [...buckets.entries()].map(([time, list]) => ({
      timestamp: new Date(time).toISOString(),
      time: time / 1000,
      open: list[0]!.price.toFixed(3),
      high: Math.max(...list.map((t) => t.price)).toFixed(3),
      low: Math.min(...list.map((t) => t.price)).toFixed(3),
      close: list[list.length - 1]!.price.toFixed(3),
      volume: list.reduce((sum, t) => sum + t.quantity, 0),
      trade_count: list.length,
    }));
  }

  it.each(CANDLE_RESOLUTIONS.map((r) => [r]))('%s: OHLCV per UTC bucket, oldest first', (resolution) => {
    const candles = data.candles(marketOf('text-standard'), resolution, MONDAY - 30 * D, MONDAY + 30 * D);
    expect(candles).toEqual(expected(resolution));
  });

  it('weeks start on Monday 00:00 UTC', () => {
    const weeks = data.candles(marketOf('text-standard'), '1w', MONDAY - 30 * D, MONDAY + 30 * D);
    expect(weeks.map((c) => c.timestamp)).toEqual([
      '2024-12-23T00:00:00.000Z',
      '2024-12-30T00:00:00.000Z',
      '2025-01-06T00:00:00.000Z',
    ]);
    // Sunday's last millisecond closes the week of the 30th; Monday's first opens the next.
    expect(weeks[1]).toMatchObject({ close: '1.300' });
    expect(weeks[2]).toMatchObject({
      open: '2.000',
      high: '2.400',
      low: '1.800',
      close: '2.300',
      volume: 20,
    });
    expect(new Date(bucketStart('1w', MONDAY + 6 * D + 23 * H)).toISOString()).toBe(
      '2025-01-06T00:00:00.000Z',
    );
    expect(new Date(bucketStart('1w', MONDAY - 1)).toISOString()).toBe('2024-12-30T00:00:00.000Z');
  });

  it('moves `from` back to the start of its bucket and includes `to`', () => {
    // from inside Friday 13:00-14:00, to at exactly Monday 00:00.
    const hours = data.candles(marketOf('text-standard'), '1h', MONDAY - 3 * D + 13 * H + 30 * MIN, MONDAY);
    expect(hours.map((c) => c.timestamp)).toEqual([
      '2025-01-03T13:00:00.000Z',
      '2025-01-05T23:00:00.000Z',
      '2025-01-06T00:00:00.000Z',
    ]);
    expect(hours[0]).toMatchObject({ open: '1.500', high: '1.900', low: '1.200', close: '1.900', volume: 6 });
    expect(hours[2]).toMatchObject({ volume: 6, trade_count: 1 });
  });

  it('refuses an unknown market, an unknown resolution and a reversed range', () => {
    expect(() => data.candles(UNKNOWN, '1m', 0, 1)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => data.candles(marketOf('text-standard'), '2m' as CandleResolution, 0, 1)).toThrow(
      expect.objectContaining({ status: 422 }),
    );
    expect(() => data.candles(marketOf('text-standard'), '1m', 10, 1)).toThrow(
      expect.objectContaining({ status: 422 }),
    );
  });

  it(`returns at most ${MAX_CANDLES} candles, the most recent ones`, async () => {
    const start = Date.UTC(2025, 2, 1);
    const count = MAX_CANDLES + 5;
    const pending = [];
    for (let i = 0; i < count; i++) pending.push(trade('text-max', '1.000', 1, start + i * MIN + 1));
    await Promise.all(pending);
    const candles = data.candles(marketOf('text-max'), '1m', start, start + count * MIN);
    expect(candles).toHaveLength(MAX_CANDLES);
    expect(candles[0]!.time * 1000).toBe(start + 5 * MIN);
    expect(candles[MAX_CANDLES - 1]!.time * 1000).toBe(start + (count - 1) * MIN);
    // Paging back from the first one gets the rest.
    const earlier = data.candles(marketOf('text-max'), '1m', start, candles[0]!.time * 1000 - 1);
    expect(earlier.map((c) => c.time * 1000)).toEqual([0, 1, 2, 3, 4].map((i) => start + i * MIN));
  });
});

describe('ticker, 24 h stats and public trades', () => {
  const T = Date.UTC(2025, 5, 2, 12);
  let restingBid: string;

  beforeAll(async () => {
    await trade('text-prime', '9.000', 4, T - 25 * H); // outside the 24 h window
    await trade('text-prime', '2.000', 5, T - 20 * H);
    await trade('text-prime', '2.500', 3, T - 2 * H, 'sell');
    await trade('text-prime', '1.800', 2, T - 1 * H);
    now = T;
    const market_id = marketOf('text-prime');
    restingBid = (
      await ops.placeOrder(a, { market_id, side: 'buy', type: 'limit', quantity: 4, price: '1.500' }, a)
    ).order.order_id;
    await ops.placeOrder(b, { market_id, side: 'buy', type: 'limit', quantity: 1, price: '1.500' }, b);
    await ops.placeOrder(b, { market_id, side: 'sell', type: 'limit', quantity: 7, price: '3.000' }, b);
  });

  it('ticker: last trade, top of book with sizes, 24 h volume/high/low/open/change', () => {
    expect(data.ticker(marketOf('text-prime'))).toEqual({
      market_id: marketOf('text-prime'),
      symbol: 'text-prime',
      last_price: '1.800',
      last_size: 2,
      last_trade_at: new Date(T - H).toISOString(),
      best_bid: '1.500',
      best_bid_size: 5,
      best_ask: '3.000',
      best_ask_size: 7,
      volume_24h: 10,
      high_24h: '2.500',
      low_24h: '1.800',
      open_24h: '2.000',
      change_24h: '-0.200',
      change_percent_24h: '-10.00',
      timestamp: new Date(T).toISOString(),
    });
    expect(data.tickers().map((t) => t.symbol)).toEqual(
      [...service.engine.state.instruments.values()].map((i) => i.symbol),
    );
  });

  it('stats: open, high, low, last, volume, quote volume, count and VWAP over 24 h', () => {
    expect(data.stats24h(marketOf('text-prime'))).toEqual({
      market_id: marketOf('text-prime'),
      symbol: 'text-prime',
      open: '2.000',
      high: '2.500',
      low: '1.800',
      last: '1.800',
      volume: 10,
      quote_volume: '21.10',
      trade_count: 3,
      vwap: '2.110',
      window_start: new Date(T - D).toISOString(),
      window_end: new Date(T).toISOString(),
    });
  });

  it('a market whose trades are all older than 24 h: last price kept, window empty', () => {
    now = T + 2 * D;
    try {
      expect(data.ticker(marketOf('text-prime'))).toMatchObject({
        last_price: '1.800',
        volume_24h: 0,
        high_24h: null,
        open_24h: null,
        change_24h: null,
        change_percent_24h: null,
      });
      expect(data.stats24h(marketOf('text-prime'))).toMatchObject({
        open: null,
        last: '1.800',
        volume: 0,
        quote_volume: '0.00',
        trade_count: 0,
        vwap: null,
      });
    } finally {
      now = T;
    }
  });

  it('an empty market answers with nulls and zeros', () => {
    expect(data.ticker(marketOf('code-max'))).toMatchObject({
      last_price: null,
      last_size: null,
      best_bid: null,
      best_ask_size: null,
      volume_24h: 0,
    });
    expect(() => data.ticker(UNKNOWN)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => data.stats24h(UNKNOWN)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('public trades: newest first, no participants or orders, paged with before', () => {
    const market_id = marketOf('text-prime');
    const all = data.publicTrades(market_id, { limit: 10 });
    expect(all.map((t) => [t.price, t.quantity, t.taker_side])).toEqual([
      ['1.800', 2, 'buy'],
      ['2.500', 3, 'sell'],
      ['2.000', 5, 'buy'],
      ['9.000', 4, 'buy'],
    ]);
    expect(Object.keys(all[0]!).sort()).toEqual(
      [
        'execution_timestamp',
        'market_id',
        'price',
        'quantity',
        'sequence',
        'side',
        'taker_side',
        'total_value',
        'trade_id',
      ].sort(),
    );
    expect(all[1]).toMatchObject({
      total_value: '7.50',
      side: 'sell',
      execution_timestamp: new Date(T - 2 * H).toISOString(),
    });
    expect(JSON.stringify(all)).not.toContain(a);
    expect(JSON.stringify(all)).not.toContain(restingBid);
    const page = data.publicTrades(market_id, { limit: 2, before: all[0]!.trade_id });
    expect(page.map((t) => t.trade_id)).toEqual([all[1]!.trade_id, all[2]!.trade_id]);
    expect(data.publicTrades(market_id, { limit: 5, before: all[3]!.trade_id })).toEqual([]);
    expect(() => data.publicTrades(market_id, { limit: 5, before: 'trade_nope' })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    // A cursor from another market is not this market's.
    const other = data.publicTrades(marketOf('text-standard'), { limit: 1 })[0]!;
    expect(() => data.publicTrades(market_id, { limit: 5, before: other.trade_id })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('orders trades of one command in execution order (trade ids past _9)', async () => {
    now = T + 1;
    const market_id = marketOf('text-standard');
    for (let i = 0; i < 12; i++) {
      await ops.placeOrder(
        a,
        { market_id, side: 'sell', type: 'limit', quantity: 1, price: `5.${String(i).padStart(3, '0')}` },
        a,
      );
    }
    await ops.placeOrder(b, { market_id, side: 'buy', type: 'limit', quantity: 12, price: '5.011' }, b);
    const latest = data.publicTrades(market_id, { limit: 12 });
    expect(latest.map((t) => t.price)).toEqual(
      Array.from({ length: 12 }, (_, i) => `5.${String(11 - i).padStart(3, '0')}`),
    );
    expect(latest[0]!.trade_id).toMatch(/_11$/);
  });
});

describe('formatPercent', () => {
  it.each([
    [1, 8, '12.50'],
    [-1, 8, '-12.50'],
    [1, 3, '33.33'],
    [2, 3, '66.67'],
    [-2, 3, '-66.67'],
    [0, 5, '0.00'],
    [1, 200_000, '0.00'],
    [1, 20_000, '0.01'],
    [5, 1, '500.00'],
  ])('%i / %i → %s %%', (part, whole, text) => {
    expect(formatPercent(part, whole)).toBe(text);
  });
});
