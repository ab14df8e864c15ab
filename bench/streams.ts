// Book-stream delivery latency: the time from `submit` of an order (or cancel) to the arrival of the
// market.book delta that reflects it at a subscribed WebSocket client over loopback, under a steady
// order flow. The exchange runs in this process (durable group commit, synchronous=FULL, as in
// production); each subscriber runs in its own worker thread so its parsing does not share the
// exchange's event loop. Times are performance.timeOrigin + performance.now() on both sides.
//
// Every command changes the book: limit orders that do not cross (bids 1.000-1.999, asks 2.000-2.999)
// and, past 2,000 resting orders, cancels of the oldest. A command's latency ends at the first delta
// whose `sequence` is at or past the command's sequence number.
//
// Run: npx tsx bench/streams.ts [orders-per-second] [seconds=5] [subscribers=1]
// Without arguments it runs 1,000, 5,000 and 10,000 commands/s for 5 s each with one subscriber.
//
// Slow readers: npx tsx bench/streams.ts slow [seconds=5] [idle=1000] [rounds=6]
// Order throughput (the same flow, closed loop with 64 commands in flight, as fast as the exchange
// takes them) with no subscribers, and with `idle` subscribers to the market's book and trades that
// take their subscription's snapshot and then never read again (in a child process, as real clients
// are elsewhere). Each socket's queue is bounded, so they are dropped rather than slow the exchange.
// The machine may be shared and noisy: after a warm-up of each kind, rounds alternate which kind runs
// first (none, idle; idle, none; ...) so drift and other load fall on both alike, and a fresh set of
// clients connects for each idle run, fully subscribed before it starts (the server counts them); a
// run without them starts only once the server has seen every one go. Prints each round's rates and
// ratio, then the median ratio and its spread, the clients dropped and the process's memory.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { startExchangeNode } from '../src-main/server';
import { admitSimulatedEndpoint, AMPLE_SIMULATED_SUPPLY } from '../src-main/service/sandbox';

const SLOW = process.argv[2] === 'slow';
const args = process.argv.slice(SLOW ? 3 : 2).map(Number);
const runs = args[0] ? [args[0]] : [1_000, 5_000, 10_000];
const SECONDS = (SLOW ? args[0] : args[1]) || 5;
const SUBSCRIBERS = args[2] ?? 1;
const IDLE = args[1] ?? 1_000;
const ROUNDS = (SLOW && args[2]) || 6;
const MAX_RESTING = 2_000;

const now = () => performance.timeOrigin + performance.now();

