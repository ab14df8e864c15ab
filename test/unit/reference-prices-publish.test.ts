import { composeExchange } from '../../src-main/service/compose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MarketData } from '../../src-main/service/market-data';
import type { ExchangeService } from '../../src-main/service/exchange-service';
import type { Operations } from '../../src-main/service/operations';
import { ReferencePrices, ReferencePriceSchedule } from '../../src-main/service/reference-prices';
import type { Timers } from '../../src-main/service/timers';
import { REFERENCE_PRICE_METHODOLOGY } from '../../src-preload/contract-market-data';
import { tempDir } from '../helpers/temp-dir';
import { operatorCalls } from '../helpers/operator-calls';
import { stockUnits } from '../helpers/supply';

const H = 60 * 60 * 1000;
const D = 24 * H;
const MONDAY = Date.UTC(2025, 0, 6); // Monday 2025-01-06 00:00 UTC

let dir: ReturnType<typeof tempDir>;
let service: ExchangeService;
let ops: Operations;
let now: number;
let operator: string;
let a: string;
let b: string;
const market = (symbol: string) =>
  [...service.engine.state.instruments.values()].find((i) => i.symbol === symbol)!;

async function open() {
  ({ service, ops } = await composeExchange({ dataDir: dir.path, clock: () => now }));
  operator = service.operator()!.participant_id;
}

beforeEach(async () => {
  dir = tempDir();
  now = MONDAY + 1 * H;
  await open();
  a = (await ops.createParticipant({ name: 'A', role: 'supplier' }, operator)).participant_id;
  b = (await ops.createParticipant({ name: 'B', role: 'supplier' }, operator)).participant_id;
  for (const p of [a, b]) {
    await ops.adjustUsd(p, { amount: '100000', idempotency_key: 'seed', reason: 'seed' }, operator);
    for (const symbol of ['text-prime', 'text-max']) {
      await stockUnits(operatorCalls(ops), p, market(symbol).instrument_id, 10_000);
    }
  }
});
afterEach(() => {
  service.close();
  dir.remove();
});

/** A trade at `price` for `quantity` at time `at`: A rests, B takes. */
async function trade(symbol: string, price: string, quantity: number, at: number) {
  now = at;
  const market_id = market(symbol).market.market_id;
  await ops.placeOrder(a, { market_id, side: 'sell', type: 'limit', quantity, price }, a);
  const { trades } = await ops.placeOrder(b, { market_id, side: 'buy', type: 'limit', quantity, price }, b);
  expect(trades).toHaveLength(1);
}

async function rest(symbol: string, side: 'buy' | 'sell', price: string, quantity: number) {
  const market_id = market(symbol).market.market_id;
  return (await ops.placeOrder(a, { market_id, side, type: 'limit', quantity, price }, a)).order;
}

function fakeTimers() {
  const pending: { callback: () => void; ms: number }[] = [];
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      const handle = { callback, ms };
      pending.push(handle);
      return handle;
    },
    clearTimeout: (handle) => {
      const at = pending.indexOf(handle as (typeof pending)[number]);
      if (at >= 0) pending.splice(at, 1);
    },
  };
  /** Runs the one armed timer and waits until the schedule has armed the next one. */
  const fire = async () => {
    expect(pending).toHaveLength(1);
    pending.shift()!.callback();
    await vi.waitFor(() => expect(pending).toHaveLength(1));
  };
  return { timers, pending, fire };
}

