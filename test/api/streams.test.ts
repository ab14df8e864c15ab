import { composeExchange } from '../../src-main/service/compose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { type StreamHub, streams } from '../../src-main/api/streams';
import type { ExchangeService } from '../../src-main/service/exchange-service';
import type { Operations } from '../../src-main/service/operations';
import { contractSocket } from '../helpers/contract-socket';
import { jsonSocket, seedTraders } from '../helpers/json-socket';
import { startTestExchange } from '../helpers/exchange-node';
import { random } from '../helpers/random';
import { newSigningKey, signatureHeaders, type SigningKeyPair } from '../helpers/signing';
import { tempDir } from '../helpers/temp-dir';

type Level = [string, number, number];

/** A /v1/ws client; `request` sends and waits for the reply (the next control message: data messages carry seq). */
async function streamClient(baseUrl: string) {
  const socket = await jsonSocket(`${baseUrl.replace('http', 'ws')}/v1/ws`);
  const request = (message: Record<string, unknown>) => socket.ask(message, (m) => m.seq === undefined);
  // Not Object.assign: it would copy the close getters' current values.
  return Object.defineProperty(socket, 'request', { value: request }) as typeof socket & {
    request: typeof request;
  };
}
type StreamClient = Awaited<ReturnType<typeof streamClient>>;

/** Rebuilds a market's book from the last snapshot and the deltas after it, checking seq has no gap. */
function rebuildBook(messages: any[], marketId: string) {
  const bids = new Map<string, [number, number]>();
  const asks = new Map<string, [number, number]>();
  let seq = 0;
  let sequence = -1;
  for (const m of messages) {
    if (m.channel !== 'market.book' || m.market_id !== marketId || m.seq === undefined) continue;
    if (m.type === 'snapshot') {
      bids.clear();
      asks.clear();
      expect(m.seq).toBe(1);
    } else {
      expect(m.type).toBe('delta');
      expect(m.seq).toBe(seq + 1);
      expect(m.sequence).toBeGreaterThan(sequence);
    }
    seq = m.seq;
    sequence = m.sequence;
    for (const [side, levels] of [
      [bids, m.bids],
      [asks, m.asks],
    ] as const) {
      for (const [price, quantity, orders] of levels as Level[]) {
        if (quantity === 0) side.delete(price);
        else side.set(price, [quantity, orders]);
      }
    }
  }
  const sorted = (side: Map<string, [number, number]>, descending: boolean): Level[] =>
    [...side.entries()]
      .sort(([a], [b]) => (Number(a) - Number(b)) * (descending ? -1 : 1))
      .map(([price, [quantity, orders]]) => [price, quantity, orders]);
  return { bids: sorted(bids, true), asks: sorted(asks, false), seq, sequence };
}

/** The auth op for a /v1/ws connection: signed like a `GET /v1/ws` request. */
function authMessage(key: SigningKeyPair, timestamp: number) {
  const headers = signatureHeaders(key, 'GET', '/v1/ws', '', timestamp);
  return {
    op: 'auth',
    fingerprint: headers['x-thegrid-fingerprint'],
    timestamp: headers['x-thegrid-timestamp'],
    signature: headers['x-thegrid-signature'],
  };
}

const seed = seedTraders;

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let ops: Operations;
let market: string;
let people: string[];
let operator: string;

beforeAll(async () => {
  exchange = await startTestExchange();
  ops = exchange.node.ops;
  ({ market, people, operator } = await seed(ops, 5));
});
afterAll(() => exchange.stop());

const bookOf = (marketId: string) => {
  const view = ops.book(marketId, 100_000);
  const levels = (side: typeof view.bids): Level[] => side.map((l) => [l.price, l.quantity, l.orders]);
  return { bids: levels(view.bids), asks: levels(view.asks) };
};

