import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { CONNECTION_PRAGMAS } from './database';
import type { WriteStatements } from './write-statements';

/** How a batch ended: committed (and how long the transaction took on the writer thread), or not. */
export type BatchOutcome = { ok: true; ms: number } | { ok: false; error: Error };

type Reply =
  | { type: 'ready' }
  | { type: 'committed'; ms: number }
  | { type: 'failed'; message: string }
  | { type: 'closed' };

/** How long a synchronous wait (on close) gives the writer thread before it counts as failed. */
const SYNC_WAIT_MS = 30_000;

// Plain CommonJS evaluated in the worker, so it needs no bundling (as the signature verifiers). It opens
// its own connection with the same settings (synchronous=FULL), prepares the store's write statements,
// and commits each batch it receives in one transaction. After the first failure it commits nothing
// more. Every reply bumps a shared counter, so the main thread can wait for one synchronously (close).
const WRITER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { driver, path, pragmas, sql, port, signal } = workerData;
const counter = new Int32Array(signal);
const reply = (message) => {
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
};
let db = null;
let failure = null;
const statements = [];
let commit = null;
try {
  const Database = require(driver);
  db = new Database(path);
  for (const pragma of pragmas) db.pragma(pragma);
  if (db.pragma('synchronous', { simple: true }) !== 2) throw new Error('the writer connection is not synchronous=FULL');
  for (const text of sql) statements.push(db.prepare(text));
  commit = db.transaction((ops) => {
    let i = 0;
    while (i < ops.length) {
      const id = ops[i];
      const n = ops[i + 1];
      statements[id].run(ops.slice(i + 2, i + 2 + n));
      i += 2 + n;
    }
  });
  reply({ type: 'ready' });
} catch (error) {
  failure = error;
  reply({ type: 'failed', message: String((error && error.message) ?? error) });
}
port.on('message', (message) => {
  if (message.type === 'close') {
    try { if (db) db.close(); } catch {}
    reply({ type: 'closed' });
    port.close();
    return;
  }
  if (failure) {
    reply({ type: 'failed', message: 'the writer thread stopped after an earlier failure: ' + (failure.message ?? failure) });
    return;
  }
  try {
    for (const text of message.sql) statements.push(db.prepare(text));
    const started = performance.now();
    commit(message.ops);
    reply({ type: 'committed', ms: performance.now() - started });
  } catch (error) {
    failure = error;
    reply({ type: 'failed', message: String((error && error.message) ?? error) });
  }
});
`;

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
    private readonly statements: WriteStatements,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.sqlSent = statements.sql.length;
    this.worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        path: databasePath,
        pragmas: CONNECTION_PRAGMAS,
        sql: statements.sql.slice(),
        port: port2,
        signal: this.counter.buffer,
      },
      transferList: [port2],
    });
    // Ready or not before anything is executed against it: a thread that cannot open the database or
    // prepare the statements is known now, and the caller can keep writing on its own connection.
    const first = this.replySync();
    if (first?.type !== 'ready') {
      void this.worker.terminate();
      throw new Error(
        `the writer thread did not start: ${first?.type === 'failed' ? first.message : 'no answer'}`,
      );
    }
    this.port.on('message', (reply: Reply) => this.settle(reply));
    const died = (error?: Error) => {
      this.failure ??= error ?? new Error('the writer thread exited');
      this.settle(null);
    };
    this.worker.once('error', died);
    this.worker.once('exit', () => died());
    this.idle();
  }

  /**
   * Sends a recorded batch to be committed after those sent before it; `done` hears how it ended. After
   * a failure the thread commits nothing more: every later batch fails too.
   */
  write(ops: unknown[], done: (outcome: BatchOutcome) => void): void {
    if (this.failure || this.closed) {
      done({ ok: false, error: this.failure ?? new Error('the writer thread is closed') });
      return;
    }
    const sql = this.statements.sql.slice(this.sqlSent);
    try {
      this.port.postMessage({ type: 'write', sql, ops });
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
      this.port.postMessage({ type: 'close' });
      this.replySync();
    }
    this.port.close();
    void this.worker.terminate();
  }

  /** The thread's next reply, waited for on this thread (null if none comes in time). */
  private replySync(): Reply | null {
    const deadline = Date.now() + SYNC_WAIT_MS;
    for (;;) {
      const seen = Atomics.load(this.counter, 0);
      const received = receiveMessageOnPort(this.port);
      if (received) return received.message as Reply;
      if (Date.now() > deadline) return null;
      Atomics.wait(this.counter, 0, seen, 100);
    }
  }

  private settle(reply: Reply | null): void {
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
