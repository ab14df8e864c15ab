import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDataDir, privateDatabase } from '../store/private-files';
import { DataLock } from '../store/data-lock';
import seedInstruments from '../../resources/instruments.json';
import type { Accepted, Command, CommandContext } from '../engine/commands';
import { canonicalState, Exchange } from '../engine/exchange';
import type { Instrument } from '../engine/instruments';
import { isLive, type Order } from '../engine/orders';
import type { Participant } from '../engine/participants';
import { listBackups } from '../store/backups';
import { openDatabase, quickCheck } from '../store/database';
import { DurableMark } from '../store/durable-mark';
import { ExchangeStore, type JournalEntry } from '../store/exchange-store';
import { storageFailureMessage } from '../store/storage-cause';
import { type BatchOutcome, WriterThread } from '../store/writer-thread';
import { ExchangeError, rejectionError } from './errors';
import { newId } from './ids';
import { OperatorToken } from './operator-token';

export type Clock = () => number;
/** Hears each commit: the last sequence number and every entry (command and changes) it made durable. */
export type CommitListener = (lastSeq: number, entries: readonly JournalEntry[]) => void;
export const SYSTEM_ACTOR = 'system';
/** The most commands one commit on the writer thread takes (a commit of 256 takes ~4 ms here). */
const MAX_BATCH = 256;
/** Batches handed to the writer thread at a time: one committing, the next one waiting at hand. */
const IN_FLIGHT = 2;

/** Why the exchange stopped taking commands: its first failed commit. */
export interface StorageFailure {
  message: string;
  /** When it happened (ms since the epoch). */
  at: number;
  /** The last sequence number on disk; what the exchange serves from now on. */
  durableSeq: number;
}

/** A storage failure as the contract shows it (system.info), or null. */
export const storageFailureView = (failure: StorageFailure | null) =>
  failure && {
    message: failure.message,
    at: new Date(failure.at).toISOString(),
    durable_sequence: failure.durableSeq,
  };

/** The data folder's database cannot be trusted to hold every acknowledged command: the exchange refuses to start. */
export class StorageDamagedError extends Error {}

export interface ServiceOptions {
  dataDir: string;
  clock?: Clock;
  /**
   * Where group commits run: 'thread' (default) on a writer thread with its own connection, so the
   * main thread executes the next commands while a batch commits; 'inline' on the main thread. Also
   * GRID_DESK_STORE_WRITER=inline.
   */
  writer?: 'thread' | 'inline';
}

interface Pending {
  entry: JournalEntry;
  result: Accepted<unknown>;
  resolve: (result: Accepted<unknown>) => void;
  reject: (error: unknown) => void;
}

/**
 * The running exchange: the engine in memory, the store on disk, and the group commit between them.
 * Commands execute in arrival order; those that arrive together are committed in one transaction, and
 * none is acknowledged before its commit.
 *
 * With a writer thread, one batch commits there at a time while the commands arriving meanwhile
 * execute and gather into the next batch, sent as soon as the previous one has committed: batches
 * commit in execution order, so the journal keeps it. The first failed commit stops the exchange.
 */