describe('publishing reference prices through the engine', () => {
  it('publishes vwap, mid, carried and none per instrument, journaled and in engine state', async () => {
    await trade('text-prime', '2.000', 5, MONDAY + 30 * 60_000);
    await trade('text-prime', '2.600', 5, MONDAY + 40 * 60_000);
    await rest('text-max', 'buy', '4.000', 1);
    await rest('text-max', 'sell', '4.501', 1);
    now = MONDAY + 2 * H;
    const publisher = new ReferencePrices(service);
    const prices = await publisher.publish(operator);
    const bySymbol = (symbol: string) =>
      prices.find((p) => p.instrument_id === market(symbol).instrument_id)!;
    expect(prices).toHaveLength(service.engine.state.instruments.size);
    expect(bySymbol('text-prime')).toEqual({
      instrument_id: market('text-prime').instrument_id,
      published_at: MONDAY + 2 * H,
      price_micros: 2_300_000,
      method: 'vwap',
      stale: false,
      volume: 10,
      window_start: MONDAY - 2 * H,
      window_end: MONDAY + 2 * H,
      average_30d_micros: 2_300_000,
    });
    expect(bySymbol('text-max')).toMatchObject({ price_micros: 4_250_500, method: 'mid', stale: false });
    expect(bySymbol('code-max')).toMatchObject({ price_micros: null, method: 'none', stale: true });
    expect(service.engine.state.referencePrices.get(market('text-prime').instrument_id)).toEqual(
      bySymbol('text-prime'),
    );
    expect(ops.audit({ limit: 1 })[0]).toMatchObject({ action: 'publish_reference_prices', actor: operator });

    // Five hours on: no trades in the window, text-max's book emptied → carried forward, stale.
    const market_id = market('text-max').market.market_id;
    await ops.cancelAll(a, market_id, a);
    now = MONDAY + 7 * H;
    const later = await publisher.publish(operator);
    const prime = later.find((p) => p.instrument_id === market('text-prime').instrument_id)!;
    const max = later.find((p) => p.instrument_id === market('text-max').instrument_id)!;
    expect(prime).toMatchObject({ price_micros: 2_300_000, method: 'carried', stale: true, volume: 0 });
    expect(max).toMatchObject({ price_micros: 4_250_500, method: 'carried', stale: true });

    // A new trade: the 30-day average is the mean of all three non-null publications.
    await trade('text-prime', '3.000', 1, MONDAY + 8 * H);
    const third = (await publisher.publish(operator)).find(
      (p) => p.instrument_id === market('text-prime').instrument_id,
    )!;
    expect(third).toMatchObject({ price_micros: 3_000_000, method: 'vwap' });
    expect(third.average_30d_micros).toBe(Math.round((2_300_000 + 2_300_000 + 3_000_000) / 3));

    // Served as the wire shows it, with the methodology, and as history newest first.
    const data = new MarketData(service);
    expect(data.referencePrice(market('text-prime').market.market_id)).toEqual({
      instrument_id: market('text-prime').instrument_id,
      market_id: market('text-prime').market.market_id,
      symbol: 'text-prime',
      price: '3.000',
      method: 'vwap',
      stale: false,
      volume: 1,
      average_30d: '2.533333',
      window_start: new Date(MONDAY + 4 * H).toISOString(),
      window_end: new Date(MONDAY + 8 * H).toISOString(),
      published_at: new Date(MONDAY + 8 * H).toISOString(),
      methodology: REFERENCE_PRICE_METHODOLOGY,
    });
    const history = data.referencePriceHistory(market('text-prime').market.market_id, { limit: 10 });
    expect(history.map((p) => [p.price, p.method])).toEqual([
      ['3.000', 'vwap'],
      ['2.300', 'carried'],
      ['2.300', 'vwap'],
    ]);
    expect(data.referencePriceHistory(market('text-prime').market.market_id, { limit: 1 })).toHaveLength(1);
  });

  it('counts trades in window_start < executed_at <= window_end', async () => {
    await trade('text-prime', '1.000', 1, MONDAY); // exactly 4 h before: outside
    await trade('text-prime', '2.000', 1, MONDAY + 1); // just inside
    await trade('text-prime', '4.000', 1, MONDAY + 4 * H); // exactly at publication: inside
    now = MONDAY + 4 * H;
    const [prime] = new ReferencePrices(service)
      .compute()
      .filter((p) => p.instrument_id === market('text-prime').instrument_id);
    expect(prime).toMatchObject({ price_micros: 3_000_000, volume: 2 });
  });

  it('averages over the last 30 days only', async () => {
    const publisher = new ReferencePrices(service);
    const prime = market('text-prime').instrument_id;
    await trade('text-prime', '1.000', 1, MONDAY + 1 * H);
    await publisher.publish(operator, MONDAY + 2 * H);
    await trade('text-prime', '2.000', 1, MONDAY + 10 * D);
    await publisher.publish(operator, MONDAY + 10 * D + H);
    await trade('text-prime', '4.000', 1, MONDAY + 31 * D);
    const last = await publisher.publish(operator, MONDAY + 31 * D + H);
    // The first publication (day 0) is more than 30 days before day 31: left out.
    expect(last.find((p) => p.instrument_id === prime)!.average_30d_micros).toBe(3_000_000);
  });

  it('is refused for an unknown market and reports none before the first publication', () => {
    const data = new MarketData(service);
    expect(() => data.referencePrice('market_00000000-0000-0000-0000-000000000000')).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(data.referencePrice(market('text-prime').market.market_id)).toMatchObject({
      price: null,
      method: 'none',
      stale: true,
      published_at: null,
      average_30d: null,
    });
  });
});

