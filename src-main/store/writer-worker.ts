// The writer thread's own module (started by writer-thread.ts). It opens its own connection with the
// same settings (synchronous=FULL), prepares the store's write statements, and commits each batch it
// receives in one transaction, then sets the durable mark to the batch's last sequence number. After the
// first failure it commits nothing more. Every reply bumps a
// shared counter, so the main thread can wait for one synchronously (close).
import Database from 'better-sqlite3';
import { type MessagePort, workerData } from 'node:worker_threads';
import { DurableMark } from './durable-mark';

/** What the thread is started with. */
export interface WriterData {
  path: string;
  /** The durable mark's file (durable-mark.ts). */
  markPath: string;
  pragmas: readonly string[];
  /** The SQL of the statements known so far; a statement's id is its index. */
  sql: string[];
  port: MessagePort;
  /** An Int32 counter bumped on every reply. */
  signal: SharedArrayBuffer;
}

/**
 * A batch to commit (with the SQL of statements added since the last one), or the end. `ops` holds,
 * per write, the statement id, the number of bound values, and the values.
 */
export type WriterMessage = { type: 'write'; sql: string[]; ops: unknown[]; seq: number } | { type: 'close' };

export type WriterReply =
  | { type: 'ready' }
  | { type: 'committed'; ms: number }
  | { type: 'failed'; message: string }
  | { type: 'closed' };

const { path, markPath, pragmas, sql, port, signal } = workerData as WriterData;
const counter = new Int32Array(signal);
const reply = (message: WriterReply) => {
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
};
const messageOf = (error: unknown) => String((error as Error | null)?.message ?? error);

let db: Database.Database | null = null;
let failure: unknown = null;
const statements: Database.Statement[] = [];
let commit: ((ops: unknown[]) => void) | null = null;
let mark: DurableMark | null = null;
try {
  db = new Database(path);
  mark = DurableMark.open(markPath);
  for (const pragma of pragmas) db.pragma(pragma);
  if (db.pragma('synchronous', { simple: true }) !== 2) {
    throw new Error('the writer connection is not synchronous=FULL');
  }
  for (const text of sql) statements.push(db.prepare(text));
  commit = db.transaction((ops: unknown[]) => {
    let i = 0;
    while (i < ops.length) {
      const id = ops[i] as number;
      const n = ops[i + 1] as number;
      statements[id]!.run(ops.slice(i + 2, i + 2 + n));
      i += 2 + n;
    }
  });
  reply({ type: 'ready' });
} catch (error) {
  failure = error;
  reply({ type: 'failed', message: messageOf(error) });
}

port.on('message', (message: WriterMessage) => {
  if (message.type === 'close') {
    try {
      db?.close();
      mark?.close();
    } catch {
      // closing anyway
    }
    reply({ type: 'closed' });
    port.close();
    return;
  }
  if (failure) {
    reply({
      type: 'failed',
      message: 'the writer thread stopped after an earlier failure: ' + messageOf(failure),
    });
    return;
  }
  try {
    for (const text of message.sql) statements.push(db!.prepare(text));
    const started = performance.now();
    commit!(message.ops);
    mark!.write(message.seq);
    reply({ type: 'committed', ms: performance.now() - started });
  } catch (error) {
    failure = error;
    reply({ type: 'failed', message: messageOf(error) });
  }
});
