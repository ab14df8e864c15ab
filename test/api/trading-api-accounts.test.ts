import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExchange } from '../helpers/exchange-node';
import { operatorCalls } from '../helpers/operator-calls';
import { newSigningKey, signedClient } from '../helpers/signing';
import { stockUnits } from '../helpers/supply';

// The Units lists of the signed Trading API narrow to one instrument with `instrument_id`.

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let as: ReturnType<typeof signedClient>;
let held: string[];
const json = async (response: Response) => (await response.json()) as any;

beforeAll(async () => {
  exchange = await startTestExchange();
  const { ops } = exchange.node;
  const operator = ops.service.operator()!.participant_id;
  const id = (await ops.createParticipant({ name: 'Volt', role: 'supplier' }, operator)).participant_id;
  held = ops
    .instruments()
    .slice(0, 2)
    .map((i) => i.instrument_id);
  for (const instrumentId of held) await stockUnits(operatorCalls(ops), id, instrumentId, 10);
  const key = newSigningKey();
  await ops.keys.register(id, { public_key: key.publicKey }, operator);
  as = signedClient(exchange.node.url, key);
});
afterAll(() => exchange.stop());

describe('Units lists by instrument (signed Trading API)', () => {
  it('lists every instrument held without a filter, and only the one asked for with instrument_id', async () => {
    for (const path of ['/v1/trading-accounts', '/v1/positions']) {
      const all = (await json(await as('GET', path))).data as { instrument_id: string }[];
      expect(all.map((a) => a.instrument_id).sort()).toEqual([...held].sort());
      const narrowed = (await json(await as('GET', path, { query: `instrument_id=${held[1]}` }))).data;
      expect(narrowed.map((a: { instrument_id: string }) => a.instrument_id)).toEqual([held[1]]);
    }
  });
});
