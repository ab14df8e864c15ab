// Durable-command benchmark: commands through the exchange service with group commit into SQLite
// (WAL, synchronous=FULL). Clients keep CONCURRENCY commands in flight; each command is acknowledged
// only after the transaction holding it commits.
//
// Run: npm run bench:store [-- commands=200000 [concurrency=2000]]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seed from '../resources/instruments.json';
import type { Command } from '../src-main/engine/commands';
import type { Instrument } from '../src-main/engine/instruments';
import { ExchangeService } from '../src-main/service/exchange-service';
import type { JournalEntry } from '../src-main/store/exchange-store';

const COMMANDS = Number(process.argv[2] ?? 200_000);
const CONCURRENCY = Number(process.argv[3] ?? 2_000);
const PRIME = (seed as Instrument[]).find((i) => i.symbol === 'text-prime')!;
const MARKET = PRIME.market.market_id;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const ms = (value: number) => `${value.toFixed(3)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'grid-desk-bench-'));
const service = await ExchangeService.open({ dataDir: dir });

// Time every transaction the group commit makes.
const commitTimes: number[] = [];
const batchSizes: number[] = [];
let changes = 0;
const commit = service.store.commit.bind(service.store);
service.store.commit = (entries: JournalEntry[]) => {
  const start = performance.now();
  commit(entries);
  commitTimes.push(performance.now() - start);
  batchSizes.push(entries.length);
  for (const entry of entries) changes += entry.changes.length;
};

const traders = ['participant_b1', 'participant_b2', 'participant_s1', 'participant_s2'];
for (const [i, id] of traders.entries()) {
  await service.submit(
    { type: 'create_participant', participant_id: id, name: id, role: i < 2 ? 'consumer' : 'supplier' },
    'bench',
  );
}
for (const id of traders.slice(0, 2)) {
  await service.submit(
    {
      type: 'adjust_usd',
      participant_id: id,
      adjustment_id: `a-${id}`,
      amount: 1e15,
      idempotency_key: id,
      reason: 'bench',
    },
    'bench',
  );
}
for (const id of traders.slice(2)) {
  await service.submit(
    { type: 'issue_units', participant_id: id, instrument_id: PRIME.instrument_id, quantity: 1_000_000 },
    'bench',
  );
}

// A seeded mix: limit orders resting around the mid (about a tenth crossing) and cancels of earlier ones.
let state = 42;
const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
const resting: string[] = [];
let orderNo = 0;
function nextCommand(): Command {
  if (resting.length > 100 && rand() < 0.3) {
    const index = Math.floor(rand() * resting.length);
    const id = resting[index]!;
    resting[index] = resting[resting.length - 1]!;
    resting.pop();
    return { type: 'cancel_order', order_id: id };
  }
  const buy = rand() < 0.5;
  const crossing = rand() < 0.1;
  const offset = 1 + Math.floor(rand() * 50);
  const price = crossing ? (buy ? 2000 + offset : 2000 - offset) : buy ? 2000 - offset : 2000 + offset;
  const id = `order_${++orderNo}`;
  resting.push(id);
  const who = traders[(buy ? 0 : 2) + Math.floor(rand() * 2)]!;
  return {
    type: 'place_order',
    order_id: id,
    participant_id: who,
    market_id: MARKET,
    side: buy ? 'buy' : 'sell',
    order_type: 'limit',
    quantity: 1 + Math.floor(rand() * 5),
    price_ticks: price,
    tif: 'gtc',
  };
}

const latencies: number[] = [];
let submitted = 0;
let rejected = 0;
const started = performance.now();
async function client(): Promise<void> {
  while (submitted < COMMANDS) {
    submitted++;
    const sent = performance.now();
    try {
      await service.submit(nextCommand(), 'bench');
      latencies.push(performance.now() - sent);
    } catch {
      rejected++; // cancels of orders that already filled
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, client));
const seconds = (performance.now() - started) / 1000;
service.close();
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
commitTimes.sort((a, b) => a - b);
const durable = latencies.length;
console.log(`bench:store — ${COMMANDS} commands, ${CONCURRENCY} in flight, SQLite WAL synchronous=FULL`);
console.log(
  `  durable commands/s:  ${Math.round(durable / seconds).toLocaleString('en-US')} (${durable} acknowledged, ${rejected} rejected, ${seconds.toFixed(2)} s)`,
);
console.log(
  `  group commits:       ${commitTimes.length} transactions, ${(durable / commitTimes.length).toFixed(0)} commands each on average`,
);
console.log(`  changes per command: ${(changes / durable).toFixed(2)} (before coalescing within a batch)`);
console.log(
  `  commit time:         p50 ${ms(percentile(commitTimes, 0.5))}, p99 ${ms(percentile(commitTimes, 0.99))}, max ${ms(commitTimes.at(-1)!)}`,
);
console.log(
  `  ack latency:         p50 ${ms(percentile(latencies, 0.5))}, p99 ${ms(percentile(latencies, 0.99))}`,
);
