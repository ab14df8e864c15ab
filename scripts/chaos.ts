// The storage chaos harness: `npm run chaos` (after `npm run build`). Loopback only, bounded in time and
// cycles: CHAOS_SECONDS (default 120), CHAOS_CYCLES (default 50), CHAOS_SEED.
//
// Each cycle starts the headless exchange on one data folder, lets concurrent signed clients place and
// cancel orders and move Units to consumption while the operator runs sweeps, kills the process with
// SIGKILL at a random moment, and then checks that every acknowledged command is on disk, `--verify`
// passes, and after the restart every invariant holds. One cycle also takes a backup under load and
// restores it into a fresh folder, which must verify. Then a real full disk (a tmpfs mount) and a
// filesystem gone read-only under the running exchange (an ext4 image on a loop device, which the
// kernel remounts read-only with the files open, as after a disk error); each is skipped with a message
// where the machine does not allow it (they need root). Exits non-zero on any loss or failed check.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import seed from '../resources/instruments.json';
import { contractSocket } from '../test/helpers/contract-socket';
import { type HeadlessProcess, runHeadless, startHeadless } from '../test/helpers/headless-process';
import { random } from '../test/helpers/random';
import { readOnlyVolume } from '../test/helpers/read-only-volume';
import { newSigningKey, signedClient } from '../test/helpers/signing';
import { stockUnits } from '../test/helpers/supply';
import { tempDir } from '../test/helpers/temp-dir';

const SECONDS = Number(process.env.CHAOS_SECONDS ?? 120);
const MAX_CYCLES = Number(process.env.CHAOS_CYCLES ?? 50);
const rand = random(Number(process.env.CHAOS_SEED ?? Date.now() % 100_000));
const CLIENTS = 4;

const PRIME = (seed as { symbol: string; instrument_id: string; market: { market_id: string } }[]).find(
  (i) => i.symbol === 'text-prime',
)!;

type Signed = ReturnType<typeof signedClient>;

/** What the clients were told was done, by kind. */
interface Acknowledged {
  orders: Set<string>;
  cancels: Set<string>;
  transfers: Set<number>;
  sweeps: Set<string>;
}
const total = { cycles: 0, acknowledged: 0, lost: 0, failures: [] as string[] };

function fail(message: string): void {
  total.failures.push(message);
  console.error(`FAIL: ${message}`);
}

const tokenOf = (dataDir: string) => readFileSync(join(dataDir, 'operator-token'), 'utf8').trim();

/** A supplier with Units and a funded consumer, each with a registered signing key. */
async function setUp(exchange: HeadlessProcess, dataDir: string) {
  const operator = await contractSocket(exchange.baseUrl, tokenOf(dataDir));
  const create = async (name: string, role: string) =>
    (await operator.call('participants.create', { name, role }))!.result.participant_id as string;
  const supplier = await create('Chaos supplier', 'supplier');
  const consumer = await create('Chaos consumer', 'consumer');
  await stockUnits(operator.call, supplier, PRIME.instrument_id, 1_000_000);
  await operator.call('participants.adjustUsd', {
    participant_id: consumer,
    amount: '100000000',
    idempotency_key: 'chaos',
    reason: 'chaos',
  });
  const keys = { supplier: newSigningKey(), consumer: newSigningKey() };
  for (const [participant_id, key] of [
    [supplier, keys.supplier],
    [consumer, keys.consumer],
  ] as const) {
    const reply = await operator.call('keys.register', { participant_id, public_key: key.publicKey });
    if (!reply?.ok) throw new Error(`keys.register: ${JSON.stringify(reply)}`);
  }
  operator.close();
  return keys;
}

