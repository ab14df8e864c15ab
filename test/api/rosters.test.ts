import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedModel } from '../../src-main/delivery/simulated-model';
import { startExchangeNode, type ExchangeNode } from '../../src-main/server';
import { composeExchange } from '../../src-main/service/compose';
import {
  chat,
  consumerWithUnits,
  instrumentBySymbol,
  supplierWithModel,
  tokensLeft,
} from '../helpers/consumption';
import { tempDir } from '../helpers/temp-dir';

let node: ExchangeNode | null = null;
let dir: ReturnType<typeof tempDir>;
afterEach(async () => {
  await node?.close();
  node = null;
  dir.remove();
});

async function start(monitor = { graceMs: 0, minCalls: 3, windowCalls: 5 }) {
  dir = tempDir();
  node = await startExchangeNode({ dataDir: dir.path, port: 0, monitor });
  return node;
}

const model = (n: ExchangeNode, endpointId: string) =>
  n.ops.endpoints.runtime(n.service.engine.state.endpoints.get(endpointId)!).deliverer as SimulatedModel;
const entryOf = (n: ExchangeNode, entryId: string) => n.service.engine.state.roster.get(entryId)!;

describe('conformance probes', () => {
  it('pass a conforming endpoint and fail a slow one, dimension by dimension', async () => {
    const n = await start();
    const standard = instrumentBySymbol(n.ops, 'text-standard'); // TTFT ≤ 1.32 s, ≥ 100 tokens/s
    const good = await supplierWithModel(n.ops, standard, 'Good', {});
    const slow = await supplierWithModel(n.ops, standard, 'Slow', { tokens_per_second: 50 });
    const passed = await n.ops.rosters.probe(good.entry.entry_id, 'test').done;
    expect(passed.status).toBe('passed');
    expect(passed.samples.filter((s) => s.kind === 'speed')).toHaveLength(3);
    const failed = await n.ops.rosters.probe(slow.entry.entry_id, 'test').done;
    expect(failed.status).toBe('failed');
    const throughput = failed.dimensions.find((d) => d.name === 'Throughput')!;
    expect(throughput.passed).toBe(false);
    expect(throughput.threshold).toBe('≥ 100 tokens/s');
    expect(failed.dimensions.find((d) => d.name === 'TTFT p95')!.passed).toBe(true);
    expect(failed.dimensions.find((d) => d.name === 'Context window')!.passed).toBe(true);
  }, 30_000);
});

describe('continuous monitoring', () => {
  it('suspends an endpoint that drifts into errors, routes its Lots to a substitute, and re-admits it after a passing probe', async () => {
    const n = await start();
    const prime = instrumentBySymbol(n.ops, 'text-prime');
    const drifting = await supplierWithModel(n.ops, prime, 'Drifting', {}, { units: 5, price: '1.000' });
    const steady = await supplierWithModel(n.ops, prime, 'Steady', {}, { units: 5, price: '3.000' });
    const consumer = await consumerWithUnits(n.ops, prime, 2); // bought from the cheaper, drifting supplier
    const call = async () => {
      const response = await chat(n.url, consumer.key, { model: 'text-prime', max_tokens: 8 });
      if (response.status !== 200) console.log('BODY', await response.text());
      expect(response.status).toBe(200); // the consumer never sees the drift
      return (await n.ops.usage.page({ participant_id: consumer.id, limit: 1 })).calls[0]!;
    };
    expect((await call()).supplier_id).toBe(drifting.id);

    model(n, drifting.endpoint.endpoint_id).configure({ failure_rate: 1 });
    for (let i = 0; i < 3; i++) {
      const served = await call();
      expect(served.supplier_id).toBe(steady.id);
      expect(served.substituted).toBe(true);
    }
    await n.ops.monitor.idle();
    const suspended = entryOf(n, drifting.entry.entry_id);
    expect(suspended.status).toBe('suspended');
    expect(suspended.changed_by).toBe('system');
    expect(suspended.reason).toMatch(/^monitor: error rate \d+(\.\d)?% over the 1% maximum/);
    // Suspended: no more attempts on it.
    expect((await call()).attempts).toBe(1);

    await expect(
      n.ops.rosters.decide(drifting.entry.entry_id, 'readmit', 'fixed', n.service.operator()!.participant_id),
    ).rejects.toMatchObject({
      status: 409,
    });
    model(n, drifting.endpoint.endpoint_id).configure({ failure_rate: 0 });
    expect((await n.ops.rosters.probe(drifting.entry.entry_id, 'after the fix').done).status).toBe('passed');
    const readmitted = await n.ops.rosters.decide(
      drifting.entry.entry_id,
      'readmit',
      'probe passed',
      n.service.operator()!.participant_id,
    );
    expect(readmitted.status).toBe('admitted');
    expect((await call()).supplier_id).toBe(drifting.id);
    expect(tokensLeft(n.ops, consumer.id, prime)).toBeLessThan(2_000_000);
  }, 30_000);

  it('keeps windows outside the journal across a restart', async () => {
    const n = await start();
    const prime = instrumentBySymbol(n.ops, 'text-prime');
    const supplier = await supplierWithModel(n.ops, prime, 'S', {});
    const consumer = await consumerWithUnits(n.ops, prime, 1);
    for (let i = 0; i < 2; i++) await chat(n.url, consumer.key, { model: 'text-prime', max_tokens: 8 });
    await n.service.whenDurable();
    expect(n.ops.monitor.window(supplier.endpoint.endpoint_id, prime.instrument_id).calls).toBe(2);
    await n.close();
    node = await startExchangeNode({ dataDir: dir.path, port: 0 });
    expect(node.ops.monitor.window(supplier.endpoint.endpoint_id, prime.instrument_id).calls).toBe(2);
  });
});

