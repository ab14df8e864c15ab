import type { Instrument } from '../engine/instruments';
import { formatTicks } from '../engine/money';
import type { ModelEndpointView } from '../../src-preload/contract-consumption';
import type { RosterEntryView } from '../../src-preload/contract-rosters';
import type { SimulatedModelConfig } from '../engine/consumption-types';
import type { Operations } from './operations';

/** Three simulated suppliers, each a little slower and cheaper than the one before, all within spec. */
const SUPPLIERS = [
  { name: 'Sandbox Supplier A', speed: 1.8, latency: 0.2, failure_rate: 0, price: 1.0 },
  { name: 'Sandbox Supplier B', speed: 1.4, latency: 0.3, failure_rate: 0.01, price: 0.96 },
  { name: 'Sandbox Supplier C', speed: 1.2, latency: 0.4, failure_rate: 0.02, price: 0.92 },
] as const;
/** Base prices per Unit of the live instruments; the suppliers ask around them. */
const BASE_PRICE: Record<string, number> = { 'text-max': 6.0, 'text-prime': 2.5, 'text-standard': 0.9 };
const CAPACITY_TPS = 2_000;
const ISSUED_UNITS = 20;
const ASK_UNITS = 15;
const CONSUMER_UNITS = 4;

export interface SandboxSeed {
  consumer_id: string;
  supplier_ids: string[];
  /** The consumer's ready consumption key: shown once. */
  key: string;
}

/**
 * Seeds an empty exchange so a new user makes a first call within a minute: three simulated suppliers
 * approved on every live instrument with resting asks, and a funded consumer holding Units in consumption
 * (Auto Mode on) with a ready consumption key. Returns null (and changes nothing) on an exchange that
 * already has participants.
 */
export async function seedSandbox(ops: Operations): Promise<SandboxSeed | null> {
  const operator = ops.service.operator()!.participant_id;
  if (ops.service.engine.state.participants.size > 1) return null;
  // A sandbox revises specifications with an hour's notice rather than 15 days.
  await ops.service.submit({ type: 'set_spec_notice', notice_ms: 60 * 60 * 1000 }, operator);
  const live = [...ops.service.engine.state.instruments.values()].filter((i) => i.status === 'live');
  const supplierIds: string[] = [];
  for (const [index, supplier] of SUPPLIERS.entries()) {
    const id = (await ops.createParticipant({ name: supplier.name, role: 'supplier' }, operator))
      .participant_id;
    supplierIds.push(id);
    for (const instrument of live) {
      await admitSimulatedEndpoint(ops, id, instrument, {
        name: `${supplier.name.split(' ').at(-1)} ${instrument.symbol} sim`,
        tokens_per_second: CAPACITY_TPS,
        simulated: simulatedFor(instrument, supplier, index + 1),
        reason: 'sandbox supplier',
      });
      await issueAndAsk(ops, id, instrument, ISSUED_UNITS, {
        units: ASK_UNITS,
        price: askPrice(instrument, supplier.price),
      });
    }
  }
  const consumer = (await ops.createParticipant({ name: 'Sandbox Consumer', role: 'consumer' }, operator))
    .participant_id;
  await ops.adjustUsd(
    consumer,
    { amount: '1000.00', idempotency_key: 'sandbox', reason: 'sandbox credit' },
    operator,
  );
  for (const instrument of live) {
    const market = instrument.market.market_id;
    await ops.placeOrder(
      consumer,
      { market_id: market, side: 'buy', type: 'market', quantity: CONSUMER_UNITS },
      consumer,
    );
    const units = { instrument_id: instrument.instrument_id, quantity: CONSUMER_UNITS };
    await ops.lifecycle.transferToConsumption(consumer, units, consumer);
    await ops.lifecycle.setAutoMode(
      consumer,
      {
        instrument_id: instrument.instrument_id,
        mode: 'auto',
        threshold_tokens: 1_000_000,
        top_up_units: 2,
        max_price: askPrice(instrument, 1.2),
        daily_spend_ceiling: '100.00',
      },
      consumer,
    );
  }
  const key = await ops.consumptionKeys.create(consumer, { name: 'Sandbox key' }, consumer);
  return { consumer_id: consumer, supplier_ids: supplierIds, key: key.key! };
}

