import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src-main/engine/commands';
import { canonicalState } from '../../../src-main/engine/exchange';
import { checkInvariants } from '../../../src-main/engine/invariants';
import { unitKey } from '../../../src-main/engine/orders';
import { supplyHeadroom } from '../../../src-main/engine/supply';
import { deposit, exchangeWith, issue, limit, OPERATOR, PRIME, toTrading } from './fixtures';

const I = PRIME.instrument_id;
/** 1,000 tokens/s over the default 4-hour Lot lifetime: 14.4M tokens, so 14 whole Units. */
const TPS = 1_000;

function market() {
  const ex = exchangeWith([
    { id: 'sup', role: 'supplier', approved: false },
    { id: 'buyer', role: 'consumer' },
  ]);
  const ok = (command: Command, actor?: string) => {
    const outcome = ex.run(command, actor);
    if (!outcome.ok) throw new Error(`${command.type} rejected: ${outcome.message}`);
    expect(checkInvariants(ex.exchange.state)).toEqual([]);
    return outcome.result as never;
  };
  /** A refusal changes nothing. */
  const refused = (command: Command, reason: string, actor?: string) => {
    const before = canonicalState(ex.exchange.state);
    expect(ex.run(command, actor)).toMatchObject({ ok: false, reason });
    expect(canonicalState(ex.exchange.state)).toBe(before);
  };
  ok(deposit('buyer', 1_000_000_000));
  const declare = (tokens_per_second: number): Command => ({
    type: 'declare_supply_capacity',
    participant_id: 'sup',
    instrument_id: I,
    tokens_per_second,
  });
  const review = (approved: boolean): Command => ({
    type: 'review_supply',
    participant_id: 'sup',
    instrument_id: I,
    approved,
    reason: approved ? 'probe passed' : 'failed audit',
  });
  const registration = () => ex.exchange.state.supply.get(unitKey('sup', I))!;
  const headroom = () => supplyHeadroom(ex.exchange.state, registration());
  return { ...ex, ok, refused, declare, review, registration, headroom };
}

describe('issuance needs an approved, declared capacity', () => {
  it('refuses an undeclared or pending supplier, and issues once the operator approves', () => {
    const m = market();
    m.refused(issue('sup', 1), 'issuance_not_approved');
    m.ok(m.declare(TPS), 'sup');
    expect(m.registration()).toMatchObject({ status: 'pending', tokens_per_second: TPS, reviewed_by: null });
    m.refused(issue('sup', 1), 'issuance_not_approved');
    m.ok(m.review(true));
    expect(m.registration()).toMatchObject({
      status: 'approved',
      reason: 'probe passed',
      reviewed_by: OPERATOR,
    });
    m.ok(issue('sup', 3));
    expect(m.exchange.state.issuance.get(unitKey('sup', I))).toBe(3);
  });

  it('lets only the operator review, only what was declared, and only when the status changes', () => {
    const m = market();
    m.refused(m.review(true), 'supply_not_declared');
    m.ok(m.declare(TPS), 'sup');
    m.refused(m.review(true), 'role_not_allowed', 'sup');
    m.ok(m.review(true));
    m.refused(m.review(true), 'status_unchanged');
  });

  it('refuses a review of a capacity the supplier has changed since the operator looked', () => {
    const m = market();
    m.ok(m.declare(TPS), 'sup');
    const seen = { ...m.review(true), tokens_per_second: TPS } as Command;
    m.ok(m.declare(TPS * 1000), 'sup');
    m.refused(seen, 'capacity_changed');
    m.ok({ ...m.review(true), tokens_per_second: TPS * 1000 } as Command);
    expect(m.registration()).toMatchObject({ status: 'approved', tokens_per_second: TPS * 1000 });
  });

  it('accepts declarations from active suppliers only, in whole tokens per second within bounds', () => {
    const m = market();
    m.ok({ type: 'set_participant_status', participant_id: 'sup', status: 'suspended' });
    m.refused(m.declare(TPS), 'participant_suspended');
    m.ok({ type: 'set_participant_status', participant_id: 'sup', status: 'active' });
    m.refused({ ...m.declare(TPS), participant_id: 'buyer' } as Command, 'role_not_allowed');
    for (const bad of [0, -5, 1.5, 1_000_000_001]) m.refused(m.declare(bad), 'invalid_capacity');
    m.refused({ ...m.declare(TPS), instrument_id: 'instrument_nope' } as Command, 'instrument_not_found');
  });

  it('sends a raised capacity back to review; a lowered one keeps the approval', () => {
    const m = market();
    m.ok(m.declare(TPS), 'sup');
    m.ok(m.review(true));
    m.ok(m.declare(TPS * 2), 'sup');
    expect(m.registration()).toMatchObject({ status: 'pending', reason: 'capacity raised: awaiting review' });
    m.refused(issue('sup', 1), 'issuance_not_approved');
    m.ok(m.review(true));
    m.ok(m.declare(TPS / 2), 'sup');
    expect(m.registration()).toMatchObject({ status: 'approved', tokens_per_second: TPS / 2 });
    m.ok(issue('sup', 1));
  });

  it('stops new issuance on revocation, while Units already issued can still be sold', () => {
    const m = market();
    m.ok(m.declare(TPS), 'sup');
    m.ok(m.review(true));
    m.ok(issue('sup', 2));
    m.ok(toTrading('sup', 2));
    m.ok(m.review(false));
    m.refused(issue('sup', 1), 'issuance_not_approved');
    // Declaring again asks for a new review; it does not undo the revocation.
    m.ok(m.declare(TPS * 3), 'sup');
    expect(m.registration()).toMatchObject({
      status: 'pending',
      reason: 'declared again after a revocation: awaiting review',
    });
    m.refused(issue('sup', 1), 'issuance_not_approved');
    m.ok(limit('sup', 'sell', 1000, 2));
    m.ok(limit('buyer', 'buy', 1000, 2));
    expect(m.exchange.state.liability.get(unitKey('sup', I))?.units_sold).toBe(2);
  });
});

