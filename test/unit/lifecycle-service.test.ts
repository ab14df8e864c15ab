import { composeExchange } from '../../src-main/service/compose';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import seed from '../../resources/instruments.json';
import type { Instrument } from '../../src-main/engine/instruments';
import { checkInvariants } from '../../src-main/engine/invariants';
import { contractDispatcher } from '../../src-main/api/contract-handlers';
import { adminRoutes } from '../../src-main/api/admin-routes';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { AutoTopUps } from '../../src-main/service/auto-top-ups';
import { nextBoundary, SweepScheduler } from '../../src-main/service/sweep-scheduler';
import type { Timers } from '../../src-main/service/timers';
import { operatorCalls, principalFor } from '../helpers/operator-calls';
import { stockUnits } from '../helpers/supply';
import { tempDir } from '../helpers/temp-dir';

const PRIME = (seed as Instrument[]).find((i) => i.symbol === 'text-prime')!;
const I = PRIME.instrument_id;
const MIN = 60_000;
let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

/** Timers that never fire by themselves: the test calls `fire()` after moving the clock. */
function manualTimers() {
  let pending: { fn: () => void; at: number } | null = null;
  const timers: Timers = {
    setTimeout: (fn, ms) => (pending = { fn, at: ms }),
    clearTimeout: () => (pending = null),
  };
  return { timers, delay: () => pending?.at ?? null, fire: () => pending?.fn() };
}

