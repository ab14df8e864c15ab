import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExchange } from '../helpers/exchange-node';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
beforeAll(async () => (exchange = await startTestExchange()));
afterAll(() => exchange.stop());

const json = async (response: Response) =>
  (await response.json()) as { data: any; errors?: { detail: string } };
const newConsumer = async (name = 'Acme') =>
  (await json(await exchange.api('/v1/admin/participants', { body: { name, role: 'consumer' } }))).data
    .participant_id as string;
const auditCount = async () =>
  (await json(await exchange.api('/v1/admin/audit?limit=100'))).data.length as number;

describe('health and public reference data', () => {
  it('answers /health with the version, and the database path only to the operator', async () => {
    const response = await exchange.api('/health', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: expect.any(String) });
    expect(await (await exchange.api('/health')).json()).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      database: exchange.node.service.databasePath,
    });
  });

  it('lists the nine instruments with specifications and trading parameters', async () => {
    const { data } = await json(await exchange.api('/v1/instruments', { token: null }));
    expect(data).toHaveLength(9);
    const prime = data.find((i: { symbol: string }) => i.symbol === 'text-prime');
    expect(prime).toMatchObject({
      instrument_id: expect.stringMatching(/^instrument_[0-9a-f-]{36}$/),
      status: 'live',
      is_default: true,
      specifications: {
        quality_floor: 38,
        throughput_floor_tps: 40,
        ttft_max_seconds: '4.62',
        context_window_min_tokens: 128_000,
      },
      trading_parameters: { tick_size: '0.001', min_quantity: 1 },
    });
    expect(data.filter((i: { status: string }) => i.status === 'preview')).toHaveLength(6);
  });

  it('lists one USD market per instrument', async () => {
    const { data } = await json(await exchange.api('/v1/markets', { token: null }));
    expect(data).toHaveLength(9);
    expect(data[0]).toMatchObject({ market_id: expect.stringMatching(/^market_/), quote_currency: 'USD' });
  });

  it('answers unknown routes with 404 in the error envelope and an x-request-id', async () => {
    const response = await exchange.api('/v1/nothing-here', { token: null });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(await response.json()).toMatchObject({
      errors: { detail: expect.stringContaining('/v1/nothing-here') },
    });
  });
});

