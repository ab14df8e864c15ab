// Matching-engine benchmark: a seeded random mix of limit orders (about a tenth crossing), cancels and
// market orders against one OrderBook prefilled with resting orders.
//
// Run: npm run bench:engine [-- operations=2000000 [seed=42]]
//
// Two passes over the same seeded stream on fresh books: the first times whole batches (throughput),
// the second times every operation (latency percentiles; the timer's own cost is included).

import { OrderBook } from '../src-main/engine/matching/order-book';
import type { PlaceInput } from '../src-main/engine/matching/types';

const OPERATIONS = Number(process.argv[2] ?? 2_000_000);
const SEED = Number(process.argv[3] ?? 42);
const PREFILL = 5_000;
const BATCH = 10_000;
const MID = 10_000; // ticks ($10.000 at a $0.001 tick)
const SPREAD_HALF = 500; // passive orders rest within ±500 ticks of the mid
const ACCOUNTS = ['acct-0', 'acct-1', 'acct-2', 'acct-3', 'acct-4', 'acct-5', 'acct-6', 'acct-7'];

/** mulberry32: a tiny, fast, seedable PRNG (the bench must be reproducible). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Op = { kind: 'place'; input: PlaceInput } | { kind: 'cancel'; id: string };

/** Deterministic command source; keeps the ids of passive orders so cancels mostly hit live orders. */
class Workload {
  private readonly random: () => number;
  private readonly cancellable: string[] = [];
  private nextId = 0;
  limits = 0;
  crossingLimits = 0;
  cancels = 0;
  markets = 0;

  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  private int(below: number): number {
    return Math.floor(this.random() * below);
  }

  passive(): PlaceInput {
    const side = this.random() < 0.5 ? 'buy' : 'sell';
    const offset = 1 + this.int(SPREAD_HALF);
    const id = `o${this.nextId++}`;
    this.cancellable.push(id);
    return {
      id,
      account: ACCOUNTS[this.int(ACCOUNTS.length)] as string,
      side,
      type: 'limit',
      priceTicks: side === 'buy' ? MID - offset : MID + offset,
      qty: 1 + this.int(10),
      tif: 'gtc',
    };
  }

  next(): Op {
    const roll = this.random();
    if (roll < 0.5) {
      this.limits++;
      if (this.random() >= 0.1) return { kind: 'place', input: this.passive() };
      this.crossingLimits++;
      const side = this.random() < 0.5 ? 'buy' : 'sell';
      const reach = 1 + this.int(5); // crosses the touch by a few ticks; any remainder rests
      return {
        kind: 'place',
        input: {
          id: `o${this.nextId++}`,
          account: ACCOUNTS[this.int(ACCOUNTS.length)] as string,
          side,
          type: 'limit',
          priceTicks: side === 'buy' ? MID + reach : MID - reach,
          qty: 1 + this.int(10),
          tif: 'gtc',
          stp: 'cancel_maker',
        },
      };
    }
    if (roll < 0.95 && this.cancellable.length > 0) {
      // Swap-remove a random id: each is cancelled at most once (some were filled meanwhile).
      const at = this.int(this.cancellable.length);
      const id = this.cancellable[at] as string;
      this.cancellable[at] = this.cancellable[this.cancellable.length - 1] as string;
      this.cancellable.pop();
      this.cancels++;
      return { kind: 'cancel', id };
    }
    this.markets++;
    return {
      kind: 'place',
      input: {
        id: `o${this.nextId++}`,
        account: ACCOUNTS[this.int(ACCOUNTS.length)] as string,
        side: this.random() < 0.5 ? 'buy' : 'sell',
        type: 'market',
        qty: 1 + this.int(10),
        tif: 'ioc',
        stp: 'cancel_maker',
      },
    };
  }
}

interface PassResult {
  seconds: number;
  latenciesNs: Float64Array | undefined;
  trades: number;
  rejected: number;
  /** Fewest and most resting orders seen between batches. */
  resting: [number, number];
  workload: Workload;
}

function runPass(timeEachOp: boolean): PassResult {
  const book = new OrderBook();
  const workload = new Workload(SEED);
  for (let i = 0; i < PREFILL; i++) book.place(workload.passive());

  const latencies = timeEachOp ? new Float64Array(OPERATIONS) : undefined;
  const batch: Op[] = new Array<Op>(BATCH);
  let trades = 0;
  let rejected = 0;
  let elapsedMs = 0;
  let fewestResting = Infinity;
  let mostResting = 0;
  for (let done = 0; done < OPERATIONS; done += BATCH) {
    if (!timeEachOp) {
      const resting = book.openOrders().length; // outside the timed region
      fewestResting = Math.min(fewestResting, resting);
      mostResting = Math.max(mostResting, resting);
    }
    const size = Math.min(BATCH, OPERATIONS - done);
    for (let i = 0; i < size; i++) batch[i] = workload.next();
    const batchStart = performance.now();
    for (let i = 0; i < size; i++) {
      const op = batch[i] as Op;
      const t0 = timeEachOp ? performance.now() : 0;
      const result = op.kind === 'place' ? book.place(op.input) : book.cancel(op.id);
      if (latencies) latencies[done + i] = (performance.now() - t0) * 1e6;
      if (!result.ok) rejected++;
      else for (const e of result.events) if (e.type === 'trade') trades++;
    }
    elapsedMs += performance.now() - batchStart;
  }
  return {
    seconds: elapsedMs / 1000,
    latenciesNs: latencies,
    trades,
    rejected,
    resting: [fewestResting, mostResting],
    workload,
  };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const throughput = runPass(false);
const latency = runPass(true);
const sorted = (latency.latenciesNs as Float64Array).sort();
const w = throughput.workload;

console.log(
  `grid-desk matching bench: ${fmt(OPERATIONS)} ops after a prefill of ${fmt(PREFILL)} resting orders, seed ${SEED}`,
);
console.log(
  `mix: ${fmt(w.limits)} limits (${((100 * w.crossingLimits) / w.limits).toFixed(1)}% crossing), ` +
    `${fmt(w.cancels)} cancels, ${fmt(w.markets)} market orders; ` +
    `${fmt(throughput.trades)} trades, ${fmt(throughput.rejected)} rejected (cancels of already-filled orders), ` +
    `${fmt(throughput.resting[0])}–${fmt(throughput.resting[1])} orders resting between batches`,
);
console.log(
  `throughput: ${fmt(OPERATIONS / throughput.seconds)} ops/s (${throughput.seconds.toFixed(3)} s, batch-timed)`,
);
console.log(
  `latency per op (timed individually, ${fmt(OPERATIONS / latency.seconds)} ops/s incl. timer cost): ` +
    `p50 ${(percentile(sorted, 50) / 1000).toFixed(2)} µs, p99 ${(percentile(sorted, 99) / 1000).toFixed(2)} µs, ` +
    `p99.9 ${(percentile(sorted, 99.9) / 1000).toFixed(2)} µs, max ${(percentile(sorted, 100) / 1000).toFixed(1)} µs`,
);
