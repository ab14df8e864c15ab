import { beforeEach, describe, expect, it } from 'vitest';
import type { Command, CommandContext } from '../../src-main/engine/commands';
import { canonicalState, Exchange } from '../../src-main/engine/exchange';

let seq = 0;
const ctx = (): CommandContext => ({ seq: ++seq, time: 1_700_000_000_000 + seq, actor: 'op' });
const ALICE = 'participant_00000000-0000-0000-0000-00000000000a';
const adjust = (amount: number, key: string, reason = 'deposit'): Command => ({
  type: 'adjust_usd',
  participant_id: ALICE,
  adjustment_id: `adj-${key}-${seq}`,
  amount,
  idempotency_key: key,
  reason,
});

describe('exchange engine: participants and USD', () => {
  let exchange: Exchange;
  beforeEach(() => {
    exchange = new Exchange();
    exchange.execute(
      { type: 'create_participant', participant_id: ALICE, name: 'Alice', role: 'consumer' },
      ctx(),
    );
  });

  it('credits and debits USD, reporting the balance after', () => {
    const deposit = exchange.execute(adjust(100_000_000, 'k1'), ctx());
    expect(deposit.ok && deposit.result).toMatchObject({ amount: 100_000_000, balance_after: 100_000_000 });
    exchange.execute(adjust(-40_000_000, 'k2', 'withdrawal'), ctx());
    expect(exchange.usdBalance(ALICE)).toEqual({ total: 60_000_000, locked: 0 });
  });

  it('refuses a debit below zero and changes nothing', () => {
    exchange.execute(adjust(10_000_000, 'k1'), ctx());
    const before = canonicalState(exchange.state);
    const outcome = exchange.execute(adjust(-10_000_001, 'k2'), ctx());
    expect(outcome).toMatchObject({ ok: false, reason: 'insufficient_balance', code: 1005 });
    expect(canonicalState(exchange.state)).toBe(before);
  });

  it('returns the first result for a repeated idempotency key and refuses different content', () => {
    const first = exchange.execute(adjust(5_000_000, 'same'), ctx());
    const again = exchange.execute(adjust(5_000_000, 'same'), ctx());
    expect(again).toMatchObject({ ok: true, replayed: true, changes: [] });
    expect(again.ok && first.ok && again.result).toEqual(first.ok && first.result);
    expect(exchange.usdBalance(ALICE).total).toBe(5_000_000);
    expect(exchange.execute(adjust(6_000_000, 'same'), ctx())).toMatchObject({
      ok: false,
      reason: 'idempotency_conflict',
    });
  });

  it('refuses unknown participants, zero amounts and duplicate ids', () => {
    const ghost = { ...adjust(1, 'g'), participant_id: 'participant_ghost' } as Command;
    expect(exchange.execute(ghost, ctx())).toMatchObject({ ok: false, category: 'not_found' });
    expect(exchange.execute(adjust(0, 'z'), ctx())).toMatchObject({ ok: false, reason: 'zero_amount' });
    const duplicate: Command = {
      type: 'create_participant',
      participant_id: ALICE,
      name: 'Again',
      role: 'supplier',
    };
    expect(exchange.execute(duplicate, ctx())).toMatchObject({ ok: false, reason: 'participant_exists' });
  });

  it('suspends and resumes, refusing a change to the same status and touching the operator', () => {
    const suspend: Command = { type: 'set_participant_status', participant_id: ALICE, status: 'suspended' };
    expect(exchange.execute(suspend, ctx())).toMatchObject({ ok: true, result: { status: 'suspended' } });
    expect(exchange.execute(suspend, ctx())).toMatchObject({ ok: false, reason: 'status_unchanged' });
    exchange.execute(
      { type: 'create_participant', participant_id: 'op', name: 'Operator', role: 'operator' },
      ctx(),
    );
    const suspendOperator: Command = {
      type: 'set_participant_status',
      participant_id: 'op',
      status: 'suspended',
    };
    expect(exchange.execute(suspendOperator, ctx())).toMatchObject({
      ok: false,
      reason: 'operator_immutable',
    });
  });

  it('hashes equal states equally whatever the order of keys', () => {
    const other = new Exchange();
    other.execute(
      { role: 'consumer', name: 'Alice', participant_id: ALICE, type: 'create_participant' },
      { seq: 1, time: exchange.state.participants.get(ALICE)!.created_at, actor: 'x' },
    );
    expect(canonicalState(other.state)).toBe(canonicalState(exchange.state));
  });
});
