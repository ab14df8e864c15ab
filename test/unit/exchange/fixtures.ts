import seed from '../../../resources/instruments.json';
import type { Command, CommandContext, PlaceOrder } from '../../../src-main/engine/commands';
import { Exchange } from '../../../src-main/engine/exchange';
import type { Instrument } from '../../../src-main/engine/instruments';

export const INSTRUMENTS = seed as Instrument[];
export const PRIME = INSTRUMENTS.find((i) => i.symbol === 'text-prime')!;
export const MARKET = PRIME.market.market_id;
export const OPERATOR = 'participant_op';

/**
 * An exchange with the seeded instruments, an operator, and the given consumers and suppliers; suppliers
 * are approved to issue in every instrument (TEST_CAPACITY) unless `approved` is false.
 */
export function exchangeWith(
  people: { id: string; role: 'consumer' | 'supplier'; approved?: boolean }[],
  fees?: { maker: number; taker: number },
) {
  const exchange = new Exchange();
  let seq = 0;
  // The clock moves 1 s per command; tests jump it further with `clock.advance` (sweeps, expiry).
  let offset = 0;
  const clock = {
    now: () => 1_800_000_000_000 + seq * 1000 + offset,
    advance: (ms: number) => void (offset += ms),
  };
  const run = (command: Command, actor = OPERATOR) => {
    const ctx: CommandContext = { seq: seq + 1, time: clock.now(), actor };
    const outcome = exchange.execute(command, ctx);
    if (outcome.ok && !outcome.replayed) seq = ctx.seq;
    return outcome;
  };
  for (const instrument of INSTRUMENTS) {
    const market = fees
      ? { ...instrument.market, maker_fee_bps: fees.maker, taker_fee_bps: fees.taker }
      : instrument.market;
    run({ type: 'define_instrument', instrument: { ...instrument, market } });
  }
  run({ type: 'create_participant', participant_id: OPERATOR, name: 'Operator', role: 'operator' });
  for (const { id, role, approved } of people) {
    run({ type: 'create_participant', participant_id: id, name: id, role });
    if (role !== 'supplier' || approved === false) continue;
    for (const instrument of INSTRUMENTS) {
      for (const command of approveSupply(id, instrument.instrument_id)) run(command);
    }
  }
  return { exchange, run, clock };
}

let orderCounter = 0;
export function limit(
  participant: string,
  side: 'buy' | 'sell',
  price: number,
  quantity: number,
  extra: Partial<PlaceOrder> = {},
): PlaceOrder {
  return {
    type: 'place_order',
    order_id: `order_${++orderCounter}`,
    participant_id: participant,
    market_id: MARKET,
    side,
    order_type: 'limit',
    quantity,
    price_ticks: price,
    tif: 'gtc',
    ...extra,
  };
}

export const deposit = (participant: string, micros: number, key = `dep-${++orderCounter}`): Command => ({
  type: 'adjust_usd',
  participant_id: participant,
  adjustment_id: `adj-${key}`,
  amount: micros,
  idempotency_key: key,
  reason: 'test',
});

/** Enough declared capacity for any test: 1M tokens/s, 14,400 Units over a 4-hour Lot lifetime. */
export const TEST_CAPACITY = 1_000_000;

/** What lets a supplier issue in an instrument: a declared capacity, approved by the operator. */
export const approveSupply = (
  supplier: string,
  instrument = PRIME.instrument_id,
  tokensPerSecond = TEST_CAPACITY,
): Command[] => [
  {
    type: 'declare_supply_capacity',
    participant_id: supplier,
    instrument_id: instrument,
    tokens_per_second: tokensPerSecond,
  },
  {
    type: 'review_supply',
    participant_id: supplier,
    instrument_id: instrument,
    approved: true,
    reason: 'test',
  },
];

/** Issues Units into the supplier's Issuance account. */
export const issue = (participant: string, quantity: number, instrument = PRIME.instrument_id): Command => ({
  type: 'issue_units',
  participant_id: participant,
  instrument_id: instrument,
  quantity,
});

export const toTrading = (
  participant: string,
  quantity: number,
  instrument = PRIME.instrument_id,
): Command => ({
  type: 'transfer_issuance_to_trading',
  participant_id: participant,
  instrument_id: instrument,
  quantity,
});

/** Issues Units and moves them to the supplier's Trading account, ready to sell. */
export const stock = (participant: string, quantity: number, instrument = PRIME.instrument_id): Command[] => [
  issue(participant, quantity, instrument),
  toTrading(participant, quantity, instrument),
];
