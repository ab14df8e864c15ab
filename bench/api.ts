// Trading API benchmark: signed POST /v1/orders over loopback HTTP/1.1 keep-alive against an exchange
// started in this process (temp data dir, SQLite WAL synchronous=FULL, group commit). Every request is a
// distinct order signed with Ed25519; the exchange verifies each signature, runs the order through the
// engine and answers only once it is durable.
//
// The load generator runs on worker threads of this process (so the exchange's main thread is its
// own), each keeping one request in flight per keep-alive connection.
//
// Run: npm run bench:api [-- seconds=10 connections=64 client-threads=1]

import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance as perf } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

interface TraderKey {
  side: 'buy' | 'sell';
  /** PKCS#8 DER of the private key (KeyObjects do not cross threads). */
  privateKey: Buffer;
  fingerprint: string;
}

interface ClientJob {
  host: string;
  port: number;
  marketId: string;
  traders: TraderKey[];
  connections: number;
  /** This thread's share of the order numbers: n ≡ offset (mod stride). */
  offset: number;
  stride: number;
  warmupMs: number;
  measureMs: number;
}

interface ClientResult {
  latencies: Float64Array;
  statuses: [number, number][];
}

if (isMainThread) await main();
else await client(workerData as ClientJob);

async function main(): Promise<void> {
  const { startExchangeNode } = await import('../src-main/server');
  const args = process.argv.slice(2);
  const seconds = Number(args[0] ?? 10);
  const connections = Number(args[1] ?? 64);
  const clientThreads = Number(args[2] ?? 1);
  const warmupSeconds = 2;
  const traderCount = 8;

  const dir = mkdtempSync(join(tmpdir(), 'grid-desk-bench-api-'));
  const node = await startExchangeNode({ dataDir: dir, port: 0 });
  const { ops } = node;
  const operator = ops.service.operator()!.participant_id;
  const prime = ops.instruments().find((i) => i.symbol === 'text-prime')!;
  const { supply, lifecycle: life } = ops;
  const { admitSimulatedEndpoint, AMPLE_SIMULATED_SUPPLY } = await import('../src-main/service/sandbox');
  const instrument = ops.service.engine.state.instruments.get(prime.instrument_id)!;
  // 1e9 tokens/s × a 4-hour Lot lifetime = 1.44e13 tokens: room for 1,000,000 Units (1e12 tokens).

  // Buyers hold USD, sellers hold issued Units; each registers a key through the admin API.
  const traders: TraderKey[] = [];
  for (let i = 0; i < traderCount; i++) {
    const side = i % 2 === 0 ? 'buy' : 'sell';
    const { participant_id } = await ops.createParticipant(
      { name: `Bench ${side} ${i}`, role: side === 'buy' ? 'consumer' : 'supplier' },
      operator,
    );
    if (side === 'buy') {
      await ops.adjustUsd(
        participant_id,
        { amount: '100000000', idempotency_key: 'bench', reason: 'bench' },
        operator,
      );
    } else {
      // Issuance is gated: a simulated endpoint admitted to the roster with capacity for 1,000,000 Units.
      const body = { instrument_id: prime.instrument_id, quantity: 1_000_000 };
      await admitSimulatedEndpoint(ops, participant_id, instrument, AMPLE_SIMULATED_SUPPLY);
      await supply.issue(participant_id, body, participant_id);
      await life.issuanceToTrading(participant_id, body, participant_id);
    }
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const registered = await fetch(`${node.url}/v1/admin/participants/${participant_id}/signing-keys`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ops.service.operatorToken.value}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ public_key: raw.toString('base64'), label: 'bench' }),
    });
    if (registered.status !== 201) throw new Error(`key registration failed: ${registered.status}`);
    traders.push({
      side,
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }),
      fingerprint: createHash('sha256').update(raw).digest('base64').replace(/=+$/, ''),
    });
  }

  // Time every group commit the exchange makes during the run.
  const commitTimes: number[] = (ops.service.commitTimes = []);
  let committed = 0;
  ops.service.onCommit((_last, entries) => (committed += entries.length));

  // The client threads run this same file, through tsx (worker threads do not inherit its loader).
  const clientSource = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const url = new URL(node.url);
  const perThread = Math.ceil(connections / clientThreads);
  const startSeq = ops.service.lastSeq;
  const cpuBefore = process.cpuUsage();
  const eluBefore = perf.eventLoopUtilization();
  const wallStart = performance.now();
  const results = await Promise.all(
    Array.from({ length: clientThreads }, (_, offset) => {
      const job: ClientJob = {
        host: url.hostname,
        port: Number(url.port),
        marketId: prime.trading_parameters.market_id,
        traders,
        connections: perThread,
        offset,
        stride: clientThreads,
        warmupMs: warmupSeconds * 1000,
        measureMs: seconds * 1000,
      };
      return new Promise<ClientResult>((resolve, reject) => {
        const worker = new Worker(clientSource, { eval: true, workerData: job });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const mainBusy = perf.eventLoopUtilization(eluBefore).utilization;
  const wallSeconds = (performance.now() - wallStart) / 1000;

  const latencies = Float64Array.from(results.flatMap((r) => [...r.latencies])).sort();
  const statuses = new Map<number, number>();
  for (const r of results)
    for (const [status, count] of r.statuses) statuses.set(status, (statuses.get(status) ?? 0) + count);
  const created = statuses.get(201) ?? 0;
  const pct = (values: ArrayLike<number>, p: number) =>
    values[Math.min(values.length - 1, Math.floor(values.length * p))]!;
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  commitTimes.sort((a, b) => a - b);

  const invariants = ops.invariants();
  console.log(
    `bench:api: signed POST /v1/orders over loopback HTTP/1.1 keep-alive, ${connections} connections on ${clientThreads} client thread(s), ${seconds} s measured after ${warmupSeconds} s warm-up, each request signed as it is sent`,
  );
  console.log(
    `  machine:          ${availableParallelism()} cores, shared by the load generator and the exchange (one process: HTTP and engine on the main thread, SQLite commits ${process.env.GRID_DESK_STORE_WRITER === 'inline' ? 'there too' : 'on a writer thread'}, signature checks on ${process.env.GRID_DESK_VERIFY_THREADS ?? Math.min(4, availableParallelism() - 1)} worker thread(s))`,
  );
  console.log(
    `  signed orders/s:  ${Math.round(created / seconds).toLocaleString('en-US')} (201 Created, each durable before its answer)`,
  );
  console.log(
    `  latency:          p50 ${ms(pct(latencies, 0.5))}, p99 ${ms(pct(latencies, 0.99))}, p99.9 ${ms(pct(latencies, 0.999))}, max ${ms(latencies.at(-1) ?? 0)}`,
  );
  console.log(
    `  statuses:         ${[...statuses].map(([status, count]) => `${status} × ${count}`).join(', ')}`,
  );
  console.log(
    `  group commits:    ${commitTimes.length}, ${(committed / Math.max(1, commitTimes.length)).toFixed(1)} commands each, commit time p50 ${ms(pct(commitTimes, 0.5))}, p99 ${ms(pct(commitTimes, 0.99))}`,
  );
  console.log(
    `  CPU:              exchange main thread busy ${(mainBusy * 100).toFixed(0)}% of the run; the process used ${(((cpu.user + cpu.system) / 1e6 / wallSeconds) * 100).toFixed(0)}% of one core on average (all threads)`,
  );
  console.log(
    `  after the run:    ${ops.service.lastSeq - startSeq} commands, ${ops.service.engine.state.orders.size} orders resting, invariants ${invariants.ok ? 'ok' : 'BROKEN'}`,
  );
  await node.close();
  rmSync(dir, { recursive: true, force: true });
}

/** One load-generator thread: `connections` keep-alive sockets, one signed order in flight on each. */
async function client(job: ClientJob): Promise<void> {
  const { createPrivateKey } = await import('node:crypto');
  const keys = job.traders.map((t) => createPrivateKey({ key: t.privateKey, format: 'der', type: 'pkcs8' }));
  const path = '/v1/orders';
  let n = job.offset;

  // Prices around 1.000 so that about a third of the orders cross and trade.
  const build = (): string => {
    const i = n;
    n += job.stride;
    const t = i % job.traders.length;
    const trader = job.traders[t]!;
    const offset = (i * 7919) % 60;
    const ticks = trader.side === 'buy' ? 960 + offset : 980 + offset;
    const body = JSON.stringify({
      market_id: job.marketId,
      side: trader.side,
      type: 'limit',
      quantity: 1 + (i % 5),
      price: (ticks / 1000).toFixed(3),
      client_order_id: `bench-${i}`,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = sign(null, Buffer.from(`${timestamp}POST${path}${body}`), keys[t]!).toString('base64');
    return (
      `POST ${path} HTTP/1.1\r\nhost: ${job.host}:${job.port}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nx-thegrid-signature: ${signature}\r\n` +
      `x-thegrid-timestamp: ${timestamp}\r\nx-thegrid-fingerprint: ${trader.fingerprint}\r\n\r\n${body}`
    );
  };

  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const start = performance.now();
  const measureFrom = start + job.warmupMs;
  const measureUntil = measureFrom + job.measureMs;

  await Promise.all(
    Array.from(
      { length: job.connections },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect(job.port, job.host);
          socket.setNoDelay(true);
          let buffer: Buffer = Buffer.alloc(0);
          let sentAt = 0;
          const send = () => {
            if (performance.now() >= measureUntil) {
              socket.end();
              resolve();
              return;
            }
            sentAt = performance.now();
            socket.write(build());
          };
          socket.on('connect', send);
          socket.on('error', reject);
          socket.on('data', (chunk: Buffer) => {
            buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
            const headerEnd = buffer.indexOf('\r\n\r\n');
            if (headerEnd < 0) return;
            const head = buffer.toString('latin1', 0, headerEnd);
            const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
            if (buffer.length < headerEnd + 4 + length) return;
            buffer = buffer.subarray(headerEnd + 4 + length);
            const ended = performance.now();
            if (sentAt >= measureFrom && ended < measureUntil) {
              latencies.push(ended - sentAt);
              const status = Number(head.slice(9, 12));
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
            }
            send();
          });
        }),
    ),
  );
  const result: ClientResult = {
    latencies: Float64Array.from(latencies),
    statuses: [...statuses],
  };
  parentPort!.postMessage(result);
}
