// Issue 15 (points 12 and 13, the engine's part): USD kept within exact integers, names without
// control or bidirectional characters, and a supplier's own Units consumed by itself are not a sale.

import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src-main/engine/commands';
import { checkInvariants } from '../../../src-main/engine/invariants';
import { unitKey } from '../../../src-main/engine/orders';
import { REJECTIONS } from '../../../src-main/engine/rejections';
import { committedTokens } from '../../../src-main/engine/supply';
import { deposit, exchangeWith, limit, PRIME, stock } from './fixtures';

const CONSUMER = 'participant_c';
const SUPPLIER = 'participant_s';

describe('USD beyond exact micro-dollars', () => {
  it('refuses a deposit that would take the USD held past 2^53 − 1 micro-dollars, with code 1046', () => {
    const { exchange, run } = exchangeWith([{ id: CONSUMER, role: 'consumer' }]);
    expect(run(deposit(CONSUMER, Number.MAX_SAFE_INTEGER - 5))).toMatchObject({ ok: true });
    // $0.000001 more is still exact; 10 more would not be.
    expect(run(deposit(CONSUMER, 1))).toMatchObject({ ok: true });
    const refused = run(deposit(CONSUMER, 10));
    expect(refused).toMatchObject({ ok: false, code: REJECTIONS.amount_out_of_range.code });
    expect(run(deposit(CONSUMER, 2 ** 53 + 2))).toMatchObject({ ok: false, reason: 'amount_out_of_range' });
    expect(exchange.usdBalance(CONSUMER).total).toBe(Number.MAX_SAFE_INTEGER - 4);
    expect(checkInvariants(exchange.state)).toEqual([]);
  });

  it('the invariant check names a balance that is no longer an exact integer', () => {
    const { exchange, run } = exchangeWith([{ id: CONSUMER, role: 'consumer' }]);
    run(deposit(CONSUMER, 1_000_000));
    exchange.state.usd.get(CONSUMER)!.total = 2 ** 53 + 2;
    exchange.state.usdSupply = 2 ** 53 + 2;
    expect(checkInvariants(exchange.state)).toEqual([
      expect.stringMatching(/USD of participant_c is beyond exact micro-dollars/),
      expect.stringMatching(/USD in the exchange .* is beyond exact micro-dollars/),
    ]);
  });
});

describe('names', () => {
  const bad = ['Acme\u0000Corp', 'Acme\u202eproC', 'line\nbreak', 'evil\u2066isolate', '\u0085next'];

  it.each(bad)('refuses %j as a participant name, key label, key name or endpoint name (1047)', (name) => {
    const { exchange, run } = exchangeWith([{ id: SUPPLIER, role: 'supplier' }]);
    const attempts: Command[] = [
      { type: 'create_participant', participant_id: 'participant_x', name, role: 'consumer' },
      {
        type: 'register_signing_key',
        key: { fingerprint: 'fp', participant_id: SUPPLIER, public_key: 'pk', label: name },
      },
      {
        type: 'create_consumption_key',
        key: {
          key_id: 'key_1',
          participant_id: SUPPLIER,
          name,
          secret_hash: 'h',
          prefix: 'p',
          expires_at: null,
          requests_per_minute: null,
          tokens_per_minute: null,
          spend_budget: null,
        },
      },
      {
        type: 'register_model_endpoint',
        endpoint: {
          endpoint_id: 'endpoint_1',
          participant_id: SUPPLIER,
          instrument_id: PRIME.instrument_id,
          name,
          kind: 'simulated',
          simulated: { tokens_per_second: 100, ttft_ms: 10, failure_rate: 0 },
          upstream: null,
          tokens_per_second: 100,
        } as never,
      },
    ];
    for (const command of attempts) {
      expect(run(command), command.type).toMatchObject({
        ok: false,
        code: REJECTIONS.invalid_name.code,
        message: expect.stringMatching(/U\+[0-9A-F]{4}/),
      });
    }
    expect(exchange.state.participants.has('participant_x')).toBe(false);
  });

  it('accepts names in any script, accents and emoji included', () => {
    const { run } = exchangeWith([]);
    for (const name of ['Société Générale', 'شركة', '東京 GPU 🚀'])
      expect(
        run({ type: 'create_participant', participant_id: `p-${name}`, name, role: 'consumer' }),
      ).toMatchObject({
        ok: true,
      });
  });
});

describe('a supplier consuming its own unsold Units', () => {
  it('is not a sale: they are owed (self-consumed), not sold, and capacity still counts them', () => {
    const { exchange, run } = exchangeWith([{ id: SUPPLIER, role: 'supplier' }]);
    stock(SUPPLIER, 5).forEach((command) => run(command));
    const committed = committedTokens(exchange.state, SUPPLIER, PRIME.instrument_id);
    const moved = run({
      type: 'transfer_to_consumption',
      participant_id: SUPPLIER,
      instrument_id: PRIME.instrument_id,
      quantity: 3,
    });
    expect(moved.ok).toBe(true);
    expect(exchange.state.liability.get(unitKey(SUPPLIER, PRIME.instrument_id))).toEqual({
      units_sold: 0,
      units_self_consumed: 3,
      tokens_delivered: 0,
      tokens_expired: 0,
    });
    expect(committedTokens(exchange.state, SUPPLIER, PRIME.instrument_id)).toBe(committed);
    expect(checkInvariants(exchange.state)).toEqual([]);
  });

  it('is counted the same when an Auto Mode top-up forms the Lot from its oldest (own) Units', () => {
    const { exchange, run } = exchangeWith([
      { id: SUPPLIER, role: 'supplier' },
      { id: 'seller', role: 'supplier' },
    ]);
    run(deposit(SUPPLIER, 50_000_000));
    for (const id of [SUPPLIER, 'seller']) stock(id, 5).forEach((command) => run(command));
    expect(run(limit('seller', 'sell', 1000, 3)).ok).toBe(true);
    const autoMode = {
      participant_id: SUPPLIER,
      instrument_id: PRIME.instrument_id,
      mode: 'auto',
      threshold_tokens: 5_000_000,
      top_up_units: 1,
      max_price_ticks: 1000,
      daily_spend_ceiling: 10_000_000,
    } as const;
    expect(run({ type: 'set_auto_mode', ...autoMode }).ok).toBe(true);
    const topUp = run({
      type: 'auto_top_up',
      participant_id: SUPPLIER,
      instrument_id: PRIME.instrument_id,
      top_up_id: 'top-up-1',
      order_id: 'order-1',
    });
    expect(topUp).toMatchObject({ ok: true, result: { outcome: 'filled' } });
    // The Lot is funded by the supplier's own oldest Unit: owed by it, as with a transfer.
    expect(exchange.state.liability.get(unitKey(SUPPLIER, PRIME.instrument_id))).toMatchObject({
      units_self_consumed: 1,
    });
    expect(checkInvariants(exchange.state)).toEqual([]);
  });
});
