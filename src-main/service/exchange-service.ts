import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import seedInstruments from '../../resources/instruments.json';
import type { Accepted, Command, CommandContext } from '../engine/commands';
import { canonicalState, Exchange } from '../engine/exchange';
import type { Instrument } from '../engine/instruments';
import type { Participant } from '../engine/participants';
import { openDatabase } from '../store/database';
import { ExchangeStore, type JournalEntry } from '../store/exchange-store';
import { ExchangeError, rejectionError } from './errors';
import { uuidV7 } from './ids';
import { OperatorToken } from './operator-token';

export type Clock = () => number;
/** Hears each commit: the last sequence number and every entry (command and changes) it made durable. */
export type CommitListener = (lastSeq: number, entries: readonly JournalEntry[]) => void;
export const SYSTEM_ACTOR = 'system';

export interface ServiceOptions {
  dataDir: string;
  clock?: Clock;
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
 */
export class ExchangeService {
  readonly engine: Exchange;
  readonly databasePath: string;
  readonly operatorToken: OperatorToken;
  private seq: number;
  private pending: Pending[] = [];
  private flushScheduled = false;
  private failure: Error | null = null;
  private closed = false;
  private readonly listeners = new Set<CommitListener>();

  private constructor(
    readonly store: ExchangeStore,
    readonly clock: Clock,
    dataDir: string,
  ) {
    this.databasePath = store.db.name;
    if (store.needsLifecycleBackfill()) store.backfillLifecycle(replayJournal(store).state);
    this.engine = new Exchange(store.loadState());
    this.seq = store.lastSeq();
    this.operatorToken = OperatorToken.loadOrCreate(dataDir);
  }

  static async open(options: ServiceOptions): Promise<ExchangeService> {
    mkdirSync(options.dataDir, { recursive: true });
    const store = new ExchangeStore(openDatabase(join(options.dataDir, 'exchange.db')));
    const service = new ExchangeService(store, options.clock ?? Date.now, options.dataDir);
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
   * Executes a command now and resolves once it is durable. A rejection throws at once and writes
   * nothing; an idempotent retry resolves with the first result and writes nothing.
   */
  submit<R>(command: Command, actor: string): Promise<Accepted<R>> {
    if (this.closed) return Promise.reject(new ExchangeError(503, 'the exchange is shutting down'));
    if (this.failure)
      return Promise.reject(
        new ExchangeError(500, `the exchange stopped after a storage failure: ${this.failure.message}`),
      );
    const ctx: CommandContext = { seq: this.seq + 1, time: this.clock(), actor };
    const outcome = this.engine.execute(command, ctx);
    if (!outcome.ok) return Promise.reject(rejectionError(outcome));
    if (outcome.replayed) return Promise.resolve(outcome as Accepted<R>);
    this.seq = ctx.seq;
    return new Promise((resolve, reject) => {
      this.pending.push({
        entry: { ctx, command, changes: outcome.changes },
        result: outcome,
        resolve: resolve as (r: Accepted<unknown>) => void,
        reject,
      });
      this.scheduleFlush();
    });
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
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      this.store.commit(batch.map((p) => p.entry));
    } catch (error) {
      // Memory is ahead of disk now: stop taking commands (fail-stop); a restart reloads the last commit.
      this.failure = error as Error;
      for (const p of batch)
        p.reject(new ExchangeError(500, 'the command could not be stored; the exchange stopped'));
      return;
    }
    for (const p of batch) p.resolve(p.result);
    const last = batch[batch.length - 1]!.entry.ctx.seq;
    const entries = batch.map((p) => p.entry);
    for (const listener of this.listeners) listener(last, entries);
  }

  /** Replays the journal into a fresh engine and compares its state hash with the stored state's. */
  verify(): { ok: boolean; commands: number; storedHash: string; replayedHash: string } {
    let commands = 0;
    const replayed = replayJournal(this.store, () => commands++);
    const storedHash = stateHash(this.store.loadState());
    const replayedHash = stateHash(replayed.state);
    return { ok: storedHash === replayedHash, commands, storedHash, replayedHash };
  }

  /** Commits what is pending and closes the database. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.store.db.close();
  }
}

/** A fresh engine with every journaled command applied in order. */
function replayJournal(store: ExchangeStore, onCommand?: () => void): Exchange {
  const replayed = new Exchange();
  for (const { ctx, command } of store.journal()) {
    const outcome = replayed.execute(command, ctx);
    if (!outcome.ok) throw new Error(`journal entry ${ctx.seq} was rejected on replay: ${outcome.message}`);
    onCommand?.();
  }
  return replayed;
}

export const newParticipantId = () => `participant_${uuidV7()}`;
export const newAdjustmentId = () => `adjustment_${uuidV7()}`;
export const newOrderId = () => `order_${uuidV7()}`;
const stateHash = (state: Exchange['state']) =>
  createHash('sha256').update(canonicalState(state)).digest('hex');