describe('market.book', () => {
  it('a snapshot then deltas that rebuild the exact book after a burst from concurrent clients, without gaps', async () => {
    const early = await streamClient(exchange.node.url);
    expect(await early.request({ op: 'subscribe', channel: 'market.book', market_id: market })).toEqual({
      type: 'subscribed',
      channel: 'market.book',
      market_id: market,
    });
    const snapshot = await early.next((m) => m.type === 'snapshot');
    expect(snapshot).toMatchObject({ channel: 'market.book', market_id: market, seq: 1, halted: false });
    expect(snapshot.sequence).toBeLessThanOrEqual(exchange.node.service.lastSeq);
    await early.request({ op: 'subscribe', channel: 'market.trades', market_id: market });
    const firstTradeSequence = exchange.node.service.lastSeq;

    // Five UI-bridge clients place, amend and cancel orders at once; prices cross so trades happen.
    const clients = await Promise.all(people.map(() => contractSocket(exchange.node.url, exchange.token)));
    let late: StreamClient | null = null;
    let sent = 0;
    await Promise.all(
      clients.map(async (client, index) => {
        const participant = people[index]!;
        const rand = random(index + 1);
        const open: string[] = [];
        for (let i = 0; i < 80; i++) {
          const roll = rand();
          let reply;
          if (roll < 0.15 && open.length > 0) {
            const [order] = open.splice(Math.floor(rand() * open.length), 1);
            reply = await client.call('orders.cancel', { participant_id: participant, order_id: order });
          } else if (roll < 0.25 && open.length > 0) {
            reply = await client.call('orders.amend', {
              participant_id: participant,
              order_id: open[Math.floor(rand() * open.length)],
              ...(rand() < 0.5
                ? { quantity: 1 + Math.floor(rand() * 3) }
                : { price: (1.95 + Math.floor(rand() * 100) / 1000).toFixed(3) }),
            });
          } else {
            const side = rand() < 0.5 ? 'buy' : 'sell';
            reply = await client.call('orders.place', {
              participant_id: participant,
              market_id: market,
              side,
              type: rand() < 0.05 ? 'market' : 'limit',
              quantity: 1 + Math.floor(rand() * 5),
              ...(rand() >= 0.05 && { price: (1.95 + Math.floor(rand() * 100) / 1000).toFixed(3) }),
            });
            if (reply?.ok && ['open', 'partially_filled'].includes(reply.result.order.status)) {
              open.push(reply.result.order.order_id);
            }
          }
          // A subscriber joining mid-burst gets its own snapshot and converges too.
          if (++sent === 150) {
            late = await streamClient(exchange.node.url);
            late.send({ op: 'subscribe', channel: 'market.book', market_id: market });
          }
        }
      }),
    );
    clients.forEach((c) => c.close());
    expect(sent).toBe(400);

    for (const client of [early, late!]) {
      await vi.waitFor(
        () => {
          const rebuilt = rebuildBook(client.messages, market);
          expect({ bids: rebuilt.bids, asks: rebuilt.asks }).toEqual(bookOf(market));
        },
        { timeout: 5000, interval: 20 },
      );
    }
    const rebuilt = rebuildBook(early.messages, market);
    expect(rebuilt.seq).toBeGreaterThan(100);
    expect(bookOf(market).bids.length + bookOf(market).asks.length).toBeGreaterThan(10);

    // Every public trade of the burst arrived once, in order, without participants.
    const trades = early.messages.filter((m) => m.seq && m.channel === 'market.trades');
    expect(trades.map((m) => m.seq)).toEqual(trades.map((_, i) => i + 1));
    const stored = ops.service.store.db
      .prepare('SELECT trade_id FROM trades WHERE market_id = ? AND seq > ? ORDER BY seq, rowid')
      .pluck()
      .all(market, firstTradeSequence);
    expect(stored.length).toBeGreaterThan(20);
    expect(trades.map((m) => m.data.trade_id)).toEqual(stored);
    expect(Object.keys(trades[0].data)).not.toContain('maker_order_id');
    expect(JSON.stringify(trades)).not.toContain(people[0]);

    early.ws.close();
    late!.ws.close();
  });

  it('merges deltas on a market with many book subscribers, and each still rebuilds the exact book', async () => {
    const clients = await Promise.all(Array.from({ length: 64 }, () => streamClient(exchange.node.url)));
    await Promise.all(
      clients.map((c) => c.request({ op: 'subscribe', channel: 'market.book', market_id: market })),
    );
    const [seller, buyer] = people as [string, string];
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const price = (3 + (round * 10 + i) / 1000).toFixed(3);
          const who = i % 2 === 0 ? seller : buyer;
          const side = i % 2 === 0 ? ('sell' as const) : ('buy' as const);
          return ops.placeOrder(who, { market_id: market, side, type: 'limit', quantity: 1, price }, who);
        }),
      );
    }
    for (const client of [clients[0]!, clients[63]!]) {
      await vi.waitFor(
        () => {
          const rebuilt = rebuildBook(client.messages, market);
          expect({ bids: rebuilt.bids, asks: rebuilt.asks }).toEqual(bookOf(market));
        },
        { timeout: 5000, interval: 20 },
      );
    }
    clients.forEach((c) => c.ws.close());
  });

  it('resubscribing starts again from a fresh snapshot with seq 1; unsubscribing stops the deltas', async () => {
    const client = await streamClient(exchange.node.url);
    await client.request({ op: 'subscribe', channel: 'market.book', market_id: market });
    await ops.placeOrder(
      people[0]!,
      { market_id: market, side: 'buy', type: 'limit', quantity: 1, price: '1.001' },
      people[0]!,
    );
    const delta = await client.next((m) => m.type === 'delta');
    expect(delta).toMatchObject({
      seq: 2,
      bids: [['1.001', expect.any(Number), expect.any(Number)]],
      asks: [],
    });

    const from = client.messages.length;
    await client.request({ op: 'subscribe', channel: 'market.book', market_id: market });
    expect(await client.next((m) => m.type === 'snapshot', from)).toMatchObject({ seq: 1 });

    expect(await client.request({ op: 'unsubscribe', channel: 'market.book', market_id: market })).toEqual({
      type: 'unsubscribed',
      channel: 'market.book',
      market_id: market,
    });
    const after = client.messages.length;
    await ops.placeOrder(
      people[0]!,
      { market_id: market, side: 'buy', type: 'limit', quantity: 1, price: '1.002' },
      people[0]!,
    );
    await client.request({ op: 'ping' });
    expect(client.messages.slice(after).filter((m) => m.channel === 'market.book')).toEqual([]);
    client.ws.close();
  });

  it('tells book subscribers when the market halts and resumes', async () => {
    const client = await streamClient(exchange.node.url);
    await client.request({ op: 'subscribe', channel: 'market.book', market_id: market });
    await ops.setHalt(market, true, operator);
    expect(await client.next((m) => m.type === 'delta' && m.halted === true)).toMatchObject({
      seq: 2,
      bids: [],
      asks: [],
    });
    const from = client.messages.length;
    await client.request({ op: 'subscribe', channel: 'market.book', market_id: market });
    expect(await client.next((m) => m.type === 'snapshot', from)).toMatchObject({ halted: true });
    await ops.setHalt(market, false, operator);
    expect(await client.next((m) => m.type === 'delta' && m.halted === false)).toMatchObject({ seq: 2 });
    client.ws.close();
  });

  it('answers bad requests with an error and keeps the connection', async () => {
    const client = await streamClient(exchange.node.url);
    client.ws.send('not json');
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ status: 400 });
    expect(
      await client.request({ op: 'subscribe', channel: 'market.nope', market_id: market }),
    ).toMatchObject({
      type: 'error',
      status: 400,
    });
    expect(
      await client.request({
        op: 'subscribe',
        channel: 'market.book',
        market_id: 'market_00000000-0000-0000-0000-000000000000',
      }),
    ).toMatchObject({ type: 'error', status: 404, op: 'subscribe', channel: 'market.book' });
    expect(await client.request({ op: 'subscribe', channel: 'market.book' })).toMatchObject({ status: 422 });
    expect(await client.request({ op: 'ping' })).toEqual({ type: 'pong' });
    client.ws.close();
  });
});

