import { afterAll, beforeAll, expect, it } from 'vitest';
import { startExchangeNode, type ExchangeNode } from '../../src-main/server';
import { operatorCalls } from '../helpers/operator-calls';
import { stockUnits } from '../helpers/supply';
import { tempDir } from '../helpers/temp-dir';

let node: ExchangeNode;
let dir: ReturnType<typeof tempDir>;
beforeAll(async () => {
  dir = tempDir();
  node = await startExchangeNode({ dataDir: dir.path, port: 0 });
});
afterAll(async () => {
  await node.close();
  dir.remove();
});

it('a retry with the same client_order_id over the UI contract answers the first order and places nothing', async () => {
  const call = operatorCalls(node.ops);
  const prime = node.ops.instruments().find((i) => i.symbol === 'text-prime')!;
  const supplier = (await call('participants.create', { name: 'S', role: 'supplier' }))!.result
    .participant_id;
  await stockUnits(call, supplier, prime.instrument_id, 10);
  const order = {
    participant_id: supplier,
    market_id: prime.trading_parameters.market_id,
    side: 'sell',
    type: 'limit',
    quantity: 3,
    price: '2.500',
    client_order_id: 'retry-me',
  };
  const first = await call('orders.place', order);
  const again = await call('orders.place', order);
  expect(first!.ok && again!.ok).toBe(true);
  expect(again!.result.replayed).toBe(true);
  expect(again!.result.order.order_id).toBe(first!.result.order.order_id);
  const open = await call('orders.list', { participant_id: supplier, status: 'open' });
  expect(open!.result).toHaveLength(1);
});
