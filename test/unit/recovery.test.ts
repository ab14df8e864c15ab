import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import seed from '../../resources/instruments.json';
import { canonicalState } from '../../src-main/engine/exchange';
import { checkInvariants } from '../../src-main/engine/invariants';
import type { Instrument } from '../../src-main/engine/instruments';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { tempDir } from '../helpers/temp-dir';
import { openStockedService } from './stocked-service';

const PRIME = (seed as Instrument[]).find((i) => i.symbol === 'text-prime')!;
const MARKET = PRIME.market.market_id;
let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('recovery after a restart', () => {
  it('restores the exact books (queue positions included), balances and open orders', async () => {
    const { service, run, order } = await openStockedService(dir.path);
    // Several orders at one price level, so queue order matters; then a partial fill and an amend.
    await Promise.all([
      run(order('participant_a', 'buy', 2000, 3)),
      run(order('participant_b', 'buy', 2000, 4)),
      run(order('participant_a', 'buy', 2000, 5)),
      run(order('participant_b', 'buy', 1990, 2)),
      run(order('participant_s', 'sell', 2100, 10)),
      run(order('participant_s', 'sell', 2050, 6)),
    ]);
    await run(order('participant_s', 'sell', 2000, 2)); // fills part of order_1
    await run({ type: 'amend_order', order_id: 'order_2', quantity: 1 }); // keeps its place
    await run({ type: 'amend_order', order_id: 'order_3', price_ticks: 2000, quantity: 9 }); // re-queues
    const before = canonicalState(service.engine.state);
    const queue = service.engine.state.books
      .get(MARKET)!
      .openOrders()
      .map((o) => o.id);
    expect(queue).toEqual(['order_1', 'order_2', 'order_4', 'order_5', 'order_6', 'order_3']);
    service.close();

    const reopened = await ExchangeService.open({ dataDir: dir.path });
    expect(canonicalState(reopened.engine.state)).toBe(before);
    expect(
      reopened.engine.state.books
        .get(MARKET)!
        .openOrders()
        .map((o) => o.id),
    ).toEqual(queue);
    expect(checkInvariants(reopened.engine.state)).toEqual([]);
    expect(reopened.verify()).toMatchObject({ ok: true });
    // The restored book keeps matching in the same priority: the next sell hits order_1 first, then order_2.
    const fill = await reopened.submit<{ trades: { maker_order_id: string; quantity: number }[] }>(
      order('participant_s', 'sell', 2000, 2),
      'test',
    );
    expect(fill.result.trades.map((t) => [t.maker_order_id, t.quantity])).toEqual([
      ['order_1', 1],
      ['order_2', 1],
    ]);
    reopened.close();
  });
});
