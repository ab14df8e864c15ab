/**
 * Contract tests for the public exchange's own clients (the `grid` CLI and its SDK, the TypeScript SDK
 * and the official OpenAPI spec): what they send and what their response validators require, written
 * down here so Grid Desk keeps answering them without needing those clients at run time. One `describe`
 * per point of issue 11.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExchange } from '../helpers/exchange-node';
import { operatorCalls } from '../helpers/operator-calls';
import { newSigningKey, signedClient } from '../helpers/signing';
import { stockUnits } from '../helpers/supply';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let supplier: string;
let consumer: string;
let asSupplier: ReturnType<typeof signedClient>;
let asConsumer: ReturnType<typeof signedClient>;
let market: string;
let instrument: string;
let supplierFingerprint: string;
const keysOfSupplier = () => supplierFingerprint;

const json = async (response: Response) => (await response.json()) as any;
const admin = async (path: string, body: unknown) => json(await exchange.api(path, { body }));
const base = () => `${exchange.node.url}/v1`;

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
  const prime = exchange.node.ops.instruments().find((i) => i.symbol === 'text-prime')!;
  instrument = prime.instrument_id;
  market = prime.trading_parameters.market_id;
  await stockUnits(operatorCalls(exchange.node.ops), supplier, instrument, 100);
  const keys = [newSigningKey(), newSigningKey()];
  for (const [participant, key] of [
    [supplier, keys[0]!],
    [consumer, keys[1]!],
  ] as const) {
    const registered = await exchange.api(`/v1/admin/participants/${participant}/signing-keys`, {
      body: { public_key: key.publicKey },
    });
    expect(registered.status).toBe(201);
  }
  supplierFingerprint = keys[0]!.fingerprint;
  asSupplier = signedClient(exchange.node.url, keys[0]!);
  asConsumer = signedClient(exchange.node.url, keys[1]!);
});
afterAll(() => exchange.stop());

describe('1. orders: quantity and price as strings or numbers, ids and the spec’s types', () => {
  it('places an order sent as the official clients send it (quantity and price as strings)', async () => {
    const response = await asSupplier('POST', '/v1/orders', {
      body: {
        market_id: market,
        side: 'sell',
        type: 'limit',
        quantity: '3',
        price: '4.500',
        time_in_force: 'gtc',
      },
    });
    expect(response.status).toBe(201);
    const { data } = await json(response);
    // What the spec and both clients' order validators require.
    expect(data).toMatchObject({
      id: data.order_id,
      order_id: expect.stringMatching(/^order_/),
      market_id: market,
      market_name: 'text-prime/USD',
      instrument_id: instrument,
      instrument_symbol: 'text-prime',
      side: 'sell',
      type: 'limit',
      status: 'open',
      quantity: '3',
      filled_quantity: 0,
      price: '4.500',
      average_price: null,
      stop_price: null,
      fee: '0.00',
      time_in_force: 'gtc',
      client_order_id: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    await asSupplier('DELETE', `/v1/orders/${data.order_id}`);
  });

  it('places an order with quantity and price as JSON numbers', async () => {
    const response = await asSupplier('POST', '/v1/orders', {
      body: { market_id: market, side: 'sell', type: 'limit', quantity: 2, price: 4.6 },
    });
    expect(response.status).toBe(201);
    expect((await json(response)).data).toMatchObject({ quantity: '2', price: '4.600' });
    await asSupplier('DELETE', '/v1/orders');
  });

  it('amends with quantity and price as strings or numbers', async () => {
    const placed = (
      await json(
        await asSupplier('POST', '/v1/orders', {
          body: { market_id: market, side: 'sell', type: 'limit', quantity: '5', price: '4.700' },
        }),
      )
    ).data;
    const asStrings = await asSupplier('PUT', `/v1/orders/${placed.id}`, {
      body: { quantity: '4', price: '4.800' },
    });
    expect(asStrings.status).toBe(200);
    expect((await json(asStrings)).data).toMatchObject({ id: placed.id, quantity: '4', price: '4.800' });
    const asNumbers = await asSupplier('PUT', `/v1/trading/orders/${placed.id}`, {
      body: { quantity: 3, price: 4.9 },
    });
    expect(asNumbers.status).toBe(200);
    expect((await json(asNumbers)).data).toMatchObject({ quantity: '3', price: '4.900' });
    await asSupplier('DELETE', '/v1/orders');
  });

  it('refuses quantities that are not whole Units and prices off the format', async () => {
    const order = (extra: object) => ({
      market_id: market,
      side: 'sell',
      type: 'limit',
      price: '5.000',
      ...extra,
    });
    const cases: [object, number][] = [
      [order({ quantity: '2.5' }), 422],
      [order({ quantity: '0' }), 422],
      [order({ quantity: 'three' }), 400],
      [order({ quantity: '1', price: '5.0000001' }), 422],
      [order({ quantity: '1', price: 'cheap' }), 422],
    ];
    for (const [body, status] of cases) {
      expect((await asSupplier('POST', '/v1/orders', { body })).status, JSON.stringify(body)).toBe(status);
    }
  });

  it('answers own fills with id, instrument and the quantity as a string', async () => {
    await asSupplier('POST', '/v1/orders', {
      body: { market_id: market, side: 'sell', type: 'limit', quantity: '2', price: '3.000' },
    });
    const bought = await asConsumer('POST', '/v1/orders', {
      body: { market_id: market, side: 'buy', type: 'limit', quantity: '2', price: '3.000' },
    });
    expect((await json(bought)).data).toMatchObject({ status: 'filled', filled_quantity: 2 });
    const fills = (await json(await asConsumer('GET', '/v1/trades'))).data;
    expect(fills[0]).toMatchObject({
      id: fills[0].trade_id,
      trade_id: expect.any(String),
      market_id: market,
      instrument_id: instrument,
      price: '3.000',
      quantity: '2',
      total_value: '6.00',
      fee: expect.any(String),
      side: 'buy',
      execution_timestamp: expect.any(String),
      settlement_timestamp: expect.any(String),
      order_id: expect.any(String),
    });
    const publicTrades = (await json(await fetch(`${base()}/markets/${market}/trades`))).data;
    expect(publicTrades[0]).toMatchObject({ id: publicTrades[0].trade_id, quantity: '2', price: '3.000' });
  });
});

describe('8. request values the market cannot honour are refused with a 422 naming the rule', () => {
  const order = (extra: object) => ({
    market_id: market,
    side: 'buy',
    type: 'limit',
    quantity: '1',
    price: '1.000',
    ...extra,
  });

  it.each([
    ['time_in_force day', { time_in_force: 'day' }, /day.*not supported/],
    ['a price on a stop (market) order', { type: 'stop', stop_price: '1.100' }, /stop order takes no price/],
    ['a stop-limit order without a stop_price', { type: 'stop_limit' }, /needs a stop_price/],
    [
      'a stop buy at market without a slippage cap (1045)',
      { type: 'stop', price: undefined, stop_price: '1.100', time_in_force: 'ioc' },
      /max_slippage_ticks/,
    ],
    ['reduce_only', { reduce_only: true }, /reduce_only.*not supported/],
    ['a price on a market order', { type: 'market' }, /market order takes no price/],
  ])('refuses %s', async (_name, extra, detail) => {
    const before = exchange.node.service.lastSeq;
    const response = await asConsumer('POST', '/v1/orders', { body: order(extra) });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.errors.detail).toMatch(detail);
    expect(body.error).toMatchObject({ code: expect.any(String), message: body.errors.detail });
    expect(exchange.node.service.lastSeq).toBe(before);
  });

  it('accepts a stop-limit order: pending until the last trade reaches its stop, listed and cancellable', async () => {
    const response = await asConsumer('POST', '/v1/orders', {
      body: order({ type: 'stop_limit', stop_price: '9.000', price: '9.100' }),
    });
    expect(response.status).toBe(201);
    const { data } = await json(response);
    expect(data).toMatchObject({
      type: 'stop_limit',
      status: 'pending',
      stop_price: '9.000',
      price: '9.100',
      closed_at: null,
    });
    const listed = (await json(await asConsumer('GET', '/v1/orders'))).data as {
      id: string;
      status: string;
    }[];
    expect(listed.find((o) => o.id === data.id)).toMatchObject({ status: 'pending' });
    expect((await asConsumer('DELETE', `/v1/orders/${data.id}`)).status).toBe(204);
    const after = await json(await asConsumer('GET', `/v1/orders/${data.id}`));
    expect(after.data).toMatchObject({ status: 'cancelled', type: 'stop_limit', stop_price: '9.000' });
  });

  it('accepts reduce_only false and post_only as the clients send them', async () => {
    const response = await asConsumer('POST', '/v1/orders', {
      body: order({ reduce_only: false, post_only: true, time_in_force: 'gtc' }),
    });
    expect(response.status).toBe(201);
    await asConsumer('DELETE', '/v1/orders');
  });

  it('refuses amending time_in_force or a stop price', async () => {
    const placed = (await json(await asConsumer('POST', '/v1/orders', { body: order({}) }))).data;
    for (const body of [
      { time_in_force: 'ioc' },
      { stop_price: '1.000' },
      { price: '1.100', time_in_force: 'day' },
    ]) {
      const response = await asConsumer('PUT', `/v1/orders/${placed.id}`, { body });
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    await asConsumer('DELETE', '/v1/orders');
  });
});

describe('6. every error carries both envelopes, with the numbered rejection code', () => {
  it('a rejection by the engine: insufficient balance (1005)', async () => {
    const response = await asConsumer('POST', '/v1/orders', {
      body: { market_id: market, side: 'buy', type: 'limit', quantity: '100', price: '999.000' },
    });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body).toEqual({
      errors: { detail: expect.any(String), code: 1005 },
      error: {
        code: 'INSUFFICIENT_BALANCE',
        message: body.errors.detail,
        details: { status: 422, rejection_code: 1005, reason: 'insufficient_balance' },
      },
    });
  });

  it.each([
    [
      'an unknown order',
      'GET',
      '/v1/orders/order_00000000-0000-0000-0000-000000000000',
      404,
      'ORDER_NOT_FOUND',
      1014,
    ],
    ['an unknown market', 'GET', '/v1/markets/market_nope/ticker', 404, 'MARKET_NOT_FOUND', 1011],
    ['an unknown route', 'GET', '/v1/nothing-here', 404, 'NOT_FOUND', undefined],
    ['a malformed body', 'POST', '/v1/orders', 400, 'VALIDATION_ERROR', undefined],
  ])('%s', async (_name, method, path, status, code, rejection) => {
    const response = await asConsumer(method, path, method === 'POST' ? { body: '{oops' } : {});
    expect(response.status).toBe(status);
    const body = await json(response);
    expect(body.errors.detail).toEqual(expect.any(String));
    expect(body.errors.code).toBe(rejection);
    expect(body.error).toMatchObject({ code, message: body.errors.detail, details: { status } });
    if (rejection !== undefined) expect(body.error.details.rejection_code).toBe(rejection);
  });

  it('a bad signature (401) and the admin API', async () => {
    const response = await asConsumer('GET', '/v1/orders', { headers: { 'x-thegrid-signature': 'AAAA' } });
    expect(response.status).toBe(401);
    expect((await json(response)).error).toMatchObject({ code: 'AUTH_FAILED', message: expect.any(String) });
    const admin401 = await exchange.api('/v1/admin/participants', { token: 'wrong' });
    expect(admin401.status).toBe(401);
    expect(await json(admin401)).toMatchObject({
      errors: { detail: expect.any(String) },
      error: { code: 'AUTH_FAILED' },
    });
  });
});

describe('3. response shapes pass the official clients’ validators', () => {
  it('markets carry name, created_at and updated_at', async () => {
    const markets = (await json(await fetch(`${base()}/markets`))).data;
    expect(markets.length).toBeGreaterThan(0);
    expect(markets.map((m: { name: string }) => m.name)).toContain('text-prime/USD');
    for (const m of markets) {
      expect(m).toMatchObject({
        market_id: expect.any(String),
        id: m.market_id,
        name: `${m.base_currency}/USD`,
        status: expect.any(String),
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      expect(Date.parse(m.created_at)).not.toBeNaN();
    }
  });

  it('instruments carry the public instrument_type, precision, is_active and timestamps', async () => {
    const instruments = (await json(await fetch(`${base()}/instruments`))).data;
    for (const i of instruments) {
      expect(i).toMatchObject({
        instrument_id: expect.any(String),
        symbol: expect.any(String),
        name: expect.any(String),
        instrument_type: 'ai_commodity',
        category: expect.stringMatching(/^(text|code|agent)$/),
        precision: 0,
        is_active: i.status === 'live',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
    }
    const one = await json(await fetch(`${base()}/instruments/by-symbol/text-prime`));
    expect(one.data).toMatchObject({ instrument_id: instrument, symbol: 'text-prime' });
    expect((await fetch(`${base()}/instruments/by-symbol/nope`)).status).toBe(404);
    const coding = (await json(await fetch(`${base()}/instruments?category=code`))).data;
    expect(coding.every((i: { category: string }) => i.category === 'code')).toBe(true);
  });

  it('the ticker has strings (never null) for last_price, highest_bid and lowest_ask', async () => {
    const quiet = exchange.node.ops.instruments().find((i) => i.symbol !== 'text-prime')!;
    const ticker = (await json(await fetch(`${base()}/markets/${quiet.trading_parameters.market_id}/ticker`)))
      .data;
    expect(ticker).toMatchObject({ last_price: '0', highest_bid: '0', lowest_ask: '0', volume_24h: '0' });
    for (const field of ['high_24h', 'low_24h', 'bid', 'ask', 'last_trade_timestamp', 'price_change_24h']) {
      expect(ticker[field], field).toBeUndefined();
    }
  });

  it('the book has a timestamp and order_count per level', async () => {
    await asSupplier('POST', '/v1/orders', {
      body: { market_id: market, side: 'sell', type: 'limit', quantity: '1', price: '9.000' },
    });
    const book = (await json(await fetch(`${base()}/markets/${market}/orderbook`))).data;
    expect(Date.parse(book.timestamp)).not.toBeNaN();
    expect(book.asks.at(-1)).toMatchObject({ price: '9.000', quantity: '1', order_count: 1 });
    await asSupplier('DELETE', '/v1/orders');
  });

  it('trading accounts have string balances and updated_at; consumption and issuance accounts their fields', async () => {
    const trading = (await json(await asConsumer('GET', '/v1/trading-accounts'))).data;
    expect(trading[0]).toMatchObject({
      account_id: expect.any(String),
      instrument_id: instrument,
      total_balance: expect.any(String),
      available_balance: expect.any(String),
      updated_at: expect.any(String),
    });
    const moved = await asConsumer('POST', '/v1/transfers/trading-to-consumption', {
      body: { instrument_id: instrument, quantity: 1 },
    });
    expect(moved.status).toBe(200);
    const consumption = (await json(await asConsumer('GET', '/v1/consumption-accounts'))).data;
    expect(consumption[0]).toMatchObject({
      account_id: expect.any(String),
      user_id: consumer,
      instrument_id: instrument,
      status: 'active',
      available_balance: 1,
      committed_balance: 0,
      total_balance: 1,
      total_deposits: 0,
      total_withdrawals: 0,
      total_commitments: 0,
      total_transfers_in: 1,
      total_transfers_out: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const issuance = (await json(await asSupplier('GET', '/v1/issuance-accounts'))).data;
    for (const account of issuance) {
      expect(account).toMatchObject({
        account_id: expect.any(String),
        instrument_id: expect.any(String),
        instrument_symbol: expect.any(String),
        total_issued: expect.any(String),
        total_transferred: expect.any(String),
        available_balance: expect.any(String),
        updated_at: expect.any(String),
      });
    }
  });
});

describe('5. endpoints the clients call', () => {
  it('GET /v1/me, /v1/health and /v1/diagnostics', async () => {
    const me = (await json(await asConsumer('GET', '/v1/me'))).data;
    expect(me).toMatchObject({
      user_id: consumer,
      email: expect.stringContaining('@'),
      account_mode: 'advanced',
    });
    expect(
      (await asConsumer('GET', '/v1/me', { headers: { 'x-thegrid-signature': undefined } })).status,
    ).toBe(401);
    expect((await json(await fetch(`${base()}/health`))).data).toMatchObject({
      status: 'ok',
      service: 'grid-desk',
    });
    const diagnostics = (await json(await asConsumer('GET', '/v1/diagnostics'))).data;
    expect(diagnostics).toMatchObject({ status: 'ok', service: 'grid-desk', checks: expect.any(Array) });
  });

  it('GET /v1/account/limits', async () => {
    const limits = (
      await json(await asConsumer('GET', '/v1/account/limits', { query: `market_id=${market}` }))
    ).data;
    expect(limits).toMatchObject({
      market_id: market,
      order_rate_limits: { scope: 'user_market', max_orders_per_second: expect.any(Number) },
      response_headers: { limit: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining' },
    });
  });

  it('supply summary and the liability of one instrument', async () => {
    const summary = (await json(await asSupplier('GET', '/v1/supply-issuances/summary'))).data;
    expect(summary).toEqual([
      expect.objectContaining({
        instrument_id: instrument,
        total_issued: 100,
        units_transferred_to_trading: 100,
      }),
    ]);
    const liability = await asSupplier('GET', `/v1/supplier-liability/${instrument}`);
    expect(liability.status).toBe(200);
    expect((await json(liability)).data).toMatchObject({ supplier_id: supplier, instrument_id: instrument });
  });

  it('self-service signing keys: register (bare or wrapped in signing_key), list, revoke', async () => {
    const wrapped = newSigningKey();
    const added = await asConsumer('POST', '/v1/signing-keys', {
      body: { signing_key: { public_key: wrapped.publicKey, label: 'sdk' } },
    });
    expect(added.status).toBe(201);
    expect((await json(added)).data).toMatchObject({
      key_id: wrapped.fingerprint,
      is_active: true,
      label: 'sdk',
    });
    const asNewKey = signedClient(exchange.node.url, wrapped);
    expect((await asNewKey('GET', '/v1/me')).status).toBe(200);
    const bare = newSigningKey();
    expect(
      (await asNewKey('POST', '/v1/signing-keys', { body: { public_key: bare.publicKey } })).status,
    ).toBe(201);
    const listed = (await json(await asConsumer('GET', '/v1/signing-keys'))).data;
    expect(listed.map((k: { fingerprint: string }) => k.fingerprint)).toEqual(
      expect.arrayContaining([wrapped.fingerprint, bare.fingerprint]),
    );
    const revoked = await asConsumer('DELETE', `/v1/signing-keys/${encodeURIComponent(wrapped.fingerprint)}`);
    expect(revoked.status).toBe(200);
    expect((await asNewKey('GET', '/v1/me')).status).toBe(401);
    expect(
      (await asConsumer('DELETE', `/v1/signing-keys/${encodeURIComponent(keysOfSupplier())}`)).status,
    ).toBe(404);
  });

  it('consumption-to-trading answers a clear 422 (transfers are one-way)', async () => {
    const response = await asConsumer('POST', '/v1/transfers/consumption-to-trading', {
      body: { instrument_id: instrument, quantity: 1 },
    });
    expect(response.status).toBe(422);
    expect((await json(response)).error.message).toMatch(/one-way/);
  });
});

describe('7. transfer and issuance statuses and bodies', () => {
  it('a transfer answers 200 with id, status and quantity; an issuance 201 with id and status', async () => {
    const moved = await asConsumer('POST', '/v1/transfers/trading-to-consumption', {
      body: { instrument_id: instrument, quantity: 1 },
    });
    expect(moved.status).toBe(200);
    expect((await json(moved)).data).toMatchObject({
      id: expect.stringMatching(/^transfer_/),
      status: 'completed',
      quantity: 1,
    });
    const issuances = (await json(await asSupplier('GET', '/v1/supply-issuances'))).data;
    expect(issuances[0]).toMatchObject({
      id: expect.stringMatching(/^issuance_/),
      instrument_id: instrument,
      quantity: 100,
      status: 'completed',
      created_at: expect.any(String),
    });
    const toTrading = await asSupplier('POST', '/v1/issuance-accounts/transfer', {
      body: { instrument_id: instrument, quantity: 1, trading_account_id: 'ignored' },
    });
    expect([200, 201, 422]).toContain(toTrading.status);
  });
});

describe('9. /api/v1 and /trading paths serve the API, never the UI', () => {
  it.each(['/api/v1', '/api/v1/trading', '/trading', '/v1/trading'])('%s', async (prefix) => {
    const markets = await fetch(`${exchange.node.url}${prefix}/markets`);
    expect(markets.status).toBe(200);
    expect(markets.headers.get('content-type')).toMatch(/json/);
    const signed = await asConsumer('GET', `${prefix}/orders`);
    expect(signed.status).toBe(200);
    const missing = await fetch(`${exchange.node.url}${prefix}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/json/);
    expect((await json(missing)).error.code).toBe('NOT_FOUND');
  });
});

describe('4. list filters in the clients’ dialects are honoured, never silently ignored', () => {
  const statuses = async (query: string) =>
    (await json(await asSupplier('GET', '/v1/orders', { query }))).data.map(
      (o: { status: string }) => o.status,
    );

  beforeAll(async () => {
    for (const price of ['7.000', '7.100']) {
      await asSupplier('POST', '/v1/orders', {
        body: { market_id: market, side: 'sell', type: 'limit', quantity: '1', price },
      });
    }
  });

  it.each([
    ['plain', 'status=open'],
    ['Flop (TypeScript SDK, spec)', 'filters[0][field]=status&filters[0][value]=open'],
    ['Flop with op', 'filters[0][field]=status&filters[0][op]=%3D%3D&filters[0][value]=open'],
    ['grid CLI', 'flop[filters][0][field]=status&flop[filters][0][value]=open'],
  ])('status=open, %s', async (_name, query) => {
    const found = await statuses(query);
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(new Set(found)).toEqual(new Set(['open']));
    expect(await statuses('status=cancelled')).not.toContain('open');
  });

  it('status=active means open or partially filled', async () => {
    const found = await statuses('status=active');
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found.every((s: string) => s === 'open' || s === 'partially_filled')).toBe(true);
  });

  it('filters by market and side in the Flop dialect', async () => {
    const other = exchange.node.ops.instruments().find((i) => i.symbol !== 'text-prime')!;
    const query = `filters[0][field]=market_id&filters[0][value]=${other.trading_parameters.market_id}`;
    expect(await statuses(query)).toEqual([]);
    expect(await statuses('flop[filters][0][field]=side&flop[filters][0][value]=buy')).toEqual([]);
  });

  it('pages with page_size and offset (also page)', async () => {
    const all = (await json(await asSupplier('GET', '/v1/orders', { query: 'limit=100' }))).data;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = (await json(await asSupplier('GET', '/v1/orders', { query: 'page_size=1' }))).data;
    expect(first.map((o: { id: string }) => o.id)).toEqual([all[0].id]);
    const second = (await json(await asSupplier('GET', '/v1/orders', { query: 'page_size=1&offset=1' })))
      .data;
    expect(second.map((o: { id: string }) => o.id)).toEqual([all[1].id]);
    const third = (
      await json(await asSupplier('GET', '/v1/orders', { query: 'flop[page_size]=1&flop[page]=3' }))
    ).data;
    expect(third.map((o: { id: string }) => o.id)).toEqual([all[2].id]);
  });

  it('refuses an operator it cannot honour', async () => {
    const response = await asSupplier('GET', '/v1/orders', {
      query: 'filters[0][field]=status&filters[0][op]=ilike&filters[0][value]=op',
    });
    expect(response.status).toBe(422);
  });

  it('price history sent as filters, with times in seconds or milliseconds', async () => {
    const now = Date.now();
    for (const [from, to] of [
      [Math.floor(now / 1000) - 3600, Math.floor(now / 1000) + 60],
      [now - 3_600_000, now + 60_000],
    ]) {
      const query = [
        `filters[0][field]=market_id&filters[0][value]=${market}`,
        'filters[1][field]=resolution&filters[1][value]=1m',
        `filters[2][field]=from&filters[2][value]=${from}`,
        `filters[3][field]=to&filters[3][value]=${to}`,
      ].join('&');
      const response = await fetch(`${base()}/price-histories?${query}`);
      expect(response.status).toBe(200);
      expect((await json(response)).data.length).toBeGreaterThan(0);
    }
  });
});
