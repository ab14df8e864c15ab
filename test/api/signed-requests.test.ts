import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpen } from '../../src-main/engine/orders';
import { startTestExchange } from '../helpers/exchange-node';
import { operatorCalls } from '../helpers/operator-calls';
import { newSigningKey, type SigningKeyPair, signatureHeaders, signedClient } from '../helpers/signing';
import { stockUnits } from '../helpers/supply';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let supplier: string;
let key: SigningKeyPair;
let market: string;
let otherMarket: string;

const json = async (response: Response) => (await response.json()) as any;
const admin = async (path: string, body: unknown) => json(await exchange.api(path, { body }));
/** The supplier's orders in the engine (all resting: nothing buys at 9.000). */
const openOrders = () =>
  [...exchange.node.service.engine.state.orders.values()].filter((o) => o.participant_id === supplier);
let orders = 0;
/** A new order each time (its own client_order_id), so its signed bytes are new too. */
const sell = (marketId: string) =>
  JSON.stringify({
    market_id: marketId,
    side: 'sell',
    type: 'limit',
    quantity: 1,
    price: '9.000',
    client_order_id: `o-${++orders}`,
  });

/** Sends exactly these signed bytes (headers and body) to `target`. */
const send = (method: string, target: string, headers: Record<string, string>, body = '') =>
  fetch(`${exchange.node.url}${target}`, {
    method,
    headers: { ...headers, ...(body && { 'content-type': 'application/json' }) },
    ...(body && { body }),
  });

beforeAll(async () => {
  exchange = await startTestExchange();
  supplier = (await admin('/v1/admin/participants', { name: 'Volt GPUs', role: 'supplier' })).data
    .participant_id;
  const instruments = exchange.node.ops.instruments();
  const prime = instruments.find((i) => i.symbol === 'text-prime')!;
  market = prime.trading_parameters.market_id;
  otherMarket = instruments.find((i) => i.symbol === 'text-standard')!.trading_parameters.market_id;
  await stockUnits(operatorCalls(exchange.node.ops), supplier, prime.instrument_id, 50);
  key = newSigningKey();
  const registered = await exchange.api(`/v1/admin/participants/${supplier}/signing-keys`, {
    body: { public_key: key.publicKey, label: 'bot' },
  });
  expect(registered.status).toBe(201);
});
afterAll(() => exchange.stop());

describe('replayed signatures', () => {
  it('places an order once when the same signed bytes arrive twice, and says why the second is refused', async () => {
    const body = sell(market);
    const headers = signatureHeaders(key, 'POST', '/v1/orders', body);
    const before = openOrders().length;
    expect((await send('POST', '/v1/orders', headers, body)).status).toBe(201);
    const again = await send('POST', '/v1/orders', headers, body);
    expect(again.status).toBe(401);
    const refusal = await json(again);
    expect(refusal.errors.detail).toMatch(/signature already used/);
    expect(refusal.error).toMatchObject({ code: 'AUTH_FAILED', message: refusal.errors.detail });
    expect(openOrders().length).toBe(before + 1);
  });

  it('refuses a copy sent at the same moment as the original (only one order)', async () => {
    const body = sell(market);
    const headers = signatureHeaders(key, 'POST', '/v1/orders', body);
    const before = openOrders().length;
    const statuses = (await Promise.all([1, 2, 3].map(() => send('POST', '/v1/orders', headers, body)))).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([201, 401, 401]);
    expect(openOrders().length).toBe(before + 1);
  });

  it('refuses the same signature in another base64 spelling', async () => {
    const body = sell(market);
    const headers = signatureHeaders(key, 'POST', '/v1/orders', body);
    expect((await send('POST', '/v1/orders', headers, body)).status).toBe(201);
    // Padding dropped: the same 64 bytes once decoded.
    const respelled = {
      ...headers,
      'x-thegrid-signature': headers['x-thegrid-signature']!.replace(/=+$/, ''),
    };
    expect((await send('POST', '/v1/orders', respelled, body)).status).toBe(401);
  });

  it('lets a read be repeated (the clients sign the path without the query)', async () => {
    const headers = signatureHeaders(key, 'GET', '/v1/orders');
    expect((await send('GET', '/v1/orders', headers)).status).toBe(200);
    expect((await send('GET', '/v1/orders?status=open', headers)).status).toBe(200);
  });

  it('cannot replay a captured cancel-all into another market', async () => {
    expect(
      (await signedClient(exchange.node.url, key)('POST', '/v1/orders', { body: sell(market) })).status,
    ).toBe(201);
    const resting = openOrders().length;
    // The public clients' form: the path signed without its query.
    const headers = signatureHeaders(key, 'DELETE', '/v1/orders');
    const first = await send('DELETE', `/v1/orders?market_id=${otherMarket}`, headers);
    expect(first.status).toBe(200);
    expect((await json(first)).data.cancelled).toBe(0);
    const replay = await send('DELETE', `/v1/orders?market_id=${market}`, headers);
    expect(replay.status).toBe(401);
    expect(openOrders().length).toBe(resting);
  });
});

