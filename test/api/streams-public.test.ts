// Contract tests for the public exchange's three socket protocols, as its own clients speak them: the
// `grid` tool's trading gateway (Phoenix channels, `src/sdk/ws/trading-gateway.ts` in the-gridai/grid-cli),
// the TypeScript SDK's GridWebSocket (`grid/packages/sdk-typescript/src/websocket.ts`) and the framing of
// `Docs/5-websockets.md`. Each expectation is a field or frame one of those clients reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Operations } from '../../src-main/service/operations';
import { startTestExchange } from '../helpers/exchange-node';
import { gatewayProof, jsonSocket, type JsonSocket, seedTraders } from '../helpers/json-socket';
import { newSigningKey, signatureHeaders, type SigningKeyPair } from '../helpers/signing';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let ops: Operations;
let market: string;
let seller: string;
let buyer: string;
let buyerKey: SigningKeyPair;
let wsBase: string;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const DECIMAL = /^\d+(\.\d+)?$/;

beforeAll(async () => {
  exchange = await startTestExchange({ streams: { heartbeatMs: 200 } });
  ops = exchange.node.ops;
  wsBase = exchange.node.url.replace('http', 'ws');
  const traders = await seedTraders(ops, 2);
  market = traders.market;
  [seller, buyer] = traders.people as [string, string];
  buyerKey = newSigningKey();
  await ops.keys.register(buyer, { public_key: buyerKey.publicKey }, traders.operator);
});
afterAll(() => exchange.stop());

/** The seller rests 3 Units at `price` and the buyer takes 2: one trade, the buyer's order filled. */
async function trade(price: string) {
  await ops.placeOrder(
    seller,
    { market_id: market, side: 'sell', type: 'limit', quantity: 3, price },
    seller,
  );
  await ops.placeOrder(buyer, { market_id: market, side: 'buy', type: 'limit', quantity: 2, price }, buyer);
}

describe("the grid tool's trading gateway (Phoenix channels)", () => {
  let ref = 0;
  /** Pushes an event on a topic; resolves with the phx_reply to it. */
  const push = (client: JsonSocket, topic: string, event: string, payload: unknown = {}) => {
    const r = String(++ref);
    return client.ask({ topic, event, payload, ref: r }, (m) => m.event === 'phx_reply' && m.ref === r);
  };
  /** Subscribes (or unsubscribes) streams; resolves with the ack carrying the request_id. */
  const streams = (client: JsonSocket, event: string, list: unknown[]) => {
    const requestId = `req-${++ref}`;
    return client.ask(
      { topic: 'ws:trading', event, payload: { streams: list, request_id: requestId }, ref: String(ref) },
      (m) => m.event === 'ack' && m.payload.request_id === requestId,
    );
  };
  const joined = async (path: string) => {
    const client = await jsonSocket(`${wsBase}${path}`);
    expect(await push(client, 'ws:trading', 'phx_join')).toMatchObject({
      topic: 'ws:trading',
      payload: { status: 'ok', response: {} },
    });
    return client;
  };

  it('joins ws:trading at the URLs the tool connects to, answers heartbeats, refuses other topics', async () => {
    // WS_URL as given (…/v1/, …/api/v1/), and …/ws rewritten to /trading_socket/websocket?vsn=1.0.0.
    for (const path of ['/v1/', '/api/v1/', '/trading_socket/websocket?vsn=1.0.0']) {
      const client = await joined(path);
      expect(await push(client, 'phoenix', 'heartbeat')).toMatchObject({
        topic: 'phoenix',
        payload: { status: 'ok' },
      });
      expect(await push(client, 'rooms:lobby', 'phx_join')).toMatchObject({
        payload: { status: 'error', response: { reason: 'unmatched topic' } },
      });
      client.ws.close();
    }
    // The 2.0.0 serializer: arrays [join_ref, ref, topic, event, payload].
    const v2 = await jsonSocket(`${wsBase}/trading_socket/websocket?vsn=2.0.0`);
    expect(
      await v2.ask(['1', '1', 'ws:trading', 'phx_join', {}], (m) => Array.isArray(m) && m[3] === 'phx_reply'),
    ).toEqual(['1', '1', 'ws:trading', 'phx_reply', { status: 'ok', response: {} }]);
    v2.ws.close();
  });

  it('refuses user streams before authenticate and a bad signature; after it, orders, trades and tickers arrive', async () => {
    const client = await joined('/v1/');
    expect(
      await streams(client, 'subscribe', [{ name: 'user.orders' }, { name: 'market.trades', market }]),
    ).toMatchObject({
      topic: 'ws:trading',
      payload: {
        type: 'ack',
        action: 'subscribe',
        status: 'partial',
        streams: [
          { name: 'user.orders', subscribed: false, error: { status: 401 } },
          { name: 'market.trades', market, subscribed: true },
        ],
      },
    });
    const forged = { ...gatewayProof(buyerKey), signature: gatewayProof(newSigningKey()).signature };
    expect((await push(client, 'ws:trading', 'authenticate', forged)).payload).toMatchObject({
      status: 'error',
      response: { reason: expect.stringMatching(/signature/) },
    });
    expect((await push(client, 'ws:trading', 'authenticate', gatewayProof(buyerKey))).payload).toMatchObject({
      status: 'ok',
      response: { participant_id: buyer },
    });
    expect(
      (
        await streams(client, 'subscribe', [
          { name: 'user.orders' },
          { name: 'market.ticker', market },
          { name: 'market.book', market },
        ])
      ).payload.status,
    ).toBe('ok');

    await trade('2.500');
    const tradeEvent = await client.next((m) => m.event === 'new_trade');
    expect(tradeEvent.payload.data).toMatchObject({
      trade_id: expect.any(String),
      market_id: market,
      price: '2.500',
      quantity: '2',
      side: 'buy',
      executed_at: expect.stringMatching(ISO),
    });
    const filled = await client.next((m) => m.event === 'new_order' && m.payload.data.side === 'buy');
    expect(filled.payload.data).toMatchObject({
      order_id: expect.any(String),
      market_id: market,
      side: 'buy',
      order_type: 'limit',
      status: 'filled',
      original_quantity: '2',
      remaining_quantity: '0',
      price: '2.500',
      created_at: expect.stringMatching(ISO),
    });
    // Only the buyer's own orders: the seller's never reach this socket.
    expect(client.messages.filter((m) => m.event === 'new_order' && m.payload.data.side === 'sell')).toEqual(
      [],
    );
    const ticker = await client.next((m) => m.event === 'market_ticker' && m.payload.last_price === '2.500');
    expect(ticker.payload).toMatchObject({ market_id: market, volume_24h: expect.stringMatching(DECIMAL) });
    const book = await client.next((m) => m.event === 'book_snapshot');
    expect(book.payload).toMatchObject({
      market_id: market,
      bids: expect.any(Array),
      asks: expect.any(Array),
    });
    client.ws.close();
  });

  it('refuses a captured authenticate on a second connection', async () => {
    const proof = gatewayProof(buyerKey);
    const first = await joined('/v1/');
    expect((await push(first, 'ws:trading', 'authenticate', proof)).payload.status).toBe('ok');
    const second = await joined('/v1/');
    expect((await push(second, 'ws:trading', 'authenticate', proof)).payload.status).toBe('error');
    first.ws.close();
    second.ws.close();
  });
});

