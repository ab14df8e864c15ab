import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src-main/engine/commands';
import { checkInvariants } from '../../../src-main/engine/invariants';
import type { Lot, SweepRecord } from '../../../src-main/engine/lifecycle-types';
import { unitKey } from '../../../src-main/engine/orders';
import { MAX_CHUNKS } from '../../../src-main/engine/provenance';
import { deposit, exchangeWith, issue, limit, PRIME, stock } from './fixtures';

const I = PRIME.instrument_id;
const HOUR = 3600_000;

function market() {
  const ex = exchangeWith([
    { id: 'sup', role: 'supplier' },
    { id: 'sup2', role: 'supplier' },
    { id: 'buyer', role: 'consumer' },
    { id: 'other', role: 'consumer' },
  ]);
  const ok = (command: Command) => {
    const outcome = ex.run(command);
    if (!outcome.ok) throw new Error(`${command.type} rejected: ${outcome.message}`);
    expect(checkInvariants(ex.exchange.state)).toEqual([]);
    return outcome.result as never;
  };
  ok(deposit('buyer', 1_000_000_000));
  ok(deposit('other', 1_000_000_000));
  const s = ex.exchange.state;
  return {
    ...ex,
    ok,
    stock: (who: string, quantity: number) => stock(who, quantity).forEach(ok),
    units: (who: string) => s.units.get(unitKey(who, I)) ?? { total: 0, locked: 0 },
    lots: (who: string) => [...s.lots.values()].filter((l) => l.participant_id === who),
    liability: (who: string) => s.liability.get(unitKey(who, I)),
  };
}
const transfer = (who: string, quantity: number): Command => ({
  type: 'transfer_to_consumption',
  participant_id: who,
  instrument_id: I,
  quantity,
});
const draw = (who: string, tokens: number, id = 'd'): Command => ({
  type: 'draw_tokens',
  participant_id: who,
  instrument_id: I,
  tokens,
  draw_id: id,
});

describe('issuance', () => {
  it('issues into the Issuance account, moves to trading, and the supplier sells it', () => {
    const m = market();
    m.ok(issue('sup', 10));
    expect(m.units('sup').total).toBe(0);
    expect(m.exchange.state.issuance.get(unitKey('sup', I))).toBe(10);
    expect(m.run(limit('sup', 'sell', 1000, 1)).ok).toBe(false);
    m.ok({ type: 'transfer_issuance_to_trading', participant_id: 'sup', instrument_id: I, quantity: 4 });
    expect(m.units('sup').total).toBe(4);
    expect(m.exchange.state.issuance.get(unitKey('sup', I))).toBe(6);
    const refused = m.run({
      type: 'transfer_issuance_to_trading',
      participant_id: 'sup',
      instrument_id: I,
      quantity: 7,
    });
    expect(refused).toMatchObject({ ok: false, reason: 'insufficient_balance' });
    m.ok(limit('sup', 'sell', 1000, 3));
    m.ok(limit('buyer', 'buy', 1000, 3));
    expect(m.units('buyer').total).toBe(3);
    expect(m.liability('sup')).toEqual({
      units_sold: 3,
      units_self_consumed: 0,
      tokens_delivered: 0,
      tokens_expired: 0,
    });
  });
});

describe('provenance', () => {
  it('stays bounded for an active buyer, and the liable supplier stays exact', () => {
    const m = market();
    m.stock('sup', 100);
    m.stock('sup2', 100);
    for (let i = 0; i < 40; i++) {
      m.ok(limit(i % 2 ? 'sup2' : 'sup', 'sell', 1000, 1));
      m.ok(limit('buyer', 'buy', 1000, 1));
    }
    const chunks = m.exchange.state.provenance.get(unitKey('buyer', I))!;
    expect(chunks.length).toBeLessThanOrEqual(MAX_CHUNKS + 1);
    const bySupplier = (who: string) =>
      chunks.filter((c) => c.supplier_id === who).reduce((n, c) => n + c.units, 0);
    expect([bySupplier('sup'), bySupplier('sup2')]).toEqual([20, 20]);
    const sweep: SweepRecord = m.ok({ type: 'run_sweep', sweep_id: 's', scheduled_for: m.clock.now() });
    expect(sweep.units).toBe(40);
  });
});

