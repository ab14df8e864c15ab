// Consumption API benchmark: what Grid Desk adds on top of an OpenAI-compatible upstream, measured side by
// side in one run against the same upstream called directly. The upstream is a local node:http server on
// 127.0.0.1 that answers instantly (no model behind it): non-streaming JSON, or SSE chunks then usage and
// [DONE]. The exchange is a real node (`startExchangeNode`: temp data dir, SQLite WAL synchronous=FULL,
// group commit on the writer thread) with one supplier endpoint pointing at the upstream and a consumer
// holding Units in consumption; every call through it is authenticated, reserved, routed, metered and
// settled (journaled) exactly as in production.
//
// The upstream's behaviour is set by the last message of the request, `bench:<chunks>:<span ms>`: the
// first content chunk is sent at once, the others spread evenly over the span (0: all at once). Each
// content chunk starts with its index, so a client can check that none was dropped or reordered.
//
// Topology (`topology=`): `procs` (default) runs the upstream and the load generator in two child
// processes and the exchange alone in this one, like a gateway between a client and a model server on
// one host; `inproc` runs all three on this process's event loop. On a 2-core machine `procs` is the
// fairer one: in `inproc` every request's client and upstream work sits on the exchange's event loop
// (they serialize with it and inflate its latency and halve its throughput); in `procs` the OS spreads
// three processes (plus the SQLite writer thread) over the two cores, which costs a cross-process
// wake-up per hop but gives each side its own event loop, as in a real deployment. `both` runs both.
//
// Run: npm run bench:consumption [-- sequential=2000 seconds=5 connections=64 streams=1000
//        stream-chunks=20 stream-ms=2000 topology=procs|inproc|both]

import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
const SYMBOL = 'text-prime';
/** Units the consumer buys: 1,000,000 tokens each, far more than a run reserves. */
const UNITS = 200;
/** A directive for the upstream: `chunks` content chunks, the first at once, the rest over `spanMs`. */
const directive = (chunks: number, spanMs: number) => `bench:${chunks}:${spanMs}`;

// ---------------------------------------------------------------------------------------------------
// The upstream: an OpenAI-compatible server that answers instantly.

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

interface UpstreamRequest {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: { content?: unknown }[];
}

/** TCP connections the upstream accepted (keep-alive reuse shows as few). */
let upstreamConnections = 0;

function startUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || !(req.url ?? '').endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as UpstreamRequest;
      const last = body.messages?.at(-1)?.content;
      const match = typeof last === 'string' ? /^bench:(\d+):(\d+)$/.exec(last) : null;
      const chunks = match ? Number(match[1]) : 4;
      const spanMs = match ? Number(match[2]) : 0;
      const model = body.model ?? 'bench';
      const id = 'chatcmpl-bench';
      const created = 1_767_225_600;
      const usage = { prompt_tokens: 12, completion_tokens: 8 * chunks, total_tokens: 12 + 8 * chunks };
      const content = (i: number) => `${i} lorem ipsum dolor sit amet consectetur adipiscing `;
      if (!body.stream) {
        let text = '';
        for (let i = 0; i < chunks; i++) text += content(i);
        const json = JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: text },
              finish_reason: 'stop',
              logprobs: null,
            },
          ],
          usage,
        });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
        res.end(json);
        return;
      }
      const frame = (delta: object, finish: string | null = null) =>
        `data: ${JSON.stringify({
          id,
          object: 'chat.completion.chunk',
          created,
          model,
          choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
        })}\n\n`;
      const tail =
        frame({}, 'stop') +
        (body.stream_options?.include_usage
          ? `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`
          : '') +
        'data: [DONE]\n\n';
      res.writeHead(200, SSE_HEADERS);
      const head = frame({ role: 'assistant', content: '' }) + frame({ content: content(0) });
      if (spanMs === 0 || chunks <= 1) {
        let all = head;
        for (let i = 1; i < chunks; i++) all += frame({ content: content(i) });
        res.end(all + tail);
        return;
      }
      res.write(head);
      let i = 1;
      const started = performance.now();
      const step = spanMs / (chunks - 1);
      let timer: NodeJS.Timeout;
      const next = () => {
        res.write(frame({ content: content(i) }));
        i += 1;
        if (i === chunks) res.end(tail);
        else timer = setTimeout(next, Math.max(0, started + i * step - performance.now()));
      };
      timer = setTimeout(next, step);
      res.on('close', () => clearTimeout(timer));
    });
  });
  server.keepAliveTimeout = 120_000;
  server.on('connection', () => (upstreamConnections += 1));
  return new Promise((resolve) => server.listen(0, HOST, () => resolve(server)));
}

