import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../../src-main/engine/matching/order-book';
import {
  formatTicks,
  parseBudget,
  parseCommandLine,
  parsePriceTicks,
  replay,
} from '../../../src-main/engine/matching/replay-format';
import { RejectCode } from '../../../src-main/engine/matching/types';

describe('prices at the edge', () => {
  it.each([
    ['2.500', 2500],
    ['2.5', 2500],
    ['2', 2000],
    ['0.001', 1],
    ['2.5000', 2500],
    ['1234.567', 1234567],
  ])('%s is %i ticks', (text, ticks) => {
    expect(parsePriceTicks(text)).toBe(ticks);
  });

  it.each([
    ['2.5001', 'not on the $0.001 tick'],
    ['-1.000', 'not a decimal number'],
    ['1e3', 'not a decimal number'],
    ['.5', 'not a decimal number'],
    ['', 'not a decimal number'],
    ['99999999999999999.000', 'out of range'],
  ])('%s is refused (%s)', (text, message) => {
    expect(parsePriceTicks(text)).toEqual({ error: expect.stringContaining(message) });
  });

  it('refuses binary floats', () => {
    expect(parsePriceTicks(2.5)).toEqual({ error: 'price must be a decimal string like "2.500"' });
  });

  it('rounds a USD budget down to whole tick-Units', () => {
    expect(parseBudget('10.0009')).toBe(10000);
    expect(parseBudget('0.5')).toBe(500);
  });

  it.each([
    [2500, '2.500'],
    [1, '0.001'],
    [0, '0.000'],
    [1234567, '1234.567'],
  ])('%i ticks print as %s', (ticks, text) => {
    expect(formatTicks(ticks)).toBe(text);
  });
});

describe('parseCommandLine', () => {
  it('reads a full place command', () => {
    const line =
      '{"op":"place","id":"o1","account":"a1","side":"buy","type":"limit","price":"2.500","qty":3,"tif":"ioc",' +
      '"post_only":false,"stp":"cancel_both","max_slippage_price":"2.510","budget":"7.5"}';
    expect(parseCommandLine(line)).toEqual({
      ok: true,
      command: {
        op: 'place',
        input: {
          id: 'o1',
          account: 'a1',
          side: 'buy',
          type: 'limit',
          priceTicks: 2500,
          qty: 3,
          tif: 'ioc',
          postOnly: false,
          stp: 'cancel_both',
          limitTicks: 2510,
          budget: 7500,
        },
      },
    });
  });

  it('defaults tif to gtc for limits and ioc for market orders', () => {
    const limit = parseCommandLine(
      '{"op":"place","id":"o1","account":"a","side":"buy","type":"limit","price":"1","qty":1}',
    );
    const market = parseCommandLine(
      '{"op":"place","id":"o2","account":"a","side":"buy","type":"market","qty":1}',
    );
    expect(limit.ok && limit.command.op === 'place' && limit.command.input.tif).toBe('gtc');
    expect(market.ok && market.command.op === 'place' && market.command.input.tif).toBe('ioc');
  });

  it('reads cancel, amend and cancel_all', () => {
    expect(parseCommandLine('{"op":"cancel","id":"o1"}')).toEqual({
      ok: true,
      command: { op: 'cancel', id: 'o1' },
    });
    expect(parseCommandLine('{"op":"amend","id":"o1","price":"2.400","qty":2}')).toEqual({
      ok: true,
      command: { op: 'amend', id: 'o1', change: { priceTicks: 2400, qty: 2 } },
    });
    expect(parseCommandLine('{"op":"cancel_all","account":"a1"}')).toEqual({
      ok: true,
      command: { op: 'cancel_all', account: 'a1' },
    });
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['[1]', 'not a JSON object'],
    ['{"op":"buy"}', 'op must be one of'],
    ['{"op":"cancel","id":"o1","price":"1"}', 'unknown field(s) for cancel: price'],
    ['{"op":"amend","id":"o1","price":"2.4005"}', 'price 2.4005 is not on the $0.001 tick'],
    [
      '{"op":"place","id":"o1","max_slippage_price":"1.0001"}',
      'max_slippage_price 1.0001 is not on the $0.001 tick',
    ],
  ])('%s → error', (line, message) => {
    expect(parseCommandLine(line)).toEqual({ ok: false, error: expect.stringContaining(message) });
  });
});

describe('replay', () => {
  it('prints trades, order updates, rejections, line errors and the final book', () => {
    const lines = [
      '{"op":"place","id":"o1","account":"a1","side":"sell","type":"limit","price":"2.500","qty":3,"tif":"gtc"}',
      '{"op":"place","id":"o2","account":"a2","side":"buy","type":"limit","price":"2.600","qty":1,"tif":"gtc"}',
      '',
      '{"op":"place","id":"o3","account":"a2","side":"buy","type":"limit","price":"2.4001","qty":1}',
      '{"op":"place","id":"o4","account":"a2","side":"buy","type":"limit","price":"2.400","qty":2}',
      '{"op":"amend","id":"o4","qty":0}',
      '{"op":"place","id":"o5","account":"a3","side":"buy","type":"limit","price":"2.400","qty":1}',
      '{"op":"cancel","id":"o5"}',
    ];
    expect(replay(lines, new OrderBook()).map((l) => JSON.parse(l))).toEqual([
      { event: 'order', id: 'o1', status: 'open', filled: 0, remaining: 3 },
      { event: 'trade', maker: 'o1', taker: 'o2', price: '2.500', qty: 1 },
      { event: 'order', id: 'o1', status: 'partially_filled', filled: 1, remaining: 2 },
      { event: 'order', id: 'o2', status: 'filled', filled: 1, remaining: 0 },
      { event: 'error', line: 4, error: 'price 2.4001 is not on the $0.001 tick' },
      { event: 'order', id: 'o4', status: 'open', filled: 0, remaining: 2 },
      {
        event: 'rejected',
        line: 6,
        op: 'amend',
        id: 'o4',
        code: RejectCode.INVALID_QTY,
        reason: expect.any(String),
      },
      { event: 'order', id: 'o5', status: 'open', filled: 0, remaining: 1 },
      { event: 'order', id: 'o5', status: 'cancelled', filled: 0, remaining: 1, closure: 'cancelled' },
      { event: 'book', bids: [['2.400', 2]], asks: [['2.500', 2]] },
    ]);
  });

  it('cancel_all reports every cancelled order', () => {
    const lines = [
      '{"op":"place","id":"o1","account":"a1","side":"sell","type":"limit","price":"3","qty":1}',
      '{"op":"place","id":"o2","account":"a2","side":"sell","type":"limit","price":"3","qty":1}',
      '{"op":"cancel_all","account":"a1"}',
    ];
    const out = replay(lines, new OrderBook());
    expect(out.slice(2)).toEqual([
      '{"event":"order","id":"o1","status":"cancelled","filled":0,"remaining":1,"closure":"cancelled"}',
      '{"event":"book","bids":[],"asks":[["3.000",1]]}',
    ]);
  });
});
