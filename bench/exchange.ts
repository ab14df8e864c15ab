// The whole engine in memory (book + ledger: holds, settlement, fees, change logs), no I/O: the same
// seeded mix as bench/store.ts, through Exchange.execute.
//
// Run: npm run bench:engine (after the book-only figures) or npx tsx bench/exchange.ts [commands=1000000]

import seed from '../resources/instruments.json';
import type { Command } from '../src-main/engine/commands';
import { Exchange } from '../src-main/engine/exchange';
import type { Instrument } from '../src-main/engine/instruments';

const COMMANDS = Number(process.argv[2] ?? 1_000_000);
const instruments = seed as Instrument[];
const PRIME = instruments.find((i) => i.symbol === 'text-prime')!;
const MARKET = PRIME.market.market_id;

const exchange = new Exchange();
let seq = 0;
const run = (command: Command) =>
  exchange.execute(command, { seq: ++seq, time: 1_800_000_000_000 + seq, actor: 'bench' });
for (const instrument of instruments) run({ type: 'define_instrument', instrument });
run({ type: 'create_participant', participant_id: 'participant_op', name: 'Operator', role: 'operator' });
const traders = ['participant_b1', 'participant_b2', 'participant_s1', 'participant_s2'];
traders.forEach((id, i) =>
  run({ type: 'create_participant', participant_id: id, name: id, role: i < 2 ? 'consumer' : 'supplier' }),
);
for (const id of traders.slice(0, 2)) {
  run({
    type: 'adjust_usd',
    participant_id: id,
    adjustment_id: id,
    amount: 1e15,
    idempotency_key: id,
    reason: 'bench',
  });
}
for (const id of traders.slice(2))
  run({ type: 'issue_units', participant_id: id, instrument_id: PRIME.instrument_id, quantity: 1_000_000 });

let state = 42;
const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
const resting: string[] = [];
let orderNo = 0;
function nextCommand(): Command {
  const roll = rand();
  if (resting.length > 100 && roll < 0.3) {
    const index = Math.floor(rand() * resting.length);
    const id = resting[index]!;
    resting[index] = resting[resting.length - 1]!;
    resting.pop();
    return { type: 'cancel_order', order_id: id };
  }
  const buy = rand() < 0.5;
  const who = traders[(buy ? 0 : 2) + Math.floor(rand() * 2)]!;
  const id = `order_${++orderNo}`;
  if (roll > 0.95) {
    return {
      type: 'place_order',
      order_id: id,
      participant_id: who,
      market_id: MARKET,
      side: buy ? 'buy' : 'sell',
      order_type: 'market',
      quantity: 1 + Math.floor(rand() * 5),
      tif: 'ioc',
    };
  }
  const crossing = rand() < 0.1;
  const offset = 1 + Math.floor(rand() * 50);
  const price = crossing ? (buy ? 2000 + offset : 2000 - offset) : buy ? 2000 - offset : 2000 + offset;
  resting.push(id);
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

const commands = Array.from({ length: COMMANDS }, nextCommand);
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
