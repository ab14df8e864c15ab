import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src-main/engine/commands';
import { unitKey } from '../../src-main/engine/orders';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { tempDir } from '../helpers/temp-dir';
import { approveSupply, limit, PRIME, stock } from './exchange/fixtures';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('migration 8', () => {
  it('splits a supplier’s own Units it consumed out of units_sold in an older database', async () => {
    const old = await ExchangeService.open({ dataDir: dir.path });
    const run = (command: Command, actor = 'test') => old.submit(command, actor);
    await run({ type: 'create_participant', participant_id: 'participant_s', name: 's', role: 'supplier' });
    await run({ type: 'create_participant', participant_id: 'participant_b', name: 'b', role: 'consumer' });
    const operator = old.operator()!.participant_id;
    for (const command of approveSupply('participant_s', PRIME.instrument_id)) await run(command, operator);
    for (const command of stock('participant_s', 10)) await run(command);
    await run({
      type: 'adjust_usd',
      participant_id: 'participant_b',
      adjustment_id: 'a',
      amount: 50_000_000,
      idempotency_key: 'a',
      reason: 'r',
    });
    await run(limit('participant_s', 'sell', 1000, 4));
    await run(limit('participant_b', 'buy', 1000, 4));
    await run({
      type: 'transfer_to_consumption',
      participant_id: 'participant_s',
      instrument_id: PRIME.instrument_id,
      quantity: 3,
    });
    // What version 7 kept: self-consumed Units counted as sold, and none of migration 8.
    old.store.db.exec(`
      UPDATE supplier_liability SET units_sold = units_sold + units_self_consumed;
      ALTER TABLE supplier_liability DROP COLUMN units_self_consumed;
      DROP INDEX orders_pending; DROP TABLE idempotent_results; ALTER TABLE orders DROP COLUMN stop_price_ticks;
      ALTER TABLE orders DROP COLUMN stop_cap_ticks; ALTER TABLE orders DROP COLUMN queue_rank;
      PRAGMA user_version = 7;`);
    old.close();

    const upgraded = await ExchangeService.open({ dataDir: dir.path });
    expect(upgraded.engine.state.liability.get(unitKey('participant_s', PRIME.instrument_id))).toMatchObject({
      units_sold: 4,
      units_self_consumed: 3,
    });
    expect(upgraded.verify()).toMatchObject({ ok: true });
    upgraded.close();
  });
});
