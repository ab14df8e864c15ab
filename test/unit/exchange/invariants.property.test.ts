import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command, Outcome } from '../../../src-main/engine/commands';
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
  // The life of a Unit: declared capacity and its review, issuance to trading, transfers, sweeps, draws,
  // expiry, clock jumps.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('supply' as const),
      who: fc.nat(1),
      market: fc.nat(1),
      // Suppliers start approved for 14,400 Units; a lower declaration makes the cap bite.
      tokensPerSecond: fc.integer({ min: 0, max: 4000 }),
      review: fc.constantFrom(
        'declare' as const,
        'approve' as const,
        'revoke' as const,
        'bySupplier' as const,
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('issuanceToTrading' as const),
      who: fc.nat(1),
      market: fc.nat(1),
      qty: fc.integer({ min: 1, max: 20 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      who: fc.nat(3),
      market: fc.nat(1),
      qty: fc.integer({ min: 0, max: 6 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sweep' as const), back: fc.nat(3) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('draw' as const),
      who: fc.nat(3),
      market: fc.nat(1),
      tokens: fc.integer({ min: 1, max: 4_000_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('clock' as const),
      seconds: fc.integer({ min: 1, max: 6 * 3600 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('autoSettings' as const),
      // Consumers in the first market only, so settings and top-ups meet often enough.
      who: fc.integer({ min: 2, max: 3 }),
      market: fc.constant(0),
      mode: fc.constantFrom('auto' as const, 'auto' as const, 'advanced' as const),
      threshold: fc.integer({ min: 0, max: 5_000_000 }),
      units: fc.integer({ min: 1, max: 6 }),
      price: fc.integer({ min: 995, max: 1005 }),
      ceiling: fc.integer({ min: 0, max: 20 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('topUp' as const),
      who: fc.integer({ min: 2, max: 3 }),
      market: fc.constant(0),
      // Often a supplier's ask arrives just before, so some top-ups find liquidity.
      ask: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      who: fc.nat(3),
      market: fc.nat(1),
      tokens: fc.integer({ min: 1, max: 150_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('settle' as const),
      pick: fc.nat(),
      outcome: fc.constantFrom('billed' as const, 'billed' as const, 'late' as const, 'failed' as const),
      // Sometimes more than was reserved: the upstream answered longer than estimated.
      tokens: fc.integer({ min: 0, max: 500_000 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('schedule' as const),
      mode: fc.constantFrom('scheduled' as const, 'interval' as const, 'immediate' as const),
      ttl: fc.option(fc.integer({ min: 0, max: 8 * 3600 })),
    }),
  },
);
type Step = typeof command extends fc.Arbitrary<infer T> ? T : never;

/**
 * Stop orders and suspensions, drawn after the steps (so a fixed seed gives the same steps with or
 * without them): the nth step's extra may make its order a stop, or suspend a trader (and resume them
 * in a second command, so the rest of the stream keeps all four) before it.
 */
const extra = fc.record({
  stop: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer({ min: 996, max: 1004 }) },
  ),
  suspend: fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(3) }),
});
type Extra = typeof extra extends fc.Arbitrary<infer T> ? T : never;

function toCommand(step: Step, placed: string[], n: number, now: number, calls: string[]): Command | null {
  switch (step.kind) {
    case 'reserve':
      return {
        type: 'reserve_tokens',
        reservation_id: `call-${n}`,
        participant_id: PEOPLE[step.who]!,
        instrument_id: MARKETS[step.market]!.instrument_id,
        key_id: `key-${PEOPLE[step.who]!}`,
        tokens: step.tokens,
      };
    case 'settle': {
      const id = calls[step.pick % Math.max(calls.length, 1)] ?? 'call-none';
      const billed = step.outcome === 'billed';
      return {
        type: 'settle_call',
        call: {
          call_id: id,
          surface: 'openai',
          streamed: false,
          endpoint_id: null,
          supplier_id: null,
          substituted: false,
          attempts: 1,
          outcome: step.outcome,
          input_tokens: step.tokens,
          output_tokens: 0,
          ttft_ms: 10,
          throughput_milli_tps: null,
          started_at: now,
          finished_at: now,
          error: null,
          bill_tokens: billed ? step.tokens : 0,
        },
      };
    }
    case 'release':
      return { type: 'release_reservations' };
    case 'supply': {
      const [participant_id, instrument_id] = [SUPPLIERS[step.who]!, MARKETS[step.market]!.instrument_id];
      if (step.review === 'declare')
        return {
          type: 'declare_supply_capacity',
          participant_id,
          instrument_id,
          tokens_per_second: step.tokensPerSecond,
        };
      return {
        type: 'review_supply',
        participant_id,
        instrument_id,
        approved: step.review !== 'revoke',
        reason: step.review,
      };
    }
    case 'issuanceToTrading':
      return {
        type: 'transfer_issuance_to_trading',
        participant_id: SUPPLIERS[step.who]!,
        instrument_id: MARKETS[step.market]!.instrument_id,
        quantity: step.qty,
      };
    case 'transfer':
      return {
        type: 'transfer_to_consumption',
        participant_id: PEOPLE[step.who]!,
        instrument_id: MARKETS[step.market]!.instrument_id,
        quantity: step.qty,
      };
    case 'sweep':
      // Sometimes in the past (out of order, rejected when not after the last one).
      return { type: 'run_sweep', sweep_id: `sweep-${n}`, scheduled_for: now - step.back * 1000 };
    case 'draw':
      return {
        type: 'draw_tokens',
        participant_id: PEOPLE[step.who]!,
        instrument_id: MARKETS[step.market]!.instrument_id,
        tokens: step.tokens,
        draw_id: `draw-${n}`,
      };
    case 'expire':
      return { type: 'expire_lots' };
    case 'clock':
      return null;
    case 'autoSettings':
      return {
        type: 'set_auto_mode',
        participant_id: PEOPLE[step.who]!,
        instrument_id: MARKETS[step.market]!.instrument_id,
        mode: step.mode,
        threshold_tokens: step.threshold,
        top_up_units: step.units,
        max_price_ticks: step.price,
        daily_spend_ceiling: step.ceiling * 1_000_000,
      };
    case 'topUp':
      return {
        type: 'auto_top_up',
        participant_id: PEOPLE[step.who]!,
        instrument_id: MARKETS[step.market]!.instrument_id,
        top_up_id: `t${n}`,
        order_id: `o${n}`,
      };
    case 'schedule':
      return {
        type: 'set_sweep_schedule',
        mode: step.mode,
        ...(step.mode === 'interval' && { interval_seconds: 300 }),
        ...(step.ttl !== null && { lot_ttl_seconds: step.ttl }),
      };
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
  /** Runs random streams, checking the invariants after every step; returns what the streams reached. */
  function streams(options: { numRuns: number; seed?: number; stops: boolean }): Set<string> {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(command, { minLength: 1, maxLength: 150, size: 'medium' }),
        fc.boolean(),
        fc.array(extra, { minLength: 1, maxLength: 150, size: 'medium' }),
        (steps, withFees, extras) => {
          const { exchange, run, clock } = exchangeWith(
            PEOPLE.map((id, i) => ({ id, role: i < 2 ? ('supplier' as const) : ('consumer' as const) })),
            withFees ? { maker: 7, taker: 30 } : undefined,
          );
          for (const who of PEOPLE) {
            run(deposit(who, 50_000_000, `seed-${who}`));
            const key = {
              key_id: `key-${who}`,
              participant_id: who,
              name: 'k',
              secret_hash: `h-${who}`,
              prefix: 'p',
            };
            const limits = {
              expires_at: null,
              requests_per_minute: null,
              tokens_per_minute: null,
              spend_budget: null,
            };
            run({ type: 'create_consumption_key', key: { ...key, ...limits } });
          }
          const placed: string[] = [];
          const calls: string[] = [];
          // What each command reported changing, as reported: the store may write it after later commands.
          const reported: { changes: unknown; json: string; n: number }[] = [];
          const noteStops = (outcome: Outcome) => {
            for (const change of outcome.ok ? outcome.changes : []) {
              if (change.kind !== 'order' || change.order.stop_price_ticks === null) continue;
              if (change.order.status === 'pending') seen.add('stop pending');
              else if (change.order.closure === 'suspended') seen.add('stop cancelled by suspension');
              else if (change.order.closure !== 'cancelled') seen.add('stop triggered');
            }
          };
          /** Suspends a trader (checking that nothing of theirs stays live), then resumes them. */
          const suspendAndResume = (participant_id: string) => {
            const outcome = run({ type: 'set_participant_status', participant_id, status: 'suspended' });
            noteStops(outcome);
            if (!outcome.ok) return;
            const { cancelled_orders } = outcome.result as { cancelled_orders: unknown[] };
            if (cancelled_orders.length > 0) seen.add('suspension cancelled orders');
            const live = [...exchange.state.orders.values()].filter(
              (o) => o.participant_id === participant_id,
            );
            expect(live).toEqual([]);
            expect(checkInvariants(exchange.state)).toEqual([]);
            run({ type: 'set_participant_status', participant_id, status: 'active' });
          };
          steps.forEach((step, n) => {
            const { stop, suspend }: Extra = options.stops
              ? extras[n % extras.length]!
              : { stop: null, suspend: null };
            if (suspend !== null) suspendAndResume(PEOPLE[suspend]!);
            if (step.kind === 'clock') {
              clock.advance(step.seconds * 1000);
              expect(checkInvariants(exchange.state)).toEqual([]);
              return;
            }
            if (step.kind === 'topUp' && step.ask) {
              run({
                type: 'place_order',
                order_id: `ask${n}`,
                participant_id: SUPPLIERS[n % 2]!,
                market_id: MARKETS[0]!.market.market_id,
                side: 'sell',
                order_type: 'limit',
                quantity: 3,
                price_ticks: 995,
                tif: 'gtc',
              });
              expect(checkInvariants(exchange.state)).toEqual([]);
            }
            const base = toCommand(step, placed, n, clock.now(), calls)!;
            const cmd: Command =
              base.type === 'place_order' && stop !== null ? { ...base, stop_price_ticks: stop } : base;
            const before = canonicalState(exchange.state);
            const bySupplier = step.kind === 'supply' && step.review === 'bySupplier';
            const outcome = run(cmd, bySupplier ? SUPPLIERS[step.who] : undefined);
            if (!outcome.ok && outcome.reason === 'capacity_exceeded')
              seen.add('issuance over capacity refused');
            if (cmd.type === 'place_order' && outcome.ok) placed.push(cmd.order_id);
            if (cmd.type === 'reserve_tokens' && outcome.ok) calls.push(cmd.reservation_id);
            if (
              cmd.type === 'settle_call' &&
              outcome.ok &&
              (outcome.result as { billed_tokens: number }).billed_tokens > 0
            )
              seen.add('call billed');
            if (outcome.ok)
              reported.push({ changes: outcome.changes, json: JSON.stringify(outcome.changes), n });
            if (outcome.ok) seen.add(cmd.type);
            noteStops(outcome);
            if (outcome.ok && cmd.type === 'auto_top_up')
              seen.add(
                (outcome.result as { filled: number }).filled > 0 ? 'top-up bought' : 'top-up bought nothing',
              );
            if (outcome.ok && cmd.type === 'run_sweep' && (outcome.result as { units: number }).units > 0)
              seen.add('sweep moved Units');
            if (
              outcome.ok &&
              cmd.type === 'run_sweep' &&
              (outcome.result as { orders_cancelled: number }).orders_cancelled > 0
            )
              seen.add('sweep cancelled asks');
            if (
              outcome.ok &&
              exchange.state.sweepConfig.mode === 'immediate' &&
              cmd.type === 'place_order' &&
              (outcome.result as { trades: unknown[] }).trades.length > 0
            )
              seen.add('immediate fill');
            if (!outcome.ok)
              expect(
                canonicalState(exchange.state) === before,
                `${cmd.type} rejected (${outcome.message}) but changed state`,
              ).toBe(true);
            expect(checkInvariants(exchange.state), `after step ${n}: ${JSON.stringify(cmd)}`).toEqual([]);
          });
          for (const { changes, json, n } of reported)
            expect(JSON.stringify(changes), `changes of step ${n} were modified later`).toBe(json);
        },
      ),
      options,
    );
    return seen;
  }

  // Long timeouts: the streams are many and the machine may be busy; nothing here depends on time.
  it('hold after every command, and a rejected command changes nothing', { timeout: 180_000 }, () => {
    streams({ numRuns: 200, stops: true });
  });

  it('reach stop orders and suspensions (a fixed seed)', { timeout: 180_000 }, () => {
    const seen = streams({ numRuns: 100, seed: 1, stops: true });
    expect(
      [
        'stop pending',
        'stop triggered',
        'stop cancelled by suspension',
        'suspension cancelled orders',
      ].filter((label) => !seen.has(label)),
    ).toEqual([]);
  });

  it(
    'reach every part of the lifecycle (a fixed seed, so this coverage check cannot flake)',
    { timeout: 180_000 },
    () => {
      const seen = streams({ numRuns: 200, seed: 1, stops: false });
      expect([...seen].sort()).toEqual(
        expect.arrayContaining([
          'declare_supply_capacity',
          'draw_tokens',
          'expire_lots',
          'immediate fill',
          'issuance over capacity refused',
          'issue_units',
          'call billed',
          'release_reservations',
          'reserve_tokens',
          'review_supply',
          'run_sweep',
          'settle_call',
          'set_sweep_schedule',
          'sweep moved Units',
          'top-up bought',
          'top-up bought nothing',
          'transfer_issuance_to_trading',
          'transfer_to_consumption',
        ]),
      );
    },
  );

  it('the checker notices a broken ledger', () => {
    const { exchange, run } = exchangeWith([{ id: 'participant_c1', role: 'consumer' }]);
    run(deposit('participant_c1', 5_000_000));
    exchange.state.usd.get('participant_c1')!.total += 1;
    expect(checkInvariants(exchange.state)).toEqual([expect.stringMatching(/USD not conserved/)]);
  });
});