const SUBSCRIBER = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require('ws');
const ws = new WebSocket(workerData.url);
let arrivals = [];
let seq = 0;
let gaps = 0;
ws.on('open', () => ws.send(JSON.stringify({ op: 'subscribe', channel: 'market.book', market_id: workerData.market })));
ws.on('message', (data) => {
  const at = performance.timeOrigin + performance.now();
  const m = JSON.parse(String(data));
  if (m.channel !== 'market.book' || m.seq === undefined) return;
  if (m.type === 'snapshot') {
    seq = m.seq;
    parentPort.postMessage({ ready: true });
    return;
  }
  if (m.seq !== seq + 1) gaps++;
  seq = m.seq;
  arrivals.push(m.sequence, at);
});
ws.on('close', () => parentPort.postMessage({ closed: true }));
parentPort.on('message', (message) => {
  if (message === 'report') {
    parentPort.postMessage({ arrivals, gaps });
    arrivals = [];
  } else if (message === 'close') ws.close();
});
`;

const IDLE_CLIENTS = `
const WebSocket = require('ws');
const [url, market, count] = process.argv.slice(1);
let subscribed = 0;
for (let i = 0; i < Number(count); i++) {
  const ws = new WebSocket(url);
  ws.on('error', () => {});
  ws.once('unexpected-response', () => process.exit(2));
  ws.once('open', () => {
    // Trades first: the book's snapshot, answered in order after it, says both are in place.
    ws.send(JSON.stringify({ op: 'subscribe', channel: 'market.trades', market_id: market }));
    ws.send(JSON.stringify({ op: 'subscribe', channel: 'market.book', market_id: market }));
  });
  const onMessage = (data) => {
    const m = JSON.parse(String(data));
    if (m.channel !== 'market.book' || m.type !== 'snapshot') return;
    ws.off('message', onMessage);
    // Stops reading: nothing more is taken from the kernel's socket buffer.
    ws.pause();
    if (++subscribed === Number(count)) process.stdout.write('ready\\n');
  };
  ws.on('message', onMessage);
}
`;

interface Report {
  arrivals: number[];
  gaps: number;
}

function subscriber(url: string, market: string) {
  const worker = new Worker(SUBSCRIBER, { eval: true, workerData: { url, market } });
  const ready = new Promise<void>((resolve) =>
    worker.on('message', (m: { ready?: boolean }) => m.ready && resolve()),
  );
  const report = () =>
    new Promise<Report>((resolve) => {
      const listener = (m: Report & { ready?: boolean }) => {
        if (!m.arrivals) return;
        worker.off('message', listener);
        resolve(m);
      };
      worker.on('message', listener);
      worker.postMessage('report');
    });
  return { worker, ready, report };
}

// BENCH_DATA_DIR=/dev/shm takes the disk's fsync time (and other processes' disk load) out of the figures.
const dataDir = mkdtempSync(join(process.env.BENCH_DATA_DIR ?? tmpdir(), 'grid-desk-bench-streams-'));
// The idle subscribers all come from loopback: lift the per-address cap for them.
const node = await startExchangeNode({ dataDir, port: 0, streams: { maxConnectionsPerAddress: 100_000 } });
const { ops, service } = node;
const operator = service.operator()!.participant_id;
const prime = ops.instruments().find((i) => i.symbol === 'text-prime')!;
const market = prime.trading_parameters.market_id;
const { supply, lifecycle: life } = ops;
const traders: string[] = [];
for (const name of ['Bench buyer', 'Bench seller']) {
  const id = (await ops.createParticipant({ name, role: 'supplier' }, operator)).participant_id;
  await ops.adjustUsd(id, { amount: '100000000', idempotency_key: 'bench', reason: 'bench' }, operator);
  // Issuance is gated: a simulated endpoint admitted to the roster with capacity for 1,000,000 Units.
  const units = { instrument_id: prime.instrument_id, quantity: 1_000_000 };
  await admitSimulatedEndpoint(
    ops,
    id,
    service.engine.state.instruments.get(prime.instrument_id)!,
    AMPLE_SIMULATED_SUPPLY,
  );
  await supply.issue(id, units, id);
  await life.issuanceToTrading(id, units, id);
  traders.push(id);
}
const [buyer, seller] = traders as [string, string];
const wsUrl = `${node.url.replace('http', 'ws')}/v1/ws`;

let rng = 42;
const random = () => {
  rng = (rng * 1_103_515_245 + 12_345) % 2_147_483_648;
  return rng / 2_147_483_648;
};

/**
 * The benchmark's command flow: limit orders that rest without crossing (bids 1.000-1.999, asks
 * 2.000-2.999) and, past MAX_RESTING resting orders, cancels of the oldest. Every command changes the book.
 */
function orderFlow() {
  const resting: string[] = [];
  const flow = {
    rejected: 0,
    submit(): Promise<unknown> {
      let pending: Promise<unknown>;
      if (resting.length > MAX_RESTING) {
        const [participant, orderId] = resting.shift()!.split(' ') as [string, string];
        pending = ops.cancelOrder(participant, orderId, participant);
      } else {
        const buy = random() < 0.5;
        const participant = buy ? buyer : seller;
        const price = ((buy ? 1000 : 2000) + Math.floor(random() * 1000)) / 1000;
        pending = ops
          .placeOrder(
            participant,
            {
              market_id: market,
              side: buy ? 'buy' : 'sell',
              type: 'limit',
              quantity: 1 + Math.floor(random() * 10),
              price: price.toFixed(3),
            },
            participant,
          )
          .then((r) => resting.push(`${participant} ${r.order.order_id}`));
      }
      return pending.catch(() => flow.rejected++);
    },
  };
  return flow;
}

/**
 * The main thread's busy share, the process's CPU time per command and the event loop's p99 delay
 * (how long a commit report or request could wait behind other work) during the last `throughput` run.
 */
let lastBusy = 0;
let lastCpuPerCommand = 0;
let lastLoopDelayP99 = 0;

if (SLOW) {
  await slowReaders();
  await node.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

console.log(
  `book-stream delivery latency: submit → market.book delta at ${SUBSCRIBERS} subscriber(s) over loopback, ${SECONDS} s per rate`,
);
for (const rate of runs) {
  const subscribers = Array.from({ length: SUBSCRIBERS }, () => subscriber(wsUrl, market));
  await Promise.all(subscribers.map((s) => s.ready));
  await Promise.all(subscribers.map((s) => s.report())); // drop anything before the run

  const submitted: number[] = []; // pairs: sequence, time
  const flow = orderFlow();
  const submitOne = () => {
    const before = service.lastSeq;
    const t = now();
    void flow.submit();
    if (service.lastSeq !== before) submitted.push(service.lastSeq, t);
  };

  const started = now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (now() - started) / 1000;
      const due = Math.min(Math.floor(elapsed * rate), rate * SECONDS);
      while (sent < due) {
        submitOne();
        sent++;
      }
      if (sent >= rate * SECONDS) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const elapsed = (now() - started) / 1000;
  const lastSequence = submitted[submitted.length - 2]!;

  // Collect until every subscriber has the delta for the last command.
  const reports: Report[] = subscribers.map(() => ({ arrivals: [], gaps: 0 }));
  for (let attempt = 0; attempt < 200; attempt++) {
    const batch = await Promise.all(subscribers.map((s) => s.report()));
    batch.forEach((r, i) => {
      reports[i]!.arrivals.push(...r.arrivals);
      reports[i]!.gaps += r.gaps;
    });
    if (reports.every((r) => r.arrivals.length > 0 && r.arrivals[r.arrivals.length - 2]! >= lastSequence))
      break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  const latencies: number[] = [];
  let gaps = 0;
  for (const { arrivals, gaps: g } of reports) {
    gaps += g;
    let a = 0;
    for (let i = 0; i < submitted.length; i += 2) {
      const sequence = submitted[i]!;
      while (a < arrivals.length && arrivals[a]! < sequence) a += 2;
      if (a >= arrivals.length) break;
      latencies.push(arrivals[a + 1]! - submitted[i + 1]!);
    }
  }
  latencies.sort((x, y) => x - y);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  const deltas = reports.reduce((n, r) => n + r.arrivals.length / 2, 0) / SUBSCRIBERS;
  console.log(
    `${rate.toLocaleString('en-US')} commands/s target: ${Math.round(submitted.length / 2 / elapsed).toLocaleString('en-US')}/s submitted, ` +
      `${Math.round(deltas).toLocaleString('en-US')} deltas per subscriber, ` +
      `latency p50 ${pct(0.5).toFixed(2)} ms, p99 ${pct(0.99).toFixed(2)} ms, max ${pct(1).toFixed(2)} ms; ` +
      `${latencies.length.toLocaleString('en-US')} measured, seq gaps ${gaps}, rejected ${flow.rejected}`,
  );
  for (const s of subscribers) {
    s.worker.postMessage('close');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await s.worker.terminate();
  }
  // Start the next rate from an empty book.
  await ops.cancelAll(undefined, market, operator);
}

await node.close();
rmSync(dataDir, { recursive: true, force: true });

/** Commands per second, closed loop with 64 in flight, for SECONDS; and the main thread's busy share. */
async function throughput(): Promise<number> {
  const flow = orderFlow();
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = now();
  const until = started + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (now() < until) {
        await flow.submit();
        done++;
      }
    }),
  );
  const rate = done / ((now() - started) / 1000);
  lastBusy = performance.eventLoopUtilization(elu).utilization;
  const used = process.cpuUsage(cpu);
  lastCpuPerCommand = (used.user + used.system) / done;
  delay.disable();
  lastLoopDelayP99 = delay.percentile(99) / 1e6;
  await ops.cancelAll(undefined, market, operator);
  return rate;
}

/**
 * `IDLE` sockets subscribed to the market's book and trades that stop reading once subscribed, in a
 * child process (as real clients are: their sockets' costs are not the exchange's). Resolves once every
 * one has its snapshot; `stop` resolves once the server has seen them all go.
 */
async function idleSubscribers(): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', IDLE_CLIENTS, wsUrl, market, String(IDLE)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the idle clients exited with ${code}`)));
  });
  return {
    async stop() {
      child.kill();
      await exited;
      while (node.streams.connectionCount > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function slowReaders() {
  const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
  const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;
  const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
  const us = (micros: number) => `${micros.toFixed(0)} µs`;
  const ms = (millis: number) => `${millis.toFixed(1)} ms`;
  console.log(
    `order throughput with ${IDLE.toLocaleString('en-US')} idle subscribers vs none: closed loop, 64 in flight, ` +
      `${SECONDS} s per run, ${ROUNDS} rounds alternating which runs first, after a warm-up of each`,
  );
  let dropped = 0;
  let rssGrowth = 0;
  const withIdle = async () => {
    const idle = await idleSubscribers();
    const droppedBefore = node.streams.dropped;
    const before = process.memoryUsage().rss;
    const result = await measured();
    rssGrowth = Math.max(rssGrowth, process.memoryUsage().rss - before);
    dropped += node.streams.dropped - droppedBefore;
    await idle.stop();
    return result;
  };
  const measured = async () => ({
    rate: await throughput(),
    busy: lastBusy,
    cpu: lastCpuPerCommand,
    delay: lastLoopDelayP99,
  });
  const without = measured;
  await without();
  await withIdle();
  dropped = 0;
  rssGrowth = 0;
  const ratios: number[] = [];
  const rates = { none: [] as number[], idle: [] as number[] };
  const cpu = { none: [] as number[], idle: [] as number[] };
  const delays = { none: [] as number[], idle: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    const idleFirst = round % 2 === 0;
    const first = idleFirst ? await withIdle() : await without();
    const second = idleFirst ? await without() : await withIdle();
    const [none, idle] = idleFirst ? [second, first] : [first, second];
    ratios.push(idle.rate / none.rate);
    rates.none.push(none.rate);
    rates.idle.push(idle.rate);
    cpu.none.push(none.cpu);
    cpu.idle.push(idle.cpu);
    delays.none.push(none.delay);
    delays.idle.push(idle.delay);
    console.log(
      `round ${round} (${idleFirst ? 'idle first' : 'none first'}): none ${rate(none.rate)} ` +
        `(main thread ${pct(none.busy)} busy, ${us(none.cpu)} CPU a command), ` +
        `idle ${rate(idle.rate)} (${pct(idle.busy)} busy, ${us(idle.cpu)}), loop delay p99 ${ms(none.delay)} / ${ms(idle.delay)}: ` +
        `${pct(idle.rate / none.rate)} of none`,
    );
  }
  console.log(
    `median ${pct(median(ratios))} of none (spread ${pct(Math.min(...ratios))}–${pct(Math.max(...ratios))}; ` +
      `median rates none ${rate(median(rates.none))}, idle ${rate(median(rates.idle))}); ` +
      `CPU a command (the process's, every thread) none ${us(median(cpu.none))}, idle ${us(median(cpu.idle))}; ` +
      `event loop delay p99 none ${ms(median(delays.none))}, idle ${ms(median(delays.idle))}; ` +
      `${dropped.toLocaleString('en-US')} clients dropped, ${mib(node.streams.queuedBytes)} still queued, ` +
      `rss grew at most ${mib(rssGrowth)} during a run`,
  );
}
