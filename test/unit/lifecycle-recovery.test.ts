import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import seed from '../../resources/instruments.json';
import type { Command } from '../../src-main/engine/commands';
import { canonicalState } from '../../src-main/engine/exchange';
import type { Instrument } from '../../src-main/engine/instruments';
import { checkInvariants } from '../../src-main/engine/invariants';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { SupplyOperations } from '../../src-main/service/supply';
import { tempDir } from '../helpers/temp-dir';
import { approveSupply, issue, stock, toTrading } from './exchange/fixtures';

const INSTRUMENTS = seed as Instrument[];
const PRIME = INSTRUMENTS.find((i) => i.symbol === 'text-prime')!;
const I = PRIME.instrument_id;
const HOUR = 3600_000;
let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

/** Declares capacity for the supplier in text-prime and approves it as the operator. */
async function approve(service: ExchangeService, supplier: string) {
  const operator = service.operator()!.participant_id;
  for (const command of approveSupply(supplier, I)) await service.submit(command, operator);
}

describe('the life of a Unit survives a restart', () => {
  it('restores Issuance accounts, provenance, Lots, liability, the schedule and the last sweep; replay agrees', async () => {
    let now = Date.UTC(2027, 0, 1, 1, 0, 0);
    const clock = () => now;
    const service = await ExchangeService.open({ dataDir: dir.path, clock });
    const run = (command: Command) => service.submit(command, 'test');
    for (const [id, role] of [
      ['participant_s', 'supplier'],
      ['participant_b', 'consumer'],
    ] as const) {
      await run({ type: 'create_participant', participant_id: id, name: id, role });
    }
    await run({
      type: 'adjust_usd',
      participant_id: 'participant_b',
      adjustment_id: 'a',
      amount: 500_000_000,
      idempotency_key: 'k',
      reason: 'r',
    });
    await approve(service, 'participant_s');
    await run(issue('participant_s', 50));
    await run(toTrading('participant_s', 20));
    await run({ type: 'set_sweep_schedule', mode: 'interval', interval_seconds: 300, lot_ttl_seconds: 3600 });
    let n = 0;
    const order = (who: string, side: 'buy' | 'sell', quantity: number): Command => ({
      type: 'place_order',
      order_id: `order_${++n}`,
      participant_id: who,
      market_id: PRIME.market.market_id,
      side,
      order_type: 'limit',
      quantity,
      price_ticks: 2000,
      tif: 'gtc',
    });
    await run(order('participant_s', 'sell', 10));
    // Several commands in one group commit (one transaction), the sweep among them.
    await Promise.all([
      run(order('participant_b', 'buy', 6)),
      run({
        type: 'transfer_to_consumption',
        participant_id: 'participant_b',
        instrument_id: I,
        quantity: 2,
      }),
      run(order('participant_b', 'sell', 1)),
      run({ type: 'run_sweep', sweep_id: 'sweep_1', scheduled_for: now }),
      run({
        type: 'draw_tokens',
        participant_id: 'participant_b',
        instrument_id: I,
        tokens: 2_500_000,
        draw_id: 'd1',
      }),
    ]);
    now += 30 * 60_000;
    await run(order('participant_b', 'buy', 2));
    await run({
      type: 'transfer_to_consumption',
      participant_id: 'participant_b',
      instrument_id: I,
      quantity: 1,
    });
    now += 45 * 60_000; // the first two Lots are past expiry, the last one is not
    await run({ type: 'expire_lots' });
    await run({
      type: 'set_auto_mode',
      participant_id: 'participant_b',
      instrument_id: I,
      mode: 'auto',
      threshold_tokens: 50_000_000,
      top_up_units: 3,
      max_price_ticks: 2000,
      daily_spend_ceiling: 100_000_000,
    });
    await run({
      type: 'auto_top_up',
      participant_id: 'participant_b',
      instrument_id: I,
      top_up_id: 't',
      order_id: 'ot',
    });
    const before = canonicalState(service.engine.state);
    expect(checkInvariants(service.engine.state)).toEqual([]);
    expect(service.engine.state.lots.size).toBe(2);
    expect(service.engine.state.autoSettings.size).toBe(1);
    service.close();

    const reopened = await ExchangeService.open({ dataDir: dir.path, clock });
    expect(canonicalState(reopened.engine.state)).toBe(before);
    expect(checkInvariants(reopened.engine.state)).toEqual([]);
    expect(reopened.verify()).toMatchObject({ ok: true });
    expect(reopened.engine.state.sweepConfig).toMatchObject({ mode: 'interval', interval_seconds: 300 });
    expect(reopened.engine.state.lastSweep).toEqual({
      sweep_id: 'sweep_1',
      scheduled_for: Date.UTC(2027, 0, 1, 1),
    });
    // The restored state keeps working: the next sweep and expiry behave as if nothing happened.
    now += HOUR;
    await reopened.submit({ type: 'run_sweep', sweep_id: 'sweep_2', scheduled_for: now }, 'test');
    await reopened.submit({ type: 'expire_lots' }, 'test');
    expect(checkInvariants(reopened.engine.state)).toEqual([]);
    expect(reopened.verify()).toMatchObject({ ok: true });
    reopened.close();
  });

  it('a sweep is all or nothing: a failed commit leaves none of it on disk', async () => {
    let now = Date.UTC(2027, 0, 1, 1, 0, 0);
    const service = await ExchangeService.open({ dataDir: dir.path, clock: () => now });
    const run = (command: Command) => service.submit(command, 'test');
    await run({ type: 'create_participant', participant_id: 'participant_s', name: 's', role: 'supplier' });
    await run({ type: 'create_participant', participant_id: 'participant_b', name: 'b', role: 'consumer' });
    await run({
      type: 'adjust_usd',
      participant_id: 'participant_b',
      adjustment_id: 'a',
      amount: 9e8,
      idempotency_key: 'k',
      reason: 'r',
    });
    await approve(service, 'participant_s');
    for (const command of stock('participant_s', 10)) await run(command);
    await run({
      type: 'place_order',
      order_id: 'o1',
      participant_id: 'participant_s',
      market_id: PRIME.market.market_id,
      side: 'sell',
      order_type: 'limit',
      quantity: 5,
      price_ticks: 2000,
      tif: 'gtc',
    });
    await run({
      type: 'place_order',
      order_id: 'o2',
      participant_id: 'participant_b',
      market_id: PRIME.market.market_id,
      side: 'buy',
      order_type: 'limit',
      quantity: 5,
      price_ticks: 2000,
      tif: 'gtc',
    });
    const before = service.store.loadState();
    // Make the lots table refuse writes: the sweep's transaction must roll back whole.
    service.store.db.exec(
      "CREATE TRIGGER no_lots BEFORE INSERT ON lots BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    );
    now += 1000;
    await expect(run({ type: 'run_sweep', sweep_id: 'sweep_x', scheduled_for: now })).rejects.toThrow();
    expect(canonicalState(service.store.loadState())).toBe(canonicalState(before));
    expect(service.store.db.prepare('SELECT count(*) AS n FROM sweeps').get()).toEqual({ n: 0 });
    service.close();
  });

  it('an exchange that traded before migration 4 gets its provenance and liability rebuilt from the journal', async () => {
    const service = await ExchangeService.open({ dataDir: dir.path });
    const run = (command: Command) => service.submit(command, 'test');
    await run({ type: 'create_participant', participant_id: 'participant_s', name: 's', role: 'supplier' });
    await run({ type: 'create_participant', participant_id: 'participant_b', name: 'b', role: 'consumer' });
    await run({
      type: 'adjust_usd',
      participant_id: 'participant_b',
      adjustment_id: 'a',
      amount: 9e8,
      idempotency_key: 'k',
      reason: 'r',
    });
    await approve(service, 'participant_s');
    for (const command of stock('participant_s', 10)) await run(command);
    const order = (id: string, who: string, side: 'buy' | 'sell'): Command => ({
      type: 'place_order',
      order_id: id,
      participant_id: who,
      market_id: PRIME.market.market_id,
      side,
      order_type: 'limit',
      quantity: 4,
      price_ticks: 2000,
      tif: 'gtc',
    });
    await run(order('o1', 'participant_s', 'sell'));
    await run(order('o2', 'participant_b', 'buy'));
    const before = canonicalState(service.engine.state);
    // What a database written before migration 4 looks like once migrated: no provenance, no liability.
    service.store.db.exec(
      "DELETE FROM unit_provenance; DELETE FROM supplier_liability; INSERT INTO meta (key, value) VALUES ('lifecycle_backfill', 'pending');",
    );
    service.close();

    const reopened = await ExchangeService.open({ dataDir: dir.path });
    expect(canonicalState(reopened.engine.state)).toBe(before);
    expect(checkInvariants(reopened.engine.state)).toEqual([]);
    expect(reopened.verify()).toMatchObject({ ok: true });
    expect(reopened.store.needsLifecycleBackfill()).toBe(false);
    reopened.close();
  });
  it('keeps supply registrations and the issuance history across a restart; replay agrees', async () => {
    let now = Date.UTC(2027, 0, 1, 1, 0, 0);
    const clock = () => now;
    const service = await ExchangeService.open({ dataDir: dir.path, clock });
    const operator = service.operator()!.participant_id;
    const supply = new SupplyOperations(service);
    const max = INSTRUMENTS.find((i) => i.symbol === 'text-max')!.instrument_id;
    for (const id of ['participant_s', 'participant_t']) {
      await service.submit(
        { type: 'create_participant', participant_id: id, name: id, role: 'supplier' },
        'test',
      );
    }
    const approved = { approved: true, reason: 'verified' };
    // Approved, with Units issued; pending after a raise; revoked.
    await supply.declare('participant_s', { instrument_id: I, tokens_per_second: 1000 }, 'participant_s');
    await supply.review('participant_s', I, approved, operator);
    now += 1000;
    await supply.issue('participant_s', { instrument_id: I, quantity: 10 }, 'participant_s');
    now += 1000;
    await supply.issue('participant_s', { instrument_id: I, quantity: 3 }, 'participant_s');
    await supply.declare('participant_s', { instrument_id: max, tokens_per_second: 1000 }, 'participant_s');
    await supply.review('participant_s', max, approved, operator);
    await supply.declare('participant_s', { instrument_id: max, tokens_per_second: 3000 }, 'participant_s');
    await supply.declare('participant_t', { instrument_id: I, tokens_per_second: 1000 }, 'participant_t');
    await supply.review('participant_t', I, approved, operator);
    await supply.review('participant_t', I, { approved: false, reason: 'audit failed' }, operator);
    const registrations = supply.registrations({});
    const issuances = supply.issuances('participant_s', 10);
    const before = canonicalState(service.engine.state);
    service.close();

    const reopened = await ExchangeService.open({ dataDir: dir.path, clock });
    const again = new SupplyOperations(reopened);
    expect(canonicalState(reopened.engine.state)).toBe(before);
    expect(again.registrations({})).toEqual(registrations);
    expect(registrations.map((r) => [r.participant_id, r.symbol, r.status, r.issuable_units])).toEqual([
      ['participant_s', 'text-max', 'pending', 0],
      ['participant_s', 'text-prime', 'approved', 1],
      ['participant_t', 'text-prime', 'revoked', 0],
    ]);
    expect(again.issuances('participant_s', 10)).toEqual(issuances);
    expect(issuances.map((i) => i.quantity)).toEqual([3, 10]);
    expect(checkInvariants(reopened.engine.state)).toEqual([]);
    expect(reopened.verify()).toMatchObject({ ok: true });

    // The restored registrations still decide: the cap counts what was issued before the restart.
    const refuse = (participant: string, instrument: string, quantity: number) =>
      again.issue(participant, { instrument_id: instrument, quantity }, participant);
    await expect(refuse('participant_s', I, 2)).rejects.toMatchObject({ status: 409 });
    await expect(refuse('participant_s', max, 1)).rejects.toMatchObject({ status: 403 });
    await expect(refuse('participant_t', I, 1)).rejects.toMatchObject({ status: 403 });
    expect(
      (await again.issue('participant_s', { instrument_id: I, quantity: 1 }, 'participant_s')).quantity,
    ).toBe(1);
    await again.review('participant_s', max, approved, operator);
    expect(again.registrations({ participant_id: 'participant_s', status: 'approved' })).toHaveLength(2);
    expect(reopened.verify()).toMatchObject({ ok: true });
    reopened.close();
  });
});
