import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestExchange } from '../helpers/exchange-node';
import { operatorCalls } from '../helpers/operator-calls';
import { stockUnits } from '../helpers/supply';

// A client written against the public exchange's documentation only: its SignatureAuth helper, its
// paths under /v1/trading, its envelope and field names. Pointed at a local Grid Desk, it must work
// unchanged. (Nothing below imports Grid Desk code.)

const ORDER_FIELDS = [
  'order_id',
  'client_order_id',
  'market_id',
  'instrument_id',
  'side',
  'type',
  'status',
  'quantity',
  'filled_quantity',
  'price',
  'average_price',
  'fee',
  'time_in_force',
  'closure_reason',
  'created_at',
  'updated_at',
];
const TRADE_FIELDS = [
  'trade_id',
  'market_id',
  'price',
  'quantity',
  'total_value',
  'fee',
  'side',
  'execution_timestamp',
  'order_id',
  'maker_order_id',
  'taker_order_id',
];

class SignatureAuth {
  private readonly privateKey;
  constructor(
    privateKeyB64: string,
    private readonly fingerprint: string,
  ) {
    // The documented key format: base64 of the 32-byte Ed25519 seed.
    const seed = Buffer.from(privateKeyB64, 'base64').subarray(0, 32);
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    this.privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  }

  getHeaders(method: string, path: string, body = ''): Record<string, string> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const message = `${timestamp}${method.toUpperCase()}${path}${body}`;
    return {
      'x-thegrid-signature': sign(null, Buffer.from(message), this.privateKey).toString('base64'),
      'x-thegrid-timestamp': timestamp,
      'x-thegrid-fingerprint': this.fingerprint,
    };
  }
}

async function publicClientScript(baseUrl: string, privateKeyB64: string, fingerprint: string) {
  const auth = new SignatureAuth(privateKeyB64, fingerprint);
  const call = async (method: string, path: string, query = '', payload?: unknown) => {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const response = await fetch(`${baseUrl}${path}${query}`, {
      method,
      headers: {
        ...auth.getHeaders(method, path, body),
        ...(body && { 'content-type': 'application/json' }),
      },
      ...(body && { body }),
    });
    return {
      status: response.status,
      body: response.status === 204 ? null : ((await response.json()) as any),
    };
  };

  const instruments = await call('GET', '/v1/trading/instruments', '?symbol=text-prime');
  const instrument = instruments.body.data[0];
  const marketId = instrument.trading_parameters.market_id;
  const bookBefore = await call('GET', `/v1/trading/markets/${marketId}/orderbook`, '?depth=10');

  const placed = await call('POST', '/v1/trading/orders', '', {
    market_id: marketId,
    side: 'buy',
    type: 'limit',
    quantity: 2,
    price: '1.500',
    time_in_force: 'gtc',
    client_order_id: 'script-1',
  });
  const orderId = placed.body.data.order_id;
  const amended = await call('PUT', `/v1/trading/orders/${orderId}`, '', { price: '1.600' });
  const open = await call('GET', '/v1/trading/orders', `?market_id=${marketId}&status=open`);
  const count = await call('GET', '/v1/trading/orders/count');
  const cancelled = await call('DELETE', `/v1/trading/orders/${orderId}`);

  const bestAsk = bookBefore.body.data.asks[0];
  const taken = await call('POST', '/v1/trading/orders', '', {
    market_id: marketId,
    side: 'buy',
    type: 'limit',
    quantity: 1,
    price: bestAsk.price,
  });
  const fills = await call('GET', '/v1/trading/trades', `?market_id=${marketId}&limit=10`);
  const fill = await call('GET', `/v1/trading/trades/${fills.body.data[0].trade_id}`);
  const currency = await call('GET', '/v1/trading/currency-trading-accounts');
  const trading = await call('GET', '/v1/trading/trading-accounts');
  const consumption = await call('GET', '/v1/trading/consumption-accounts', '?order_by=created_at');
  const positions = await call('GET', '/v1/trading/positions');
  const bookAfter = await call('GET', `/v1/trading/markets/${marketId}/orderbook`);
  const candles = await call('GET', '/v1/trading/price-histories', `?market_id=${marketId}&resolution=1m`);
  const ticker = await call('GET', `/v1/trading/markets/${marketId}/ticker`);
  return {
    candles,
    ticker,
    instruments,
    bookBefore,
    placed,
    amended,
    open,
    count,
    cancelled,
    taken,
    fills,
    fill,
    currency,
    trading,
    consumption,
    positions,
    bookAfter,
  };
}

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let privateKeyB64: string;
let fingerprint: string;

