import { composeExchange } from '../../src-main/service/compose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractDispatcher } from '../../src-main/api/contract-handlers';
import type { ExchangeService } from '../../src-main/service/exchange-service';
import type { Operations } from '../../src-main/service/operations';
import { REFERENCE_PRICE_METHODOLOGY } from '../../src-preload/contract-market-data';
import { tempDir } from '../helpers/temp-dir';
import { operatorCalls, principalFor } from '../helpers/operator-calls';
import { stockUnits } from '../helpers/supply';

const H = 60 * 60 * 1000;
const START = Date.UTC(2025, 3, 7, 9); // Monday 09:00 UTC

let dir: ReturnType<typeof tempDir>;
let service: ExchangeService;
let ops: Operations;
let dispatch: ReturnType<typeof contractDispatcher>;
let now = START;
let operator: string;
let seller: string;
let buyer: string;
let market: string;

const call = async (name: string, args: unknown, actor = operator) => {
  const reply = await dispatch(name, args, { principal: principalFor(ops, actor) });
  if (!reply.ok) throw Object.assign(new Error(reply.error.detail), reply.error);
  return reply.result as any;
};

beforeAll(async () => {
  dir = tempDir();
  ({ service, ops } = await composeExchange({ dataDir: dir.path, clock: () => now }));
  dispatch = contractDispatcher(ops);
  operator = service.operator()!.participant_id;
  seller = (await ops.createParticipant({ name: 'S', role: 'supplier' }, operator)).participant_id;
  buyer = (await ops.createParticipant({ name: 'C', role: 'consumer' }, operator)).participant_id;
  await ops.adjustUsd(buyer, { amount: '1000', idempotency_key: 'k', reason: 'seed' }, operator);
  const prime = ops.instruments().find((i) => i.symbol === 'text-prime')!;
  market = prime.trading_parameters.market_id;
  await stockUnits(operatorCalls(ops), seller, prime.instrument_id, 100);
  for (const [price, quantity, at] of [
    ['2.000', 2, START - 3 * H],
    ['2.100', 1, START - 2 * H - 1],
    ['2.050', 3, START - 1 * H],
  ] as const) {
    now = at;
    await ops.placeOrder(seller, { market_id: market, side: 'sell', type: 'limit', quantity, price }, seller);
    await ops.placeOrder(buyer, { market_id: market, side: 'buy', type: 'limit', quantity, price }, buyer);
  }
  now = START;
  await ops.placeOrder(
    seller,
    { market_id: market, side: 'sell', type: 'limit', quantity: 5, price: '2.200' },
    seller,
  );
});
afterAll(() => {
  service.close();
  dir.remove();
});

describe('market-data requests through the contract', () => {
  it('marketData.candles: defaults to the buckets up to now; from and to narrow it', async () => {
    const hours = await call('marketData.candles', { market_id: market, resolution: '1h' });
    expect(hours.map((c: any) => [c.timestamp, c.open, c.high, c.low, c.close, c.volume])).toEqual([
      ['2025-04-07T06:00:00.000Z', '2.000', '2.100', '2.000', '2.100', 3],
      ['2025-04-07T08:00:00.000Z', '2.050', '2.050', '2.050', '2.050', 3],
    ]);
    expect(hours[0].time).toBe(Date.UTC(2025, 3, 7, 6) / 1000);
    const later = await call('marketData.candles', {
      market_id: market,
      resolution: '15m',
      from: START - 90 * 60_000,
      to: START,
    });
    expect(later.map((c: any) => c.timestamp)).toEqual(['2025-04-07T08:00:00.000Z']);
    await expect(call('marketData.candles', { market_id: market, resolution: '2h' })).rejects.toMatchObject({
      status: 422,
    });
    await expect(
      call('marketData.candles', { market_id: market, resolution: '1h', from: 10, to: 1 }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('marketData.trades, ticker, tickers and stats', async () => {
    const trades = await call('marketData.trades', { market_id: market, limit: 2 });
    expect(trades.map((t: any) => t.price)).toEqual(['2.050', '2.100']);
    const older = await call('marketData.trades', {
      market_id: market,
      limit: 2,
      before: trades[1].trade_id,
    });
    expect(older.map((t: any) => t.price)).toEqual(['2.000']);
    expect(await call('marketData.ticker', { market_id: market })).toMatchObject({
      last_price: '2.050',
      best_ask: '2.200',
      best_ask_size: 5,
      best_bid: null,
      volume_24h: 6,
      change_24h: '0.050',
      change_percent_24h: '2.50',
    });
    const tickers = await call('marketData.tickers', {});
    expect(tickers).toHaveLength(ops.markets().length);
    expect(await call('marketData.stats', { market_id: market })).toMatchObject({
      trade_count: 3,
      volume: 6,
      vwap: '2.041667',
      quote_volume: '12.25',
    });
    await expect(
      call('marketData.ticker', { market_id: 'market_00000000-0000-0000-0000-000000000000' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(call('marketData.ticker', { market_id: 'nope' })).rejects.toMatchObject({ status: 422 });
    await expect(call('marketData.trades', { market_id: market, limit: 0 })).rejects.toMatchObject({
      status: 422,
    });
  });

  it('referencePrices.publish (operator only), get with the methodology, and history', async () => {
    expect(await call('referencePrices.get', { market_id: market })).toMatchObject({
      price: null,
      published_at: null,
      methodology: REFERENCE_PRICE_METHODOLOGY,
    });
    await expect(call('referencePrices.publish', {}, seller)).rejects.toMatchObject({ status: 403 });
    const published = await call('referencePrices.publish', {});
    expect(published).toHaveLength(ops.markets().length);
    const prime = published.find((p: any) => p.market_id === market);
    // VWAP of the trades after 05:00: (2.000×2 + 2.100 + 2.050×3) / 6
    expect(prime).toMatchObject({
      symbol: 'text-prime',
      price: '2.041667',
      method: 'vwap',
      stale: false,
      volume: 6,
      average_30d: '2.041667',
      published_at: new Date(START).toISOString(),
    });
    expect(await call('referencePrices.get', { market_id: market })).toEqual({
      ...prime,
      methodology: REFERENCE_PRICE_METHODOLOGY,
    });
    // All markets at once: one per instrument, the same as asking each.
    const all = await call('referencePrices.list', {});
    expect(all).toHaveLength(published.length);
    expect(all.find((p: any) => p.market_id === market)).toEqual({
      ...prime,
      methodology: REFERENCE_PRICE_METHODOLOGY,
    });
    now = START + 5 * H;
    await call('referencePrices.publish', {});
    const history = await call('referencePrices.history', { market_id: market, limit: 10 });
    expect(history.map((p: any) => [p.method, p.price, p.stale])).toEqual([
      ['carried', '2.041667', true],
      ['vwap', '2.041667', false],
    ]);
    expect(REFERENCE_PRICE_METHODOLOGY).toMatch(/volume-weighted/);
  });
});
