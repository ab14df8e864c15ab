import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractSocket } from '../helpers/contract-socket';
import { startTestExchange } from '../helpers/exchange-node';
import { newSigningKey, type SigningKeyPair, signedClient } from '../helpers/signing';
import { operatorCalls } from '../helpers/operator-calls';
import { stockUnits } from '../helpers/supply';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let supplier: string;
let consumer: string;
let supplierKey: SigningKeyPair;
let consumerKey: SigningKeyPair;
let asSupplier: ReturnType<typeof signedClient>;
let asConsumer: ReturnType<typeof signedClient>;
let market: string; // text-prime
let instrument: string;
let otherMarket: string; // text-standard

const json = async (response: Response) => (await response.json()) as any;
const admin = async (path: string, body: unknown) => json(await exchange.api(path, { body }));
const registerKey = async (participantId: string, key = newSigningKey()) => {
  const response = await exchange.api(`/v1/admin/participants/${participantId}/signing-keys`, {
    body: { public_key: key.publicKey, label: 'test' },
  });
  expect(response.status).toBe(201);
  return key;
};
const lastSeq = () => exchange.node.service.lastSeq;
const sell = (price: string, quantity = 1, extra: Record<string, unknown> = {}) => ({
  market_id: market,
  side: 'sell',
  type: 'limit',
  quantity,
  price,
  ...extra,
});

beforeAll(async () => {
  exchange = await startTestExchange();
  supplier = (await admin('/v1/admin/participants', { name: 'Volt GPUs', role: 'supplier' })).data
    .participant_id;
  consumer = (await admin('/v1/admin/participants', { name: 'Acme', role: 'consumer' })).data.participant_id;
  await admin(`/v1/admin/participants/${consumer}/usd-adjustments`, {
    amount: '1000.00',
    idempotency_key: 'fund',
    reason: 'sandbox deposit',
  });
  const instruments = exchange.node.ops.instruments();
  const prime = instruments.find((i) => i.symbol === 'text-prime')!;
  instrument = prime.instrument_id;
  market = prime.trading_parameters.market_id;
  otherMarket = instruments.find((i) => i.symbol === 'text-standard')!.trading_parameters.market_id;
  await stockUnits(operatorCalls(exchange.node.ops), supplier, instrument, 500);
  supplierKey = await registerKey(supplier);
  consumerKey = await registerKey(consumer);
  asSupplier = signedClient(exchange.node.url, supplierKey);
  asConsumer = signedClient(exchange.node.url, consumerKey);
});
afterAll(() => exchange.stop());

describe('signing keys', () => {
  it('registers a key for a participant and answers its fingerprint', async () => {
    const key = newSigningKey();
    const response = await exchange.api(`/v1/admin/participants/${consumer}/signing-keys`, {
      body: { public_key: key.publicKey },
    });
    expect(response.status).toBe(201);
    expect((await json(response)).data).toEqual({
      fingerprint: key.fingerprint,
      participant_id: consumer,
      public_key: key.publicKey,
      label: '',
      created_at: expect.any(String),
      revoked_at: null,
    });
  });

  it('refuses keys that are not 32 bytes of base64, unknown participants, duplicates and missing tokens', async () => {
    const url = `/v1/admin/participants/${consumer}/signing-keys`;
    const short = Buffer.alloc(31, 1).toString('base64');
    expect((await exchange.api(url, { body: { public_key: short } })).status).toBe(422);
    expect((await exchange.api(url, { body: { public_key: 'not base64!' } })).status).toBe(422);
    expect((await exchange.api(url, { body: { public_key: 42 } })).status).toBe(400);
    expect((await exchange.api(url, { body: {} })).status).toBe(400);
    const key = newSigningKey();
    expect(
      (
        await exchange.api(
          '/v1/admin/participants/participant_00000000-0000-0000-0000-000000000000/signing-keys',
          {
            body: { public_key: key.publicKey },
          },
        )
      ).status,
    ).toBe(404);
    expect((await exchange.api(url, { body: { public_key: consumerKey.publicKey } })).status).toBe(409);
    expect((await exchange.api(url, { body: { public_key: key.publicKey }, token: null })).status).toBe(401);
  });

  it('registers, lists and revokes keys through the contract; a revoked key gets 401 and writes nothing', async () => {
    const client = await contractSocket(exchange.node.url, exchange.token);
    try {
      const key = newSigningKey();
      const registered = await client.call('keys.register', {
        participant_id: consumer,
        public_key: key.publicKey,
        label: 'laptop',
      });
      expect(registered?.result).toMatchObject({
        fingerprint: key.fingerprint,
        label: 'laptop',
        revoked_at: null,
      });
      const listed = await client.call('keys.list', { participant_id: consumer });
      expect(listed?.result.map((k: { fingerprint: string }) => k.fingerprint)).toContain(key.fingerprint);
      expect(listed?.result.every((k: Record<string, unknown>) => !('private_key' in k))).toBe(true);

      const call = signedClient(exchange.node.url, key);
      expect((await call('GET', '/v1/accounts')).status).toBe(200);
      const revoked = await client.call('keys.revoke', {
        participant_id: consumer,
        fingerprint: key.fingerprint,
      });
      expect(revoked?.result.revoked_at).toEqual(expect.any(String));
      const before = lastSeq();
      const refused = await call('POST', '/v1/orders', {
        body: { market_id: market, side: 'buy', type: 'limit', quantity: 1, price: '0.001' },
      });
      expect(refused.status).toBe(401);
      expect((await json(refused)).errors.detail).toMatch(/revoked/);
      expect(lastSeq()).toBe(before);
      // Someone else's key cannot be revoked through another participant.
      const foreign = await client.call('keys.revoke', {
        participant_id: consumer,
        fingerprint: supplierKey.fingerprint,
      });
      expect(foreign?.ok).toBe(false);
      expect(foreign?.error.status).toBe(404);
      const badKey = await client.call('keys.register', { participant_id: consumer, public_key: 'abc' });
      expect(badKey?.error.status).toBe(422);
    } finally {
      client.close();
    }
  });
});