describe("the TypeScript SDK's GridWebSocket frames", () => {
  const query = (proof: ReturnType<typeof gatewayProof>) => new URLSearchParams(proof).toString();

  it('serves tickers without authentication and refuses orders until it has it', async () => {
    const client = await jsonSocket(`${wsBase}/ws`);
    expect(
      await client.ask({ type: 'subscribe', data: { channel: 'ticker', market_id: market } }, (m) =>
        ['subscribed', 'error'].includes(m.type),
      ),
    ).toMatchObject({ type: 'subscribed', data: { channel: 'ticker', market_id: market } });
    const ticker = await client.next((m) => m.type === 'ticker');
    expect(ticker).toMatchObject({
      market_id: market,
      timestamp: expect.stringMatching(ISO),
      ticker: {
        last_price: expect.stringMatching(DECIMAL),
        highest_bid: expect.stringMatching(DECIMAL),
        lowest_ask: expect.stringMatching(DECIMAL),
        volume_24h: expect.stringMatching(DECIMAL),
      },
    });
    expect(
      await client.ask({ type: 'subscribe', data: { channel: 'orders' } }, (m) => m.type === 'error'),
    ).toMatchObject({ data: { code: 'AUTH_REQUIRED', status: 401, channel: 'orders' } });
    expect(await client.ask({ type: 'ping' }, (m) => m.type === 'pong')).toMatchObject({ type: 'pong' });
    client.ws.close();
  });

  it('authenticates in the socket URL or with an auth frame; order and fill events arrive', async () => {
    const refused = await jsonSocket(
      `${wsBase}/ws?${query({ ...gatewayProof(buyerKey), signature: 'AAAA' })}`,
    );
    await expect.poll(() => refused.closeCode).toBe(4401);

    const client = await jsonSocket(`${wsBase}/ws?${query(gatewayProof(buyerKey))}`);
    for (const channel of ['orders', 'trades']) {
      expect(
        await client.ask({ type: 'subscribe', data: { channel } }, (m) =>
          ['subscribed', 'error'].includes(m.type),
        ),
      ).toMatchObject({ type: 'subscribed', data: { channel } });
    }
    const framed = await jsonSocket(`${wsBase}/ws`);
    expect(
      await framed.ask({ type: 'auth', data: gatewayProof(buyerKey) }, (m) =>
        ['authenticated', 'error'].includes(m.type),
      ),
    ).toMatchObject({ type: 'authenticated', data: { participant_id: buyer } });

    await trade('2.400');
    const created = await client.next((m) => m.type === 'order_created' && m.order.side === 'buy');
    expect(created.order).toMatchObject({
      order_id: expect.any(String),
      market_id: market,
      status: 'filled',
    });
    const fill = await client.next((m) => m.type === 'trade');
    expect(fill.trade).toMatchObject({
      trade_id: expect.any(String),
      market_id: market,
      price: '2.400',
      quantity: '2',
      side: 'buy',
      fee: expect.stringMatching(DECIMAL),
      total_value: '4.80',
      execution_timestamp: expect.stringMatching(ISO),
    });
    client.ws.close();
    framed.ws.close();
  });
});