/** One signed client's loop until `stop()`: orders, cancels of its own resting ones, transfers. */
async function client(signed: Signed, side: 'buy' | 'sell', ack: Acknowledged, stopped: () => boolean) {
  const resting: string[] = [];
  const inFlight: Promise<unknown>[] = [];
  const send = <T>(method: string, path: string, body: unknown, done: (data: T) => void) =>
    inFlight.push(
      signed(method, path, body === undefined ? {} : { body })
        .then(async (response) => {
          // A cancel answers 204 with no body.
          const text = await response.text();
          if (response.ok) done((text ? (JSON.parse(text) as { data: T }).data : undefined) as T);
          else if (process.env.CHAOS_DEBUG) console.log(method, path, response.status, text);
        })
        .catch((error: Error) => process.env.CHAOS_DEBUG && console.log(method, path, error.message)),
    );
  while (!stopped()) {
    for (let i = 0; i < 8; i++) {
      const roll = rand();
      if (roll < 0.7) {
        // Bids and asks overlap a little: some orders trade, most rest (and can be cancelled).
        const price = ((side === 'buy' ? 1960 : 1990) + Math.floor(rand() * 60)) / 1000;
        const quantity = 1 + Math.floor(rand() * 4);
        send<{ order_id: string; status: string }>(
          'POST',
          '/v1/orders',
          { market_id: PRIME.market.market_id, side, type: 'limit', quantity, price: price.toFixed(3) },
          (order) => {
            ack.orders.add(order.order_id);
            if (order.status === 'open') resting.push(order.order_id);
          },
        );
      } else if (roll < 0.9 && resting.length > 0) {
        const id = resting.splice(Math.floor(rand() * resting.length), 1)[0]!;
        send('DELETE', `/v1/orders/${id}`, undefined, () => ack.cancels.add(id));
      } else if (side === 'buy') {
        send<{ transfer: { sequence: number } }>(
          'POST',
          '/v1/transfers/trading-to-consumption',
          { instrument_id: PRIME.instrument_id, quantity: 1 },
          (result) => ack.transfers.add(result.transfer.sequence),
        );
      }
    }
    // A busy client: eight calls at a time, the next eight once they are answered.
    await Promise.all(inFlight.splice(0));
    await new Promise((resolve) => setTimeout(resolve, rand() * 10));
  }
}

/** Checks the database a killed exchange left: every acknowledged command is there. */
function checkStored(dataDir: string, ack: Acknowledged, cycle: number): number {
  const db = new Database(join(dataDir, 'exchange.db'), { readonly: true });
  try {
    const order = db.prepare('SELECT status FROM orders WHERE order_id = ?').pluck();
    const transfer = db.prepare('SELECT 1 FROM transfers WHERE seq = ?').pluck();
    const sweep = db.prepare('SELECT 1 FROM sweeps WHERE sweep_id = ?').pluck();
    const lost = [
      ...[...ack.orders].filter((id) => order.get(id) === undefined).map((id) => `order ${id}`),
      ...[...ack.cancels].filter((id) => order.get(id) === 'open').map((id) => `cancel of ${id}`),
      ...[...ack.transfers].filter((seq) => transfer.get(seq) === undefined).map((seq) => `transfer ${seq}`),
      ...[...ack.sweeps].filter((id) => sweep.get(id) === undefined).map((id) => `sweep ${id}`),
    ];
    if (lost.length > 0)
      fail(`cycle ${cycle}: ${lost.length} acknowledged commands lost: ${lost.slice(0, 5).join(', ')}`);
    return lost.length;
  } finally {
    db.close();
  }
}

async function verify(dataDir: string, what: string): Promise<void> {
  const verified = await runHeadless(['--data', dataDir, '--verify']);
  if (verified.code !== 0) fail(`${what}: --verify: ${verified.output.trim()}`);
}

async function invariants(exchange: HeadlessProcess, dataDir: string, what: string): Promise<void> {
  const operator = await contractSocket(exchange.baseUrl, tokenOf(dataDir));
  const reply = await operator.call('exchange.invariants', {});
  operator.close();
  if (!reply?.ok || reply.result.problems.length > 0)
    fail(`${what}: invariants after restart: ${JSON.stringify(reply?.result?.problems ?? reply)}`);
}