describe('sweeps', () => {
  it('moves bought Units (not issuer inventory) to one Lot per account, cancelling resale asks', () => {
    const m = market();
    m.stock('sup', 10);
    m.stock('sup2', 10);
    m.ok(limit('sup', 'sell', 1000, 4));
    m.ok(limit('buyer', 'buy', 1000, 4));
    m.ok(limit('sup2', 'sell', 1001, 2));
    m.ok(limit('buyer', 'buy', 1001, 2));
    const ask = limit('buyer', 'sell', 1100, 3);
    m.ok(ask);
    m.ok(limit('sup', 'sell', 1200, 2)); // the issuer's own ask stays
    const sweep: SweepRecord = m.ok({ type: 'run_sweep', sweep_id: 'sw1', scheduled_for: m.clock.now() });
    expect(sweep).toMatchObject({ accounts: 1, units: 6, lots: 1, orders_cancelled: 1 });
    expect(m.units('buyer')).toEqual({ total: 0, locked: 0 });
    expect(m.units('sup')).toEqual({ total: 6, locked: 2 });
    expect(m.exchange.state.orders.has(ask.order_id)).toBe(false);
    const [lot] = m.lots('buyer') as Lot[];
    expect(lot).toMatchObject({ origin: 'sweep', tokens_total: 6_000_000, tokens_remaining: 6_000_000 });
    expect(lot!.expires_at - lot!.formed_at).toBe(4 * HOUR);
    expect(lot!.funding.map((f) => [f.supplier_id, f.tokens])).toEqual([
      ['sup', 4_000_000],
      ['sup2', 2_000_000],
    ]);
    expect(lot!.funding.every((f) => f.trade_id?.startsWith('trade_'))).toBe(true);
    // Out of order: not after the last sweep.
    expect(m.run({ type: 'run_sweep', sweep_id: 'sw0', scheduled_for: sweep.scheduled_for })).toMatchObject({
      ok: false,
      reason: 'sweep_out_of_order',
    });
  });

  it('records the closure reason of a swept ask', () => {
    const m = market();
    m.stock('sup', 5);
    m.ok(limit('sup', 'sell', 1000, 5));
    m.ok(limit('buyer', 'buy', 1000, 5));
    m.ok(limit('buyer', 'sell', 1500, 5));
    const outcome = m.run({ type: 'run_sweep', sweep_id: 's', scheduled_for: m.clock.now() });
    expect(outcome.ok && outcome.changes.find((c) => c.kind === 'order')).toMatchObject({
      order: { status: 'cancelled', closure: 'swept' },
    });
  });

  it('in immediate mode, bought Units form a Lot as the trade fills', () => {
    const m = market();
    m.ok({ type: 'set_sweep_schedule', mode: 'immediate', lot_ttl_seconds: 60 });
    m.stock('sup', 10);
    m.ok(limit('sup', 'sell', 1000, 2));
    m.ok(limit('sup', 'sell', 1001, 2));
    m.ok(limit('buyer', 'buy', 1001, 3));
    expect(m.units('buyer').total).toBe(0);
    const lots = m.lots('buyer');
    expect(lots).toHaveLength(1);
    expect(lots[0]).toMatchObject({ origin: 'immediate', tokens_total: 3_000_000 });
    expect(lots[0]!.funding).toHaveLength(2);
    expect(lots[0]!.expires_at - lots[0]!.formed_at).toBe(60_000);
  });
});

