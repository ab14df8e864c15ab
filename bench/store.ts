// Durable-command benchmark: commands through the exchange service with group commit into SQLite
// (WAL, synchronous=FULL). Clients keep CONCURRENCY commands in flight; each command is acknowledged
// only after the transaction holding it commits.
//
// Run: npm run bench:store [-- commands=200000 [concurrency=2000]]
// GRID_DESK_STORE_WRITER=inline commits on the main thread instead of the writer thread.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExchangeService, newOrderId } from '../src-main/service/exchange-service';
import { orderFlow, traderSetup } from './order-flow';

const COMMANDS = Number(process.argv[2] ?? 200_000);
const CONCURRENCY = Number(process.argv[3] ?? 2_000);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const ms = (value: number) => `${value.toFixed(3)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'grid-desk-bench-'));
const service = await ExchangeService.open({ dataDir: dir });

// Time every transaction the group commit makes (on the writer thread, or inline).
const commitTimes: number[] = (service.commitTimes = []);
const batchSizes: number[] = [];
let changes = 0;
service.onCommit((_last, entries) => {
  batchSizes.push(entries.length);
  for (const entry of entries) changes += entry.changes.length;
});

const operator = service.operator()!.participant_id;
for (const command of traderSetup()) await service.submit(command, operator);
// Order ids as the exchange mints them (time-ordered UUIDs), since the store's cost depends on them.
const nextCommand = orderFlow(0, () => newOrderId());

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
console.log(
  `bench:store — ${COMMANDS} commands, ${CONCURRENCY} in flight, SQLite WAL synchronous=FULL, commits ${process.env.GRID_DESK_STORE_WRITER === 'inline' ? 'on the main thread' : 'on the writer thread'}`,
);
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
