// What the exchange sends on /v1/ws is declared once as a zod schema (src-preload/contract-streams.ts):
// every kind of message a client receives must match it exactly, no field missing or undeclared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamMessageSchema } from '../../src-preload/contract-streams';
import type { Operations } from '../../src-main/service/operations';
import { startTestExchange } from '../helpers/exchange-node';
import { jsonSocket, seedTraders } from '../helpers/json-socket';
import { newSigningKey, signatureHeaders } from '../helpers/signing';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let ops: Operations;

beforeAll(async () => {
  exchange = await startTestExchange();
  ops = exchange.node.ops;
});
afterAll(() => exchange.stop());

describe('stream messages', () => {
  it('match their declared schema, every kind', async () => {
    const { market, people, operator } = await seedTraders(ops, 2);
    const [seller, buyer] = people as [string, string];
    const key = newSigningKey();
    await ops.keys.register(buyer, { public_key: key.publicKey }, operator);
    const socket = await jsonSocket(`${exchange.node.url.replace('http', 'ws')}/v1/ws`);
    const headers = signatureHeaders(key, 'GET', '/v1/ws', '', Math.floor(Date.now() / 1000));
    await socket.ask(
      {
        op: 'auth',
        fingerprint: headers['x-thegrid-fingerprint'],
        timestamp: headers['x-thegrid-timestamp'],
        signature: headers['x-thegrid-signature'],
      },
      (m) => m.type === 'authenticated',
    );
    for (const channel of ['market.book', 'market.trades', 'market.ticker']) {
      await socket.ask({ op: 'subscribe', channel, market_id: market }, (m) => m.type === 'subscribed');
    }
    for (const channel of ['user.orders', 'user.trades']) {
      await socket.ask({ op: 'subscribe', channel }, (m) => m.type === 'subscribed');
    }
    await socket.ask(
      { op: 'subscribe', channel: 'market.book', market_id: 'nope' },
      (m) => m.type === 'error',
    );
    await socket.ask({ op: 'ping' }, (m) => m.type === 'pong');
    await ops.placeOrder(
      seller,
      { market_id: market, side: 'sell', type: 'limit', quantity: 3, price: '2.000' },
      seller,
    );
    await ops.placeOrder(
      buyer,
      { market_id: market, side: 'buy', type: 'limit', quantity: 2, price: '2.000' },
      buyer,
    );
    await socket.next((m) => m.channel === 'user.trades' && m.seq !== undefined);
    await socket.next((m) => m.channel === 'market.trades' && m.seq !== undefined);
    await socket.next((m) => m.channel === 'market.book' && m.type === 'delta');
    await socket.next((m) => m.channel === 'market.ticker' && m.seq !== undefined);
    await socket.next((m) => m.channel === 'user.orders' && m.seq !== undefined);

    const kinds = new Set<string>();
    for (const message of socket.messages) {
      const parsed = StreamMessageSchema.safeParse(message);
      expect(parsed.error, JSON.stringify(message)).toBeUndefined();
      expect(parsed.data, 'fields the schema does not declare').toEqual(message);
      kinds.add(message.seq === undefined ? message.type : `${message.channel}:${message.type}`);
    }
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'authenticated',
        'error',
        'pong',
        'subscribed',
        'market.book:delta',
        'market.book:snapshot',
        'market.ticker:ticker',
        'market.trades:trade',
        'user.trades:trade',
      ]),
    );
    expect([...kinds].some((kind) => kind.startsWith('user.orders:'))).toBe(true);
    socket.ws.close();
  });
});
