import { afterEach, describe, expect, it, vi } from 'vitest';
import seed from '../../resources/instruments.json';
import type { ExchangeNode } from '../../src-main/server';
import { startTestExchange } from '../helpers/exchange-node';
import { operatorCalls } from '../helpers/operator-calls';
import WebSocket from 'ws';
import { contractSocket } from '../helpers/contract-socket';
import { chat, consumerWithUnits, instrumentBySymbol, supplierWithModel } from '../helpers/consumption';

const MARKET = (seed as { symbol: string; market: { market_id: string } }[]).find(
  (i) => i.symbol === 'text-prime',
)!.market.market_id;

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await stop?.();
  stop = null;
});

/** Every later write to the journal fails, as a full disk or a read-only filesystem would make it. */
function breakStorage(node: ExchangeNode, message: string) {
  node.service.store.db.exec(
    `CREATE TRIGGER storage_fails BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, '${message}'); END`,
  );
}

describe('a failed commit', () => {
  it('is logged once, turns /health to 503, refuses every command with 503, and serves only what is stored', async () => {
    const exchange = await startTestExchange();
    stop = exchange.stop;
    const { node, api } = exchange;
    const call = operatorCalls(node.ops);
    // A consumer of the Consumption API, with Units in consumption and a supplier's model to call.
    const prime = instrumentBySymbol(node.ops, 'text-prime');
    await supplierWithModel(node.ops, prime, 'Fast', {});
    const consumer = await consumerWithUnits(node.ops, prime, 1);
    expect((await chat(node.url, consumer.key, { model: 'text-prime', max_tokens: 5 })).status).toBe(200);
    const buyer = (await call('participants.create', { name: 'Buyer', role: 'consumer' }))!.result
      .participant_id as string;
    await call('participants.adjustUsd', {
      participant_id: buyer,
      amount: '1000',
      idempotency_key: 'fund',
      reason: 'test',
    });
    const bid = (price: string) =>
      call('orders.place', {
        participant_id: buyer,
        market_id: MARKET,
        side: 'buy',
        type: 'limit',
        quantity: 1,
        price,
      });
    expect((await bid('1.000'))!.ok).toBe(true);
    expect((await api('/health')).status).toBe(200);
    const ui = await contractSocket(node.url, exchange.token);
    // What a workspace hears: the UI bridge's pushed events.
    const pushed: { event: string; payload: { sequence: number } }[] = [];
    const listener = new WebSocket(`${node.url.replace('http', 'ws')}/v1/ui?token=${exchange.token}`);
    listener.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.event) pushed.push(message);
    });
    await new Promise((resolve) => listener.once('open', resolve));

    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    breakStorage(node, 'disk I/O error (simulated)');
    const failed = await bid('1.100');
    expect(failed).toMatchObject({ ok: false, error: { status: 503 } });
    expect(failed!.error.detail).toContain('disk I/O error (simulated)');
    // Said once in the log, with its cause, however many commands are refused after it.
    await bid('1.200');
    await api('/v1/admin/participants', { body: { name: 'Late', role: 'consumer' } });
    const storageLines = logged.mock.calls.filter((args) => String(args[0]).includes('STORAGE FAILURE'));
    expect(storageLines).toHaveLength(1);
    expect(String(storageLines[0]![0])).toContain('disk I/O error (simulated)');

    const health = await api('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: 'storage_failed',
      reason: 'disk I/O error (simulated)',
    });

    // Each API answers a command with 503 in its own envelope.
    const admin = await api('/v1/admin/participants', { body: { name: 'Late', role: 'consumer' } });
    expect(admin.status).toBe(503);
    expect(await admin.json()).toMatchObject({
      errors: { detail: expect.stringContaining('storage failure') },
      error: { code: 'UNAVAILABLE', details: { status: 503 } },
    });
    const viaSocket = await ui.call('participants.create', { name: 'Late', role: 'consumer' });
    expect(viaSocket).toMatchObject({ ok: false, error: { status: 503 } });
    const completion = await chat(node.url, consumer.key, { model: 'text-prime', max_tokens: 5 });
    expect(completion.status).toBe(503);
    expect(await completion.json()).toMatchObject({
      error: { message: expect.stringContaining('storage failure') },
    });

    // The book is the stored one: the bid whose commit failed is not in it.
    const book = (await call('markets.book', { market_id: MARKET, depth: 10 }))!.result as {
      bids: { price: string }[];
    };
    expect(book.bids.map((level) => level.price)).toEqual(['1.000']);
    const publicBook = await api(`/v1/markets/${MARKET}/orderbook`, { token: null });
    expect(publicBook.status).toBe(200);
    const publicBids = ((await publicBook.json()) as { data: { bids: { price: string }[] } }).data.bids;
    expect(publicBids.map((level) => Number(level.price))).toEqual([1]);

    // Every workspace is told (a last push at the durable sequence) and reads it in system.info.
    expect(pushed.at(-1)).toEqual({
      event: 'exchange.committed',
      payload: { sequence: node.service.store.lastSeq() },
    });
    const info = (await call('system.info', {}))!.result;
    expect(info.storage_failure).toMatchObject({
      message: 'disk I/O error (simulated)',
      durable_sequence: node.service.store.lastSeq(),
    });
    expect(info.last_sequence).toBe(node.service.store.lastSeq());
    ui.close();
    listener.close();
  });
});
