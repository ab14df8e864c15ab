import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import { CONNECTION_PRAGMAS } from './database';
import { startWorker } from './worker-script';
import type { WriteStatements } from './write-statements';
import type { WriterData, WriterMessage, WriterReply } from './writer-worker';

/** How a batch ended: committed (and how long the transaction took on the writer thread), or not. */
export type BatchOutcome = { ok: true; ms: number } | { ok: false; error: Error };

/** How long a synchronous wait (on close) gives the writer thread before it counts as failed. */
const SYNC_WAIT_MS = 30_000;

/**
 * The store's writes on a thread of their own: a second connection to the same database (WAL lets the
 * main thread's connection keep reading) commits the batches the main thread records, one at a time
 * and in the order given, while the main thread goes on executing the next commands. One batch is in
 * flight at most; its callback runs once its transaction has committed (or failed and rolled back).
 */
export class WriterThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly counter = new Int32Array(new SharedArrayBuffer(4));
  /** Statements whose SQL the thread has been given. */
  private sqlSent: number;
  /** Callbacks of the batches sent and not answered yet, oldest first. */
  private inFlight: ((outcome: BatchOutcome) => void)[] = [];
  private failure: Error | null = null;
  private closed = false;

  constructor(
    databasePath: string,
    markPath: string,
    private readonly statements: WriteStatements,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.sqlSent = statements.sql.length;
    // The thread runs writer-worker.ts: it opens its own connection, prepares the statements and
    // commits each batch it is sent.
    const workerData: WriterData = {
      path: databasePath,
      markPath,
      pragmas: CONNECTION_PRAGMAS,
      sql: statements.sql.slice(),
      port: port2,
      signal: this.counter.buffer,
    };
    this.worker = startWorker('writer-worker', import.meta.url, { workerData, transferList: [port2] });
    // Ready or not before anything is executed against it: a thread that cannot open the database or
    // prepare the statements is known now, and the caller can keep writing on its own connection.
    const first = this.replySync();
    if (first?.type !== 'ready') {
      void this.worker.terminate();
      throw new Error(
        `the writer thread did not start: ${first?.type === 'failed' ? first.message : 'no answer'}`,
      );
    }
    this.port.on('message', (reply: WriterReply) => this.settle(reply));
    const died = (error?: Error) => {
      this.failure ??= error ?? new Error('the writer thread exited');
      this.settle(null);
    };
    this.worker.once('error', died);
    this.worker.once('exit', () => died());
    this.idle();
  }

  /**
   * Sends a recorded batch, whose last sequence number is `seq`, to be committed after those sent before
   * it; `done` hears how it ended. After a failure the thread commits nothing more: every later batch
   * fails too.
   */
  write(ops: unknown[], seq: number, done: (outcome: BatchOutcome) => void): void {
    if (this.failure || this.closed) {
      done({ ok: false, error: this.failure ?? new Error('the writer thread is closed') });
      return;
    }
    const sql = this.statements.sql.slice(this.sqlSent);
    try {
      this.port.postMessage({ type: 'write', sql, ops, seq } satisfies WriterMessage);
    } catch (error) {
      // Not sent (a value that cannot be cloned): nothing of it reached the thread; the batch fails.
      this.failure ??= error as Error;
      done({ ok: false, error: this.failure });
      return;
    }
    this.sqlSent += sql.length;
    this.inFlight.push(done);
    // While a batch is in flight the thread keeps the process alive; idle, it does not.
    this.worker.ref();
    this.port.ref();
  }

  /** Blocks until the oldest batch in flight (if any) is answered, and runs its callback. */
  waitSync(): void {
    if (this.inFlight.length === 0) return;
    const reply = this.replySync();
    if (!reply) this.failure ??= new Error('the writer thread did not answer');
    this.settle(reply);
  }

  /** Waits for the batches in flight, then closes the thread's connection and lets the thread end. */
  closeSync(): void {
    if (this.closed) return;
    while (this.inFlight.length > 0) this.waitSync();
    this.closed = true;
    if (!this.failure) {
      this.port.postMessage({ type: 'close' } satisfies WriterMessage);
      this.replySync();
    }
    this.port.close();
    void this.worker.terminate();
  }

  /** The thread's next reply, waited for on this thread (null if none comes in time). */
  private replySync(): WriterReply | null {
    const deadline = Date.now() + SYNC_WAIT_MS;
    for (;;) {
      const seen = Atomics.load(this.counter, 0);
      const received = receiveMessageOnPort(this.port);
      if (received) return received.message as WriterReply;
      if (Date.now() > deadline) return null;
      Atomics.wait(this.counter, 0, seen, 100);
    }
  }

  private settle(reply: WriterReply | null): void {
    if (reply?.type === 'closed' || reply?.type === 'ready') return;
    if (reply === null) {
      // The thread is gone (or silent): every batch in flight failed.
      const failed = this.inFlight;
      this.inFlight = [];
      this.idle();
      for (const done of failed) done({ ok: false, error: this.failure! });
      return;
    }
    const done = this.inFlight.shift();
    if (this.inFlight.length === 0) this.idle();
    if (!done) return;
    if (reply.type === 'committed') {
      done({ ok: true, ms: reply.ms });
      return;
    }
    this.failure ??= new Error(reply.message);
    done({ ok: false, error: this.failure });
  }

  private idle(): void {
    this.worker.unref();
    this.port.unref();
  }
}
