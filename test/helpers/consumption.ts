import type { SimulatedModelConfig } from '../../src-main/engine/consumption-types';
import type { Instrument } from '../../src-main/engine/instruments';
import type { Operations } from '../../src-main/service/operations';
import { admitSimulatedEndpoint, issueAndAsk } from '../../src-main/service/sandbox';

/** A quick, conforming simulated model; tests override what they probe. */
export const FAST_MODEL: SimulatedModelConfig = {
  quality_score: 60,
  ttft_ms: 10,
  tokens_per_second: 5_000,
  context_window: 1_000_000,
  max_output_tokens: 128_000,
  failure_rate: 0,
  jitter: 0,
  seed: 7,
};

export function instrumentBySymbol(ops: Operations, symbol: string): Instrument {
  return [...ops.service.engine.state.instruments.values()].find((i) => i.symbol === symbol)!;
}

/** A supplier with one approved simulated endpoint in the instrument, asking `units` at `price`. */
export async function supplierWithModel(
  ops: Operations,
  instrument: Instrument,
  name: string,
  model: Partial<SimulatedModelConfig>,
  sell = { units: 10, price: '2.000' },
) {
  const operator = ops.service.operator()!.participant_id;
  const id = (await ops.createParticipant({ name, role: 'supplier' }, operator)).participant_id;
  const { endpoint, entry } = await admitSimulatedEndpoint(ops, id, instrument, {
    name: `${name} model`,
    tokens_per_second: 100_000,
    simulated: { ...FAST_MODEL, ...model },
    reason: 'test supplier',
  });
  await issueAndAsk(ops, id, instrument, sell.units, sell);
  return { id, endpoint, entry };
}

/** A consumer holding `units` of the instrument in consumption (bought at market), and a key. */
export async function consumerWithUnits(
  ops: Operations,
  instrument: Instrument,
  units: number,
  name = 'Consumer',
) {
  const operator = ops.service.operator()!.participant_id;
  const id = (await ops.createParticipant({ name, role: 'consumer' }, operator)).participant_id;
  await ops.adjustUsd(id, { amount: '10000', idempotency_key: 'fund', reason: 'test' }, operator);
  if (units > 0) {
    await ops.placeOrder(
      id,
      { market_id: instrument.market.market_id, side: 'buy', type: 'market', quantity: units },
      id,
    );
    await ops.lifecycle.transferToConsumption(
      id,
      { instrument_id: instrument.instrument_id, quantity: units },
      id,
    );
  }
  const key = await ops.consumptionKeys.create(id, { name: 'test key' }, id);
  return { id, key: key.key!, keyId: key.key_id };
}

/** Tokens left in the participant's live Lots of the instrument. */
export function tokensLeft(ops: Operations, participantId: string, instrument: Instrument): number {
  let left = 0;
  for (const lot of ops.service.engine.state.lots.values())
    if (lot.participant_id === participantId && lot.instrument_id === instrument.instrument_id)
      left += lot.tokens_remaining;
  return left;
}

export function chat(url: string, key: string, body: Record<string, unknown>, signal?: AbortSignal) {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Tell me about markets' }], ...body }),
    ...(signal && { signal }),
  });
}