beforeAll(async () => {
  exchange = await startTestExchange();
  const { ops } = exchange.node;
  const operator = ops.service.operator()!.participant_id;
  const prime = ops.instruments().find((i) => i.symbol === 'text-prime')!;
  const supplier = (await ops.createParticipant({ name: 'Seller', role: 'supplier' }, operator))
    .participant_id;
  await stockUnits(operatorCalls(ops), supplier, prime.instrument_id, 10);
  await ops.placeOrder(
    supplier,
    {
      market_id: prime.trading_parameters.market_id,
      side: 'sell',
      type: 'limit',
      quantity: 5,
      price: '2.000',
    },
    supplier,
  );
  const trader = (await ops.createParticipant({ name: 'Script', role: 'consumer' }, operator)).participant_id;
  await ops.adjustUsd(trader, { amount: '50.00', idempotency_key: 'fund', reason: 'deposit' }, operator);

  // What the documentation tells a user to do: make a key pair, register the public key, keep the seed.
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  privateKeyB64 = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('base64');
  const registered = await exchange.api(`/v1/admin/participants/${trader}/signing-keys`, {
    body: { public_key: raw.toString('base64') },
  });
  fingerprint = ((await registered.json()) as { data: { fingerprint: string } }).data.fingerprint;
  expect(fingerprint).toBe(createHash('sha256').update(raw).digest('base64').replace(/=+$/, ''));
});
afterAll(() => exchange.stop());

it('a script written against the public API places, amends, cancels, reads fills, balances, books and candles', async () => {
  const run = await publicClientScript(exchange.node.url, privateKeyB64, fingerprint);

  expect(run.instruments.status).toBe(200);
  expect(run.instruments.body).toMatchObject({ next_cursor: null, prev_cursor: null });
  expect(run.instruments.body.data).toHaveLength(1);
  expect(run.bookBefore.body.data.asks[0]).toEqual({
    price: '2.000',
    quantity: '5',
    orders: 1,
    order_count: 1,
  });
  expect(run.bookBefore.body.data.sequence).toEqual(expect.any(Number));

  expect(run.placed.status).toBe(201);
  expect(Object.keys(run.placed.body.data)).toEqual(expect.arrayContaining(ORDER_FIELDS));
  expect(run.placed.body.data).toMatchObject({ status: 'open', client_order_id: 'script-1', price: '1.500' });
  expect(run.amended).toMatchObject({ status: 200, body: { data: { price: '1.600', status: 'open' } } });
  expect(run.open.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([
    run.placed.body.data.order_id,
  ]);
  expect(run.count.body).toEqual({ data: { count: 1 } });
  expect(run.cancelled).toEqual({ status: 204, body: null });

  expect(run.taken).toMatchObject({
    status: 201,
    body: { data: { status: 'filled', average_price: '2.000' } },
  });
  expect(run.fills.body.data).toHaveLength(1);
  expect(Object.keys(run.fills.body.data[0])).toEqual(expect.arrayContaining(TRADE_FIELDS));
  expect(run.fills.body.data[0]).toMatchObject({
    side: 'buy',
    price: '2.000',
    quantity: '1',
    total_value: '2.00',
  });
  expect(run.fill.body.data).toEqual(run.fills.body.data[0]);

  expect(run.currency.body.data).toEqual([
    expect.objectContaining({
      currency: 'USD',
      total_balance: '48.00',
      available_balance: '48.00',
      locked_balance: '0.00',
    }),
  ]);
  expect(run.trading.body.data).toEqual([
    expect.objectContaining({
      symbol: 'text-prime',
      total_balance: '1',
      available_balance: '1',
      locked_balance: '0',
    }),
  ]);
  for (const account of [...run.currency.body.data, ...run.trading.body.data]) {
    expect(account.account_id).toEqual(expect.any(String));
  }
  expect(run.consumption).toEqual({ status: 200, body: { data: [], next_cursor: null, prev_cursor: null } });
  expect(run.positions.body.data[0]).toMatchObject({ quantity: 1, average_entry_price: '2.000' });
  expect(run.bookAfter.body.data.asks[0]).toEqual({
    price: '2.000',
    quantity: '4',
    orders: 1,
    order_count: 1,
  });
  expect(run.candles.body.data).toEqual([
    expect.objectContaining({ open: '2.000', high: '2.000', low: '2.000', close: '2.000', volume: 1 }),
  ]);
  expect(run.ticker.body.data).toMatchObject({ last_price: '2.000', best_ask: '2.000', volume_24h: '1' });
});