describe('market.ticker', () => {
  it('sends the ticker on subscribe and again when a trade changes it', async () => {
    await ops.cancelAll(undefined, market, operator);
    const client = await streamClient(exchange.node.url);
    await client.request({ op: 'subscribe', channel: 'market.ticker', market_id: market });
    const first = await client.next((m) => m.seq && m.channel === 'market.ticker');
    expect(first).toMatchObject({
      type: 'ticker',
      market_id: market,
      seq: 1,
      data: { symbol: 'text-prime' },
    });
    const [maker, taker] = people as [string, string];
    await ops.placeOrder(
      maker,
      { market_id: market, side: 'sell', type: 'limit', quantity: 3, price: '7.777' },
      maker,
    );
    await ops.placeOrder(taker, { market_id: market, side: 'buy', type: 'market', quantity: 3 }, taker);
    const update = await client.next(
      (m) => m.seq && m.channel === 'market.ticker' && m.data.last_price === '7.777',
    );
    expect(update.seq).toBeGreaterThan(1);
    expect(update.data).toMatchObject({ last_size: 3, market_id: market });
    client.ws.close();
  });
});

describe('authenticated streams', () => {
  let key: SigningKeyPair;
  let owner: string;
  const nowSeconds = () => Math.floor(exchange.node.service.clock() / 1000);

  beforeAll(async () => {
    key = newSigningKey();
    owner = people[3]!;
    await ops.service.submit(
      {
        type: 'register_signing_key',
        key: {
          fingerprint: key.fingerprint,
          participant_id: owner,
          public_key: key.publicKey,
          label: 'stream test',
        },
      },
      operator,
    );
  });

  it('refuses a bad signature, a stale timestamp, an unknown key and user channels before auth, keeping public ones', async () => {
    const client = await streamClient(exchange.node.url);
    expect(await client.request({ op: 'subscribe', channel: 'user.orders' })).toMatchObject({
      type: 'error',
      status: 401,
      channel: 'user.orders',
    });
    const other = newSigningKey();
    const forged = { ...authMessage(other, nowSeconds()), fingerprint: key.fingerprint };
    expect(await client.request(forged)).toMatchObject({
      type: 'error',
      status: 401,
      op: 'auth',
      detail: /signature/,
    });
    expect(await client.request(authMessage(key, nowSeconds() - 60))).toMatchObject({
      status: 401,
      detail: /timestamp/,
    });
    expect(await client.request(authMessage(other, nowSeconds()))).toMatchObject({
      status: 401,
      detail: /unknown/,
    });
    const wrongPath = {
      ...authMessage(key, nowSeconds()),
      signature: signatureHeaders(key, 'GET', '/v1/orders', '', nowSeconds())['x-thegrid-signature'],
    };
    expect(await client.request(wrongPath)).toMatchObject({ status: 401 });
    expect(await client.request({ op: 'subscribe', channel: 'user.trades' })).toMatchObject({ status: 401 });
    // Still connected, and public channels work.
    expect(
      await client.request({ op: 'subscribe', channel: 'market.trades', market_id: market }),
    ).toMatchObject({
      type: 'subscribed',
    });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it('delivers user.orders (new_order, order_update) and user.trades to the key owner only', async () => {
    await ops.cancelAll(undefined, market, operator);
    const client = await streamClient(exchange.node.url);
    expect(await client.request(authMessage(key, nowSeconds()))).toEqual({
      type: 'authenticated',
      participant_id: owner,
      fingerprint: key.fingerprint,
    });
    expect(await client.request({ op: 'subscribe', channel: 'user.orders' })).toEqual({
      type: 'subscribed',
      channel: 'user.orders',
    });
    await client.request({ op: 'subscribe', channel: 'user.trades' });

    const stranger = people[4]!;
    await ops.placeOrder(
      stranger,
      { market_id: market, side: 'buy', type: 'limit', quantity: 1, price: '1.003' },
      stranger,
    );
    const { order } = await ops.placeOrder(
      owner,
      {
        market_id: market,
        side: 'sell',
        type: 'limit',
        quantity: 4,
        price: '8.888',
        client_order_id: 'stream-1',
      },
      owner,
    );
    const created = await client.next((m) => m.seq && m.channel === 'user.orders');
    expect(created).toEqual({
      channel: 'user.orders',
      type: 'new_order',
      sequence: expect.any(Number),
      data: order,
      seq: 1,
    });
    await ops.placeOrder(
      stranger,
      { market_id: market, side: 'buy', type: 'limit', quantity: 4, price: '8.888' },
      stranger,
    );
    const updated = await client.next(
      (m) => m.seq && m.channel === 'user.orders' && m.type === 'order_update',
    );
    expect(updated).toMatchObject({
      seq: 2,
      data: { order_id: order.order_id, status: 'filled', filled_quantity: 4, average_price: '8.888' },
    });
    const fill = await client.next((m) => m.seq && m.channel === 'user.trades');
    expect(fill).toMatchObject({
      type: 'trade',
      seq: 1,
      data: { order_id: order.order_id, side: 'sell', liquidity: 'maker', price: '8.888', quantity: 4 },
    });
    // Nothing of the stranger's own orders.
    const orders = client.messages.filter((m) => m.seq && m.channel === 'user.orders');
    expect(orders.every((m) => m.data.participant_id === owner)).toBe(true);
    expect(orders).toHaveLength(2);

    // Revoking the key ends the authenticated streams.
    await ops.service.submit({ type: 'revoke_signing_key', fingerprint: key.fingerprint }, operator);
    expect(await client.next((m) => m.type === 'error' && /revoked/.test(m.detail))).toMatchObject({
      status: 401,
    });
    const before = client.messages.length;
    await ops.placeOrder(
      owner,
      { market_id: market, side: 'sell', type: 'limit', quantity: 1, price: '9.999' },
      owner,
    );
    await client.request({ op: 'ping' });
    expect(client.messages.slice(before).filter((m) => m.seq && m.channel === 'user.orders')).toEqual([]);
    client.ws.close();
  });
});

describe('slow consumers, heartbeats and shutdown', () => {
  let dir: ReturnType<typeof tempDir>;
  let service: ExchangeService;
  let localOps: Operations;
  let server: Server;
  let hub: StreamHub;
  let url: string;
  let trader: { market: string; people: string[] };

  async function serve(options: Parameters<typeof streams>[1]) {
    hub?.close();
    hub = streams(localOps, options);
    server.removeAllListeners('upgrade');
    server.on('upgrade', (request, socket, head) => hub.upgrade(request, socket, head));
  }

  /**
   * Steady flow until `done` (a paused client takes a few MB first, in the kernel's socket buffers):
   * resting orders at many prices, and trades. Calls `each` after every round.
   */
  async function steadyFlow(done: () => boolean, each: () => void = () => {}) {
    const [seller, buyer] = trader.people as [string, string];
    for (let round = 0; !done() && round < 4000; round++) {
      const batch = [];
      for (let i = 0; i < 20; i++) {
        const price = (10 + ((round * 20 + i) % 5000) / 1000).toFixed(3);
        const order = (side: 'buy' | 'sell', quantity: number) => ({
          market_id: trader.market,
          side,
          type: 'limit' as const,
          quantity,
          price,
        });
        batch.push(localOps.placeOrder(seller, order('sell', 2), seller));
        batch.push(localOps.placeOrder(buyer, order('buy', 1), buyer));
      }
      await Promise.all(batch);
      each();
    }
  }

  beforeAll(async () => {
    dir = tempDir();
    ({ service, ops: localOps } = await composeExchange({ dataDir: dir.path }));
    trader = await seed(localOps, 2);
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    hub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    service.close();
    dir.remove();
  });

  it('drops a client that stops reading while another keeps receiving every delta', async () => {
    await serve({ maxBufferedBytes: 64 * 1024, heartbeatMs: 0 });
    const {
      market: m,
      people: [seller],
    } = trader as { market: string; people: [string, string] };
    const healthy = await streamClient(url);
    const slow = await streamClient(url);
    for (const client of [healthy, slow]) {
      await client.request({ op: 'subscribe', channel: 'market.book', market_id: m });
      await client.request({ op: 'subscribe', channel: 'market.trades', market_id: m });
    }
    // The slow client stops reading: its socket is paused, nothing more is read from the kernel.
    slow.ws.pause();

    // Steady flow until the server gives up on it (the kernel's socket buffers take a few MB first):
    // resting orders at many prices, and trades.
    await steadyFlow(() => hub.dropped > 0);
    expect(hub.dropped).toBe(1);
    expect(hub.connectionCount).toBe(1);

    // The healthy client has every delta, in order, and the exact book.
    await vi.waitFor(
      () => {
        const rebuilt = rebuildBook(healthy.messages, m);
        const view = localOps.book(m, 100_000);
        expect(rebuilt.asks).toEqual(view.asks.map((l) => [l.price, l.quantity, l.orders]));
        expect(rebuilt.bids).toEqual(view.bids.map((l) => [l.price, l.quantity, l.orders]));
      },
      { timeout: 5000 },
    );
    // Once it reads again, the slow client finds its connection cut.
    slow.ws.resume();
    await vi.waitFor(() => expect(slow.ws.readyState).toBe(WebSocket.CLOSED));
    // Still serving others.
    await localOps.placeOrder(
      seller,
      { market_id: m, side: 'sell', type: 'limit', quantity: 1, price: '99.000' },
      seller,
    );
    await healthy.next((mm) => mm.type === 'delta' && mm.asks.some((l: Level) => l[0] === '99.000'));
    healthy.ws.close();
  });

  it('closes a client past its queue bound with 1008 and says why', async () => {
    await serve({ maxBufferedBytes: 200, heartbeatMs: 0 });
    const client = await streamClient(url);
    // Its book snapshot alone is more than 200 bytes: dropped before anything is written.
    client.send({ op: 'subscribe', channel: 'market.book', market_id: trader.market });
    await vi.waitFor(() => expect(client.closeCode).toBe(1008));
    expect(client.closeReason).toBe('too slow: more than 200 bytes unsent');
    expect(hub.dropped).toBe(1);
  });

  it('keeps the unsent data of all clients under the total bound, dropping the one holding most', async () => {
    const total = 64 * 1024;
    await serve({ maxTotalBufferedBytes: total, heartbeatMs: 0 });
    const m = trader.market;
    const slow = [await streamClient(url), await streamClient(url)];
    for (const client of slow) {
      await client.request({ op: 'subscribe', channel: 'market.book', market_id: m });
      await client.request({ op: 'subscribe', channel: 'market.trades', market_id: m });
      client.ws.pause();
    }
    let most = 0;
    await steadyFlow(
      () => hub.dropped === 2,
      () => (most = Math.max(most, hub.queuedBytes)),
    );
    expect(hub.dropped).toBe(2);
    // At most one delta past the bound (the one that tipped it over), never more.
    expect(most).toBeLessThan(total + 4096);
    expect(hub.queuedBytes).toBe(0);
    slow.forEach((client) => client.ws.terminate());
  });

  it('drops a client that stops answering pings, and keeps one that answers', async () => {
    await serve({ heartbeatMs: 50 });
    const alive = await streamClient(url);
    const silent = await streamClient(url);
    silent.ws.pause();
    await vi.waitFor(() => expect(hub.dropped).toBe(1), { timeout: 2000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hub.connectionCount).toBe(1);
    expect(await alive.request({ op: 'ping' })).toEqual({ type: 'pong' });
    alive.ws.close();
    silent.ws.resume();
  });

  it('closes connections cleanly (1001) on shutdown', async () => {
    await serve({});
    const client = await streamClient(url);
    await client.request({ op: 'subscribe', channel: 'market.book', market_id: trader.market });
    hub.close();
    await vi.waitFor(() => expect(client.closeCode).toBe(1001));
  });
});

describe('the exchange node', () => {
  it('serves /v1/ws and closes its streams with 1001 when the node stops', async () => {
    const node = await startTestExchange();
    const client = await streamClient(node.node.url);
    const markets = node.node.ops.markets();
    expect(
      await client.request({ op: 'subscribe', channel: 'market.book', market_id: markets[0]!.market_id }),
    ).toMatchObject({
      type: 'subscribed',
    });
    await node.stop();
    await vi.waitFor(() => expect(client.closeCode).toBe(1001));
  });
});