describe('the signed query string', () => {
  it('accepts a signature over the path with its query, and it pins the query', async () => {
    const target = `/v1/orders?market_id=${otherMarket}`;
    const headers = signatureHeaders(key, 'GET', target);
    // Another query under the same signature verifies over neither form.
    const altered = await send('GET', `/v1/orders?market_id=${market}`, headers);
    expect(altered.status).toBe(401);
    expect((await json(altered)).errors.detail).toBe('invalid signature');
    const signed = await send('GET', target, headers);
    expect(signed.status).toBe(200);
  });

  it('still accepts the path signed without its query (the public clients)', async () => {
    const response = await signedClient(exchange.node.url, key)('GET', '/v1/orders', {
      query: `market_id=${market}&limit=5`,
    });
    expect(response.status).toBe(200);
  });
});

describe('unknown query parameters', () => {
  it('refuses a misspelled filter on cancel-all with 400 and cancels nothing', async () => {
    const before = openOrders().filter(isOpen).length;
    expect(before).toBeGreaterThan(0);
    const response = await signedClient(exchange.node.url, key)('DELETE', '/v1/orders', {
      query: `marketid=${market}`,
      signPath: `/v1/orders?marketid=${market}`,
    });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errors.detail).toMatch(/unknown query parameter marketid/);
    expect(body.error.code).toBe('VALIDATION_ERROR');
    const after = openOrders().filter(isOpen).length;
    expect(after).toBe(before);
  });

  it('refuses unknown parameters on public reads, and on endpoints that take none', async () => {
    const book = await fetch(`${exchange.node.url}/v1/markets/${market}/orderbook?depht=5`);
    expect(book.status).toBe(400);
    expect((await json(book)).errors.detail).toMatch(/depht/);
    const accounts = await signedClient(exchange.node.url, key)('GET', '/v1/accounts', {
      query: 'x=1',
    });
    expect(accounts.status).toBe(400);
    // A filter in the public dialects on a field the endpoint does not have is refused the same way.
    const filtered = await signedClient(exchange.node.url, key)('GET', '/v1/orders', {
      query: 'filters[0][field]=colour&filters[0][value]=red',
    });
    expect(filtered.status).toBe(400);
  });
});

describe('unknown query parameters on the admin API', () => {
  it('refuses a misspelled filter on a read, and any query on a write, with 400', async () => {
    const audit = await exchange.api('/v1/admin/audit?limt=5');
    expect(audit.status).toBe(400);
    expect((await json(audit)).errors.detail).toBe('unknown query parameter limt');
    expect((await exchange.api('/v1/admin/audit?limit=5')).status).toBe(200);
    const before = exchange.node.service.lastSeq;
    const suspend = await exchange.api(`/v1/admin/participants/${supplier}/suspend?reason=x`, {
      method: 'POST',
    });
    expect(suspend.status).toBe(400);
    expect(exchange.node.service.lastSeq).toBe(before);
  });
});

describe('a captured stream auth message', () => {
  /** Opens /v1/ws, sends one message and resolves with the first reply. */
  const authOnce = (message: unknown) =>
    new Promise<any>((resolve, reject) => {
      const socket = new WebSocket(`${exchange.node.url.replace('http', 'ws')}/v1/ws`);
      socket.once('open', () => socket.send(JSON.stringify(message)));
      socket.once('message', (data) => {
        resolve(JSON.parse(String(data)));
        socket.close();
      });
      socket.once('error', reject);
    });

  it('authenticates one connection only', async () => {
    const headers = signatureHeaders(key, 'GET', '/v1/ws');
    const message = {
      op: 'auth',
      fingerprint: headers['x-thegrid-fingerprint'],
      timestamp: Number(headers['x-thegrid-timestamp']),
      signature: headers['x-thegrid-signature'],
    };
    expect(await authOnce(message)).toMatchObject({ type: 'authenticated' });
    expect(await authOnce(message)).toMatchObject({
      type: 'error',
      status: 401,
      detail: expect.stringMatching(/signature already used/),
    });
  });

  it('authenticates one UI socket only', async () => {
    const headers = signatureHeaders(key, 'GET', '/v1/ui');
    const message = {
      op: 'auth',
      fingerprint: headers['x-thegrid-fingerprint'],
      timestamp: Number(headers['x-thegrid-timestamp']),
      signature: headers['x-thegrid-signature'],
    };
    /** The reply to `auth` on a new UI socket, or how the socket was closed. */
    const uiAuth = () =>
      new Promise<unknown>((resolve, reject) => {
        const socket = new WebSocket(`${exchange.node.url.replace('http', 'ws')}/v1/ui`);
        socket.once('open', () => socket.send(JSON.stringify(message)));
        socket.once('message', (data) => {
          resolve(JSON.parse(String(data)));
          socket.close();
        });
        socket.once('close', (code, reason) => resolve({ code, reason: String(reason) }));
        socket.once('error', reject);
      });
    expect(await uiAuth()).toMatchObject({ op: 'authenticated' });
    expect(await uiAuth()).toMatchObject({
      code: 4401,
      reason: expect.stringMatching(/signature already used/),
    });
  });
});
