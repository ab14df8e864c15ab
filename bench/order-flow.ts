// The seeded order flow shared by the engine and store benchmarks: four traders on text-prime, limit
// orders resting around $2.000 (about a tenth crossing), cancels of earlier ones, some market orders.

import seed from '../resources/instruments.json';
import type { Command } from '../src-main/engine/commands';
import type { Instrument } from '../src-main/engine/instruments';

export const INSTRUMENTS = seed as Instrument[];
const PRIME = INSTRUMENTS.find((i) => i.symbol === 'text-prime')!;
const MARKET = PRIME.market.market_id;
const BUYERS = ['participant_b1', 'participant_b2'];
const SELLERS = ['participant_s1', 'participant_s2'];

/**
 * The participants, their USD and their Units, as commands to run before the flow, as the operator (who
 * approves the sellers' declared capacity).
 */
export function traderSetup(): Command[] {
  return [
    ...BUYERS.map((id): Command => ({
      type: 'create_participant',
      participant_id: id,
      name: id,
      role: 'consumer',
    })),
    ...SELLERS.map((id): Command => ({
      type: 'create_participant',
      participant_id: id,
      name: id,
      role: 'supplier',
    })),
    ...BUYERS.map((id): Command => ({
      type: 'adjust_usd',
      participant_id: id,
      adjustment_id: `a-${id}`,
      amount: 1e15,
      idempotency_key: id,
      reason: 'bench',
    })),
    ...SELLERS.flatMap((id): Command[] => {
      const account = { participant_id: id, instrument_id: PRIME.instrument_id };
      return [
        // 1e9 tokens/s over a 4-hour Lot lifetime covers the million Units each seller issues.
        { type: 'declare_supply_capacity', ...account, tokens_per_second: 1_000_000_000 },
        { type: 'review_supply', ...account, approved: true, reason: 'bench' },
        { type: 'issue_units', ...account, quantity: 1_000_000 },
        { type: 'transfer_issuance_to_trading', ...account, quantity: 1_000_000 },
      ];
    }),
  ];
}

/** A generator of the flow; `marketShare` is the fraction of market orders; ids as the caller mints them. */
export function orderFlow(
  marketShare: number,
  newId: (n: number) => string = (n) => `order_${n}`,
): () => Command {
  let state = 42;
  const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  const resting: string[] = [];
  let orderNo = 0;
  return () => {
    const roll = rand();
    if (resting.length > 100 && roll < 0.3) {
      // Swap-remove a random earlier order to cancel (it may have filled meanwhile: then it is rejected).
      const index = Math.floor(rand() * resting.length);
      const id = resting[index]!;
      resting[index] = resting[resting.length - 1]!;
      resting.pop();
      return { type: 'cancel_order', order_id: id };
    }
    const buy = rand() < 0.5;
    const participant_id = (buy ? BUYERS : SELLERS)[Math.floor(rand() * 2)]!;
    const order_id = newId(++orderNo);
    const side = buy ? 'buy' : 'sell';
    const quantity = 1 + Math.floor(rand() * 5);
    if (roll > 1 - marketShare) {
      return {
        type: 'place_order',
        order_id,
        participant_id,
        market_id: MARKET,
        side,
        order_type: 'market',
        quantity,
        tif: 'ioc',
      };
    }
    const crossing = rand() < 0.1;
    const offset = 1 + Math.floor(rand() * 50);
    const price_ticks = 2000 + (buy === crossing ? offset : -offset);
    resting.push(order_id);
    return {
      type: 'place_order',
      order_id,
      participant_id,
      market_id: MARKET,
      side,
      order_type: 'limit',
      quantity,
      price_ticks,
      tif: 'gtc',
    };
  };
}
