import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalState } from '../../src-main/engine/exchange';
import { checkInvariants } from '../../src-main/engine/invariants';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { tempDir } from '../helpers/temp-dir';
import { openStockedService } from './stocked-service';
import { MARKET } from './exchange/fixtures';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('stop orders across a restart', () => {
  it('restores pending stops, their holds, the last trade price and the queues triggered stops joined', async () => {
    const { service, run, order } = await openStockedService(dir.path);
    await run(order('participant_s', 'sell', 2000, 2)); // order_1
    // Two stop-limit buys at 1990 that trigger at 2000, and one far away that stays pending.
    await run(order('participant_a', 'buy', 1990, 3, { stop_price_ticks: 2000 })); // order_2
    await run(order('participant_b', 'buy', 1990, 4, { stop_price_ticks: 2000 })); // order_3
    await run(order('participant_b', 'buy', 2600, 1, { stop_price_ticks: 2500 })); // order_4
    await run(
      order('participant_s', 'sell', 2500, 1, {
        order_type: 'market',
        price_ticks: undefined,
        tif: 'ioc',
        stop_price_ticks: 1500,
      }),
    ); // order_5: a sell stop at market, pending
    // A bid at 1990 for 3 that trades 2 and rests: the triggered stops queue behind it, in arrival order.
    await run(order('participant_a', 'buy', 2000, 3)); // order_6
    const book = service.engine.state.books.get(MARKET)!;
    expect(book.openOrders().map((o) => o.id)).toEqual(['order_6', 'order_2', 'order_3']);
    expect(book.pendingStops().map((s) => s.id)).toEqual(['order_4', 'order_5']);
    const before = canonicalState(service.engine.state);
    service.close();

    const reopened = await ExchangeService.open({ dataDir: dir.path });
    expect(canonicalState(reopened.engine.state)).toBe(before);
    const restored = reopened.engine.state.books.get(MARKET)!;
    expect(restored.lastPrice()).toBe(2000);
    expect(restored.pendingStops().map((s) => s.id)).toEqual(['order_4', 'order_5']);
    expect(checkInvariants(reopened.engine.state)).toEqual([]);
    expect(reopened.verify()).toMatchObject({ ok: true });
    // The restored stop still triggers: a trade at 2500 sets off order_4.
    await reopened.submit(order('participant_s', 'sell', 2500, 2), 'test');
    await reopened.submit(order('participant_a', 'buy', 2500, 1), 'test');
    expect(reopened.engine.state.orders.get('order_4')).toBeUndefined();
    expect(restored.pendingStops().map((s) => s.id)).toEqual(['order_5']);
    expect(restored.depth(5).asks).toEqual([]);
    expect(checkInvariants(reopened.engine.state)).toEqual([]);
    reopened.close();
  });
});
