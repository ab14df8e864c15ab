import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import seed from '../../resources/instruments.json';
import { contractSocket } from '../helpers/contract-socket';
import { runHeadless, startHeadless } from '../helpers/headless-process';
import { random } from '../helpers/random';
import { stockUnits } from '../helpers/supply';
import { tempDir } from '../helpers/temp-dir';

const MARKET = (seed as { symbol: string; market: { market_id: string } }[]).find(
  (i) => i.symbol === 'text-prime',
)!.market.market_id;
const RUNS = Number(process.env.CRASH_RUNS ?? 4);

async function crashOnce(seed: number) {
  const rand = random(seed);
  const dir = tempDir('grid-desk-crash-');
  try {
    let exchange = await startHeadless(dir.path);
    const token = readFileSync(join(dir.path, 'operator-token'), 'utf8').trim();
    let client = await contractSocket(exchange.baseUrl, token);
    const create = async (name: string, role: string) =>
      (await client.call('participants.create', { name, role }))!.result.participant_id as string;
    const supplier = await create('Supplier', 'supplier');
    const buyer = await create('Buyer', 'consumer');
    await stockUnits(client.call, supplier, seedInstrument(), 100_000);
    await client.call('participants.adjustUsd', {
      participant_id: buyer,
      amount: '1000000',
      idempotency_key: 'k',
      reason: 'r',
    });

    // Fire orders (and now and then a sweep) without waiting, as a busy client would; kill the process
    // at a random moment.
    const acknowledged: string[] = [];
    const sweepsAcknowledged: string[] = [];
    const inFlight: Promise<unknown>[] = [];
    const killAt = 150 + Math.floor(rand() * 600);
    const started = Date.now();
    let killed = false;
    while (!killed) {
      for (let i = 0; i < 20; i++) {
        const side = rand() < 0.5 ? 'buy' : 'sell';
        const price = (2 + Math.floor(rand() * 20) / 1000).toFixed(3);
        inFlight.push(
          client
            .call('orders.place', {
              participant_id: side === 'buy' ? buyer : supplier,
              market_id: MARKET,
              side,
              type: 'limit',
              quantity: 1 + Math.floor(rand() * 5),
              price,
            })
            .then((reply) => reply?.ok && acknowledged.push(reply.result.order.order_id)),
        );
      }
      if (rand() < 0.2) {
        inFlight.push(
          client
            .call('sweeps.runNow', {})
            .then((reply) => reply?.ok && sweepsAcknowledged.push(reply.result.sweep_id)),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
      // Not before the first acknowledgement: on a loaded machine the first commit may take longer than
      // killAt, and a run with nothing acknowledged proves nothing.
      if (Date.now() - started > killAt && acknowledged.length > 0) {
        exchange.child.kill('SIGKILL');
        killed = true;
      }
    }
    await exchange.exited;
    await Promise.all(inFlight);
    expect(acknowledged.length).toBeGreaterThan(0);

    // Every acknowledged order is in the database the killed process left behind.
    const db = new Database(join(dir.path, 'exchange.db'));
    const stored = new Set(db.prepare('SELECT order_id FROM orders').pluck().all() as string[]);
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost, `seed ${seed}: acknowledged orders lost after SIGKILL`).toEqual([]);
    // A sweep is whole or absent: every acknowledged one is stored, and every stored one has all its Lots.
    const sweeps = db.prepare('SELECT sweep_id, lots, lot_ids FROM sweeps').all() as {
      sweep_id: string;
      lots: number;
      lot_ids: string;
    }[];
    const lotIds = new Set(db.prepare('SELECT lot_id FROM lots').pluck().all() as string[]);
    db.close();
    expect(sweepsAcknowledged.filter((id) => !sweeps.some((s) => s.sweep_id === id))).toEqual([]);
    for (const sweep of sweeps) {
      const ids = JSON.parse(sweep.lot_ids) as string[];
      expect(ids.length, `seed ${seed}: sweep ${sweep.sweep_id}`).toBe(sweep.lots);
      expect(
        ids.filter((id) => !lotIds.has(id)),
        `seed ${seed}: Lots of ${sweep.sweep_id}`,
      ).toEqual([]);
    }

    // The restarted exchange holds every invariant, and its state is what the journal replays to.
    exchange = await startHeadless(dir.path);
    client = await contractSocket(exchange.baseUrl, token);
    const invariants = (await client.call('exchange.invariants', {}))!.result;
    expect(invariants.problems, `seed ${seed}`).toEqual([]);
    client.close();
    exchange.child.kill('SIGTERM');
    await exchange.exited;
    const verified = await runHeadless(['--data', dir.path, '--verify']);
    expect(verified.output, `seed ${seed}`).toMatch(/^verified/m);
    return `${acknowledged.length} orders/${sweeps.filter((s) => s.lots > 0).length} sweeps with Lots`;
  } finally {
    dir.remove();
  }
}

function seedInstrument() {
  return (seed as { symbol: string; instrument_id: string }[]).find((i) => i.symbol === 'text-prime')!
    .instrument_id;
}

describe('crash recovery', () => {
  it(`loses no acknowledged order and half-applies nothing when killed with SIGKILL (${RUNS} runs)`, async () => {
    const counts: string[] = [];
    for (let run = 0; run < RUNS; run++) counts.push(await crashOnce(1000 + run));
    console.log(`crash runs: ${RUNS}, acknowledged before the kill, per run: ${counts.join(', ')}`);
  }, 120_000);
});