export class ExchangeService {
  private current: Exchange;
  readonly databasePath: string;
  readonly operatorToken: OperatorToken;
  private seq: number;
  private pending: Pending[] = [];
  /** Batches sent to the writer thread and not answered yet, oldest first. */
  private committing: Pending[][] = [];
  /** Waiters (idempotent retries, reads) answered once everything executed before them is durable. */
  private waiters: { seq: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private durableSeq: number;
  private readonly writer: WriterThread | null;
  /** Time spent committing each batch (ms), on whichever thread commits; for benchmarks. */
  commitTimes: number[] | null = null;
  private flushScheduled = false;
  private failure: Error | null = null;
  private failureInfo: StorageFailure | null = null;
  private closed = false;
  private readonly listeners = new Set<CommitListener>();
  /** The durable mark, when commits run on this thread (the writer thread keeps its own otherwise). */
  private readonly mark: DurableMark | null;

  private constructor(
    readonly store: ExchangeStore,
    readonly clock: Clock,
    readonly dataDir: string,
    writer: 'thread' | 'inline',
    private readonly lock: DataLock,
  ) {
    this.databasePath = store.db.name;
    if (store.needsLifecycleBackfill()) store.backfillLifecycle(replayJournal(store).state);
    this.current = new Exchange(store.loadState());
    this.seq = store.lastSeq();
    this.durableSeq = this.seq;
    this.operatorToken = OperatorToken.loadOrCreate(dataDir);
    const markPath = DurableMark.path(dataDir);
    // A folder from before durable marks gets its mark now, before any commit moves it on.
    DurableMark.set(markPath, this.seq);
    this.writer = writer === 'thread' ? startWriter(store, markPath) : null;
    this.mark = this.writer ? null : DurableMark.open(markPath);
  }

  /**
   * Opens the exchange in `dataDir`: takes the folder's lock (DataFolderInUseError if another exchange
   * holds it), makes the folder and its files owner-only, and refuses (StorageDamagedError) a database
   * that ends before the last command it acknowledged.
   */
  static async open(options: ServiceOptions): Promise<ExchangeService> {
    prepareDataDir(options.dataDir);
    const lock = DataLock.acquire(options.dataDir);
    let service: ExchangeService;
    try {
      const store = openCheckedStore(options.dataDir);
      const writer =
        options.writer ?? (process.env.GRID_DESK_STORE_WRITER === 'inline' ? 'inline' : 'thread');
      try {
        service = new ExchangeService(store, options.clock ?? Date.now, options.dataDir, writer, lock);
      } catch (error) {
        store.db.close();
        throw error;
      }
    } catch (error) {
      lock.release();
      throw error;
    }
    await service.initialise();
    return service;
  }

  /** The engine: the applied state, ahead of disk by the commands still committing (never after a storage failure). */
  get engine(): Exchange {
    return this.current;
  }

  /** Why the exchange stopped taking commands, or null while its storage works. */
  get storageFailure(): StorageFailure | null {
    return this.failureInfo;
  }

  /** First start: the operator exists and every seeded instrument is defined (new ones on upgrade too). */
  private async initialise(): Promise<void> {
    for (const instrument of seedInstruments as Instrument[]) {
      if (!this.engine.state.instruments.has(instrument.instrument_id)) {
        await this.submit({ type: 'define_instrument', instrument }, SYSTEM_ACTOR);
      }
    }
    if (!this.operator()) {
      await this.submit(
        {
          type: 'create_participant',
          participant_id: newParticipantId(),
          name: 'Exchange operator',
          role: 'operator',
        },
        SYSTEM_ACTOR,
      );
    }
  }

  operator(): Participant | undefined {
    return [...this.engine.state.participants.values()].find((p) => p.role === 'operator');
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** The last sequence committed to disk: what a reader of the store sees (lastSeq may be ahead). */
  get durableSequence(): number {
    return this.durableSeq;
  }

  /**
   * Resolves once every command executed so far is durable (committed), so the store can be read for
   * it; rejects if the exchange stops first.
   */
  whenDurable(): Promise<void> {
    if (this.failure) return Promise.reject(this.stoppedError());
    if (this.durableSeq >= this.seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq: this.seq, resolve, reject }));
  }