describe("the Docs' framing", () => {
  it('streams a ticker, the book (snapshot to depth, then one update per level) and trades', async () => {
    const client = await jsonSocket(`${wsBase}/v1/`);
    const subscribe = (channel: string, extra = {}) =>
      client.ask({ type: 'subscribe', channel, market_id: market, ...extra }, (m) =>
        ['subscribed', 'error'].includes(m.type),
      );
    expect(await subscribe('ticker')).toMatchObject({
      type: 'subscribed',
      channel: 'ticker',
      market_id: market,
      timestamp: expect.stringMatching(ISO),
    });
    expect(await client.next((m) => m.type === 'ticker')).toMatchObject({
      channel: 'ticker',
      market_id: market,
      last_price: expect.stringMatching(DECIMAL),
    });
    await subscribe('book', { depth: 1 });
    const snapshot = await client.next((m) => m.type === 'book_snapshot');
    expect(snapshot).toMatchObject({ channel: 'book', market_id: market, sequence: 1 });
    expect(snapshot.asks.length).toBeLessThanOrEqual(1);
    for (const [price, quantity] of [...snapshot.bids, ...snapshot.asks]) {
      expect(price).toMatch(DECIMAL);
      expect(quantity).toMatch(DECIMAL);
    }
    await subscribe('trades');
    await subscribe('public_trades');
    expect(await subscribe('positions')).toMatchObject({ type: 'error', code: 'INVALID_CHANNEL' });

    await trade('2.300');
    const updates = await client.next((m) => m.type === 'book_update' && m.price === '2.300');
    expect(updates).toMatchObject({ side: 'ask', quantity: expect.stringMatching(DECIMAL) });
    const sequences = client.messages
      .filter((m) => m.type === 'book_snapshot' || m.type === 'book_update')
      .map((m) => m.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(await client.next((m) => m.type === 'trade' && m.price === '2.300')).toMatchObject({
      channel: 'trades',
      market_id: market,
      quantity: '2',
      side: 'buy',
      trade_id: expect.any(String),
    });
    expect(await client.next((m) => m.type === 'new_trade' && m.channel === 'public_trades')).toMatchObject({
      data: { id: expect.any(String), market_id: market, price: '2.300', total_value: '4.60' },
    });
    // The server's heartbeat frames.
    expect(await client.next((m) => m.type === 'heartbeat')).toMatchObject({
      timestamp: expect.stringMatching(ISO),
    });
    client.ws.close();
  });

  it('joins private channels only after auth, as the authenticated participant', async () => {
    const client = await jsonSocket(`${wsBase}/v1/`);
    const join = (channel: string, extra = {}) =>
      client.ask({ type: 'join', channel, ...extra }, (m) => ['joined', 'error'].includes(m.type));
    expect(await join('orders')).toMatchObject({ type: 'error', code: 'AUTH_REQUIRED' });
    expect(
      await client.ask({ type: 'auth', ...gatewayProof(buyerKey) }, (m) =>
        ['authenticated', 'error'].includes(m.type),
      ),
    ).toMatchObject({ type: 'authenticated', user_id: buyer });
    expect(await join('orders', { user_id: seller })).toMatchObject({ type: 'error', status: 403 });
    expect(await join('orders', { user_id: buyer })).toMatchObject({ type: 'joined', channel: 'orders' });
    expect(await join('trading_account_summaries')).toMatchObject({ type: 'joined' });

    await trade('2.200');
    expect(await client.next((m) => m.type === 'new_order')).toMatchObject({
      data: { id: expect.any(String), side: 'buy', price: '2.200', status: 'filled' },
    });
    expect(
      await client.next((m) => m.type === 'update_trading_account_summary' && m.data.currency === 'USD'),
    ).toMatchObject({
      data: {
        user_id: buyer,
        total_balance: expect.stringMatching(DECIMAL),
        updated_at: expect.stringMatching(ISO),
      },
    });
    client.ws.close();
  });
});

describe("Grid Desk's own protocol beside them", () => {
  it('still speaks {"op":...} at /v1/ws, and refuses a captured auth message on a second connection', async () => {
    const headers = signatureHeaders(buyerKey, 'GET', '/v1/ws', '', Math.floor(Date.now() / 1000));
    const auth = {
      op: 'auth',
      fingerprint: headers['x-thegrid-fingerprint'],
      timestamp: headers['x-thegrid-timestamp'],
      signature: headers['x-thegrid-signature'],
    };
    const first = await jsonSocket(`${wsBase}/v1/ws`);
    expect(await first.ask(auth, (m) => m.seq === undefined)).toMatchObject({ type: 'authenticated' });
    const second = await jsonSocket(`${wsBase}/v1/ws`);
    expect(await second.ask(auth, (m) => m.seq === undefined)).toMatchObject({ type: 'error', status: 401 });
    first.ws.close();
    second.ws.close();
  });
});

describe('connections per address', () => {
  it('refuses connections past the cap with 429 and accepts again once one closes', async () => {
    const capped = await startTestExchange({ streams: { maxConnectionsPerAddress: 2 } });
    const url = `${capped.node.url.replace('http', 'ws')}/v1/ws`;
    const open = [await jsonSocket(url), await jsonSocket(url)];
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.on('open', () => reject(new Error('a third connection was accepted')));
      ws.on('error', () => {});
    });
    expect(status).toBe(429);
    open[0]!.ws.close();
    await expect.poll(() => open[0]!.closeCode).not.toBeNull();
    const again = await jsonSocket(url);
    expect(await again.ask({ op: 'ping' }, (m) => m.type === 'pong')).toEqual({ type: 'pong' });
    again.ws.close();
    open[1]!.ws.close();
    await capped.stop();
  });
});