// ---------------------------------------------------------------------------------------------------
// The load generator: plain node:http with keep-alive agents, identical for both targets.

interface Target {
  name: string;
  port: number;
  path: string;
  headers: Record<string, string>;
}

interface Reply {
  status: number;
  text: string;
  /** Request written to response ended. */
  ms: number;
  /** Request written to the first `data:` line with content (NaN when there is none). */
  firstMs: number;
}

const FIRST_CONTENT = /"content":"[^"]/;

function send(agent: Agent, target: Target, body: string, watchFirst: boolean): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = Number.NaN;
    const req = httpRequest(
      {
        agent,
        host: HOST,
        port: target.port,
        method: 'POST',
        path: target.path,
        headers: { ...target.headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (part: string) => {
          text += part;
          if (watchFirst && Number.isNaN(first) && FIRST_CONTENT.test(text)) first = performance.now();
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text,
            ms: performance.now() - started,
            firstMs: first - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setNoDelay(true);
    req.on('error', reject);
    req.end(body);
  });
}

const chatBody = (model: string, chunks: number, spanMs: number, stream: boolean, maxTokens = 16) =>
  JSON.stringify({
    model,
    messages: [
      { role: 'system', content: 'You are a benchmark.' },
      { role: 'user', content: directive(chunks, spanMs) },
    ],
    max_tokens: maxTokens,
    ...(stream && { stream: true, stream_options: { include_usage: true } }),
  });

interface SequentialJob {
  kind: 'sequential';
  targets: Target[];
  /** Bodies per target (the model differs). */
  bodies: string[];
  stream: boolean;
  warmup: number;
  count: number;
  maxMs: number;
}

interface SequentialResult {
  /** Per target: milliseconds (total, or to the first content chunk when streaming). */
  latencies: number[][];
  statuses: [number, number][][];
}

/** One client, one request at a time, alternating targets (ABBA) so drift hits both alike. */
async function sequential(job: SequentialJob): Promise<SequentialResult> {
  const agents = job.targets.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const latencies: number[][] = job.targets.map(() => []);
  const statuses = job.targets.map(() => new Map<number, number>());
  const deadline = performance.now() + job.maxMs;
  for (let i = 0; i < job.warmup + job.count && performance.now() < deadline; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const t of order) {
      const reply = await send(agents[t]!, job.targets[t]!, job.bodies[t]!, job.stream);
      if (i < job.warmup) continue;
      statuses[t]!.set(reply.status, (statuses[t]!.get(reply.status) ?? 0) + 1);
      if (reply.status === 200) latencies[t]!.push(job.stream ? reply.firstMs : reply.ms);
    }
  }
  for (const agent of agents) agent.destroy();
  return { latencies, statuses: statuses.map((s) => [...s]) };
}

interface ConcurrentJob {
  kind: 'concurrent';
  target: Target;
  body: string;
  connections: number;
  warmupMs: number;
  measureMs: number;
}

interface ConcurrentResult {
  completed: number;
  seconds: number;
  latencies: number[];
  statuses: [number, number][];
  errors: number;
}

/** `connections` clients, each with one request in flight on its keep-alive socket, for a fixed time. */
async function concurrent(job: ConcurrentJob): Promise<ConcurrentResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  const start = performance.now();
  const from = start + job.warmupMs;
  const until = from + job.measureMs;
  await Promise.all(
    Array.from({ length: job.connections }, async () => {
      while (performance.now() < until) {
        const sent = performance.now();
        try {
          const reply = await send(agent, job.target, job.body, false);
          if (sent >= from && performance.now() <= until) {
            statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
            latencies.push(reply.ms);
          }
        } catch {
          errors += 1;
        }
      }
    }),
  );
  agent.destroy();
  return {
    completed: latencies.length,
    seconds: job.measureMs / 1000,
    latencies,
    statuses: [...statuses],
    errors,
  };
}

