import { describe, expect, it } from 'vitest';
import type { TradeView } from '../../../src-preload/contract';
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
