import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExchange } from '../helpers/exchange-node';
import { newSigningKey, signedClient } from '../helpers/signing';
import { stockUnitsOverRest } from '../helpers/supply';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let supplier: string;
let consumer: string;
let asSupplier: ReturnType<typeof signedClient>;
let asConsumer: ReturnType<typeof signedClient>;
let market: string;
let instrument: string;

const json = async (response: Response) => (await response.json()) as any;
const admin = async (path: string, body: unknown) => json(await exchange.api(path, { body }));
const client = async (participantId: string) => {
  const key = newSigningKey();
  const response = await exchange.api(`/v1/admin/participants/${participantId}/signing-keys`, {
    body: { public_key: key.publicKey },
  });
  expect(response.status).toBe(201);
  return signedClient(exchange.node.url, key);
};
const page = { next_cursor: null, prev_cursor: null };

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
  asSupplier = await client(supplier);
  asConsumer = await client(consumer);
});
afterAll(() => exchange.stop());

describe('supplier issuance', () => {
  it('issues into the Issuance account once approved, lists it, and moves Units to trading', async () => {
    const issued = await stockUnitsOverRest(asSupplier, exchange.api, supplier, instrument, 100, {
      toTrading: false,
    });
    expect(issued).toEqual({
      sequence: expect.any(Number),
      participant_id: supplier,
      instrument_id: instrument,
      symbol: 'text-prime',
      quantity: 100,
      created_at: expect.any(String),
      // The public exchange's fields.
      id: `issuance_${issued.sequence}`,
      instrument_symbol: 'text-prime',
      status: 'completed',
    });
    expect((await json(await asSupplier('GET', '/v1/supply-issuances'))).data).toEqual([issued]);

    const account = {
      instrument_id: instrument,
      symbol: 'text-prime',
      units: 100,
      account_id: expect.stringMatching(/^account_/),
      id: expect.stringMatching(/^account_/),
      instrument_symbol: 'text-prime',
      total_issued: '100',
      total_transferred: '0',
      available_balance: '100',
      updated_at: expect.any(String),
    };
    const expected = { data: [account], ...page };
    expect(await json(await asSupplier('GET', '/v1/issuance-accounts'))).toEqual(expected);
    expect(await json(await asSupplier('GET', '/v1/trading/issuance-accounts'))).toEqual(expected);

    const moved = await asSupplier('POST', '/v1/issuance-accounts/transfer', {
      body: { instrument_id: instrument, quantity: 60 },
    });
    expect(moved.status).toBe(201);
    expect((await json(moved)).data).toEqual({
      transfer: {
        sequence: expect.any(Number),
        participant_id: supplier,
        instrument_id: instrument,
        symbol: 'text-prime',
        kind: 'issuance_to_trading',
        quantity: 60,
        lot_id: null,
        created_at: expect.any(String),
      },
      lot: null,
      id: expect.stringMatching(/^transfer_\d+$/),
      status: 'completed',
      instrument_id: instrument,
      quantity: 60,
    });
    expect((await json(await asSupplier('GET', '/v1/issuance-accounts'))).data[0]).toMatchObject({
      units: 40,
      available_balance: '40',
      total_issued: '100',
      total_transferred: '60',
    });
  });

  it('refuses a consumer issuing (403), moving more than issued (422) and quantity 0 (422)', async () => {
    const body = { instrument_id: instrument, quantity: 1 };
    const refused = await asConsumer('POST', '/v1/supply-issuances', { body });
    expect(refused.status).toBe(403);
    expect((await json(refused)).errors.detail).toEqual(expect.any(String));
    const tooMany = await asSupplier('POST', '/v1/issuance-accounts/transfer', {
      body: { instrument_id: instrument, quantity: 41 },
    });
    expect(tooMany.status).toBe(422);
    const zero = await asSupplier('POST', '/v1/supply-issuances', {
      body: { instrument_id: instrument, quantity: 0 },
    });
    expect(zero.status).toBe(422);
    expect((await json(zero)).errors.detail).toMatch(/quantity/);
  });
});