describe('transfers, draws and expiry', () => {
  it('transfers available Units only, one way, into a Lot', () => {
    const m = market();
    m.stock('sup', 10);
    m.ok(limit('sup', 'sell', 1000, 5));
    m.ok(limit('buyer', 'buy', 1000, 5));
    m.ok(limit('buyer', 'sell', 1500, 3));
    expect(m.run(transfer('buyer', 3))).toMatchObject({ ok: false, reason: 'insufficient_balance' });
    expect(m.run(transfer('buyer', 0))).toMatchObject({ ok: false, reason: 'quantity_out_of_range' });
    const { lot } = m.ok(transfer('buyer', 2)) as { lot: Lot };
    expect(lot).toMatchObject({ origin: 'transfer', tokens_total: 2_000_000 });
    expect(m.units('buyer')).toEqual({ total: 3, locked: 3 });
  });

  it('draws from the Lot nearest expiry first and credits delivery to the funding supplier', () => {
    const m = market();
    m.stock('sup', 10);
    m.stock('sup2', 10);
    m.ok(limit('sup', 'sell', 1000, 2));
    m.ok(limit('buyer', 'buy', 1000, 2));
    m.ok(transfer('buyer', 2)); // Lot A (sup), expires first
    m.clock.advance(HOUR);
    m.ok(limit('sup2', 'sell', 1000, 2));
    m.ok(limit('buyer', 'buy', 1000, 2));
    m.ok(transfer('buyer', 2)); // Lot B (sup2)
    const d = m.ok(draw('buyer', 2_500_000)) as { parts: { supplier_id: string; tokens: number }[] };
    expect(d.parts.map((p) => [p.supplier_id, p.tokens])).toEqual([
      ['sup', 2_000_000],
      ['sup2', 500_000],
    ]);
    expect(m.lots('buyer')).toHaveLength(1); // the used-up Lot leaves the live set
    expect(m.liability('sup')).toEqual({
      units_sold: 2,
      units_self_consumed: 0,
      tokens_delivered: 2_000_000,
      tokens_expired: 0,
    });
    expect(m.run(draw('buyer', 1_500_001))).toMatchObject({
      ok: false,
      reason: 'insufficient_tokens',
      code: 1021,
    });
  });

  it('expires what is left, ends the liability for it, and refuses draws on expired Lots', () => {
    const m = market();
    m.stock('sup', 10);
    m.ok(limit('sup', 'sell', 1000, 3));
    m.ok(limit('buyer', 'buy', 1000, 3));
    m.ok({ type: 'run_sweep', sweep_id: 's', scheduled_for: m.clock.now() });
    m.ok(draw('buyer', 1_000_000));
    expect(m.run({ type: 'expire_lots' })).toMatchObject({ ok: false, reason: 'nothing_to_expire' });
    m.clock.advance(4 * HOUR);
    expect(m.run(draw('buyer', 1))).toMatchObject({ ok: false, reason: 'insufficient_tokens' });
    const { expiries } = m.ok({ type: 'expire_lots' }) as { expiries: { tokens: number }[] };
    expect(expiries.map((e) => e.tokens)).toEqual([2_000_000]);
    expect(m.lots('buyer')).toEqual([]);
    expect(m.liability('sup')).toEqual({
      units_sold: 3,
      units_self_consumed: 0,
      tokens_delivered: 1_000_000,
      tokens_expired: 2_000_000,
    });
  });

  it('validates the sweep schedule', () => {
    const m = market();
    expect(m.run({ type: 'set_sweep_schedule', mode: 'interval', interval_seconds: 0 })).toMatchObject({
      ok: false,
      reason: 'invalid_schedule',
    });
    m.ok({ type: 'set_sweep_schedule', mode: 'interval', interval_seconds: 300 });
    expect(m.exchange.state.sweepConfig).toMatchObject({
      mode: 'interval',
      interval_seconds: 300,
      lot_ttl_seconds: 14400,
    });
    m.ok({ type: 'set_sweep_schedule', mode: 'scheduled' });
    expect(m.exchange.state.sweepConfig.interval_seconds).toBe(14400);
  });
});

describe('Auto Mode', () => {
  const settings = (extra: Partial<Extract<Command, { type: 'set_auto_mode' }>> = {}): Command => ({
    type: 'set_auto_mode',
    participant_id: 'buyer',
    instrument_id: I,
    mode: 'auto',
    threshold_tokens: 1_000_000,
    top_up_units: 3,
    max_price_ticks: 1000,
    daily_spend_ceiling: 100_000_000,
    ...extra,
  });
  const topUp = (n: number): Command => ({
    type: 'auto_top_up',
    participant_id: 'buyer',
    instrument_id: I,
    top_up_id: `t${n}`,
    order_id: `auto_${n}`,
  });

  it('buys within the price ceiling and moves what it bought to consumption', () => {
    const m = market();
    expect(m.run(topUp(1))).toMatchObject({ ok: false, reason: 'auto_mode_inactive' });
    m.ok(settings());
    m.stock('sup', 10);
    m.ok(limit('sup', 'sell', 1000, 2));
    m.ok(limit('sup', 'sell', 1001, 5)); // above the ceiling
    const partial = m.ok(topUp(1)) as { outcome: string; filled: number; lot_id: string };
    expect(partial).toMatchObject({ outcome: 'partial_fill', filled: 2 });
    expect(m.lots('buyer').map((l) => l.tokens_total)).toEqual([2_000_000]);
    expect(m.units('buyer').total).toBe(0);
    // Recorded once, never retried: paused until the settings are saved again.
    expect(m.run(topUp(2))).toMatchObject({ ok: false, reason: 'auto_mode_inactive' });
    m.ok(settings({ max_price_ticks: 1001, threshold_tokens: 3_000_000 }));
    expect(m.ok(topUp(3))).toMatchObject({ outcome: 'filled', filled: 3 });
    expect(m.run(topUp(4))).toMatchObject({ ok: false, reason: 'top_up_not_needed' });
  });

  it('stops at the daily spend ceiling and records it', () => {
    const m = market();
    m.stock('sup', 10);
    m.ok(limit('sup', 'sell', 1000, 10));
    // One Unit at 1000 ticks costs 1000 × tick (+ fee); allow a bit more than one.
    const one = 1000 * PRIME.market.tick_micros;
    m.ok(settings({ daily_spend_ceiling: Math.floor(one * 1.5) }));
    expect(m.ok(topUp(1))).toMatchObject({ outcome: 'daily_ceiling', filled: 1 });
    expect(m.run(topUp(2))).toMatchObject({ ok: false, reason: 'auto_mode_inactive' });
    m.clock.advance(24 * HOUR); // a new UTC day lifts a daily-ceiling pause (the Lot has expired too)
    expect(m.ok(topUp(3))).toMatchObject({ outcome: 'daily_ceiling', filled: 1 });
  });
});
