import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src-main/engine/commands';
import { canonicalState } from '../../../src-main/engine/exchange';
import { checkInvariants } from '../../../src-main/engine/invariants';
import { deposit, exchangeWith, INSTRUMENTS, issue } from './fixtures';

const PEOPLE = ['participant_s1', 'participant_s2', 'participant_c1', 'participant_c2'];
const SUPPLIERS = PEOPLE.slice(0, 2);
const MARKETS = INSTRUMENTS.slice(0, 2);

/** Random command streams over two markets and four traders; order ids index into those placed so far. */
const command = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deposit' as const),
      who: fc.nat(3),
      amount: fc.integer({ min: -30, max: 200 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('issue' as const),
      who: fc.nat(1),
      market: fc.nat(1),
      qty: fc.integer({ min: 1, max: 20 }),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      who: fc.nat(3),
      market: fc.nat(1),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      type: fc.constantFrom('limit' as const, 'limit' as const, 'market' as const),
      price: fc.integer({ min: 995, max: 1005 }),
      qty: fc.integer({ min: 1, max: 8 }),
      tif: fc.constantFrom('gtc' as const, 'ioc' as const, 'fok' as const),
      postOnly: fc.boolean(),
      stp: fc.constantFrom(
        'cancel_taker' as const,
        'cancel_maker' as const,
        'cancel_both' as const,
        'decrement_and_cancel' as const,
      ),
      slippage: fc.option(fc.integer({ min: 0, max: 4 })),
      clientId: fc.option(fc.constantFrom('a', 'b', 'c')),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(), asOwner: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      pick: fc.nat(),
      price: fc.option(fc.integer({ min: 995, max: 1005 })),
      qty: fc.option(fc.integer({ min: 1, max: 10 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('cancelAll' as const),
      who: fc.option(fc.nat(3)),
      market: fc.option(fc.nat(1)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('halt' as const), market: fc.nat(1), halted: fc.boolean() }),
  },
);
type Step = typeof command extends fc.Arbitrary<infer T> ? T : never;

function toCommand(step: Step, placed: string[], n: number): Command {
  switch (step.kind) {
    case 'deposit':
      return deposit(PEOPLE[step.who]!, step.amount * 1_000_000, `k${n}`);
    case 'issue':
      return issue(SUPPLIERS[step.who]!, step.qty, MARKETS[step.market]!.instrument_id);
    case 'place': {
      const isMarket = step.type === 'market';
      return {
        type: 'place_order',
        order_id: `o${n}`,
        participant_id: PEOPLE[step.who]!,
        market_id: MARKETS[step.market]!.market.market_id,
        side: step.side,
        order_type: step.type,
        quantity: step.qty,
        ...(!isMarket && { price_ticks: step.price }),
        tif: isMarket && step.tif === 'gtc' ? 'ioc' : step.tif,
        ...(step.postOnly && !isMarket && step.tif === 'gtc' && { post_only: true }),
        stp: step.stp,
        ...(step.slippage !== null && { max_slippage_ticks: step.slippage }),
        ...(step.clientId !== null && { client_order_id: step.clientId }),
      };
    }
    case 'cancel': {
      const id = placed[step.pick % Math.max(placed.length, 1)] ?? 'o-none';
      return {
        type: 'cancel_order',
        order_id: id,
        ...(step.asOwner && { participant_id: PEOPLE[step.pick % 4]! }),
      };
    }
    case 'amend': {
      const id = placed[step.pick % Math.max(placed.length, 1)] ?? 'o-none';
      return {
        type: 'amend_order',
        order_id: id,
        ...(step.price !== null && { price_ticks: step.price }),
        ...(step.qty !== null && { quantity: step.qty }),
      };
    }
    case 'cancelAll':
      return {
        type: 'cancel_all',
        ...(step.who !== null && { participant_id: PEOPLE[step.who]! }),
        ...(step.market !== null && { market_id: MARKETS[step.market]!.market.market_id }),
      };
    case 'halt':
      return {
        type: 'set_market_halt',
        market_id: MARKETS[step.market]!.market.market_id,
        halted: step.halted,
      };
  }
}

describe('exchange invariants on random command streams', () => {
  it('hold after every command, and a rejected command changes nothing', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 150 }), fc.boolean(), (steps, withFees) => {
        const { exchange, run } = exchangeWith(
          PEOPLE.map((id, i) => ({ id, role: i < 2 ? ('supplier' as const) : ('consumer' as const) })),
          withFees ? { maker: 7, taker: 30 } : undefined,
        );
        for (const who of PEOPLE) run(deposit(who, 50_000_000, `seed-${who}`));
        const placed: string[] = [];
        steps.forEach((step, n) => {
          const cmd = toCommand(step, placed, n);
          const before = canonicalState(exchange.state);
          const outcome = run(cmd);
          if (cmd.type === 'place_order' && outcome.ok) placed.push(cmd.order_id);
          if (!outcome.ok)
            expect(
              canonicalState(exchange.state) === before,
              `${cmd.type} rejected (${outcome.message}) but changed state`,
            ).toBe(true);
          expect(checkInvariants(exchange.state), `after step ${n}: ${JSON.stringify(cmd)}`).toEqual([]);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('the checker notices a broken ledger', () => {
    const { exchange, run } = exchangeWith([{ id: 'participant_c1', role: 'consumer' }]);
    run(deposit('participant_c1', 5_000_000));
    exchange.state.usd.get('participant_c1')!.total += 1;
    expect(checkInvariants(exchange.state)).toEqual([expect.stringMatching(/USD not conserved/)]);
  });
});