describe('deleting an endpoint', () => {
  it('removes it from every roster, and its capacity stops backing issuance', async () => {
    const n = await start();
    const prime = instrumentBySymbol(n.ops, 'text-prime');
    const supplier = await supplierWithModel(n.ops, prime, 'Leaving', {}, { units: 1, price: '2.000' });
    await n.ops.endpoints.remove(supplier.id, supplier.endpoint.endpoint_id, supplier.id);
    expect(entryOf(n, supplier.entry.entry_id)).toMatchObject({
      status: 'removed',
      reason: 'the endpoint was deleted',
    });
    expect(n.ops.supply.registrations({ participant_id: supplier.id })[0]).toMatchObject({
      status: 'revoked',
      issuable_units: 0,
    });
    await expect(
      n.ops.supply.issue(supplier.id, { instrument_id: prime.instrument_id, quantity: 1 }, supplier.id),
    ).rejects.toMatchObject({ status: 403 });
    expect(n.service.verify().ok).toBe(true);
  });
});

describe('specification revisions', () => {
  it('suspends the endpoints that fail a tightened spec when it takes effect, not before', async () => {
    const n = await start();
    const operator = n.service.operator()!.participant_id;
    await n.service.submit({ type: 'set_spec_notice', notice_ms: 1_000 }, operator);
    const prime = instrumentBySymbol(n.ops, 'text-prime'); // floor 40 tokens/s
    const slowish = await supplierWithModel(n.ops, prime, 'Sixty', { tokens_per_second: 60 });
    const fast = await supplierWithModel(n.ops, prime, 'Fast', {});
    const spec = { ...prime.spec, throughput_floor_tps: 100 };
    const { quality_index: _index, ...draft } = spec;
    const impact = n.ops.rosters.preview(prime.instrument_id, draft);
    expect(impact.qualifying_entries).toBeGreaterThanOrEqual(1);
    await expect(
      n.ops.rosters.publish(
        {
          instrument_id: prime.instrument_id,
          spec: draft,
          effective_at: new Date(Date.now() + 100).toISOString(),
        },
        operator,
      ),
    ).rejects.toMatchObject({ status: 422 });
    const revision = await n.ops.rosters.publish(
      {
        instrument_id: prime.instrument_id,
        spec: draft,
        effective_at: new Date(Date.now() + 1_500).toISOString(),
      },
      operator,
    );
    expect(n.ops.instruments().find((i) => i.symbol === 'text-prime')!.upcoming_revision?.version).toBe(
      revision.version,
    );
    expect(entryOf(n, slowish.entry.entry_id).status).toBe('admitted');
    await expect
      .poll(() => entryOf(n, slowish.entry.entry_id).status, { timeout: 20_000, interval: 200 })
      .toBe('suspended');
    expect(entryOf(n, slowish.entry.entry_id).reason).toMatch(/fails specification version 1: Throughput/);
    expect(entryOf(n, fast.entry.entry_id).status).toBe('admitted');
    expect(n.service.engine.state.instruments.get(prime.instrument_id)!.spec.throughput_floor_tps).toBe(100);
  }, 30_000);
});

describe('migration from approved capacity', () => {
  it('turns approved registrations into admitted entries and keeps every issued Unit and the cap', async () => {
    dir = tempDir();
    const before = await composeExchange({ dataDir: dir.path }); // not started: rosters still off
    const ops = before.ops;
    const operator = ops.service.operator()!.participant_id;
    const prime = instrumentBySymbol(ops, 'text-prime');
    const s = (await ops.createParticipant({ name: 'Old supplier', role: 'supplier' }, operator))
      .participant_id;
    await ops.supply.declare(s, { instrument_id: prime.instrument_id, tokens_per_second: 1_000 }, s);
    await ops.supply.review(s, prime.instrument_id, { approved: true, reason: 'ok' }, operator);
    await ops.supply.issue(s, { instrument_id: prime.instrument_id, quantity: 10 }, s);
    const registrationBefore = ops.supply.registrations({ participant_id: s })[0]!;
    before.close();

    node = await startExchangeNode({ dataDir: dir.path, port: 0 });
    const after = node.ops;
    const [entry] = after.rosters.mine(s);
    expect(entry).toMatchObject({
      status: 'admitted',
      endpoint_id: null,
      declared: { tokens_per_second: 1_000 },
    });
    const registrationAfter = after.supply.registrations({ participant_id: s })[0]!;
    expect(registrationAfter).toMatchObject({
      status: 'approved',
      tokens_per_second: 1_000,
      cap_tokens: registrationBefore.cap_tokens,
      issuable_units: registrationBefore.issuable_units,
    });
    expect(after.lifecycle.issuanceAccounts(s)[0]!.units).toBe(10);
    await after.supply.issue(
      s,
      { instrument_id: prime.instrument_id, quantity: registrationAfter.issuable_units },
      s,
    );
    await expect(
      after.supply.declare(s, { instrument_id: prime.instrument_id, tokens_per_second: 5 }, s),
    ).rejects.toMatchObject({
      detail: expect.stringMatching(/roster/),
    });
    expect(node.service.verify().ok).toBe(true);
  });
});
