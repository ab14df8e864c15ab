import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeNode, type ExchangeNode } from '../../src-main/server';
import {
  chat,
  consumerWithUnits,
  instrumentBySymbol,
  supplierWithModel,
  tokensLeft,
} from '../helpers/consumption';
import { tempDir } from '../helpers/temp-dir';

let node: ExchangeNode;
let dir: ReturnType<typeof tempDir>;
let now: number;
beforeEach(async () => {
  dir = tempDir();
  now = Date.now();
  node = await startExchangeNode({ dataDir: dir.path, port: 0, clock: () => now });
});
afterEach(async () => {
  await node.close();
  dir.remove();
});

const lastCall = async () => (await node.ops.usage.page({ limit: 1 })).calls[0]!;

describe('billing by the delivery rules', () => {
  it('bills a conforming call exactly its usage, drawn from the Lot nearest expiry', async () => {
    const standard = instrumentBySymbol(node.ops, 'text-standard');
    await supplierWithModel(node.ops, standard, 'Fast', {});
    const consumer = await consumerWithUnits(node.ops, standard, 2);
    const before = tokensLeft(node.ops, consumer.id, standard);
    const response = await chat(node.url, consumer.key, { model: 'text-standard', max_tokens: 20 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    const call = await lastCall();
    expect(call.outcome).toBe('billed');
    expect(call.billed_tokens).toBe(body.usage.total_tokens);
    expect(before - tokensLeft(node.ops, consumer.id, standard)).toBe(body.usage.total_tokens);
    expect(call.cost).toBe(((body.usage.total_tokens * 2) / 1_000_000).toFixed(6));
  });

  it('does not bill a late call (TTFT over the ceiling) and records it against the supplier', async () => {
    const standard = instrumentBySymbol(node.ops, 'text-standard'); // TTFT ceiling 1.32 s
    const supplier = await supplierWithModel(node.ops, standard, 'Slow starter', { ttft_ms: 1_500 });
    const consumer = await consumerWithUnits(node.ops, standard, 1);
    const before = tokensLeft(node.ops, consumer.id, standard);
    const response = await chat(node.url, consumer.key, { model: 'text-standard', max_tokens: 10 });
    expect(response.status).toBe(200);
    const call = await lastCall();
    expect(call.outcome).toBe('late');
    expect(call.supplier_id).toBe(supplier.id);
    expect(call.billed_tokens).toBe(0);
    expect(call.error).toMatch(/over the 1320 ms ceiling/);
    expect(tokensLeft(node.ops, consumer.id, standard)).toBe(before);
  }, 15_000);

  it('does not bill an out-of-spec call (throughput under the floor on 64+ tokens)', async () => {
    const standard = instrumentBySymbol(node.ops, 'text-standard'); // floor 100 tokens/s
    await supplierWithModel(node.ops, standard, 'Slow', { tokens_per_second: 60 });
    const consumer = await consumerWithUnits(node.ops, standard, 1);
    const before = tokensLeft(node.ops, consumer.id, standard);
    const response = await chat(node.url, consumer.key, {
      model: 'text-standard',
      max_tokens: 70,
      messages: [{ role: 'user', content: 'Write a long answer about the order book and its levels' }],
    });
    expect(response.status).toBe(200);
    const call = await lastCall();
    expect(call.output_tokens).toBeGreaterThanOrEqual(64);
    expect(call.outcome).toBe('out_of_spec');
    expect(tokensLeft(node.ops, consumer.id, standard)).toBe(before);
  }, 15_000);

  it('answers 502 when every supplier fails, bills nothing, and releases the hold', async () => {
    const prime = instrumentBySymbol(node.ops, 'text-prime');
    await supplierWithModel(node.ops, prime, 'Broken', { failure_rate: 1 });
    const consumer = await consumerWithUnits(node.ops, prime, 1);
    const before = tokensLeft(node.ops, consumer.id, prime);
    const response = await chat(node.url, consumer.key, { model: 'text-prime', max_tokens: 10 });
    expect(response.status).toBe(502);
    expect(((await response.json()) as any).errors.detail).toMatch(/not billed/);
    expect((await lastCall()).outcome).toBe('failed');
    expect(tokensLeft(node.ops, consumer.id, prime)).toBe(before);
    expect(node.service.engine.state.reservations.size).toBe(0);
  });

  it('routes to another supplier when the Lot seller fails before the first token (a substitution)', async () => {
    const prime = instrumentBySymbol(node.ops, 'text-prime');
    const seller = await supplierWithModel(
      node.ops,
      prime,
      'Seller',
      { failure_rate: 1 },
      { units: 5, price: '1.000' },
    );
    const backup = await supplierWithModel(node.ops, prime, 'Backup', {}, { units: 5, price: '3.000' });
    const consumer = await consumerWithUnits(node.ops, prime, 1);
    const response = await chat(node.url, consumer.key, { model: 'text-prime', max_tokens: 10 });
    expect(response.status).toBe(200);
    const call = await lastCall();
    expect(call.outcome).toBe('billed');
    expect(call.supplier_id).toBe(backup.id);
    expect(call.substituted).toBe(true);
    expect(call.attempts).toBe(2);
    // The Lot drawn is the seller's: its liability for those tokens ends.
    expect(call.lots.every((part) => part.supplier_id === seller.id)).toBe(true);
  });

  it('a client that disconnects mid-stream stops the call and is not billed', async () => {
    const prime = instrumentBySymbol(node.ops, 'text-prime');
    await supplierWithModel(node.ops, prime, 'Steady', { tokens_per_second: 50 });
    const consumer = await consumerWithUnits(node.ops, prime, 1);
    const before = tokensLeft(node.ops, consumer.id, prime);
    const abort = new AbortController();
    const response = await chat(
      node.url,
      consumer.key,
      { model: 'text-prime', stream: true, max_tokens: 200 },
      abort.signal,
    );
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await expect
      .poll(async () => (await node.ops.usage.page({ limit: 1 })).calls[0]?.outcome, { timeout: 5_000 })
      .toBe('cancelled');
    expect(tokensLeft(node.ops, consumer.id, prime)).toBe(before);
    expect(node.service.engine.state.reservations.size).toBe(0);
  });
});

describe('reservations and balances', () => {
  it('concurrent calls against a small balance never overdraw: the rest get 402', async () => {
    const prime = instrumentBySymbol(node.ops, 'text-prime');
    // The model waits 3 s before its first token (within the 4.6 s spec), so all eight calls hold their
    // reservations at once however slowly the machine starts them.
    await supplierWithModel(node.ops, prime, 'Slow start', { ttft_ms: 3_000 });
    const consumer = await consumerWithUnits(node.ops, prime, 1); // 1,000,000 tokens
    // Each call reserves its prompt plus 300,000 output tokens: three fit at once, not four.
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        chat(node.url, consumer.key, { model: 'text-prime', max_tokens: 300_000 }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 402)).toHaveLength(5);
    expect(tokensLeft(node.ops, consumer.id, prime)).toBeGreaterThanOrEqual(0);
    expect(node.ops.invariants().ok).toBe(true);
  });

  it('answers 402 with no Units, and 401 once the key is revoked', async () => {
    const prime = instrumentBySymbol(node.ops, 'text-prime');
    await supplierWithModel(node.ops, prime, 'Fast', {});
    const consumer = await consumerWithUnits(node.ops, prime, 0);
    const empty = await chat(node.url, consumer.key, { model: 'text-prime', max_tokens: 5 });
    expect(empty.status).toBe(402);
    expect(((await empty.json()) as any).errors.detail).toMatch(/text-prime/);
    await node.ops.consumptionKeys.revoke(consumer.id, consumer.keyId, consumer.id);
    const revoked = await chat(node.url, consumer.key, { model: 'text-prime', max_tokens: 5 });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as any).errors.detail).toMatch(/revoked/);
  });

  it('answers 503 with Retry-After while an Auto Mode top-up is in flight for the caller', async () => {
    const prime = instrumentBySymbol(node.ops, 'text-prime');
    await supplierWithModel(node.ops, prime, 'Fast', {}, { units: 10, price: '2.000' });
    const consumer = await consumerWithUnits(node.ops, prime, 0);
    // A ceiling too low for one Unit: the first top-up stops at it and Auto Mode waits for a new UTC day.
    await node.ops.lifecycle.setAutoMode(
      consumer.id,
      {
        instrument_id: prime.instrument_id,
        mode: 'auto',
        threshold_tokens: 1_000_000,
        top_up_units: 1,
        max_price: '5.000',
        daily_spend_ceiling: '0.01',
      },
      consumer.id,
    );
    await node.ops.autoTopUps.idle();
    expect(
      node.ops.lifecycle.autoMode(consumer.id).find((a) => a.instrument_id === prime.instrument_id)?.paused,
    ).toBe('daily_ceiling');
    now += 24 * 60 * 60 * 1000; // the next day: the next call starts a top-up, and waits for it
    const response = await chat(node.url, consumer.key, { model: 'text-prime', max_tokens: 10 });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(((await response.json()) as any).errors.detail).toMatch(/Auto Mode is buying text-prime/);
    await node.ops.autoTopUps.idle();
    const after = await chat(node.url, consumer.key, { model: 'text-prime', max_tokens: 10 });
    expect(after.status).toBe(402);
  });

  it('releases the holds of calls in flight when the exchange restarts, unbilled', async () => {
    const prime = instrumentBySymbol(node.ops, 'text-prime');
    await supplierWithModel(node.ops, prime, 'Fast', {});
    const consumer = await consumerWithUnits(node.ops, prime, 1);
    await node.service.submit(
      {
        type: 'reserve_tokens',
        reservation_id: 'call_00000000-0000-7000-8000-000000000001',
        participant_id: consumer.id,
        instrument_id: prime.instrument_id,
        key_id: consumer.keyId,
        tokens: 500_000,
      },
      consumer.id,
    );
    await node.close();
    node = await startExchangeNode({ dataDir: dir.path, port: 0, clock: () => now });
    expect(node.service.engine.state.reservations.size).toBe(0);
    const call = (await node.ops.usage.page({ limit: 1 })).calls[0]!;
    expect(call.outcome).toBe('interrupted');
    expect(tokensLeft(node.ops, consumer.id, prime)).toBe(1_000_000);
    expect(node.service.verify().ok).toBe(true);
  });
});