interface StreamsJob {
  kind: 'streams';
  target: Target;
  body: string;
  count: number;
  chunks: number;
  maxMs: number;
}

interface StreamsResult {
  complete: number;
  dropped: number;
  reordered: number;
  missingDone: number;
  missingUsage: number;
  failed: number;
  statuses: [number, number][];
  /** The most streams open (headers received, not yet ended) at one time. */
  peakOpen: number;
  /** From the first request to every stream's headers, and to the last stream's end. */
  allOpenMs: number;
  allDoneMs: number;
}

/** Opens `count` streams at once and checks each one's chunks: all present, in order, then [DONE]. */
async function streams(job: StreamsJob): Promise<StreamsResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const result: StreamsResult = {
    complete: 0,
    dropped: 0,
    reordered: 0,
    missingDone: 0,
    missingUsage: 0,
    failed: 0,
    statuses: [],
    peakOpen: 0,
    allOpenMs: 0,
    allDoneMs: 0,
  };
  const statuses = new Map<number, number>();
  let open = 0;
  let opened = 0;
  const start = performance.now();
  const one = () =>
    new Promise<void>((resolve) => {
      let expected = 0;
      let received = 0;
      let reordered = 0;
      let done = false;
      let usage = false;
      let buffer = '';
      let counted = false;
      const finish = (ok: boolean) => {
        if (counted) return;
        counted = true;
        if (!ok) result.failed += 1;
        else {
          result.dropped += job.chunks - received;
          result.reordered += reordered;
          if (!done) result.missingDone += 1;
          if (!usage) result.missingUsage += 1;
          if (received === job.chunks && reordered === 0 && done) result.complete += 1;
        }
        resolve();
      };
      const req = httpRequest(
        {
          agent,
          host: HOST,
          port: job.target.port,
          method: 'POST',
          path: job.target.path,
          headers: { ...job.target.headers, 'content-length': Buffer.byteLength(job.body) },
        },
        (res) => {
          statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
          open += 1;
          opened += 1;
          if (open > result.peakOpen) result.peakOpen = open;
          if (opened === job.count) result.allOpenMs = performance.now() - start;
          res.setEncoding('utf8');
          res.on('data', (part: string) => {
            buffer += part;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const event = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              if (!event.startsWith('data: ')) continue;
              const data = event.slice(6);
              if (data === '[DONE]') {
                done = true;
                continue;
              }
              const chunk = JSON.parse(data) as {
                choices: { delta?: { content?: string } }[];
                usage?: unknown;
              };
              if (chunk.usage) usage = true;
              const text = chunk.choices[0]?.delta?.content;
              if (!text) continue;
              const index = Number.parseInt(text, 10);
              if (index !== expected) reordered += 1;
              expected = index + 1;
              received += 1;
            }
          });
          res.on('end', () => {
            open -= 1;
            finish(res.statusCode === 200);
          });
          res.on('error', () => {
            open -= 1;
            finish(false);
          });
        },
      );
      req.setTimeout(job.maxMs, () => req.destroy(new Error('timeout')));
      req.on('error', () => finish(false));
      req.end(job.body);
    });
  await Promise.all(Array.from({ length: job.count }, one));
  result.allDoneMs = performance.now() - start;
  result.statuses = [...statuses];
  agent.destroy();
  return result;
}

type Job = SequentialJob | ConcurrentJob | StreamsJob;
type JobResult = SequentialResult | ConcurrentResult | StreamsResult;

function runJob(job: Job): Promise<JobResult> {
  switch (job.kind) {
    case 'sequential':
      return sequential(job);
    case 'concurrent':
      return concurrent(job);
    case 'streams':
      return streams(job);
  }
}

// ---------------------------------------------------------------------------------------------------
// Child processes (topology=procs): the same file, started with a role.

