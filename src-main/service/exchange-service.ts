import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import seedInstruments from '../../resources/instruments.json';
import type { Accepted, Command, CommandContext } from '../engine/commands';
import { canonicalState, Exchange } from '../engine/exchange';
import type { Instrument } from '../engine/instruments';
import { isLive, type Order } from '../engine/orders';
import type { Participant } from '../engine/participants';
import { openDatabase } from '../store/database';
import { ExchangeStore, type JournalEntry } from '../store/exchange-store';
import { type BatchOutcome, WriterThread } from '../store/writer-thread';
import { ExchangeError, rejectionError } from './errors';
import { uuidV7 } from './ids';
import { OperatorToken } from './operator-token';

export type Clock = () => number;
/** Hears each commit: the last sequence number and every entry (command and changes) it made durable. */
export type CommitListener = (lastSeq: number, entries: readonly JournalEntry[]) => void;
export const SYSTEM_ACTOR = 'system';
/** The most commands one commit on the writer thread takes (a commit of 256 takes ~4 ms here). */
const MAX_BATCH = 256;
/** Batches handed to the writer thread at a time: one committing, the next one waiting at hand. */
const IN_FLIGHT = 2;

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
  readonly engine: Exchange;
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
  private closed = false;
  private readonly listeners = new Set<CommitListener>();

  private constructor(
    readonly store: ExchangeStore,
    readonly clock: Clock,
    dataDir: string,
    writer: 'thread' | 'inline',
  ) {
    this.databasePath = store.db.name;
    if (store.needsLifecycleBackfill()) store.backfillLifecycle(replayJournal(store).state);
    this.engine = new Exchange(store.loadState());
    this.seq = store.lastSeq();
    this.durableSeq = this.seq;
    this.operatorToken = OperatorToken.loadOrCreate(dataDir);
    this.writer = writer === 'thread' ? startWriter(store) : null;
  }

  static async open(options: ServiceOptions): Promise<ExchangeService> {
    mkdirSync(options.dataDir, { recursive: true });
    const store = new ExchangeStore(openDatabase(join(options.dataDir, 'exchange.db')));
    const writer = options.writer ?? (process.env.GRID_DESK_STORE_WRITER === 'inline' ? 'inline' : 'thread');
    let service: ExchangeService;
    try {
      service = new ExchangeService(store, options.clock ?? Date.now, options.dataDir, writer);
    } catch (error) {
      store.db.close();
      throw error;
    }
    await service.initialise();
    return service;
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

  /**
   * Resolves once every command executed so far is durable (committed), so the store can be read for
   * it; rejects if the exchange stops first.
   */
  whenDurable(): Promise<void> {
    if (this.failure)
      return Promise.reject(new ExchangeError(500, 'the command could not be stored; the exchange stopped'));
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
    if (this.failure)
      throw new ExchangeError(500, `the exchange stopped after a storage failure: ${this.failure.message}`);
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
    writer.write(ops, (outcome: BatchOutcome) => {
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
   * Memory is ahead of disk now: stop taking commands (fail-stop) and answer none of those not yet
   * answered, even any that commit after all; a restart reloads the last commit.
   */
  private fail(error: Error, batch: Pending[]): void {
    this.failure = error;
    const lost = [...this.committing.flat(), ...batch, ...this.pending, ...this.waiters];
    this.committing = [];
    this.pending = [];
    this.waiters = [];
    for (const p of lost)
      p.reject(new ExchangeError(500, 'the command could not be stored; the exchange stopped'));
  }

  /**
   * Replays the journal into a fresh engine and compares its state hash with the stored state's. The
   * hash covers finished orders too (those no longer in the state, such as an IOC that found nothing):
   * each as replay finished it against the stored row.
   */
  verify(): { ok: boolean; commands: number; storedHash: string; replayedHash: string } {
    let commands = 0;
    const replayedClosed = new ClosedOrdersDigest();
    const replayed = replayJournal(this.store, (outcome) => {
      commands++;
      for (const change of outcome.changes) if (change.kind === 'order') replayedClosed.add(change.order);
    });
    const storedClosed = new ClosedOrdersDigest();
    for (const order of this.store.closedOrders()) storedClosed.add(order);
    const storedHash = stateHash(this.store.loadState(), storedClosed);
    const replayedHash = stateHash(replayed.state, replayedClosed);
    return { ok: storedHash === replayedHash, commands, storedHash, replayedHash };
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
    this.store.db.close();
  }
}

/** The writer thread, or null (commits stay on this thread) if it cannot start here. */
function startWriter(store: ExchangeStore): WriterThread | null {
  let writer: WriterThread;
  try {
    writer = new WriterThread(store.db.name, store.writes);
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

export const newParticipantId = () => `participant_${uuidV7()}`;
export const newAdjustmentId = () => `adjustment_${uuidV7()}`;
export const newOrderId = () => `order_${uuidV7()}`;
const stateHash = (state: Exchange['state'], closed: ClosedOrdersDigest) =>
  createHash('sha256').update(canonicalState(state)).update(`\u0000${closed.toString()}`).digest('hex');