describe('declared capacity caps outstanding liability and unsold Units', () => {
  it('counts unsold and sold-undelivered Units, and frees headroom as tokens are delivered or expire', () => {
    const m = market();
    m.ok(m.declare(TPS), 'sup');
    m.ok(m.review(true));
    expect(m.headroom()).toEqual({ cap_tokens: 14_400_000, committed_tokens: 0, issuable_units: 14 });
    m.ok(issue('sup', 10));
    m.ok(toTrading('sup', 6));
    m.refused(issue('sup', 5), 'capacity_exceeded');
    m.ok(issue('sup', 4));
    m.refused(issue('sup', 1), 'capacity_exceeded');

    // A sale moves Units from unsold to liability: still committed.
    m.ok(limit('sup', 'sell', 1000, 6));
    m.ok(limit('buyer', 'buy', 1000, 6));
    expect(m.headroom().committed_tokens).toBe(14_000_000);
    m.refused(issue('sup', 1), 'capacity_exceeded');

    // Delivery frees what was delivered.
    m.ok({ type: 'transfer_to_consumption', participant_id: 'buyer', instrument_id: I, quantity: 6 });
    m.ok({
      type: 'draw_tokens',
      participant_id: 'buyer',
      instrument_id: I,
      tokens: 2_500_000,
      draw_id: 'd1',
    });
    expect(m.headroom()).toMatchObject({ committed_tokens: 11_500_000, issuable_units: 2 });
    m.ok(issue('sup', 2));
    m.refused(issue('sup', 1), 'capacity_exceeded');

    // Expiry ends the liability for what is left in the Lot.
    m.clock.advance(4 * 3600_000 + 1);
    m.ok({ type: 'expire_lots' });
    expect(m.headroom()).toMatchObject({ committed_tokens: 10_000_000, issuable_units: 4 });
    m.ok(issue('sup', 4));
  });

  it('scales the cap with the Lot lifetime', () => {
    const m = market();
    m.ok(m.declare(TPS), 'sup');
    m.ok(m.review(true));
    m.ok({ type: 'set_sweep_schedule', mode: 'scheduled', lot_ttl_seconds: 3600 });
    expect(m.headroom()).toMatchObject({ cap_tokens: 3_600_000, issuable_units: 3 });
    m.refused(issue('sup', 4), 'capacity_exceeded');
    m.ok(issue('sup', 3));
  });
});