describe('ReferencePriceSchedule', () => {
  it('publishes the missed boundary on start, then at every 4-hour UTC boundary', async () => {
    await trade('text-prime', '2.000', 2, MONDAY - 1 * H); // in the window of the 00:00 boundary
    now = MONDAY + 1 * H + 17;
    const { timers, pending, fire } = fakeTimers();
    const published: number[] = [];
    const schedule = new ReferencePriceSchedule(service, {
      timers,
      onPublished: (_prices, boundary) => published.push(boundary),
    });
    const missed = await schedule.start();
    expect(published).toEqual([MONDAY]);
    expect(missed!.find((p) => p.instrument_id === market('text-prime').instrument_id)).toMatchObject({
      published_at: MONDAY,
      window_end: MONDAY,
      price_micros: 2_000_000,
      method: 'vwap',
    });
    expect(schedule.nextRun).toBe(MONDAY + 4 * H);
    expect(pending[0]!.ms).toBe(3 * H - 17);

    // The timer fires a little early by the exchange clock: it waits the rest, publishing nothing.
    now = MONDAY + 4 * H - 5;
    await fire();
    expect(published).toEqual([MONDAY]);
    expect(pending[0]!.ms).toBe(5);

    now = MONDAY + 4 * H + 2;
    await fire();
    expect(published).toEqual([MONDAY, MONDAY + 4 * H]);
    expect(schedule.nextRun).toBe(MONDAY + 8 * H);
    expect(pending[0]!.ms).toBe(4 * H - 2);
    expect(service.engine.state.referencePrices.get(market('text-prime').instrument_id)).toMatchObject({
      published_at: MONDAY + 4 * H,
      method: 'carried',
      price_micros: 2_000_000,
    });

    // Late by more than a whole interval (a suspended machine): only the most recent boundary.
    now = MONDAY + 13 * H;
    await fire();
    expect(published).toEqual([MONDAY, MONDAY + 4 * H, MONDAY + 12 * H]);
    expect(schedule.nextRun).toBe(MONDAY + 16 * H);

    schedule.stop();
    expect(pending).toHaveLength(0);
    expect(schedule.nextRun).toBeNull();
  });

  it('publishes nothing on start when the last publication is at or after the latest boundary', async () => {
    now = MONDAY + 4 * H + 30 * 60_000;
    await new ReferencePrices(service).publish(operator, MONDAY + 4 * H);
    // A restart an hour later: nothing was missed.
    service.close();
    now = MONDAY + 5 * H;
    await open();
    const { timers, pending } = fakeTimers();
    const schedule = new ReferencePriceSchedule(service, { timers });
    expect(await schedule.start()).toBeNull();
    expect(pending[0]!.ms).toBe(3 * H);
    schedule.stop();

    // Down across the 08:00 boundary: it is published on start, as of 08:00.
    service.close();
    now = MONDAY + 9 * H;
    await open();
    const again = new ReferencePriceSchedule(service, { timers: fakeTimers().timers });
    const missed = await again.start();
    expect(missed?.[0]?.published_at).toBe(MONDAY + 8 * H);
    again.stop();
  });

  it('keeps its schedule when a publication fails', async () => {
    const { timers, pending, fire } = fakeTimers();
    const errors: unknown[] = [];
    const schedule = new ReferencePriceSchedule(service, { timers, onError: (e) => errors.push(e) });
    await schedule.start();
    service.close();
    now = MONDAY + 4 * H;
    await fire();
    expect(errors).toHaveLength(1);
    expect(pending).toHaveLength(1);
    schedule.stop();
    await open(); // afterEach closes it
  });
});