/** One cycle: start, load, SIGKILL at a random moment, check the disk, verify. */
async function cycle(
  dataDir: string,
  keys: Awaited<ReturnType<typeof setUp>>,
  n: number,
  backupUnderLoad: boolean,
) {
  const exchange = await startHeadless(dataDir);
  await invariants(exchange, dataDir, `cycle ${n} (start)`);
  const ack: Acknowledged = {
    orders: new Set(),
    cancels: new Set(),
    transfers: new Set(),
    sweeps: new Set(),
  };
  let stop = false;
  const stopped = () => stop;
  const clients = Array.from({ length: CLIENTS }, (_, i) =>
    client(
      signedClient(exchange.baseUrl, i % 2 ? keys.supplier : keys.consumer),
      i % 2 ? 'sell' : 'buy',
      ack,
      stopped,
    ),
  );
  const operator = await contractSocket(exchange.baseUrl, tokenOf(dataDir));
  const sweeps = (async () => {
    while (!stop) {
      const reply = await operator.call('sweeps.runNow', {});
      if (reply?.ok) ack.sweeps.add(reply.result.sweep_id);
      await new Promise((resolve) => setTimeout(resolve, 100 + rand() * 300));
    }
  })();
  let backup: Promise<{ code: number | null; output: string }> | null = null;
  if (backupUnderLoad) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    backup = runHeadless(['--data', dataDir, '--backup']);
    await backup;
  }
  // Killed at a random moment once the clients are under way (the first signed calls warm up the
  // exchange's signature workers).
  const warm = Date.now();
  while (ack.orders.size === 0 && Date.now() - warm < 15_000) await new Promise((r) => setTimeout(r, 20));
  await new Promise((resolve) => setTimeout(resolve, 100 + rand() * 2500));
  exchange.child.kill('SIGKILL');
  await exchange.exited;
  stop = true;
  await Promise.all([...clients, sweeps]);
  operator.close();
  const count = ack.orders.size + ack.cancels.size + ack.transfers.size + ack.sweeps.size;
  total.acknowledged += count;
  total.lost += checkStored(dataDir, ack, n);
  await verify(dataDir, `cycle ${n}`);
  if (backup) await restoreElsewhere(await backup, n);
  total.cycles++;
  console.log(
    `cycle ${n}: ${ack.orders.size} orders, ${ack.cancels.size} cancels, ${ack.transfers.size} transfers, ${ack.sweeps.size} sweeps acknowledged; all on disk${backup ? '; backup under load restored and verified' : ''}`,
  );
}

/** The backup taken under load restores into a fresh folder, verifies, and starts. */
async function restoreElsewhere(backup: { code: number | null; output: string }, n: number) {
  const path = /^backup written: (\S+)/m.exec(backup.output)?.[1];
  if (backup.code !== 0 || !path) return fail(`cycle ${n}: --backup under load: ${backup.output.trim()}`);
  const other = tempDir('grid-desk-chaos-restore-');
  try {
    const restored = await runHeadless(['--data', other.path, '--restore', path]);
    if (restored.code !== 0) return fail(`cycle ${n}: --restore: ${restored.output.trim()}`);
    await verify(other.path, `cycle ${n} restored backup`);
  } finally {
    other.remove();
  }
}

/** A tmpfs of `size` at a fresh folder, or null (with the reason) where mounting is not allowed. */
function tmpfs(size: string): { path: string; remove(): void } | string {
  const dir = tempDir('grid-desk-chaos-mount-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir.path], { stdio: 'pipe' });
  } catch (error) {
    dir.remove();
    return `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]})`;
  }
  return {
    path: dir.path,
    remove: () => {
      execFileSync('umount', ['-l', dir.path]);
      dir.remove();
    },
  };
}

type Refusal = { status: number; detail: string };

/**
 * Starts an exchange on `dataDir` and sends $1 deposits to a new consumer, 20 at a time, until one is
 * refused; `breakDisk` runs while batch 10 is in flight (some acknowledged, the rest refused). Then
 * /health must say 503 with a reason matching `reason`, and the exchange is killed.
 */
async function depositUntilRefused(
  dataDir: string,
  what: string,
  max: number,
  breakDisk: () => void,
  reason: RegExp,
  running: HeadlessProcess[],
): Promise<{ acknowledged: string[]; refused: Refusal | null }> {
  const exchange = await startHeadless(dataDir);
  running.push(exchange);
  const operator = await contractSocket(exchange.baseUrl, tokenOf(dataDir));
  const participant_id = (await operator.call('participants.create', { name: what, role: 'consumer' }))!
    .result.participant_id as string;
  const acknowledged: string[] = [];
  let refused: Refusal | null = null;
  for (let i = 0; i < max && !refused; i++) {
    const batch = Promise.all(
      Array.from({ length: 20 }, (_, j) =>
        operator.call('participants.adjustUsd', {
          participant_id,
          amount: '1',
          idempotency_key: `${what}${i}-${j}`,
          reason: what,
        }),
      ),
    );
    if (i === 10) breakDisk();
    for (const reply of await batch) {
      if (reply?.ok) acknowledged.push(reply.result.adjustment_id);
      else refused ??= reply?.error ?? { status: 0, detail: 'no answer' };
    }
  }
  const health = await fetch(`${exchange.baseUrl}/health`);
  const healthReason = ((await health.json()) as { reason?: string }).reason ?? '';
  if (refused?.status !== 503) fail(`${what}: a command was answered ${JSON.stringify(refused)}, not 503`);
  if (health.status !== 503 || !reason.test(healthReason))
    fail(`${what}: /health answered ${health.status} (${healthReason})`);
  operator.close();
  exchange.child.kill('SIGKILL');
  await exchange.exited;
  return { acknowledged, refused };
}

