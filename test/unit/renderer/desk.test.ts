import { describe, expect, it } from 'vitest';
import type { BookView, TradeView } from '../../../src-preload/contract';
import type { TopUpView } from '../../../src-preload/contract-lifecycle';
import type { PublicTradeView } from '../../../src-preload/contract-market-data';
import { topUpText } from '../../../src-renderer/features/lifecycle/LifecycleHistory';
import { indicativePrice } from '../../../src-renderer/features/market-data/indicative';
import { fillText, newFills } from '../../../src-renderer/features/trading/fill-notices';
import {
  defaultDeskLayout,
  parseDeskLayout,
  withSize,
} from '../../../src-renderer/features/trading/desk-layout';
import { portfolioValue } from '../../../src-renderer/features/participant/portfolio';

describe('the desk layout kept between sessions', () => {
  it('opens with the defaults when nothing usable is stored', () => {
    expect(parseDeskLayout(null)).toEqual(defaultDeskLayout);
    expect(parseDeskLayout('not json')).toEqual(defaultDeskLayout);
    expect(parseDeskLayout('{"entry":"wide"}')).toEqual(defaultDeskLayout);
  });

  it('restores stored sizes, pulled back inside what each panel needs', () => {
    expect(parseDeskLayout('{"entry":340,"book":300,"activity":0.5}')).toEqual({
      entry: 340,
      book: 300,
      activity: 0.5,
    });
    expect(parseDeskLayout('{"entry":5,"book":9000,"activity":2}')).toEqual({
      entry: 270,
      book: 420,
      activity: 0.65,
    });
  });

  it('resizes one panel at a time, within its bounds', () => {
    expect(withSize(defaultDeskLayout, 'book', 200)).toEqual({ ...defaultDeskLayout, book: 220 });
  });
});

describe('the value of an account at the last trade prices', () => {
  const unit = (symbol: string, total: number) => ({
    instrument_id: symbol,
    symbol,
    total,
    available: total,
    locked: 0,
  });

  it('adds each Unit held at its market’s last price to the USD', () => {
    const prices = new Map([
      ['text-prime', '2.520'],
      ['code-max', '10.000'],
    ]);
    expect(portfolioValue('92.50', [unit('text-prime', 3), unit('code-max', 1)], prices)).toEqual({
      value: '110.06',
      unpriced: [],
    });
  });

  it('names the Units of markets that never traded instead of guessing their worth', () => {
    const prices = new Map<string, string | null>([['text-standard', null]]);
    expect(portfolioValue('1.5', [unit('text-standard', 4), unit('text-prime', 0)], prices)).toEqual({
      value: '1.50',
      unpriced: ['text-standard'],
    });
  });
});

describe('fill notices', () => {
  const fill = (trade: string, quantity = 2) =>
    ({
      trade_id: trade,
      order_id: 'o1',
      side: 'sell',
      quantity,
      symbol: 'text-prime',
      price: '2',
      liquidity: 'maker',
    }) as TradeView;

  it('treats the first load as history and later arrivals as news, oldest first', () => {
    expect(newFills(null, [fill('t1')])).toEqual([]);
    const seen = new Set(['t1:o1']);
    expect(newFills(seen, [fill('t3'), fill('t2'), fill('t1')]).map((f) => f.trade_id)).toEqual(['t2', 't3']);
    expect(fillText(fill('t2', 1200))).toBe('Sold 1,200 text-prime @ $2.000 (maker)');
  });
});

describe('the live indicative Reference Price', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  const trade = (price: string, quantity: number, minutesAgo: number) =>
    ({
      price,
      quantity,
      execution_timestamp: new Date(now - minutesAgo * 60_000).toISOString(),
    }) as PublicTradeView;
  const book = (bid: string | null, ask: string | null) =>
    ({
      bids: bid ? [{ price: bid, quantity: 1, orders: 1 }] : [],
      asks: ask ? [{ price: ask, quantity: 1, orders: 1 }] : [],
    }) as unknown as BookView;

  it('is the volume-weighted average of the trailing 4 h, older trades left out', () => {
    const trades = [trade('2.500', 3, 10), trade('2.520', 4, 100), trade('9.000', 50, 241)];
    expect(indicativePrice(trades, null, now)).toEqual({ method: 'vwap', price: '2.511428', volume: 7 });
  });

  it('falls back to the mid of a two-sided book, then to nothing', () => {
    expect(indicativePrice([], book('2.400', '2.600'), now)).toEqual({ method: 'mid', price: '2.500' });
    expect(indicativePrice([], book('2.400', null), now)).toEqual({ method: 'none' });
  });
});

describe('an Auto Mode top-up in the consumption history', () => {
  it('reads as a top-up with its price and cost, not as a transfer', () => {
    const topUp = { filled: 2, spent: '5.01', outcome: 'filled' } as TopUpView;
    expect(topUpText(topUp)).toBe(
      'Auto Mode bought 2 Units at $2.505 each ($5.01, fees included) into consumption.',
    );
  });
});