/** A supplier issues `issue` Units, moves them to trading and rests an ask for some of them. */
export async function issueAndAsk(
  ops: Operations,
  supplierId: string,
  instrument: Instrument,
  issue: number,
  ask: { units: number; price: string },
): Promise<void> {
  const units = { instrument_id: instrument.instrument_id, quantity: issue };
  await ops.supply.issue(supplierId, units, supplierId);
  await ops.lifecycle.issuanceToTrading(supplierId, units, supplierId);
  const market = instrument.market.market_id;
  const order = {
    market_id: market,
    side: 'sell',
    type: 'limit',
    quantity: ask.units,
    price: ask.price,
  } as const;
  await ops.placeOrder(supplierId, order, supplierId);
}

/** An instant simulated model with capacity for a million Units (1e9 tokens/s × 4 h): benchmarks, tests. */
export const AMPLE_SIMULATED_SUPPLY = {
  name: 'Ample simulated model',
  tokens_per_second: 1_000_000_000,
  reason: 'ample supplier',
  simulated: {
    quality_score: 60,
    ttft_ms: 1,
    tokens_per_second: 100_000,
    context_window: 1_000_000,
    max_output_tokens: 128_000,
    failure_rate: 0,
    jitter: 0,
    seed: 1,
  },
} as const;

/**
 * A supplier's simulated endpoint, registered, applied to the instrument's roster with its declared
 * figures (a probe starts on application) and admitted by the operator: ready to serve and back issuance.
 */
export async function admitSimulatedEndpoint(
  ops: Operations,
  supplierId: string,
  instrument: Instrument,
  options: { name: string; tokens_per_second: number; simulated: SimulatedModelConfig; reason: string },
): Promise<{ endpoint: ModelEndpointView; entry: RosterEntryView }> {
  const operator = ops.service.operator()!.participant_id;
  const { simulated } = options;
  const endpoint = await ops.endpoints.register(
    supplierId,
    {
      kind: 'simulated',
      instrument_id: instrument.instrument_id,
      name: options.name,
      tokens_per_second: options.tokens_per_second,
      simulated,
    },
    supplierId,
  );
  const applied = await ops.rosters.apply(
    supplierId,
    endpoint.endpoint_id,
    {
      instrument_id: instrument.instrument_id,
      quality_score: simulated.quality_score,
      quality_source: 'declared by the simulated model',
      context_window: simulated.context_window,
      max_output_tokens: simulated.max_output_tokens,
      tokens_per_second: options.tokens_per_second,
    },
    supplierId,
  );
  const entry = await ops.rosters.decide(applied.entry_id, 'admit', options.reason, operator);
  return { endpoint, entry };
}

/** A model that clears the instrument's floors with room: faster than its floor, quicker than its ceiling. */
function simulatedFor(instrument: Instrument, supplier: (typeof SUPPLIERS)[number], seed: number) {
  const spec = instrument.spec;
  return {
    quality_score: (spec.quality_floor ?? 40) + 5 + seed,
    ttft_ms: Math.round(spec.ttft_max_ms * supplier.latency),
    tokens_per_second: Math.round((spec.throughput_floor_tps ?? 50) * supplier.speed),
    context_window: spec.context_window_min_tokens,
    max_output_tokens: spec.output_length_min_tokens,
    failure_rate: supplier.failure_rate,
    jitter: 0.1,
    seed,
  };
}

function askPrice(instrument: Instrument, factor: number): string {
  const tick = instrument.market.tick_micros;
  const micros = (BASE_PRICE[instrument.symbol] ?? 1) * factor * 1_000_000;
  return formatTicks(Math.round(micros / tick), tick);
}
