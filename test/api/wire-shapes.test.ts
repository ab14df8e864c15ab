import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requests, type RequestName } from '../../src-preload/contract';
import { contractDispatcher, operatorPrincipal, type Dispatch } from '../../src-main/api/contract-handlers';
import { composeExchange, type Exchange } from '../../src-main/service/compose';
import { seedSandbox, type SandboxSeed } from '../../src-main/service/sandbox';
import { tempDir } from '../helpers/temp-dir';

// Each operation declares its answer's schema once; the UI's types, the admin API's OpenAPI document
// and the Trading API's answers all come from it. Every read the sandbox can answer must match its
// schema exactly: no field missing or of another type, and none the schema does not declare.

let dir: ReturnType<typeof tempDir>;
let exchange: Exchange;
let seed: SandboxSeed;
let dispatch: Dispatch;

beforeAll(async () => {
  dir = tempDir();
  exchange = await composeExchange({ dataDir: dir.path });
  await exchange.start();
  seed = (await seedSandbox(exchange.ops))!;
  dispatch = contractDispatcher(exchange.ops);
});
afterAll(() => {
  exchange.close();
  dir.remove();
});

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('wire shapes', () => {
  it('every read answers exactly the shape its declaration names', async () => {
    const instrument = [...exchange.ops.service.engine.state.instruments.values()].find(
      (i) => i.status === 'live',
    )!;
    const candidates: Record<string, unknown>[] = [seed.consumer_id, seed.supplier_ids[0]!].map((id) => ({
      participant_id: id,
      market_id: instrument.market.market_id,
      instrument_id: instrument.instrument_id,
    }));
    const principal = operatorPrincipal(exchange.ops);
    const checked: string[] = [];
    for (const name of Object.keys(requests) as RequestName[]) {
      const operation = requests[name];
      // Reads only (cancelAll is idempotent too, but a write: it would empty the books read after it).
      if (operation.retry !== 'idempotent' || name === 'orders.cancelAll') continue;
      if (!(operation.args instanceof z.ZodObject)) continue;
      const keys = Object.keys(operation.args.shape);
      for (const pool of candidates) {
        const args = Object.fromEntries(keys.filter((key) => key in pool).map((key) => [key, pool[key]]));
        const reply = await dispatch(name, args, { principal });
        if (!reply.ok) continue;
        const sent = json(reply.result);
        const parsed = operation.result.safeParse(sent);
        expect(parsed.error, name).toBeUndefined();
        expect(json(parsed.data), `${name}: fields the schema does not declare`).toEqual(sent);
        checked.push(name);
      }
    }
    // The sandbox has orders, trades, Lots, issuance, keys and endpoints: most reads answer something.
    expect(new Set(checked).size).toBeGreaterThanOrEqual(35);
    for (const name of ['orders.list', 'trades.list', 'consumption.accounts', 'suppliers.liability']) {
      expect(checked).toContain(name);
    }
  });
});
