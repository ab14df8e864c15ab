import seed from '../../../resources/instruments.json';
import type { Command, CommandContext, PlaceOrder } from '../../../src-main/engine/commands';
import { Exchange } from '../../../src-main/engine/exchange';
import type { Instrument } from '../../../src-main/engine/instruments';

export const INSTRUMENTS = seed as Instrument[];
export const PRIME = INSTRUMENTS.find((i) => i.symbol === 'text-prime')!;
export const MARKET = PRIME.market.market_id;
export const OPERATOR = 'participant_op';

/** An exchange with the seeded instruments, an operator, and the given consumers and suppliers. */
export function exchangeWith(
  people: { id: string; role: 'consumer' | 'supplier' }[],
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
  for (const { id, role } of people) run({ type: 'create_participant', participant_id: id, name: id, role });
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

export const issue = (participant: string, quantity: number, instrument = PRIME.instrument_id): Command => ({
  type: 'issue_units',
  participant_id: participant,
  instrument_id: instrument,
  quantity,
});
