import type { Db } from './database';

/** A statement that writes: `run` binds like better-sqlite3's (positional values, or one object of @names). */
export interface WriteStatement {
  run(...params: unknown[]): void;
}

/**
 * The store's write statements, kept apart from its reads so a batch of writes can be recorded instead
 * of run: a recorded batch is plain data (statement ids and bound values) that another connection, on
 * the writer thread, replays in one transaction. Outside `record` each statement runs on `db` at once.
 *
 * Recorded form, flat: `[id, n, value1, ..., valueN, id, n, ...]`; statement `id` is `sql[id]` with its
 * `@name` parameters turned into `?` in order of appearance, so every batch binds positionally.
 */
export class WriteStatements {
  /** Each statement's SQL with positional parameters, by id. */
  readonly sql: string[] = [];
  /** Set once another connection commits the batches: running a statement here is then a bug. */
  recordOnly = false;
  private recording: unknown[] | null = null;

  constructor(private readonly db: Db) {}

  prepare(source: string): WriteStatement {
    // Prepared here too: it checks the SQL at once and runs it when nothing is being recorded.
    const statement = this.db.prepare(source);
    const { sql, names } = positional(source);
    const id = this.sql.push(sql) - 1;
    return {
      run: (...params: unknown[]) => {
        const ops = this.recording;
        if (ops === null) {
          if (this.recordOnly) throw new Error('store writes go through the writer thread, in a batch');
          statement.run(...params);
          return;
        }
        ops.push(id);
        if (names === null) {
          ops.push(params.length, ...params);
          return;
        }
        const values = params[0] as Record<string, unknown>;
        ops.push(names.length);
        for (const name of names) {
          // As better-sqlite3 does: a missing key is an error, a key holding undefined binds NULL.
          if (!(name in values)) throw new RangeError(`Missing named parameter "${name}"`);
          ops.push(values[name]);
        }
      },
    };
  }

  /** Runs `write` with every statement recorded rather than run, and returns the recording. */
  record(write: () => void): unknown[] {
    if (this.recording !== null) throw new Error('a write batch is already being recorded');
    const ops: unknown[] = [];
    this.recording = ops;
    try {
      write();
    } finally {
      this.recording = null;
    }
    return ops;
  }
}

/** The SQL with each `@name` outside string literals replaced by `?`, and the names in that order. */
function positional(source: string): { sql: string; names: string[] | null } {
  const names: string[] = [];
  let anonymous = false;
  const sql = source.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?|@([A-Za-z_]\w*)/g, (match, name?: string) => {
    if (match === '?') anonymous = true;
    if (name === undefined) return match;
    names.push(name);
    return '?';
  });
  if (anonymous && names.length > 0)
    throw new Error(`a write statement mixes ? and @name parameters: ${source}`);
  return { sql, names: names.length > 0 ? names : null };
}