describe('authentication', () => {
  const order = () => ({ market_id: market, side: 'buy', type: 'limit', quantity: 1, price: '0.001' });

  it('accepts signatures over /v1/orders and over /v1/trading/orders', async () => {
    for (const path of ['/v1/orders', '/v1/trading/orders']) {
      const response = await asConsumer('POST', path, { body: order() });
      expect(response.status).toBe(201);
      expect((await json(response)).data.participant_id).toBe(consumer);
    }
  });

  it('refuses a signature made for one spelling of the path on the other, and writes nothing', async () => {
    const before = lastSeq();
    const a = await asConsumer('POST', '/v1/orders', { body: order(), signPath: '/v1/trading/orders' });
    const b = await asConsumer('POST', '/v1/trading/orders', { body: order(), signPath: '/v1/orders' });
    expect([a.status, b.status]).toEqual([401, 401]);
    expect((await json(a)).errors.detail).toBe('invalid signature');
    expect(lastSeq()).toBe(before);
  });

  it('refuses stale or future timestamps, tampered bodies, wrong or unknown fingerprints, missing headers', async () => {
    const before = lastSeq();
    const now = Math.floor(Date.now() / 1000);
    const cases: Response[] = [
      await asConsumer('POST', '/v1/orders', { body: order(), timestamp: now - 60 }),
      await asConsumer('POST', '/v1/orders', { body: order(), timestamp: now + 60 }),
      await asConsumer('POST', '/v1/orders', {
        body: order(),
        headers: { 'x-thegrid-fingerprint': supplierKey.fingerprint },
      }),
      await asConsumer('POST', '/v1/orders', {
        body: order(),
        headers: { 'x-thegrid-fingerprint': newSigningKey().fingerprint },
      }),
      await asConsumer('POST', '/v1/orders', {
        body: order(),
        headers: { 'x-thegrid-signature': undefined },
      }),
      await asConsumer('POST', '/v1/orders', {
        body: order(),
        headers: { 'x-thegrid-timestamp': 'yesterday' },
      }),
      await asConsumer('GET', '/v1/accounts', { headers: { 'x-thegrid-signature': 'AAAA' } }),
      await fetch(`${exchange.node.url}/v1/orders`, { method: 'POST', body: JSON.stringify(order()) }),
    ];
    // The same signature over a different body.
    const signed = await import('../helpers/signing').then(({ signatureHeaders }) =>
      signatureHeaders(consumerKey, 'POST', '/v1/orders', JSON.stringify(order())),
    );
    cases.push(
      await fetch(`${exchange.node.url}/v1/orders`, {
        method: 'POST',
        headers: signed,
        body: JSON.stringify({ ...order(), quantity: 2 }),
      }),
    );
    for (const response of cases) {
      expect(response.status).toBe(401);
      expect(response.headers.get('x-request-id')).toBeTruthy();
      expect(response.headers.get('x-ratelimit-limit')).toBeTruthy();
      expect((await json(response)).errors.detail).toEqual(expect.any(String));
    }
    expect(lastSeq()).toBe(before);
    // 28 seconds of skew (measured now: the cases above took time) is within the 30 s window.
    const later = Math.floor(Date.now() / 1000);
    expect((await asConsumer('GET', '/v1/orders/count', { timestamp: later - 28 })).status).toBe(200);
  });

  it('refuses a suspended participant with 401 and writes nothing, and accepts it again once resumed', async () => {
    await admin(`/v1/admin/participants/${consumer}/suspend`, {});
    const before = lastSeq();
    const refused = await asConsumer('POST', '/v1/orders', { body: order() });
    expect(refused.status).toBe(401);
    expect((await json(refused)).errors.detail).toMatch(/suspended/);
    expect((await asConsumer('GET', '/v1/accounts')).status).toBe(401);
    expect(lastSeq()).toBe(before);
    await admin(`/v1/admin/participants/${consumer}/resume`, {});
    expect((await asConsumer('GET', '/v1/accounts')).status).toBe(200);
  });

  it('serves public market data without a signature, and refuses a bad one there too', async () => {
    const open = await fetch(`${exchange.node.url}/v1/markets/${market}/orderbook`);
    expect(open.status).toBe(200);
    expect(open.headers.get('x-ratelimit-remaining')).toBeTruthy();
    expect((await asConsumer('GET', `/v1/markets/${market}/orderbook`)).status).toBe(200);
    const bad = await asConsumer('GET', `/v1/markets/${market}/orderbook`, {
      headers: { 'x-thegrid-signature': Buffer.alloc(64).toString('base64') },
    });
    expect(bad.status).toBe(401);
  });
});

