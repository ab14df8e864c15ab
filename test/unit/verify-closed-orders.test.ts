import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src-main/engine/commands';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { tempDir } from '../helpers/temp-dir';
import { MARKET } from './exchange/fixtures';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('verification covers finished orders', () => {
  it('a tampered journal row of an IOC order that found nothing fails --verify', async () => {
    const service = await ExchangeService.open({ dataDir: dir.path });
    const run = (command: Command) => service.submit(command, 'test');
    await run({ type: 'create_participant', participant_id: 'participant_a', name: 'a', role: 'consumer' });
    await run({
      type: 'adjust_usd',
      participant_id: 'participant_a',
      adjustment_id: 'adj',
      amount: 50_000_000,
      idempotency_key: 'k',
      reason: 'r',
    });
    // An IOC buy into an empty book: cancelled at once, it leaves nothing in the engine's state.
    await run({
      type: 'place_order',
      order_id: 'order_ioc',
      participant_id: 'participant_a',
      market_id: MARKET,
      side: 'buy',
      order_type: 'limit',
      quantity: 3,
      price_ticks: 2000,
      tif: 'ioc',
    });
    expect(service.verify()).toMatchObject({ ok: true });
    service.store.db
      .prepare(
        `UPDATE journal SET command = json_set(command, '$.quantity', 4, '$.price_ticks', 2100) WHERE type = 'place_order'`,
      )
      .run();
    expect(service.verify()).toMatchObject({ ok: false });
    service.close();
  });
});
