import type { Command, PlaceOrder } from '../../src-main/engine/commands';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { approveSupply, MARKET, PRIME, stock } from './exchange/fixtures';

/**
 * A durable exchange in `dataDir` with a supplier (`participant_s`, 50 Units of text-prime) and two funded
 * consumers (`participant_a`, `participant_b`), and a helper for numbered limit orders on text-prime.
 */
export async function openStockedService(dataDir: string) {
  const service = await ExchangeService.open({ dataDir });
  const run = (command: Command, actor = 'test') => service.submit(command, actor);
  for (const [id, role] of [
    ['participant_s', 'supplier'],
    ['participant_a', 'consumer'],
    ['participant_b', 'consumer'],
  ] as const) {
    await run({ type: 'create_participant', participant_id: id, name: id, role });
  }
  const operator = service.operator()!.participant_id;
  for (const command of approveSupply('participant_s', PRIME.instrument_id)) await run(command, operator);
  for (const command of stock('participant_s', 50)) await run(command);
  for (const who of ['participant_a', 'participant_b']) {
    await run({
      type: 'adjust_usd',
      participant_id: who,
      adjustment_id: `a-${who}`,
      amount: 500_000_000,
      idempotency_key: who,
      reason: 'r',
    });
  }
  let n = 0;
  /** `order_1`, `order_2`, ... in the order they are made. */
  const order = (
    who: string,
    side: 'buy' | 'sell',
    price: number,
    quantity: number,
    extra: Partial<PlaceOrder> = {},
  ): Command => ({
    type: 'place_order',
    order_id: `order_${++n}`,
    participant_id: who,
    market_id: MARKET,
    side,
    order_type: 'limit',
    quantity,
    price_ticks: price,
    tif: 'gtc',
    ...extra,
  });
  return { service, run, order };
}
