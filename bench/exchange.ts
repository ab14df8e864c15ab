// The whole engine in memory (book + ledger: holds, settlement, fees, change logs), no I/O, on the
// seeded flow of bench/order-flow.ts, through Exchange.execute.
//
// Run: npm run bench:engine (after the book-only figures), or npx tsx bench/exchange.ts [commands=1000000]

import type { Command } from '../src-main/engine/commands';
import { Exchange } from '../src-main/engine/exchange';
import { INSTRUMENTS, orderFlow, traderSetup } from './order-flow';

const COMMANDS = Number(process.argv[2] ?? 1_000_000);

const exchange = new Exchange();
let seq = 0;
const run = (command: Command) =>
  exchange.execute(command, { seq: ++seq, time: 1_800_000_000_000 + seq, actor: 'participant_op' });
for (const instrument of INSTRUMENTS) run({ type: 'define_instrument', instrument });
run({ type: 'create_participant', participant_id: 'participant_op', name: 'Operator', role: 'operator' });
traderSetup().forEach(run);

const commands = Array.from({ length: COMMANDS }, orderFlow(0.05));
const latencies = new Float64Array(COMMANDS);
const started = performance.now();
for (let i = 0; i < COMMANDS; i++) {
  const t = performance.now();
  run(commands[i]!);
  latencies[i] = performance.now() - t;
}
const seconds = (performance.now() - started) / 1000;
latencies.sort();
const us = (p: number) =>
  `${(latencies[Math.min(COMMANDS - 1, Math.floor(COMMANDS * p))]! * 1000).toFixed(2)} µs`;
console.log(
  `exchange engine (book + ledger), ${COMMANDS.toLocaleString('en-US')} commands, ${exchange.state.orders.size} orders resting at the end`,
);
console.log(
  `throughput: ${Math.round(COMMANDS / seconds).toLocaleString('en-US')} commands/s (timed individually)`,
);
console.log(`latency: p50 ${us(0.5)}, p99 ${us(0.99)}, p99.9 ${us(0.999)}`);