describe('the proof all three take', () => {
  it('accepts a numeric timestamp and refuses a proof without its signature, naming the field', async () => {
    const numeric = () => {
      const proof = gatewayProof(buyerKey);
      return { ...proof, timestamp: Number(proof.timestamp) };
    };
    const unsigned = () => ({
      fingerprint: buyerKey.fingerprint,
      timestamp: gatewayProof(buyerKey).timestamp,
    });

    // The grid tool's gateway: authenticate on ws:trading.
    const phoenix = await jsonSocket(`${wsBase}/v1/`);
    const push = (event: string, payload: unknown, ref: string) =>
      phoenix.ask(
        { topic: 'ws:trading', event, payload, ref },
        (m) => m.event === 'phx_reply' && m.ref === ref,
      );
    await push('phx_join', {}, 'j');
    expect((await push('authenticate', unsigned(), 'u')).payload).toMatchObject({
      status: 'error',
      response: { reason: expect.stringMatching(/^invalid_payload: signature/) },
    });
    expect((await push('authenticate', numeric(), 'n')).payload).toMatchObject({
      status: 'ok',
      response: { participant_id: buyer },
    });
    phoenix.ws.close();

    // The TypeScript SDK: {type: "auth", data: proof}.
    const sdk = await jsonSocket(`${wsBase}/ws`);
    const sdkAuth = (data: unknown) =>
      sdk.ask({ type: 'auth', data }, (m) => ['authenticated', 'error'].includes(m.type));
    expect(await sdkAuth(unsigned())).toMatchObject({
      type: 'error',
      data: { status: 400, message: expect.stringMatching(/^data\.signature/) },
    });
    expect(await sdkAuth(numeric())).toMatchObject({
      type: 'authenticated',
      data: { participant_id: buyer },
    });
    sdk.ws.close();

    // The Docs: {type: "auth", ...proof}.
    const docs = await jsonSocket(`${wsBase}/v1/`);
    const docsAuth = (proof: object) =>
      docs.ask({ type: 'auth', ...proof }, (m) => ['authenticated', 'error'].includes(m.type));
    expect(await docsAuth(unsigned())).toMatchObject({
      type: 'error',
      status: 400,
      message: expect.stringMatching(/^signature/),
    });
    expect(await docsAuth(numeric())).toMatchObject({ type: 'authenticated', user_id: buyer });
    docs.ws.close();
  });
});