/** Every acknowledged deposit is in the stopped exchange's database, and its journal verifies. */
async function expectNothingLost(dataDir: string, what: string, acknowledged: string[]): Promise<void> {
  const db = new Database(join(dataDir, 'exchange.db'), { readonly: true });
  const stored = db.prepare('SELECT 1 FROM usd_adjustments WHERE adjustment_id = ?').pluck();
  const lost = acknowledged.filter((id) => stored.get(id) === undefined).length;
  db.close();
  total.acknowledged += acknowledged.length;
  total.lost += lost;
  if (lost > 0) fail(`${what}: ${lost} acknowledged deposits lost`);
  await verify(dataDir, what);
}

/** Kills whatever exchange is still running (none may be left holding a test volume). */
async function killAll(running: HeadlessProcess[]): Promise<void> {
  for (const exchange of running) {
    if (exchange.child.exitCode !== null || exchange.child.signalCode !== null) continue;
    exchange.child.kill('SIGKILL');
    await exchange.exited;
  }
}

/** Fills the disk under a loaded exchange: commands get 503, /health says why, nothing acknowledged is lost. */
async function diskFull(): Promise<void> {
  const mount = tmpfs('32m');
  if (typeof mount === 'string') return console.log(`disk full: SKIPPED, ${mount}`);
  const running: HeadlessProcess[] = [];
  try {
    const dataDir = join(mount.path, 'data');
    mkdirSync(dataDir);
    const fill = () => {
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(mount.path, 'filler')}`, 'bs=64k'], {
          stdio: 'ignore',
        });
      } catch {
        // dd stops at "No space left on device"
      }
    };
    const { acknowledged, refused } = await depositUntilRefused(dataDir, 'full', 50_000, fill, /./, running);
    rmSync(join(mount.path, 'filler'));
    await expectNothingLost(dataDir, 'disk full', acknowledged);
    console.log(
      `disk full: ${acknowledged.length} acknowledged, then 503 "${refused?.detail}"; /health 503; none lost; verified`,
    );
  } finally {
    await killAll(running);
    mount.remove();
  }
}

/**
 * The filesystem goes read-only under a loaded exchange, as after a disk error (an ext4 volume on a loop
 * device, remounted read-only by the kernel under the open files): commands get 503, /health says why;
 * once the disk is repaired nothing acknowledged is lost and the journal verifies.
 */
async function readOnly(): Promise<void> {
  const volume = readOnlyVolume();
  if (typeof volume === 'string') return console.log(`read-only: SKIPPED, ${volume}`);
  // Whatever fails, no exchange is left holding the volume (it could not be unmounted).
  const running: HeadlessProcess[] = [];
  try {
    const dataDir = join(volume.path, 'data');
    mkdirSync(dataDir);
    const { acknowledged, refused } = await depositUntilRefused(
      dataDir,
      'read-only',
      5_000,
      () => volume.goReadOnly(),
      /read-only/,
      running,
    );
    volume.repair();
    await expectNothingLost(dataDir, 'read-only', acknowledged);
    const again = await startHeadless(dataDir);
    running.push(again);
    await invariants(again, dataDir, 'read-only, repaired');
    again.child.kill('SIGTERM');
    await again.exited;
    console.log(
      `read-only: ${acknowledged.length} acknowledged, then 503 "${refused?.detail}"; /health 503; none lost; verified; restarts`,
    );
  } finally {
    await killAll(running);
    volume.remove();
  }
}

const started = Date.now();
const deadline = started + SECONDS * 1000;
const dir = tempDir('grid-desk-chaos-');
try {
  const first = await startHeadless(dir.path);
  const keys = await setUp(first, dir.path);
  first.child.kill('SIGTERM');
  await first.exited;
  // Time for the closing cases (disk full, read-only) is kept aside.
  for (let n = 1; n <= MAX_CYCLES && Date.now() < deadline - 20_000; n++) {
    await cycle(dir.path, keys, n, n === 2);
  }
  const last = await startHeadless(dir.path);
  await invariants(last, dir.path, 'final restart');
  last.child.kill('SIGTERM');
  await last.exited;
  await verify(dir.path, 'final');
  await diskFull();
  await readOnly();
} catch (error) {
  fail(`harness: ${(error as Error).stack ?? error}`);
} finally {
  dir.remove();
}
console.log(
  `chaos: ${total.cycles} cycles in ${Math.round((Date.now() - started) / 1000)} s, ${total.acknowledged} acknowledged commands, lost ${total.lost}, ${total.failures.length} failed checks`,
);
process.exit(total.lost === 0 && total.failures.length === 0 ? 0 : 1);