async function setup(now: { t: number }) {
  const { service, ops } = await composeExchange({ dataDir: dir.path, clock: () => now.t });
  const call = contractDispatcher(ops);
  const operator = service.operator()!.participant_id;
  const ok = async (name: string, args: unknown, actor = operator) => {
    const reply = await call(name, args, { principal: principalFor(ops, actor) });
    if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply.error)}`);
    return reply.result as never;
  };
  const supplier = (
    (await ok('participants.create', { name: 'S', role: 'supplier' })) as { participant_id: string }
  ).participant_id;
  const buyer = (
    (await ok('participants.create', { name: 'B', role: 'consumer' })) as { participant_id: string }
  ).participant_id;
  await ok('participants.adjustUsd', {
    participant_id: buyer,
    amount: '1000',
    idempotency_key: 'k',
    reason: 'r',
  });
  const buy = async (quantity: number) => {
    await ok('orders.place', {
      participant_id: supplier,
      market_id: PRIME.market.market_id,
      side: 'sell',
      type: 'limit',
      quantity,
      price: '2.000',
    });
    await ok('orders.place', {
      participant_id: buyer,
      market_id: PRIME.market.market_id,
      side: 'buy',
      type: 'limit',
      quantity,
      price: '2.000',
    });
  };
  /** The supplier's approved issuance of `quantity` Units, moved to trading. */
  const stock = (quantity: number) => stockUnits(operatorCalls(ops), supplier, I, quantity);
  return { service, ops, call, ok, operator, supplier, buyer, buy, stock };
}

describe('the sweep scheduler', () => {
  it('aligns scheduled sweeps to 00/04/08/12/16/20 UTC', () => {
    expect(new Date(nextBoundary(Date.UTC(2027, 0, 1, 5, 59), 14400)).toISOString()).toBe(
      '2027-01-01T08:00:00.000Z',
    );
    expect(new Date(nextBoundary(Date.UTC(2027, 0, 1, 20, 0), 14400)).toISOString()).toBe(
      '2027-01-02T00:00:00.000Z',
    );
  });

  it('runs a day of 5-minute sweeps and 1-hour expiries from an injected clock', async () => {
    const now = { t: Date.UTC(2027, 0, 1, 0, 0, 30) };
    const { service, ok, supplier, buyer, buy, stock } = await setup(now);
    await stock(1000);
    await ok('sweeps.setSchedule', { mode: 'interval', interval_seconds: 300, lot_ttl_seconds: 3600 });
    const manual = manualTimers();
    const scheduler = new SweepScheduler(service, manual.timers);
    await scheduler.start();
    expect(manual.delay()).toBe(4.5 * MIN); // until 00:05
    // Every 5 minutes for 24 hours: buy a Unit, let the timer fire.
    for (let step = 1; step <= 288; step++) {
      if (step % 12 === 1) await buy(1);
      now.t = Date.UTC(2027, 0, 1, 0, 5 * step);
      manual.fire();
      await scheduler.tick();
    }
    scheduler.stop();
    const sweeps = (await ok('sweeps.list', { limit: 100 })) as { scheduled_for: string; units: number }[];
    expect(sweeps).toHaveLength(100);
    expect(service.store.db.prepare('SELECT count(*) AS n FROM sweeps').get()).toEqual({ n: 288 });
    expect(service.store.db.prepare('SELECT sum(units) AS n FROM sweeps').get()).toEqual({ n: 24 });
    // Every Lot but the last hour's has expired; the supplier's liability fell with each expiry.
    const liability = (await ok('suppliers.liability', { participant_id: supplier })) as {
      units_sold: number;
      tokens_expired: number;
      tokens_outstanding: number;
    }[];
    expect(liability[0]).toMatchObject({
      units_sold: 24,
      tokens_expired: 23_000_000,
      tokens_outstanding: 1_000_000,
    });
    const accounts = (await ok('consumption.accounts', {
      participant_id: buyer,
      include_finished: true,
    })) as {
      tokens_remaining: number;
      lots: { status: string }[];
    }[];
    expect(accounts[0]!.tokens_remaining).toBe(1_000_000);
    expect(accounts[0]!.lots.filter((l) => l.status === 'expired')).toHaveLength(23);
    expect(checkInvariants(service.engine.state)).toEqual([]);
    expect(service.verify()).toMatchObject({ ok: true });
    service.close();
  });

  it('runs missed sweeps on start, in order, each with its own scheduled_for', async () => {
    const now = { t: Date.UTC(2027, 0, 1, 9, 0) };
    const first = await setup(now);
    await first.stock(10);
    await first.ok('sweeps.setSchedule', { mode: 'scheduled' });
    await first.buy(3);
    first.service.close();
    now.t = Date.UTC(2027, 0, 2, 1, 0); // closed over 12:00, 16:00, 20:00 and 00:00
    const service = await ExchangeService.open({ dataDir: dir.path, clock: () => now.t });
    const scheduler = new SweepScheduler(service, manualTimers().timers);
    await scheduler.start();
    scheduler.stop();
    const rows = service.store.db.prepare('SELECT scheduled_for, units FROM sweeps ORDER BY seq').all() as {
      scheduled_for: number;
      units: number;
    }[];
    expect(rows.map((r) => new Date(r.scheduled_for).toISOString())).toEqual([
      '2027-01-01T12:00:00.000Z',
      '2027-01-01T16:00:00.000Z',
      '2027-01-01T20:00:00.000Z',
      '2027-01-02T00:00:00.000Z',
    ]);
    expect(rows.map((r) => r.units)).toEqual([3, 0, 0, 0]);
    service.close();
  });
});

describe('the sweep scheduler with the default schedule', () => {
  it('catches up after the last sweep even when the schedule was never set', async () => {
    const now = { t: Date.UTC(2027, 0, 1, 9, 0) };
    const first = await setup(now);
    await first.stock(10);
    await first.ok('sweeps.runNow', {});
    await first.buy(2);
    first.service.close();
    now.t = Date.UTC(2027, 0, 1, 17, 0);
    const service = await ExchangeService.open({ dataDir: dir.path, clock: () => now.t });
    const scheduler = new SweepScheduler(service, manualTimers().timers);
    await scheduler.start();
    scheduler.stop();
    const rows = service.store.db.prepare('SELECT scheduled_for, units FROM sweeps ORDER BY seq').all() as {
      scheduled_for: number;
      units: number;
    }[];
    expect(rows.map((r) => [new Date(r.scheduled_for).toISOString(), r.units])).toEqual([
      ['2027-01-01T09:00:00.000Z', 0],
      ['2027-01-01T12:00:00.000Z', 2],
      ['2027-01-01T16:00:00.000Z', 0],
    ]);
    service.close();
  });

  it('counts from the last command when no sweep ever ran', async () => {
    const now = { t: Date.UTC(2027, 0, 1, 9, 0) };
    const first = await setup(now);
    first.service.close();
    now.t = Date.UTC(2027, 0, 1, 13, 0);
    const service = await ExchangeService.open({ dataDir: dir.path, clock: () => now.t });
    const scheduler = new SweepScheduler(service, manualTimers().timers);
    await scheduler.start();
    scheduler.stop();
    expect(service.engine.state.lastSweep?.scheduled_for).toBe(Date.UTC(2027, 0, 1, 12, 0));
    service.close();
  });
});

describe('lifecycle requests', () => {
  it('only the operator manages sweeps; participants transfer, see Lots, transfers and liability', async () => {
    const now = { t: Date.UTC(2027, 0, 1, 9, 0) };
    const { ops, call, ok, supplier, buyer, buy, stock } = await setup(now);
    expect(await call('sweeps.runNow', {}, { principal: principalFor(ops, buyer) })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    expect(
      await call('sweeps.setSchedule', { mode: 'interval' }, { principal: principalFor(ops, buyer) }),
    ).toMatchObject({
      ok: false,
      error: { status: 422 },
    });
    await stock(10);
    await buy(4);
    const t = (await ok('transfers.toConsumption', {
      participant_id: buyer,
      instrument_id: I,
      quantity: 1,
    })) as {
      lot: { tokens_total: number; funding: { supplier_id: string; trade_id: string }[] };
    };
    expect(t.lot.tokens_total).toBe(1_000_000);
    expect(t.lot.funding[0]).toMatchObject({
      supplier_id: supplier,
      trade_id: expect.stringMatching(/^trade_/),
    });
    const over = await call(
      'transfers.toConsumption',
      { participant_id: buyer, instrument_id: I, quantity: 4 },
      { principal: principalFor(ops, buyer) },
    );
    expect(over).toMatchObject({ ok: false, error: { status: 422, code: 1005 } });
    now.t += MIN;
    const sweep = (await ok('sweeps.runNow', {})) as { units: number; lots: number };
    expect(sweep).toMatchObject({ units: 3, lots: 1 });
    const accounts = (await ok('consumption.accounts', { participant_id: buyer })) as {
      tokens_remaining: number;
      lots: unknown[];
    }[];
    expect(accounts[0]).toMatchObject({ tokens_remaining: 4_000_000 });
    expect(accounts[0]!.lots).toHaveLength(2);
    const transfers = (await ok('transfers.list', { participant_id: buyer })) as { kind: string }[];
    expect(transfers.map((x) => x.kind)).toEqual(['trading_to_consumption']);
    expect(await ok('suppliers.liability', { participant_id: supplier })).toMatchObject([
      {
        units_sold: 4,
        tokens_outstanding: 4_000_000,
        inventory_units: 6,
        issuance_units: 0,
        sales_revenue: '8.00',
        fees: '0.00',
      },
    ]);
    expect(await ok('sweeps.getSchedule', {})).toMatchObject({
      mode: 'scheduled',
      next_sweep_at: '2027-01-01T12:00:00.000Z',
    });
  });

  it('serves the admin sweep routes with the operator token', async () => {
    const now = { t: Date.UTC(2027, 0, 1, 9, 0) };
    const { ops } = await setup(now);
    const app = new Hono();
    app.onError((error, c) =>
      c.json({ errors: { detail: error.message } }, ((error as { status?: number }).status ?? 500) as 400),
    );
    app.route('/v1/admin', adminRoutes(ops));
    const token = readFileSync(join(dir.path, 'operator-token'), 'utf8').trim();
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    expect((await app.request('/v1/admin/sweep-schedule')).status).toBe(401);
    const put = await app.request('/v1/admin/sweep-schedule', {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ mode: 'interval', interval_seconds: 300 }),
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { data: unknown }).data).toMatchObject({
      mode: 'interval',
      interval_seconds: 300,
      next_sweep_at: '2027-01-01T09:05:00.000Z',
    });
    expect((await app.request('/v1/admin/sweeps', { method: 'POST', headers: auth })).status).toBe(201);
    const list = (await (await app.request('/v1/admin/sweeps', { headers: auth })).json()) as {
      data: unknown[];
    };
    expect(list.data).toHaveLength(1);
    const bad = await app.request('/v1/admin/sweep-schedule', {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ mode: 'weekly' }),
    });
    expect(bad.status).toBe(422);
  });

  it("charts a supplier's liability over time from its sales, own consumption, deliveries and expiries", async () => {
    const now = { t: Date.UTC(2027, 0, 1, 9, 0) };
    const { service, ops, call, ok, supplier, buyer, buy, stock } = await setup(now);
    await ok('sweeps.setSchedule', { mode: 'scheduled', lot_ttl_seconds: 3600 });
    await stock(10);
    now.t += MIN;
    await buy(3);
    await ok('transfers.toConsumption', { participant_id: buyer, instrument_id: I, quantity: 3 });
    await ok('transfers.toConsumption', { participant_id: supplier, instrument_id: I, quantity: 1 });
    // Asked midway (the chart reloads on every commit): later answers go on from here, with what is new.
    expect(await ok('suppliers.liabilityHistory', { participant_id: supplier })).toMatchObject([
      { points: [{ cause: 'sale' }, { cause: 'own_consumption', tokens_outstanding: 4_000_000 }] },
    ]);
    now.t += MIN;
    await service.submit(
      { type: 'draw_tokens', participant_id: buyer, instrument_id: I, tokens: 500_000, draw_id: 'd1' },
      buyer,
    );
    // The Lots its Units fund, with its share of each and nothing of who holds them.
    const funded = (await ok('suppliers.fundedLots', { participant_id: supplier })) as Record<
      string,
      unknown
    >[];
    expect(funded.map((lot) => [lot.tokens_total, lot.tokens_remaining])).toEqual([
      [3_000_000, 2_500_000],
      [1_000_000, 1_000_000],
    ]);
    expect(funded[0]).not.toHaveProperty('participant_id');
    expect(
      await call(
        'suppliers.fundedLots',
        { participant_id: supplier },
        { principal: principalFor(ops, buyer) },
      ),
    ).toMatchObject({ ok: false, error: { status: 403 } });
    now.t += 2 * 60 * MIN; // past every Lot's hour
    await service.submit({ type: 'expire_lots' }, 'test');
    expect(await ok('suppliers.fundedLots', { participant_id: supplier })).toEqual([]);

    const [history] = (await ok('suppliers.liabilityHistory', { participant_id: supplier })) as {
      symbol: string;
      points: { cause: string; change: number; tokens_outstanding: number }[];
    }[];
    expect(history!.symbol).toBe('text-prime');
    const steps = history!.points.map((p) => [p.cause, p.change, p.tokens_outstanding]);
    expect(steps.slice(0, 3)).toEqual([
      ['sale', 3_000_000, 3_000_000],
      ['own_consumption', 1_000_000, 4_000_000],
      ['delivery', -500_000, 3_500_000],
    ]);
    // Both Lots expire in one command: the buyer's 2,500,000 tokens left and the supplier's own 1,000,000.
    expect(
      steps
        .slice(3)
        .map(([cause, change]) => [cause, change])
        .sort(),
    ).toEqual([
      ['expiry', -1_000_000],
      ['expiry', -2_500_000],
    ]);
    // The last point is the liability the Inventory table shows now.
    const [liability] = (await ok('suppliers.liability', { participant_id: supplier })) as {
      tokens_outstanding: number;
    }[];
    expect(history!.points.at(-1)!.tokens_outstanding).toBe(liability!.tokens_outstanding);
    expect(liability!.tokens_outstanding).toBe(0);
    expect(
      (await ok('suppliers.liabilityHistory', { participant_id: supplier, limit: 2 })) as unknown[],
    ).toMatchObject([{ points: [{ cause: 'expiry' }, { cause: 'expiry', tokens_outstanding: 0 }] }]);
  });
});

describe('Auto Mode top-ups', () => {
  it('tops up after a draw takes the balance below the threshold; a failed top-up is recorded once', async () => {
    const now = { t: Date.UTC(2027, 0, 1, 9, 0) };
    const { service, ok, supplier, buyer, stock } = await setup(now);
    const auto = new AutoTopUps(service);
    auto.start();
    await stock(10);
    await ok('orders.place', {
      participant_id: supplier,
      market_id: PRIME.market.market_id,
      side: 'sell',
      type: 'limit',
      quantity: 3,
      price: '2.000',
    });
    const view = (await ok('autoMode.set', {
      participant_id: buyer,
      instrument_id: I,
      mode: 'auto',
      threshold_tokens: 500_000,
      top_up_units: 2,
      max_price: '2.000',
      daily_spend_ceiling: '100',
    })) as { configured: boolean };
    expect(view.configured).toBe(true);
    await auto.idle(); // saving the settings with an empty balance tops up at once
    let accounts = (await ok('consumption.accounts', { participant_id: buyer })) as {
      tokens_remaining: number;
    }[];
    expect(accounts[0]!.tokens_remaining).toBe(2_000_000);
    // A draw leaves 400,000 tokens: below the threshold; only 1 Unit is left within the price ceiling.
    await service.submit(
      { type: 'draw_tokens', participant_id: buyer, instrument_id: I, tokens: 1_600_000, draw_id: 'd1' },
      buyer,
    );
    expect(auto.inFlight(buyer, I)).toBe(true);
    await auto.idle();
    const topUps = (await ok('autoMode.topUps', { participant_id: buyer })) as {
      outcome: string;
      filled: number;
    }[];
    expect(topUps.map((t) => [t.outcome, t.filled])).toEqual([
      ['partial_fill', 1],
      ['filled', 2],
    ]);
    // Paused: another draw does not retry.
    await service.submit(
      { type: 'draw_tokens', participant_id: buyer, instrument_id: I, tokens: 1_000_000, draw_id: 'd2' },
      buyer,
    );
    await auto.idle();
    expect(await ok('autoMode.topUps', { participant_id: buyer })).toHaveLength(2);
    const settings = (
      (await ok('autoMode.get', { participant_id: buyer })) as { instrument_id: string }[]
    ).find((v) => v.instrument_id === I);
    expect(settings).toMatchObject({ paused: 'partial_fill' });
    auto.stop();
    accounts = (await ok('consumption.accounts', { participant_id: buyer })) as {
      tokens_remaining: number;
    }[];
    expect(accounts[0]!.tokens_remaining).toBe(400_000);
    expect(checkInvariants(service.engine.state)).toEqual([]);
    expect(service.verify()).toMatchObject({ ok: true });
    service.close();
  });
});