  /**
   * Executes a command now and resolves once it is durable. A rejection throws at once and writes
   * nothing; an idempotent retry resolves with the first result and writes nothing.
   */
  submit<R>(command: Command, actor: string): Promise<Accepted<R>> {
    try {
      return this.execute<R>(command, actor).durable;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Executes a command now: throws its rejection at once (writing nothing), or returns its result, applied
   * in memory, with `durable`, which resolves once it is committed. For hot paths (a call's reservation and
   * settlement) that act on the applied state before the commit; everything else awaits `submit`.
   */
  execute<R>(command: Command, actor: string): { result: Accepted<R>; durable: Promise<Accepted<R>> } {
    if (this.closed) throw new ExchangeError(503, 'the exchange is shutting down');
    if (this.failure) throw this.stoppedError();
    const ctx: CommandContext = { seq: this.seq + 1, time: this.clock(), actor };
    const outcome = this.engine.execute(command, ctx);
    if (!outcome.ok) throw rejectionError(outcome);
    const result = outcome as Accepted<R>;
    // The first result may still be committing: answer once all that executed before is durable.
    if (outcome.replayed) return { result, durable: this.whenDurable().then(() => result) };
    this.seq = ctx.seq;
    const durable = new Promise<Accepted<R>>((resolve, reject) => {
      this.pending.push({
        entry: { ctx, command, changes: outcome.changes },
        result: outcome,
        resolve: resolve as (r: Accepted<unknown>) => void,
        reject,
      });
      this.scheduleFlush();
    });
    return { result, durable };
  }

  /** Called after every commit with the last committed sequence number and the batch's entries. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.failure || this.pending.length === 0) return;
    if (!this.writer) {
      const batch = this.pending;
      this.pending = [];
      const entries = batch.map((p) => p.entry);
      const started = performance.now();
      try {
        this.store.commit(entries);
        this.mark!.write(entries[entries.length - 1]!.ctx.seq);
      } catch (error) {
        this.fail(error as Error, batch);
        return;
      }
      this.commitTimes?.push(performance.now() - started);
      this.committed(batch, entries);
      return;
    }
    // The writer thread gets batches of at most MAX_BATCH, IN_FLIGHT at a time: a commit stays short,
    // the thread has the next batch at hand when one commits, and the commands arriving meanwhile
    // execute here and wait for the next free slot.
    while (!this.failure && this.pending.length > 0 && this.committing.length < IN_FLIGHT) {
      const batch = this.pending.length > MAX_BATCH ? this.pending.splice(0, MAX_BATCH) : this.pending;
      if (batch === this.pending) this.pending = [];
      this.send(this.writer, batch);
    }
  }

  private send(writer: WriterThread, batch: Pending[]): void {
    const entries = batch.map((p) => p.entry);
    let ops: unknown[];
    try {
      ops = this.store.record(entries);
    } catch (error) {
      this.fail(error as Error, batch);
      return;
    }
    this.committing.push(batch);
    writer.write(ops, entries[entries.length - 1]!.ctx.seq, (outcome: BatchOutcome) => {
      if (this.failure) return; // rejected already, with the batch that failed
      if (!outcome.ok) {
        this.fail(outcome.error, []); // this batch and every other one still committing
        return;
      }
      this.committing.shift();
      this.commitTimes?.push(outcome.ms);
      this.flush();
      this.committed(batch, entries);
    });
  }

  private committed(batch: Pending[], entries: JournalEntry[]): void {
    const last = entries[entries.length - 1]!.ctx.seq;
    this.durableSeq = last;
    for (const p of batch) p.resolve(p.result);
    if (this.waiters.length > 0) {
      const waiting = this.waiters;
      this.waiters = waiting.filter((waiter) => waiter.seq > last);
      for (const waiter of waiting) if (waiter.seq <= last) waiter.resolve();
    }
    for (const listener of this.listeners) listener(last, entries);
  }

  /**
   * Memory is ahead of disk now: stop taking commands (fail-stop), answer none of those not yet answered
   * (even any that commit after all), and go back to the state on disk so nothing that was never stored
   * is served (books, balances, market data). Said once in the log, on /health and to every workspace;
   * a restart reloads the last commit.
   */
  private fail(failed: Error, batch: Pending[]): void {
    const error = new Error(storageFailureMessage(failed.message, this.dataDir), { cause: failed });
    this.failure = error;
    const lost = [...this.committing.flat(), ...batch, ...this.pending, ...this.waiters];
    this.committing = [];
    this.pending = [];
    this.waiters = [];
    const stopped = this.stoppedError();
    for (const p of lost) p.reject(stopped);
    try {
      this.current = new Exchange(this.store.loadState());
      this.seq = this.durableSeq = this.store.lastSeq();
    } catch (reloadError) {
      // The disk cannot even be read: keep what is in memory; every command is refused all the same.
      console.error(`Grid Desk: could not reload the stored state: ${(reloadError as Error).message}`);
      this.seq = this.durableSeq;
    }
    this.failureInfo = { message: error.message, at: this.clock(), durableSeq: this.durableSeq };
    console.error(
      `Grid Desk: STORAGE FAILURE, the exchange stopped taking commands (last durable sequence ${this.durableSeq}): ${error.message}`,
    );
    // One last notice at the durable sequence: every workspace reloads and shows the failure.
    for (const listener of this.listeners) listener(this.durableSeq, []);
  }

  /** What every command (and every wait for one) is answered with once storage has failed. */
  private stoppedError(): ExchangeError {
    return new ExchangeError(
      503,
      `the exchange stopped taking commands after a storage failure: ${this.failure!.message}`,
    );
  }

  /** Checks the database's pages and replays the journal against the stored state (`verifyStore`). */
  verify(): VerifyReport {
    return verifyStore(this.store);
  }

  /** Commits what is pending and closes the database. */
  close(): void {
    if (this.closed) return;
    this.flush();
    while (this.writer && this.committing.length > 0) {
      this.writer.waitSync();
      this.flush();
    }
    this.closed = true;
    this.writer?.closeSync();
    this.mark?.close();
    this.store.db.close();
    this.lock.release();
  }
}

export interface VerifyReport {
  ok: boolean;
  /** SQLite's page check: 'ok', or what it found. */
  integrity: string;
  commands: number;
  storedHash: string;
  replayedHash: string;
}

/**
 * Checks a store: SQLite's quick page check, then the journal replayed into a fresh engine must hash to
 * the stored state. The exchange's `--verify`, and every backup before it is restored.
 */
export function verifyStore(store: ExchangeStore): VerifyReport {
  const integrity = quickCheck(store.db);
  let commands = 0;
  // The hashes cover finished orders too (no longer in the state, such as an IOC that found nothing):
  // each as the replay finished it against its stored row.
  const replayedClosed = new ClosedOrdersDigest();
  const replayed = replayJournal(store, (outcome) => {
    commands++;
    for (const change of outcome.changes) if (change.kind === 'order') replayedClosed.add(change.order);
  });
  const storedClosed = new ClosedOrdersDigest();
  for (const order of store.closedOrders()) storedClosed.add(order);
  const storedHash = stateHash(store.loadState(), storedClosed);
  const replayedHash = stateHash(replayed.state, replayedClosed);
  return {
    ok: integrity === 'ok' && storedHash === replayedHash,
    integrity,
    commands,
    storedHash,
    replayedHash,
  };
}

/**
 * Opens DATA_DIR/exchange.db owner-only, refusing one that lost acknowledged commands: missing or empty,
 * not a database, or a journal that ends before the durable mark (a deleted or damaged WAL).
 */
function openCheckedStore(dataDir: string): ExchangeStore {
  const path = join(dataDir, 'exchange.db');
  let mark: number | null;
  try {
    mark = DurableMark.read(dataDir);
  } catch (error) {
    throw damaged(dataDir, (error as Error).message);
  }
  const acknowledged = `${mark} acknowledged commands`;
  if (mark !== null && mark > 0 && (!existsSync(path) || statSync(path).size === 0)) {
    throw damaged(
      dataDir,
      `${path} is ${existsSync(path) ? 'empty' : 'missing'}, but it held ${acknowledged}`,
    );
  }
  privateDatabase(path);
  let store: ExchangeStore;
  try {
    store = new ExchangeStore(openDatabase(path));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      throw damaged(dataDir, `${path} is damaged: ${(error as Error).message}`);
    throw error;
  }
  const last = store.lastSeq();
  if (mark !== null && last < mark) {
    store.db.close();
    throw damaged(
      dataDir,
      `the journal in ${path} ends at sequence ${last}, but ${acknowledged} (through ${mark}) were stored: its write-ahead log (${path}-wal) is missing or damaged`,
    );
  }
  return store;
}

function damaged(dataDir: string, problem: string): StorageDamagedError {
  const newest = listBackups(dataDir)[0];
  const remedy = newest
    ? `restore the newest backup: node out/main/headless.js --data ${dataDir} --restore ${newest.path}`
    : `there is no backup in ${join(dataDir, 'backups')}; restore the data folder from your own copy`;
  return new StorageDamagedError(`refusing to start: ${problem}; ${remedy}`);
}

/** The writer thread, or null (commits stay on this thread) if it cannot start here. */
function startWriter(store: ExchangeStore, markPath: string): WriterThread | null {
  let writer: WriterThread;
  try {
    writer = new WriterThread(store.db.name, markPath, store.writes);
  } catch (error) {
    console.warn(`Grid Desk: committing on the main thread: ${(error as Error).message}`);
    return null;
  }
  // The store's writes go through the writer thread from here on; one run here instead fails loudly.
  store.writes.recordOnly = true;
  return writer;
}

/** A fresh engine with every journaled command applied in order. */
function replayJournal(store: ExchangeStore, onCommand?: (outcome: Accepted<unknown>) => void): Exchange {
  const replayed = new Exchange();
  for (const { ctx, command } of store.journal()) {
    const outcome = replayed.execute(command, ctx);
    if (!outcome.ok) throw new Error(`journal entry ${ctx.seq} was rejected on replay: ${outcome.message}`);
    onCommand?.(outcome);
  }
  return replayed;
}

/**
 * An order-independent digest of finished orders (a sum of their SHA-256s modulo 2^256): each closes
 * once and never changes after, so the journal's replay and the orders table must give the same sum.
 */
class ClosedOrdersDigest {
  private sum = 0n;

  add(order: Order): void {
    if (isLive(order)) return;
    const canonical = JSON.stringify(
      Object.fromEntries(Object.entries(order).sort(([a], [b]) => (a < b ? -1 : 1))),
    );
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(canonical).digest('hex')}`)) % 2n ** 256n;
  }

  toString(): string {
    return this.sum.toString(16);
  }
}

export const newParticipantId = () => newId('participant');
export const newAdjustmentId = () => newId('adjustment');
export const newOrderId = () => newId('order');
const stateHash = (state: Exchange['state'], closed: ClosedOrdersDigest) =>
  createHash('sha256').update(canonicalState(state)).update(`\u0000${closed.toString()}`).digest('hex');
