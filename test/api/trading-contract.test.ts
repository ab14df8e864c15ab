import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractSocket } from '../helpers/contract-socket';
import { startTestExchange } from '../helpers/exchange-node';
import { stockUnits } from '../helpers/supply';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let client: Awaited<ReturnType<typeof contractSocket>>;
let market: string;
let instrument: string;
let supplier: string;
let consumer: string;

const ok = async (name: string, args: unknown) => {
  const reply = await client.call(name, args);
  if (!reply?.ok) throw new Error(`${name} failed: ${JSON.stringify(reply)}`);
  return reply.result;
};

beforeAll(async () => {
  exchange = await startTestExchange();
  client = await contractSocket(exchange.node.url, exchange.token);
  const prime = (await ok('markets.overview', {})).find((m: { symbol: string }) => m.symbol === 'text-prime');
  market = prime.market_id;
  instrument = (await ok('instruments.list', {})).find(
    (i: { symbol: string }) => i.symbol === 'text-prime',
  ).instrument_id;
  supplier = (await ok('participants.create', { name: 'Volt GPUs', role: 'supplier' })).participant_id;
  consumer = (await ok('participants.create', { name: 'Acme', role: 'consumer' })).participant_id;
  await ok('participants.adjustUsd', {
    participant_id: consumer,
    amount: '100',
    idempotency_key: 'k',
    reason: 'r',
  });
  await stockUnits(client.call, supplier, instrument, 10);
});
afterAll(async () => {
  client.close();
  await exchange.stop();
});

describe('trading through the contract', () => {
  it('two participants trade: books, orders, fills and balances move consistently', async () => {
    const ask = await ok('orders.place', {
      participant_id: supplier,
      market_id: market,
      side: 'sell',
      type: 'limit',
      quantity: 5,
      price: '2.500',
    });
    expect(ask.order).toMatchObject({
      status: 'open',
      price: '2.500',
      remaining_quantity: 5,
      symbol: 'text-prime',
    });
    expect((await ok('markets.book', { market_id: market })).asks).toEqual([
      { price: '2.500', quantity: 5, orders: 1 },
    ]);

    const bid = await ok('orders.place', {
      participant_id: consumer,
      market_id: market,
      side: 'buy',
      type: 'limit',
      quantity: 3,
      price: '2.600',
      client_order_id: 'c-1',
    });
    expect(bid.order).toMatchObject({ status: 'filled', filled_quantity: 3, average_price: '2.500' });
    expect(bid.trades).toEqual([
      expect.objectContaining({
        price: '2.500',
        quantity: 3,
        total_value: '7.50',
        side: 'buy',
        liquidity: 'taker',
      }),
    ]);

    const buyer = await ok('participants.get', { participant_id: consumer });
    expect(buyer.balances.usd).toEqual({ total: '92.50', available: '92.50', locked: '0.00' });
    expect(buyer.balances.units).toEqual([
      expect.objectContaining({ symbol: 'text-prime', total: 3, available: 3, locked: 0 }),
    ]);
    const seller = await ok('participants.get', { participant_id: supplier });
    expect(seller.balances.units[0]).toMatchObject({ total: 7, locked: 2, available: 5 });

    const fills = await ok('trades.list', { participant_id: supplier });
    expect(fills[0]).toMatchObject({
      side: 'sell',
      liquidity: 'maker',
      quantity: 3,
      order_id: ask.order.order_id,
    });
    const open = await ok('orders.list', { participant_id: supplier, status: 'open' });
    expect(open.map((o: { order_id: string }) => o.order_id)).toEqual([ask.order.order_id]);

    const amended = await ok('orders.amend', {
      participant_id: supplier,
      order_id: ask.order.order_id,
      quantity: 4,
    });
    expect(amended.order).toMatchObject({ quantity: 4, filled_quantity: 3, remaining_quantity: 1 });
    const cancelled = await ok('orders.cancel', { participant_id: supplier, order_id: ask.order.order_id });
    expect(cancelled).toMatchObject({ status: 'cancelled', closure_reason: 'cancelled' });
    expect((await ok('exchange.invariants', {})).problems).toEqual([]);
  });

  it('refuses bad orders with the documented status, the reason and its code, and changes nothing', async () => {
    const before = (await ok('system.info', {})).last_sequence;
    const place = (extra: Record<string, unknown>) =>
      client.call('orders.place', {
        participant_id: consumer,
        market_id: market,
        side: 'buy',
        type: 'limit',
        quantity: 1,
        price: '1.000',
        ...extra,
      });
    expect(await place({ price: undefined })).toMatchObject({
      ok: false,
      error: { status: 422, detail: expect.stringMatching(/needs a price/) },
    });
    expect(await place({ price: '1.0005' })).toMatchObject({
      ok: false,
      error: { status: 422, detail: expect.stringMatching(/tick size 0.001/) },
    });
    expect(await place({ quantity: 1.5 })).toMatchObject({ ok: false, error: { status: 422 } });
    expect(await place({ colour: 'red' })).toMatchObject({ ok: false, error: { status: 400 } });
    expect(await place({ quantity: 1000, price: '1.000' })).toMatchObject({
      ok: false,
      error: { status: 422, code: 1005, detail: expect.stringMatching(/not enough USD/) },
    });
    // A client_order_id already used is an idempotent retry: the first order, nothing placed (as over HTTP).
    expect(await place({ client_order_id: 'c-1' })).toMatchObject({
      ok: true,
      result: { replayed: true, order: { client_order_id: 'c-1' }, trades: [] },
    });
    expect((await ok('system.info', {})).last_sequence).toBe(before);
  });

  it('a halted market refuses new orders but accepts cancels; the operator resumes it', async () => {
    const resting = await ok('orders.place', {
      participant_id: consumer,
      market_id: market,
      side: 'buy',
      type: 'limit',
      quantity: 1,
      price: '1.000',
    });
    expect(await ok('markets.halt', { market_id: market })).toMatchObject({ halted: true });
    const refused = await client.call('orders.place', {
      participant_id: consumer,
      market_id: market,
      side: 'buy',
      type: 'limit',
      quantity: 1,
      price: '1.000',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { status: 409, code: 1012, detail: expect.stringMatching(/halted/) },
    });
    expect(
      await ok('orders.cancel', { participant_id: consumer, order_id: resting.order.order_id }),
    ).toMatchObject({ status: 'cancelled' });
    expect(await ok('markets.resume', { market_id: market })).toMatchObject({ halted: false });
  });

  it('a suspended participant cannot trade', async () => {
    const other = (await ok('participants.create', { name: 'Soon Suspended', role: 'consumer' }))
      .participant_id;
    await ok('participants.suspend', { participant_id: other });
    const reply = await client.call('orders.place', {
      participant_id: other,
      market_id: market,
      side: 'buy',
      type: 'market',
      quantity: 1,
    });
    expect(reply).toMatchObject({ ok: false, error: { status: 403, code: 1009 } });
  });
});