describe('transfers to consumption', () => {
  beforeAll(async () => {
    const order = { market_id: market, type: 'limit', quantity: 5, price: '2.000' };
    expect((await asSupplier('POST', '/v1/orders', { body: { ...order, side: 'sell' } })).status).toBe(201);
    expect((await asConsumer('POST', '/v1/orders', { body: { ...order, side: 'buy' } })).status).toBe(201);
  });

  it('moves Units into a Lot over /v1 and /v1/trading, and lists the transfers', async () => {
    for (const prefix of ['/v1', '/v1/trading']) {
      const response = await asConsumer('POST', `${prefix}/transfers/trading-to-consumption`, {
        body: { instrument_id: instrument, quantity: 2 },
      });
      expect(response.status).toBe(200); // the spec's status
      const { data } = await json(response);
      expect(data).toMatchObject({
        id: `transfer_${data.transfer.sequence}`,
        status: 'completed',
        quantity: 2,
      });
      expect(data.transfer).toMatchObject({
        participant_id: consumer,
        kind: 'trading_to_consumption',
        quantity: 2,
        lot_id: data.lot.lot_id,
      });
      expect(data.lot).toMatchObject({
        participant_id: consumer,
        instrument_id: instrument,
        tokens_total: 2_000_000,
        tokens_remaining: 2_000_000,
        status: 'live',
        expires_at: expect.any(String),
      });
    }
    const history = await json(await asConsumer('GET', '/v1/trading/transfer-histories'));
    expect(history.data).toHaveLength(2);
    expect(history.data[0].sequence).toBeGreaterThan(history.data[1].sequence);
    expect(history.data.every((t: { kind: string }) => t.kind === 'trading_to_consumption')).toBe(true);
    const first = await json(await asConsumer('GET', '/v1/transfer-histories', { query: 'limit=1' }));
    expect(first.data).toEqual([history.data[0]]);
    expect(first.next_cursor).toEqual(expect.any(String));
  });

  it('refuses more than available (422) and quantity 0 (422)', async () => {
    const path = '/v1/transfers/trading-to-consumption';
    const tooMany = await asConsumer('POST', path, { body: { instrument_id: instrument, quantity: 2 } });
    expect(tooMany.status).toBe(422);
    expect((await json(tooMany)).errors.detail).toEqual(expect.any(String));
    const zero = await asConsumer('POST', path, { body: { instrument_id: instrument, quantity: 0 } });
    expect(zero.status).toBe(422);
  });

  it('shows the consumption balances with each Lot in /accounts and /consumption-accounts', async () => {
    const accounts = (await json(await asConsumer('GET', '/v1/accounts'))).data;
    expect(accounts.trading[0].total_balance).toBe(1);
    expect(accounts.consumption).toEqual([
      {
        account_id: expect.stringMatching(/^account_/),
        instrument_id: instrument,
        symbol: 'text-prime',
        total_balance: 4,
        available_balance: 4,
        tokens_remaining: 4_000_000,
        created_at: expect.any(String),
        next_expiry_at: expect.any(String),
        lots: [
          expect.objectContaining({ tokens_remaining: 2_000_000, expires_at: expect.any(String) }),
          expect.objectContaining({ tokens_remaining: 2_000_000, expires_at: expect.any(String) }),
        ],
      },
    ]);
    expect(accounts.consumption[0].next_expiry_at).toBe(accounts.consumption[0].lots[0].expires_at);
    const listed = await json(await asConsumer('GET', '/v1/trading/consumption-accounts'));
    expect(listed).toEqual({
      data: [
        {
          ...accounts.consumption[0],
          // The public exchange's fields.
          id: accounts.consumption[0].account_id,
          user_id: consumer,
          instrument_symbol: 'text-prime',
          status: 'active',
          committed_balance: 0,
          total_deposits: 0,
          total_withdrawals: 0,
          total_commitments: 0,
          total_transfers_in: 4,
          total_transfers_out: 0,
          updated_at: expect.any(String),
        },
      ],
      ...page,
    });
    const bad = await asConsumer('GET', '/v1/consumption-accounts', { query: 'order_by=nope' });
    expect(bad.status).toBe(422);
  });

  it('reports the supplier liability for the Units sold', async () => {
    const liability = await json(await asSupplier('GET', '/v1/supplier-liability'));
    expect(liability.data).toEqual([
      expect.objectContaining({
        supplier_id: supplier,
        instrument_id: instrument,
        units_sold: 5,
        tokens_outstanding: expect.any(Number),
        issuance_units: 40,
        sales_revenue: expect.any(String),
        fees: expect.any(String),
      }),
    ]);
    const unsigned = await fetch(`${exchange.node.url}/v1/supplier-liability`);
    expect(unsigned.status).toBe(401);
  });
});

describe('Auto Mode', () => {
  const settings = () => ({
    instrument_id: instrument,
    mode: 'advanced',
    threshold_tokens: 0,
    top_up_units: 2,
    max_price: '3.000',
    daily_spend_ceiling: '25.00',
  });

  it('reads and saves settings per instrument, and lists top-ups', async () => {
    const before = await json(await asConsumer('GET', '/v1/auto-mode'));
    expect(before.data.length).toBeGreaterThan(1);
    expect(before.data.find((s: { instrument_id: string }) => s.instrument_id === instrument)).toMatchObject({
      configured: false,
      mode: 'auto',
    });
    const saved = await asConsumer('PUT', '/v1/trading/auto-mode', { body: settings() });
    expect(saved.status).toBe(200);
    expect((await json(saved)).data).toEqual({
      participant_id: consumer,
      instrument_id: instrument,
      symbol: 'text-prime',
      mode: 'advanced',
      configured: true,
      threshold_tokens: 0,
      top_up_units: 2,
      max_price: '3.000',
      daily_spend_ceiling: '25.00',
      spent_today: '0.00',
      paused: null,
      tokens_remaining: 4_000_000,
    });
    const after = await json(
      await asConsumer('GET', '/v1/auto-mode', { query: `instrument_id=${instrument}` }),
    );
    expect(after.data).toHaveLength(1);
    expect(after.data[0].configured).toBe(true);
    expect(await json(await asConsumer('GET', '/v1/auto-mode/top-ups'))).toEqual({ data: [], ...page });
  });

  it('refuses a price off the tick (422)', async () => {
    const response = await asConsumer('PUT', '/v1/auto-mode', {
      body: { ...settings(), max_price: '0.0000001' },
    });
    expect(response.status).toBe(422);
    const off = await asConsumer('PUT', '/v1/auto-mode', { body: { ...settings(), max_price: '3.0001' } });
    expect(off.status).toBe(422);
  });
});

describe('OpenAPI', () => {
  it('describes the lifecycle paths', async () => {
    const doc = await json(await fetch(`${exchange.node.url}/v1/openapi.json`));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/transfers/trading-to-consumption',
        '/transfer-histories',
        '/supply-issuances',
        '/issuance-accounts',
        '/issuance-accounts/transfer',
        '/supplier-liability',
        '/auto-mode',
        '/auto-mode/top-ups',
      ]),
    );
    expect(Object.keys(doc.paths['/supply-issuances'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/auto-mode'])).toEqual(expect.arrayContaining(['get', 'put']));
  });
});