describe('orders', () => {
  it('places an order (201) with every field of the public order object', async () => {
    const response = await asSupplier('POST', '/v1/orders', {
      body: sell('9.000', 2, { client_order_id: 'shape-1' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.headers.get('x-ratelimit-limit')).toBe('100000');
    expect(Number(response.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect(response.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
    const { data } = await json(response);
    expect(data).toEqual({
      order_id: expect.stringMatching(/^order_[0-9a-f-]{36}$/),
      client_order_id: 'shape-1',
      participant_id: supplier,
      market_id: market,
      instrument_id: instrument,
      symbol: 'text-prime',
      side: 'sell',
      type: 'limit',
      status: 'open',
      quantity: '2',
      filled_quantity: 0,
      remaining_quantity: 2,
      price: '9.000',
      average_price: null,
      fee: '0.00',
      time_in_force: 'gtc',
      post_only: false,
      self_trade_prevention: 'cancel_taker',
      closure_reason: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      // The public exchange's fields beside Grid Desk's own.
      id: data.order_id,
      market_name: 'text-prime/USD',
      instrument_symbol: 'text-prime',
      trader_id: supplier,
      stop_price: null,
      submitted_at: data.created_at,
      closed_at: null,
    });
    const got = await asSupplier('GET', `/v1/trading/orders/${data.order_id}`);
    expect((await json(got)).data).toEqual(data);
  });

  it('answers an idempotent retry with the first order (200) and creates nothing', async () => {
    const body = sell('9.100', 1, { client_order_id: 'retry-1' });
    const first = await asSupplier('POST', '/v1/orders', { body });
    expect(first.status).toBe(201);
    const before = lastSeq();
    const again = await asSupplier('POST', '/v1/orders', { body });
    expect(again.status).toBe(200);
    expect((await json(again)).data.order_id).toBe((await json(first)).data.order_id);
    expect(lastSeq()).toBe(before);
  });

  it('creates exactly one order from concurrent retries with the same client_order_id', async () => {
    const body = sell('9.200', 1, { client_order_id: 'burst-1' });
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => asSupplier('POST', '/v1/orders', { body })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 201]);
    const ids = new Set(await Promise.all(responses.map(async (r) => (await json(r)).data.order_id)));
    expect(ids.size).toBe(1);
    const listed = await json(await asSupplier('GET', '/v1/orders', { query: 'limit=100' }));
    expect(
      listed.data.filter((o: { client_order_id: string }) => o.client_order_id === 'burst-1'),
    ).toHaveLength(1);
  });

  it('refuses malformed and invalid orders with 400 and 422', async () => {
    const cases: [unknown, number][] = [
      ['{not json', 400],
      [{ ...sell('1.000'), quantity: 'one' }, 400],
      [{ ...sell('1.000'), quantity: '1.5' }, 422],
      [{ ...sell('1.000'), unknown: 1 }, 400],
      [{ ...sell('1.000'), quantity: 0 }, 422],
      [{ ...sell('1.000'), quantity: 1.5 }, 422],
      [{ market_id: market, side: 'sell', type: 'limit', quantity: 1 }, 422],
      [sell('1.0001'), 422],
    ];
    for (const [body, status] of cases) {
      const response = await asSupplier('POST', '/v1/orders', { body });
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(await json(response)).toMatchObject({ errors: { detail: expect.any(String) } });
    }
    expect((await asSupplier('POST', '/v1/orders')).status).toBe(400);
    const unknownMarket = { ...sell('1.000'), market_id: 'market_00000000-0000-0000-0000-000000000000' };
    expect((await asSupplier('POST', '/v1/orders', { body: unknownMarket })).status).toBe(404);
    // A buy without the USD to fund it.
    const huge = { market_id: market, side: 'buy', type: 'limit', quantity: 10_000, price: '999.000' };
    expect((await asConsumer('POST', '/v1/orders', { body: huge })).status).toBe(422);
  });

  it('amends with PUT, cancels with DELETE (204), and hides other participants’ orders', async () => {
    const placed = (await json(await asSupplier('POST', '/v1/orders', { body: sell('8.000', 3) }))).data;
    const amended = await asSupplier('PUT', `/v1/orders/${placed.order_id}`, {
      body: { price: '8.500', quantity: 2 },
    });
    expect(amended.status).toBe(200);
    expect((await json(amended)).data).toMatchObject({
      order_id: placed.order_id,
      price: '8.500',
      quantity: '2',
    });
    expect((await asSupplier('PUT', `/v1/orders/${placed.order_id}`, { body: {} })).status).toBe(422);

    // Another participant sees nothing of it.
    expect((await asConsumer('GET', `/v1/orders/${placed.order_id}`)).status).toBe(404);
    expect(
      (await asConsumer('PUT', `/v1/orders/${placed.order_id}`, { body: { price: '1.000' } })).status,
    ).toBe(404);
    expect((await asConsumer('DELETE', `/v1/orders/${placed.order_id}`)).status).toBe(404);

    const cancelled = await asSupplier('DELETE', `/v1/trading/orders/${placed.order_id}`);
    expect(cancelled.status).toBe(204);
    expect(await cancelled.text()).toBe('');
    expect(cancelled.headers.get('x-ratelimit-remaining')).toBeTruthy();
    expect((await asSupplier('DELETE', `/v1/orders/${placed.order_id}`)).status).toBe(404);
    const after = (await json(await asSupplier('GET', `/v1/orders/${placed.order_id}`))).data;
    expect(after).toMatchObject({ status: 'cancelled', closure_reason: 'cancelled' });
    expect((await asSupplier('GET', '/v1/orders/not-an-order')).status).toBe(404);
  });

  it('counts open orders, cancels all in a market and all everywhere, returning the counts', async () => {
    await asSupplier('DELETE', '/v1/orders');
    await stockUnits(
      operatorCalls(exchange.node.ops),
      supplier,
      exchange.node.ops.markets().find((m) => m.market_id === otherMarket)!.instrument_id,
      10,
    );
    for (const price of ['7.000', '7.100']) await asSupplier('POST', '/v1/orders', { body: sell(price) });
    const other = { market_id: otherMarket, side: 'sell', type: 'limit', quantity: 1, price: '5.000' };
    await asSupplier('POST', '/v1/orders', { body: other });
    expect((await json(await asSupplier('GET', '/v1/orders/count'))).data).toEqual({ count: 3 });
    expect(
      (await json(await asSupplier('GET', '/v1/orders/count', { query: `market_id=${market}` }))).data,
    ).toEqual({
      count: 2,
    });
    const inMarket = await asSupplier('DELETE', `/v1/markets/${market}/orders`);
    expect(inMarket.status).toBe(200);
    expect((await json(inMarket)).data).toEqual({ cancelled: 2 });
    expect((await json(await asSupplier('DELETE', '/v1/trading/orders'))).data).toEqual({ cancelled: 1 });
    expect((await json(await asSupplier('GET', '/v1/orders/count'))).data).toEqual({ count: 0 });
    expect((await asSupplier('DELETE', '/v1/markets/market_nope/orders')).status).toBe(404);
  });

  it('filters orders by market, status, side and time range', async () => {
    const t0 = new Date().toISOString();
    const placed = (await json(await asSupplier('POST', '/v1/orders', { body: sell('6.000') }))).data;
    const list = async (query: string) =>
      (await json(await asSupplier('GET', '/v1/orders', { query }))).data.map(
        (o: { order_id: string }) => o.order_id,
      );
    expect(await list(`status=open&side=sell&market_id=${market}`)).toEqual([placed.order_id]);
    expect(await list('status=open&side=buy')).toEqual([]);
    expect(await list(`status=open&market_id=${otherMarket}`)).toEqual([]);
    expect(await list(`from=${encodeURIComponent(t0)}&status=open`)).toEqual([placed.order_id]);
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect(await list(`from=${future}`)).toEqual([]);
    expect(await list(`to=${Math.floor(Date.parse(t0) / 1000) - 1}&status=open`)).toEqual([]);
    expect((await asSupplier('GET', '/v1/orders', { query: 'from=yesterday' })).status).toBe(422);
    expect((await asSupplier('GET', '/v1/orders', { query: 'status=sleeping' })).status).toBe(422);
    await asSupplier('DELETE', `/v1/orders/${placed.order_id}`);
  });
});

describe('pagination', () => {
  it('walks a list forwards and backwards with cursors, without gaps or repeats', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(
        (await json(await asSupplier('POST', '/v1/orders', { body: sell(`5.${i}00`) }))).data.order_id,
      );
    }
    const page = async (query: string) => json(await asSupplier('GET', '/v1/orders', { query }));
    const base = 'status=open&order_direction=asc&limit=3';
    const pages: any[] = [await page(base)];
    while (pages.at(-1).next_cursor) pages.push(await page(`${base}&next=${pages.at(-1).next_cursor}`));
    expect(pages.map((p) => p.data.length)).toEqual([3, 3, 1]);
    expect(pages[0].prev_cursor).toBeNull();
    const walked = pages.flatMap((p) => p.data.map((o: { order_id: string }) => o.order_id));
    expect(walked).toEqual(ids);

    // Back from the last page.
    const back: any[] = [pages[2]];
    while (back.at(-1).prev_cursor) back.push(await page(`${base}&prev=${back.at(-1).prev_cursor}`));
    expect(back.length).toBe(3);
    expect(back.reverse().flatMap((p) => p.data.map((o: { order_id: string }) => o.order_id))).toEqual(ids);

    // Newest first by default.
    const desc = await page('status=open&limit=100');
    expect(desc.data.map((o: { order_id: string }) => o.order_id)).toEqual([...ids].reverse());
    expect(desc.next_cursor).toBeNull();

    expect((await asSupplier('GET', '/v1/orders', { query: `${base}&next=garbage` })).status).toBe(422);
    expect(
      (
        await asSupplier('GET', '/v1/orders', {
          query: `limit=3&order_by=updated_at&next=${pages[0].next_cursor}`,
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await asSupplier('GET', '/v1/orders', {
          query: `${base}&next=${pages[0].next_cursor}&prev=${pages[0].next_cursor}`,
        })
      ).status,
    ).toBe(422);
    expect((await asSupplier('GET', '/v1/orders', { query: 'limit=101' })).status).toBe(422);
    expect((await asSupplier('GET', '/v1/orders', { query: 'limit=0' })).status).toBe(422);
    expect((await page('status=open')).data).toHaveLength(7); // default limit 50
    await asSupplier('DELETE', '/v1/orders');
  });

  it('pages instruments with filters and sorting', async () => {
    const get = async (query: string) =>
      json(await fetch(`${exchange.node.url}/v1/trading/instruments?${query}`));
    const first = await get('limit=4');
    expect(first.data.map((i: { symbol: string }) => i.symbol)).toEqual([
      'agent-max',
      'agent-prime',
      'agent-standard',
      'code-max',
    ]);
    const second = await get(`limit=4&next=${first.next_cursor}`);
    const third = await get(`limit=4&next=${second.next_cursor}`);
    expect([...first.data, ...second.data, ...third.data]).toHaveLength(9);
    expect(third.next_cursor).toBeNull();
    expect((await get('instrument_type=code&status=preview')).data).toHaveLength(3);
    expect((await get('symbol=text-prime')).data.map((i: { symbol: string }) => i.symbol)).toEqual([
      'text-prime',
    ]);
    const byStatus = await get('order_by=status&order_direction=desc&limit=100');
    expect(byStatus.data.slice(0, 6).every((i: { status: string }) => i.status === 'preview')).toBe(true);
    expect((await fetch(`${exchange.node.url}/v1/trading/instruments?instrument_type=image`)).status).toBe(
      422,
    );
  });
});

describe('trades, accounts and positions', () => {
  it('reads own fills with every field of the public trade object, filtered and one by one', async () => {
    const ask = (await json(await asSupplier('POST', '/v1/orders', { body: sell('2.500', 4) }))).data;
    const bid = await asConsumer('POST', '/v1/orders', {
      body: { market_id: market, side: 'buy', type: 'limit', quantity: 3, price: '2.500' },
    });
    const bought = (await json(bid)).data;
    expect(bought).toMatchObject({ status: 'filled', filled_quantity: 3, average_price: '2.500' });

    const fills = await json(await asConsumer('GET', '/v1/trades', { query: `market_id=${market}` }));
    expect(fills.data[0]).toEqual({
      trade_id: expect.any(String),
      sequence: expect.any(Number),
      market_id: market,
      symbol: 'text-prime',
      price: '2.500',
      quantity: '3',
      total_value: '7.50',
      fee: '0.00',
      side: 'buy',
      liquidity: 'taker',
      order_id: bought.order_id,
      maker_order_id: ask.order_id,
      taker_order_id: bought.order_id,
      execution_timestamp: expect.any(String),
      // The public exchange's fields beside Grid Desk's own.
      id: fills.data[0].trade_id,
      instrument_id: instrument,
      instrument_symbol: 'text-prime',
      market_name: 'text-prime/USD',
      status: 'settled',
      settlement_timestamp: fills.data[0].execution_timestamp,
    });
    expect(fills).toMatchObject({ next_cursor: null, prev_cursor: null });
    const tradeId = fills.data[0].trade_id;
    const mine = await json(await asSupplier('GET', `/v1/trading/trades/${tradeId}`));
    expect(mine.data).toMatchObject({ side: 'sell', liquidity: 'maker', order_id: ask.order_id });

    const outsider = await registerKey(
      (await admin('/v1/admin/participants', { name: 'Outsider', role: 'consumer' })).data.participant_id,
    );
    const asOutsider = signedClient(exchange.node.url, outsider);
    expect((await asOutsider('GET', `/v1/trades/${tradeId}`)).status).toBe(404);
    expect((await json(await asOutsider('GET', '/v1/trades'))).data).toEqual([]);
    expect(
      (await json(await asConsumer('GET', '/v1/trades', { query: `market_id=${otherMarket}` }))).data,
    ).toEqual([]);
    const later = Math.floor(Date.now() / 1000) + 60;
    expect((await json(await asConsumer('GET', '/v1/trades', { query: `from=${later}` }))).data).toEqual([]);
    expect((await json(await asConsumer('GET', '/v1/trades', { query: `to=${later}` }))).data).toHaveLength(
      1,
    );
    await asSupplier('DELETE', '/v1/orders');
  });

  it('shows USD, trading and (empty) consumption accounts, and positions with an average entry price', async () => {
    const accounts = await json(await asConsumer('GET', '/v1/accounts'));
    expect(accounts.data).toEqual({
      participant_id: consumer,
      currency: {
        account_id: expect.stringMatching(/^account_/),
        currency: 'USD',
        total_balance: '992.50',
        available_balance: expect.any(String),
        locked_balance: expect.any(String),
      },
      trading: [
        {
          account_id: expect.stringMatching(/^account_/),
          instrument_id: instrument,
          symbol: 'text-prime',
          market_id: market,
          total_balance: 3,
          available_balance: 3,
          locked_balance: 0,
        },
      ],
      consumption: [],
    });
    const currency = await json(await asConsumer('GET', '/v1/trading/currency-trading-accounts'));
    expect(currency).toEqual({ data: [accounts.data.currency], next_cursor: null, prev_cursor: null });
    const trading = await json(await asConsumer('GET', '/v1/trading/trading-accounts'));
    // The list answers the public exchange's shape: balances as strings, and its fields.
    expect(trading.data).toEqual(
      accounts.data.trading.map((account: Record<string, unknown>) => ({
        ...account,
        id: account.account_id,
        user_id: consumer,
        instrument_symbol: 'text-prime',
        instrument_name: expect.any(String),
        market_name: 'text-prime/USD',
        total_balance: String(account.total_balance),
        available_balance: String(account.available_balance),
        locked_balance: String(account.locked_balance),
        reserved_balance: String(account.locked_balance),
        status: 'active',
        updated_at: expect.any(String),
      })),
    );
    const one = await json(await asConsumer('GET', `/v1/trading-accounts/${trading.data[0].account_id}`));
    expect(one.data).toEqual({ ...trading.data[0], updated_at: expect.any(String) });
    expect((await asConsumer('GET', '/v1/trading-accounts/account_nope')).status).toBe(404);
    const usd = await json(
      await asConsumer('GET', `/v1/currency-trading-accounts/${accounts.data.currency.account_id}`),
    );
    expect(usd.data).toEqual(accounts.data.currency);
    const consumption = await json(
      await asConsumer('GET', '/v1/trading/consumption-accounts', { query: 'order_by=created_at' }),
    );
    expect(consumption).toEqual({ data: [], next_cursor: null, prev_cursor: null });
    const positions = await json(await asConsumer('GET', '/v1/positions'));
    expect(positions.data).toEqual([
      {
        instrument_id: instrument,
        symbol: 'text-prime',
        market_id: market,
        quantity: 3,
        available: 3,
        locked: 0,
        average_entry_price: '2.500',
      },
    ]);
    // The supplier holds issued Units it never bought.
    const supplierPositions = await json(await asSupplier('GET', '/v1/positions'));
    expect(
      supplierPositions.data.find((p: { symbol: string }) => p.symbol === 'text-prime').average_entry_price,
    ).toBeNull();
  });
});

describe('public market data', () => {
  it('lists and gets instruments and markets by id or symbol', async () => {
    const base = `${exchange.node.url}/v1/trading`;
    const prime = await json(await fetch(`${base}/instruments/text-prime`));
    expect(prime.data).toMatchObject({
      instrument_id: instrument,
      trading_parameters: { market_id: market },
    });
    expect((await json(await fetch(`${base}/instruments/${instrument}`))).data.symbol).toBe('text-prime');
    expect((await fetch(`${base}/instruments/text-nope`)).status).toBe(404);
    const markets = await json(await fetch(`${base}/markets?limit=100`));
    expect(markets.data).toHaveLength(9);
    expect(markets).toMatchObject({ next_cursor: null, prev_cursor: null });
    expect((await json(await fetch(`${base}/markets?instrument_id=${instrument}`))).data).toHaveLength(1);
    expect((await json(await fetch(`${base}/markets/${market}`))).data.symbol).toBe('text-prime/USD');
    expect((await json(await fetch(`${base}/markets/text-prime`))).data.market_id).toBe(market);
    expect((await fetch(`${base}/markets/market_unknown`)).status).toBe(404);
  });

  it('serves the order book with depth 1..100 (default 20) and a sequence number', async () => {
    for (const price of ['3.000', '3.100', '3.200'])
      await asSupplier('POST', '/v1/orders', { body: sell(price) });
    const book = async (query = '') => fetch(`${exchange.node.url}/v1/markets/${market}/orderbook${query}`);
    const full = await json(await book());
    expect(full.data).toMatchObject({
      market_id: market,
      symbol: 'text-prime',
      sequence: expect.any(Number),
      halted: false,
    });
    expect(full.data.asks.slice(0, 3)).toEqual([
      { price: '3.000', quantity: '1', orders: 1, order_count: 1 },
      { price: '3.100', quantity: '1', orders: 1, order_count: 1 },
      { price: '3.200', quantity: '1', orders: 1, order_count: 1 },
    ]);
    expect((await json(await book('?depth=1'))).data.asks).toHaveLength(1);
    expect((await book('?depth=100')).status).toBe(200);
    expect((await book('?depth=0')).status).toBe(422);
    expect((await book('?depth=101')).status).toBe(422);
    expect((await fetch(`${exchange.node.url}/v1/markets/market_x/orderbook`)).status).toBe(404);
    await asSupplier('DELETE', '/v1/orders');
  });
});

describe('published market data', () => {
  const base = () => `${exchange.node.url}/v1`;

  it('serves the ticker, 24 h stats and Reference Price of a market by id or symbol', async () => {
    const ticker = await json(await fetch(`${base()}/markets/${market}/ticker`));
    expect(ticker.data).toMatchObject({
      market_id: market,
      symbol: 'text-prime',
      last_price: '2.500',
      last_size: 3,
      volume_24h: '3',
      timestamp: expect.any(String),
    });
    const stats = await json(await fetch(`${base()}/trading/markets/text-prime/stats`));
    expect(stats.data).toMatchObject({
      market_id: market,
      volume: 3,
      trade_count: 1,
      vwap: '2.500',
      high: '2.500',
    });
    const reference = await json(await fetch(`${base()}/markets/${market}/reference-price`));
    expect(reference.data).toMatchObject({
      market_id: market,
      instrument_id: instrument,
      method: expect.any(String),
      methodology: expect.stringContaining('volume-weighted'),
    });
    for (const path of ['ticker', 'stats', 'reference-price']) {
      expect((await fetch(`${base()}/markets/market_nope/${path}`)).status).toBe(404);
    }
  });

  it('pages public trades newest first with next cursors, without participants or fees', async () => {
    await asSupplier('POST', '/v1/orders', { body: sell('2.600', 2) });
    await asConsumer('POST', '/v1/orders', {
      body: { market_id: market, side: 'buy', type: 'limit', quantity: 2, price: '2.600' },
    });
    const first = await json(await fetch(`${base()}/markets/${market}/trades?limit=1`));
    expect(first.data).toEqual([
      {
        trade_id: expect.any(String),
        sequence: expect.any(Number),
        market_id: market,
        price: '2.600',
        quantity: '2',
        total_value: '5.20',
        taker_side: 'buy',
        side: 'buy',
        execution_timestamp: expect.any(String),
        id: first.data[0].trade_id,
      },
    ]);
    expect(first.prev_cursor).toBeNull();
    const second = await json(
      await fetch(`${base()}/markets/${market}/trades?limit=1&next=${first.next_cursor}`),
    );
    expect(second.data.map((t: { price: string }) => t.price)).toEqual(['2.500']);
    expect(second.next_cursor).toBeNull();
    expect(second.prev_cursor).toBeNull();
    expect((await fetch(`${base()}/markets/${market}/trades?prev=${first.next_cursor}`)).status).toBe(422);
    expect((await fetch(`${base()}/markets/market_nope/trades`)).status).toBe(404);
  });

  it('serves OHLCV candles at every resolution over a time range', async () => {
    for (const resolution of ['1m', '5m', '15m', '1h', '4h', '1d', '1w']) {
      const candles = await json(
        await fetch(`${base()}/price-histories?market_id=${market}&resolution=${resolution}`),
      );
      expect(candles.data.length, resolution).toBeGreaterThanOrEqual(1);
      expect(candles.data.at(-1)).toMatchObject({
        close: '2.600',
        volume: expect.any(Number),
        time: expect.any(Number),
      });
    }
    const hour = Math.floor(Date.now() / 1000) - 3600;
    const ranged = await json(
      await fetch(
        `${base()}/trading/price-histories?market_id=text-prime&resolution=1h&from=${hour - 7200}&to=${hour}`,
      ),
    );
    expect(ranged.data).toEqual([]);
    expect((await fetch(`${base()}/price-histories?market_id=${market}&resolution=2m`)).status).toBe(422);
    expect((await fetch(`${base()}/price-histories?resolution=1m`)).status).toBe(400);
    expect((await fetch(`${base()}/price-histories?market_id=market_nope&resolution=1m`)).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('serves a parseable document listing every path, its parameters, bodies, envelopes and the security scheme', async () => {
    const response = await fetch(`${exchange.node.url}/v1/openapi.json`);
    expect(response.status).toBe(200);
    const doc = JSON.parse(await response.text());
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/instruments',
        '/instruments/{id}',
        '/markets',
        '/markets/{id}',
        '/markets/{id}/orderbook',
        '/orders',
        '/orders/count',
        '/orders/{id}',
        '/markets/{id}/orders',
        '/trades',
        '/trades/{id}',
        '/accounts',
        '/currency-trading-accounts',
        '/trading-accounts',
        '/consumption-accounts',
        '/positions',
        '/markets/{id}/ticker',
        '/markets/{id}/trades',
        '/markets/{id}/stats',
        '/markets/{id}/reference-price',
        '/price-histories',
        '/openapi.json',
        '/admin/participants/{id}/signing-keys',
      ]),
    );
    expect(Object.keys(doc.paths['/orders'])).toEqual(expect.arrayContaining(['get', 'post', 'delete']));
    expect(Object.keys(doc.paths['/orders/{id}'])).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
    const place = doc.paths['/orders'].post;
    expect(place.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PlaceOrderBody',
    });
    expect(doc.components.schemas.PlaceOrderBody.properties.side.enum).toEqual(['buy', 'sell']);
    expect(place.responses['201'].content['application/json'].schema.properties.data).toEqual({
      $ref: '#/components/schemas/Order',
    });
    expect(Object.keys(place.responses)).toEqual(expect.arrayContaining(['400', '401', '422', '429']));
    expect(place.security).toEqual([{ signature: [], timestamp: [], fingerprint: [] }]);
    expect(Object.keys(doc.components.schemas.Order.properties)).toEqual(
      expect.arrayContaining([
        'order_id',
        'client_order_id',
        'average_price',
        'closure_reason',
        'updated_at',
      ]),
    );
    const list = doc.paths['/orders'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining([
        'limit',
        'next',
        'prev',
        'order_by',
        'order_direction',
        'market_id',
        'status',
        'side',
        'from',
        'to',
      ]),
    );
    expect(list.responses['200'].content['application/json'].schema.required).toEqual([
      'data',
      'next_cursor',
      'prev_cursor',
    ]);
    expect(doc.paths['/orders/{id}'].delete.responses['204']).toBeDefined();
    expect(doc.paths['/orders/{id}'].get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
    });
    expect(doc.components.securitySchemes.signature).toMatchObject({
      in: 'header',
      name: 'x-thegrid-signature',
    });
    expect(doc.components.securitySchemes.timestamp.name).toBe('x-thegrid-timestamp');
    expect(doc.components.securitySchemes.fingerprint.name).toBe('x-thegrid-fingerprint');
    expect(doc.servers).toEqual([{ url: '/v1' }, { url: '/v1/trading' }]);
    expect((await fetch(`${exchange.node.url}/v1/trading/openapi.json`)).status).toBe(200);
  });
});