const role = process.argv[2];
if (role === '--upstream') {
  const server = await startUpstream();
  process.send!({ port: (server.address() as AddressInfo).port });
  process.on('message', () => process.send!({ connections: upstreamConnections }));
  process.on('disconnect', () => process.exit(0));
} else if (role === '--client') {
  process.on('message', (message: { id: number; job: Job }) => {
    void runJob(message.job).then((result) => process.send!({ id: message.id, result }));
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ ready: true });
} else {
  await main();
}

function child(flag: string): Promise<{ process: ChildProcess; first: Record<string, unknown> }> {
  const proc = fork(fileURLToPath(import.meta.url), [flag], { execArgv: process.execArgv });
  return new Promise((resolve, reject) => {
    proc.once('message', (first: Record<string, unknown>) => resolve({ process: proc, first }));
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`${flag} exited with ${code}`)));
  });
}

// ---------------------------------------------------------------------------------------------------
// The run.

interface Options {
  sequential: number;
  seconds: number;
  connections: number;
  streams: number;
  streamChunks: number;
  streamMs: number;
  topologies: ('procs' | 'inproc')[];
}

function options(): Options {
  const args = new Map(
    process.argv.slice(2).map((arg) => {
      const [name, value] = arg.replace(/^--/, '').split('=');
      return [name!, value ?? ''];
    }),
  );
  const num = (name: string, fallback: number) => {
    const value = Number(args.get(name) ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
    return value;
  };
  const topology = args.get('topology') ?? 'procs';
  if (!['procs', 'inproc', 'both'].includes(topology)) throw new Error('topology: procs, inproc or both');
  return {
    sequential: Math.min(num('sequential', 2000), 50_000),
    seconds: Math.min(num('seconds', 5), 30),
    connections: Math.min(num('connections', 64), 512),
    streams: Math.min(num('streams', 1000), 5000),
    streamChunks: Math.min(num('stream-chunks', 20), 200),
    streamMs: Math.min(num('stream-ms', 2000), 10_000),
    topologies: topology === 'both' ? ['procs', 'inproc'] : [topology as 'procs' | 'inproc'],
  };
}

async function main(): Promise<void> {
  const opts = options();
  const wallStart = performance.now();
  console.log(
    `bench:consumption: Grid Desk's Consumption API (POST /v1/chat/completions) against the same instant OpenAI-compatible upstream called directly; loopback HTTP/1.1 keep-alive, node:http clients; ${availableParallelism()} cores`,
  );
  for (const topology of opts.topologies) await runTopology(topology, opts);
  console.log(`\ntotal run time ${((performance.now() - wallStart) / 1000).toFixed(1)} s`);
  // Child processes and the exchange are closed; nothing else should keep the loop alive.
  process.exit(0);
}

async function runTopology(topology: 'procs' | 'inproc', opts: Options): Promise<void> {
  const { startExchangeNode } = await import('../src-main/server');
  const { formatTicks } = await import('../src-main/engine/money');

  // The upstream and the load generator: children, or this process.
  let upstreamPort: number;
  let closeUpstream: () => void;
  let connectionsOpened: () => Promise<number>;
  let client: (job: Job) => Promise<JobResult>;
  const children: ChildProcess[] = [];
  if (topology === 'procs') {
    const upstream = await child('--upstream');
    const load = await child('--client');
    children.push(upstream.process, load.process);
    upstreamPort = upstream.first.port as number;
    closeUpstream = () => undefined;
    connectionsOpened = () =>
      new Promise((resolve) => {
        upstream.process.once('message', (m: { connections: number }) => resolve(m.connections));
        upstream.process.send('stats');
      });
    let next = 0;
    const waiting = new Map<number, (result: JobResult) => void>();
    load.process.on('message', (m: { id: number; result: JobResult }) => {
      waiting.get(m.id)?.(m.result);
      waiting.delete(m.id);
    });
    client = (job) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        load.process.send({ id, job });
      });
  } else {
    const server = await startUpstream();
    upstreamPort = (server.address() as AddressInfo).port;
    closeUpstream = () => {
      server.closeAllConnections();
      server.close();
    };
    client = runJob;
    const base = upstreamConnections;
    connectionsOpened = () => Promise.resolve(upstreamConnections - base);
  }

  // The exchange and its market: one supplier whose endpoint is the upstream, one consumer with Units.
  const dir = mkdtempSync(join(tmpdir(), 'grid-desk-bench-consumption-'));
  const node = await startExchangeNode({ dataDir: dir, port: 0 });
  const { ops } = node;
  const state = ops.service.engine.state;
  const operator = ops.service.operator()!.participant_id;
  const instrument = [...state.instruments.values()].find((i) => i.symbol === SYMBOL)!;
  const instrumentId = instrument.instrument_id;
  const supplier = (await ops.createParticipant({ name: 'Bench supplier', role: 'supplier' }, operator))
    .participant_id;
  const endpoint = await ops.endpoints.register(
    supplier,
    {
      kind: 'openai',
      instrument_id: instrumentId,
      name: 'bench upstream',
      // Concurrency per endpoint is tokens_per_second over the throughput floor: no cap in practice.
      tokens_per_second: 1_000_000_000,
      upstream: { base_url: `http://${HOST}:${upstreamPort}/v1`, model: 'bench', timeout_ms: 60_000 },
    },
    supplier,
  );
  // On the roster and admitted (its application probe runs before the measurements start).
  const entry = await ops.rosters.apply(
    supplier,
    endpoint.endpoint_id,
    {
      instrument_id: instrumentId,
      quality_score: 60,
      quality_source: 'bench',
      context_window: instrument.spec.context_window_min_tokens,
      max_output_tokens: instrument.spec.output_length_min_tokens,
      tokens_per_second: 1_000_000_000,
    },
    supplier,
  );
  await ops.rosters.decide(entry.entry_id, 'admit', 'bench supplier', operator);
  await ops.rosters.probe(entry.entry_id, 'bench').done;
  const units = { instrument_id: instrumentId, quantity: UNITS };
  await ops.supply.issue(supplier, units, supplier);
  await ops.lifecycle.issuanceToTrading(supplier, units, supplier);
  const tick = instrument.market.tick_micros;
  await ops.placeOrder(
    supplier,
    {
      market_id: instrument.market.market_id,
      side: 'sell',
      type: 'limit',
      quantity: UNITS,
      price: formatTicks(Math.round(2_500_000 / tick), tick),
    },
    supplier,
  );
  const consumer = (await ops.createParticipant({ name: 'Bench consumer', role: 'consumer' }, operator))
    .participant_id;
  await ops.adjustUsd(consumer, { amount: '1000000', idempotency_key: 'bench', reason: 'bench' }, operator);
  await ops.placeOrder(
    consumer,
    { market_id: instrument.market.market_id, side: 'buy', type: 'market', quantity: UNITS },
    consumer,
  );
  await ops.lifecycle.transferToConsumption(consumer, units, consumer);
  const key = (await ops.consumptionKeys.create(consumer, { name: 'bench' }, consumer)).key!;
  const tokensBefore = liveTokens();
  function liveTokens(): number {
    let n = 0;
    for (const lot of state.lots.values())
      if (lot.participant_id === consumer && lot.instrument_id === instrumentId) n += lot.tokens_remaining;
    return n;
  }

  // Outcomes of the calls, as journaled.
  const outcomes = new Map<string, number>();
  ops.service.onCommit((_last, entries) => {
    for (const entry of entries)
      if (entry.command.type === 'settle_call')
        outcomes.set(entry.command.call.outcome, (outcomes.get(entry.command.call.outcome) ?? 0) + 1);
  });

  const gdPort = Number(new URL(node.url).port);
  const direct: Target = {
    name: 'direct',
    port: upstreamPort,
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json' },
  };
  const grid: Target = {
    name: 'Grid Desk',
    port: gdPort,
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  };
  const bodies = (chunks: number, spanMs: number, stream: boolean, maxTokens?: number) => [
    chatBody('bench', chunks, spanMs, stream, maxTokens),
    chatBody(SYMBOL, chunks, spanMs, stream, maxTokens),
  ];
  const warmup = Math.min(500, Math.ceil(opts.sequential / 4));
  const cpuBefore = process.cpuUsage();
  const connectionsBefore = await connectionsOpened();

  // 1. Non-streaming, one client, sequential.
  const seq = (await client({
    kind: 'sequential',
    targets: [direct, grid],
    bodies: bodies(4, 0, false),
    stream: false,
    warmup,
    count: opts.sequential,
    maxMs: 30_000,
  })) as SequentialResult;

  // 2. Streaming, one client: time to the first content chunk. The upstream sends it at once and the
  // rest 2 ms later, so a proxy that buffered would show it.
  const first = (await client({
    kind: 'sequential',
    targets: [direct, grid],
    bodies: bodies(4, 2, true),
    stream: true,
    warmup,
    count: Math.ceil(opts.sequential / 2),
    maxMs: 30_000,
  })) as SequentialResult;

  // 3. Requests per second at `connections` concurrent clients, non-streaming, one target at a time.
  const rate = async (target: Target, body: string) =>
    (await client({
      kind: 'concurrent',
      target,
      body,
      connections: opts.connections,
      warmupMs: 1000,
      measureMs: opts.seconds * 1000,
    })) as ConcurrentResult;
  const [directBody, gridBody] = bodies(4, 0, false);
  const directRate = await rate(direct, directBody!);
  const beforeGridRate = await connectionsOpened();
  const gridRate = await rate(grid, gridBody!);
  const gridRateConnections = (await connectionsOpened()) - beforeGridRate;

  // 4. Concurrent streams held, each over ~stream-ms.
  const [directStreamBody, gridStreamBody] = bodies(opts.streamChunks, opts.streamMs, true, 256);
  const streamJob = (target: Target, body: string): StreamsJob => ({
    kind: 'streams',
    target,
    body,
    count: opts.streams,
    chunks: opts.streamChunks,
    maxMs: opts.streamMs + 30_000,
  });
  const directStreams = (await client(streamJob(direct, directStreamBody!))) as StreamsResult;
  const gridStreams = (await client(streamJob(grid, gridStreamBody!))) as StreamsResult;
  const cpu = process.cpuUsage(cpuBefore);
  const connections = (await connectionsOpened()) - connectionsBefore;

  // Let the last settlements commit before reading what was billed.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const billedTokens = tokensBefore - liveTokens();
  const invariants = ops.invariants();
  const reservationsLeft = state.reservations.size;

  // Report.
  const sorted = (values: number[]) => Float64Array.from(values).sort();
  const pct = (values: Float64Array, p: number) =>
    values.length === 0 ? Number.NaN : values[Math.min(values.length - 1, Math.floor(values.length * p))]!;
  const ms = (v: number) => (Number.isNaN(v) ? '—' : `${v.toFixed(3)} ms`);
  const count = (v: number) => Math.round(v).toLocaleString('en-US');
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const statusText = (statuses: [number, number][]) =>
    statuses.length === 0 ? 'none' : statuses.map(([s, n]) => `${s} × ${count(n)}`).join(', ');

  const seqDirect = sorted(seq.latencies[0]!);
  const seqGrid = sorted(seq.latencies[1]!);
  const firstDirect = sorted(first.latencies[0]!);
  const firstGrid = sorted(first.latencies[1]!);
  const rows: string[][] = [['measure', 'direct', 'Grid Desk', 'added', 'target', '']];
  const latencyRow = (label: string, d: Float64Array, g: Float64Array, p: number, target: number | null) => {
    const added = pct(g, p) - pct(d, p);
    rows.push([
      label,
      ms(pct(d, p)),
      ms(pct(g, p)),
      ms(added),
      target === null ? '' : `< ${target} ms added`,
      target === null ? '' : mark(added < target),
    ]);
  };
  latencyRow(`non-streaming p50 (1 client, n=${seqGrid.length})`, seqDirect, seqGrid, 0.5, 0.75);
  latencyRow('non-streaming p99', seqDirect, seqGrid, 0.99, 3);
  latencyRow('non-streaming p99.9', seqDirect, seqGrid, 0.999, null);
  latencyRow(`first chunk p50 (1 client, n=${firstGrid.length})`, firstDirect, firstGrid, 0.5, 1);
  latencyRow('first chunk p99', firstDirect, firstGrid, 0.99, null);
  const directRps = directRate.completed / directRate.seconds;
  const gridOk = gridRate.statuses.find(([s]) => s === 200)?.[1] ?? 0;
  const gridRps = gridOk / gridRate.seconds;
  rows.push([
    `req/s, ${opts.connections} clients (200s only)`,
    count(directRps),
    count(gridRps),
    '',
    '≥ 2,000 req/s',
    mark(gridRps >= 2000),
  ]);
  const rLat = (r: ConcurrentResult, p: number) => pct(sorted(r.latencies), p);
  rows.push([
    `  latency at ${opts.connections} clients p50 / p99`,
    `${ms(rLat(directRate, 0.5))} / ${ms(rLat(directRate, 0.99))}`,
    `${ms(rLat(gridRate, 0.5))} / ${ms(rLat(gridRate, 0.99))}`,
    '',
    '',
    '',
  ]);
  const streamCell = (r: StreamsResult) => `${count(r.complete)} / ${count(opts.streams)} whole`;
  rows.push([
    `concurrent streams (${opts.streamChunks} chunks over ${opts.streamMs} ms)`,
    streamCell(directStreams),
    streamCell(gridStreams),
    '',
    '1,000 streams, none dropped',
    mark(
      gridStreams.complete >= Math.min(1000, opts.streams) &&
        gridStreams.peakOpen >= Math.min(1000, opts.streams),
    ),
  ]);
  const streamDetail = (r: StreamsResult) =>
    `peak open ${count(r.peakOpen)}, all open in ${r.allOpenMs.toFixed(0)} ms, all done in ${r.allDoneMs.toFixed(0)} ms; dropped chunks ${r.dropped}, reordered ${r.reordered}, without [DONE] ${r.missingDone}, without usage ${r.missingUsage}, failed ${r.failed}`;

  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log(
    `\n== topology ${topology}: ${topology === 'procs' ? 'exchange alone in this process (+ its SQLite writer thread); upstream and load generator in two child processes' : 'exchange, upstream and load generator on this one event loop'}`,
  );
  for (const [i, row] of rows.entries()) {
    console.log(
      '  ' + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
    );
    if (i === 0) console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(`  streams direct:    ${streamDetail(directStreams)}`);
  console.log(`  streams Grid Desk: ${streamDetail(gridStreams)}`);
  console.log(
    `  Grid Desk statuses: sequential ${statusText(seq.statuses[1]!)}; first chunk ${statusText(first.statuses[1]!)}; ${opts.connections} clients ${statusText(gridRate.statuses)}${gridRate.errors ? `, socket errors ${gridRate.errors}` : ''}; streams ${statusText(gridStreams.statuses)}`,
  );
  console.log(
    `  direct statuses:    sequential ${statusText(seq.statuses[0]!)}; first chunk ${statusText(first.statuses[0]!)}; ${opts.connections} clients ${statusText(directRate.statuses)}${directRate.errors ? `, socket errors ${directRate.errors}` : ''}; streams ${statusText(directStreams.statuses)}`,
  );
  console.log(
    `  calls settled:      ${[...outcomes].map(([o, n]) => `${o} × ${count(n)}`).join(', ')}; ${count(billedTokens)} tokens billed from the Lots; reservations left ${reservationsLeft}; invariants ${invariants.ok ? 'ok' : 'BROKEN'}`,
  );
  console.log(
    `  upstream connections: ${count(connections)} opened during the measurements (both paths), ${count(gridRateConnections)} by Grid Desk during its ${count(gridOk)} calls at ${opts.connections} clients`,
  );
  console.log(
    `  CPU of this process: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over the measurements (all threads)`,
  );

  await node.close();
  closeUpstream();
  for (const proc of children) proc.disconnect();
  rmSync(dir, { recursive: true, force: true });
}
