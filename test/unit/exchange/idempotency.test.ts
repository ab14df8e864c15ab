// Issuance and transfers with an idempotency_key (issue 15 point 3): an honest retry answers the first
// result and changes nothing; the same key with another body is a conflict.

import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src-main/engine/commands';
import { canonicalState } from '../../../src-main/engine/exchange';
import { checkInvariants } from '../../../src-main/engine/invariants';
import { REJECTIONS } from '../../../src-main/engine/rejections';
import { exchangeWith, issue, PRIME, toTrading } from './fixtures';

const SUPPLIER = 'participant_s';
const withKey = (command: Command, key: string): Command => ({ ...command, idempotency_key: key }) as Command;

describe.each([
  ['issue_units', () => [] as Command[], issue(SUPPLIER, 5)],
  ['transfer_issuance_to_trading', () => [issue(SUPPLIER, 20)], toTrading(SUPPLIER, 5)],
  [
    'transfer_to_consumption',
    () => [issue(SUPPLIER, 20), toTrading(SUPPLIER, 20)],
    {
      type: 'transfer_to_consumption',
      participant_id: SUPPLIER,
      instrument_id: PRIME.instrument_id,
      quantity: 5,
    } as Command,
  ],
])('%s with an idempotency_key', (_name, setup, command) => {
  function exchange() {
    const made = exchangeWith([{ id: SUPPLIER, role: 'supplier' }]);
    setup().forEach((c) => expect(made.run(c).ok).toBe(true));
    return made;
  }

  it('acts once: a retry answers the first result, replayed, and changes nothing', () => {
    const { exchange: ex, run } = exchange();
    const first = run(withKey(command, 'retry-1'));
    expect(first).toMatchObject({ ok: true });
    const after = canonicalState(ex.state);
    const again = run(withKey(command, 'retry-1'));
    expect(again).toMatchObject({ ok: true, replayed: true, changes: [] });
    expect((again as { result: unknown }).result).toEqual(
      JSON.parse(JSON.stringify((first as { result: unknown }).result)),
    );
    expect(canonicalState(ex.state)).toBe(after);
    // Without a key, the same command acts again.
    expect(run(command)).toMatchObject({ ok: true });
    expect(canonicalState(ex.state)).not.toBe(after);
    expect(checkInvariants(ex.state)).toEqual([]);
  });

  it('refuses the same key with a different body (1006), and a rejected first try keeps the key free', () => {
    const { exchange: ex, run } = exchange();
    run(withKey(command, 'k'));
    const other = { ...command, quantity: 4 } as Command;
    const before = canonicalState(ex.state);
    expect(run(withKey(other, 'k'))).toMatchObject({ ok: false, code: REJECTIONS.idempotency_conflict.code });
    expect(canonicalState(ex.state)).toBe(before);
    const tooMuch = { ...command, quantity: 2_000_000 } as Command;
    expect(run(withKey(tooMuch, 'k2')).ok).toBe(false);
    expect(run(withKey(command, 'k2'))).toMatchObject({ ok: true });
    expect(run(withKey(command, 'k2'))).toMatchObject({ ok: true, replayed: true });
  });
});