describe('admin API', () => {
  it('writes the operator token to a 0600 file', () => {
    expect(statSync(exchange.node.service.operatorToken.path).mode & 0o777).toBe(0o600);
  });

  it('creates a consumer, deposits, and shows the balance and the audit entries', async () => {
    const created = await exchange.api('/v1/admin/participants', {
      body: { name: 'Acme Labs', role: 'consumer' },
    });
    expect(created.status).toBe(201);
    const id = (await json(created)).data.participant_id;
    const deposit = await exchange.api(`/v1/admin/participants/${id}/usd-adjustments`, {
      body: { amount: '100.00', idempotency_key: 'dep-1', reason: 'sandbox deposit' },
    });
    expect(deposit.status).toBe(201);
    expect((await json(deposit)).data).toMatchObject({ amount: '100.00', balance_after: '100.00' });
    const { data } = await json(await exchange.api(`/v1/admin/participants/${id}`));
    expect(data.balances.usd).toEqual({ total: '100.00', available: '100.00', locked: '0.00' });
    const audit = (await json(await exchange.api('/v1/admin/audit?limit=2'))).data;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['adjust_usd', 'create_participant']);
    expect(audit[0]).toMatchObject({
      actor_name: 'Exchange operator',
      details: { amount: '100.00', reason: 'sandbox deposit' },
    });
  });

  it('debits, but never below zero', async () => {
    const id = await newConsumer();
    await exchange.api(`/v1/admin/participants/${id}/usd-adjustments`, {
      body: { amount: '10', idempotency_key: 'a', reason: 'in' },
    });
    const debit = await exchange.api(`/v1/admin/participants/${id}/usd-adjustments`, {
      body: { amount: '-2.5', idempotency_key: 'b', reason: 'out' },
    });
    expect((await json(debit)).data.balance_after).toBe('7.50');
    const before = await auditCount();
    const overdraw = await exchange.api(`/v1/admin/participants/${id}/usd-adjustments`, {
      body: { amount: '-7.500001', idempotency_key: 'c', reason: 'out' },
    });
    expect(overdraw.status).toBe(422);
    expect((await json(overdraw)).errors?.detail).toMatch(/below zero/);
    expect(await auditCount()).toBe(before);
  });

  it('returns the first result for a repeated idempotency key, and 409 for different content', async () => {
    const id = await newConsumer();
    const path = `/v1/admin/participants/${id}/usd-adjustments`;
    const first = await json(
      await exchange.api(path, { body: { amount: '5', idempotency_key: 'same', reason: 'r' } }),
    );
    const again = await json(
      await exchange.api(path, { body: { amount: '5', idempotency_key: 'same', reason: 'r' } }),
    );
    expect(again.data).toEqual(first.data);
    const conflict = await exchange.api(path, {
      body: { amount: '6', idempotency_key: 'same', reason: 'r' },
    });
    expect(conflict.status).toBe(409);
    expect((await json(await exchange.api(`/v1/admin/participants/${id}`))).data.balances.usd.total).toBe(
      '5.00',
    );
  });

  it('suspends and resumes a participant', async () => {
    const id = await newConsumer();
    const suspended = await json(
      await exchange.api(`/v1/admin/participants/${id}/suspend`, { method: 'POST' }),
    );
    expect(suspended.data.status).toBe('suspended');
    const twice = await exchange.api(`/v1/admin/participants/${id}/suspend`, { method: 'POST' });
    expect(twice.status).toBe(409);
    const resumed = await json(await exchange.api(`/v1/admin/participants/${id}/resume`, { method: 'POST' }));
    expect(resumed.data.status).toBe('active');
  });

  it('suspending cancels the participant’s live orders, lists them, and the audit entry names them', async () => {
    const id = await newConsumer('Holder');
    await exchange.api(`/v1/admin/participants/${id}/usd-adjustments`, {
      body: { amount: '100.00', idempotency_key: 'fund', reason: 'test' },
    });
    const market = exchange.node.ops.instruments().find((i) => i.symbol === 'text-prime')!.trading_parameters
      .market_id;
    const resting = await exchange.node.ops.placeOrder(
      id,
      { market_id: market, side: 'buy', type: 'limit', quantity: 2, price: '1.000' },
      id,
    );
    const stop = await exchange.node.ops.placeOrder(
      id,
      { market_id: market, side: 'buy', type: 'limit', quantity: 1, price: '9.000', stop_price: '8.000' },
      id,
    );
    expect(stop.order.status).toBe('pending');
    const suspended = await json(
      await exchange.api(`/v1/admin/participants/${id}/suspend`, { method: 'POST' }),
    );
    const ids = [resting.order.order_id, stop.order.order_id];
    expect(
      suspended.data.cancelled_orders.map(
        (o: { order_id: string; status: string; closure_reason: string }) => [
          o.order_id,
          o.status,
          o.closure_reason,
        ],
      ),
    ).toEqual(ids.map((orderId) => [orderId, 'cancelled', 'suspended']));
    expect((await json(await exchange.api(`/v1/admin/participants/${id}`))).data.balances.usd.locked).toBe(
      '0.00',
    );
    const [entry] = (await json(await exchange.api('/v1/admin/audit?limit=1'))).data;
    expect(entry).toMatchObject({ action: 'set_participant_status', details: { cancelled_orders: ids } });
  });

  describe('bad input gets a documented status, the error envelope, and writes nothing', () => {
    const cases: [string, () => Promise<Response>, number][] = [
      ['missing token', () => exchange.api('/v1/admin/participants', { token: null }), 401],
      ['wrong token', () => exchange.api('/v1/admin/participants', { token: 'nope' }), 401],
      ['not JSON', () => exchange.api('/v1/admin/participants', { body: '{"name":' }), 400],
      [
        'unknown field',
        () => exchange.api('/v1/admin/participants', { body: { name: 'x', role: 'consumer', admin: true } }),
        400,
      ],
      [
        'wrong type',
        () => exchange.api('/v1/admin/participants', { body: { name: 42, role: 'consumer' } }),
        400,
      ],
      [
        'bad role',
        () => exchange.api('/v1/admin/participants', { body: { name: 'x', role: 'operator' } }),
        422,
      ],
      [
        'empty name',
        () => exchange.api('/v1/admin/participants', { body: { name: '  ', role: 'consumer' } }),
        422,
      ],
      [
        'unknown participant',
        () => exchange.api('/v1/admin/participants/participant_00000000-0000-0000-0000-000000000000'),
        404,
      ],
      [
        'malformed participant id',
        () => exchange.api('/v1/admin/participants/42/suspend', { method: 'POST' }),
        404,
      ],
    ];
    it.each(cases)('%s', async (_name, request, status) => {
      const before = await auditCount();
      const response = await request();
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ errors: { detail: expect.any(String) } });
      expect(await auditCount()).toBe(before);
    });

    const amounts: [string, unknown, number][] = [
      ['not a decimal string', 'ten', 422],
      ['a number instead of a string', 10, 400],
      ['more than six decimal places', '1.0000001', 422],
      ['zero', '0.00', 422],
    ];
    it.each(amounts)('amount %s', async (_name, amount, status) => {
      const id = await newConsumer();
      const before = await auditCount();
      const response = await exchange.api(`/v1/admin/participants/${id}/usd-adjustments`, {
        body: { amount, idempotency_key: 'k', reason: 'r' },
      });
      expect(response.status).toBe(status);
      expect((await json(response)).errors?.detail).toMatch(/amount/);
      expect(await auditCount()).toBe(before);
    });

    it('deposit to an unknown participant', async () => {
      const response = await exchange.api(
        '/v1/admin/participants/participant_00000000-0000-0000-0000-000000000000/usd-adjustments',
        {
          body: { amount: '1', idempotency_key: 'k', reason: 'r' },
        },
      );
      expect(response.status).toBe(404);
    });
  });
});
