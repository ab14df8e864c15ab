import type { Statement } from 'better-sqlite3';
import type { Command, CommandContext } from '../engine/commands';
import type { Db } from './database';

export interface JournalRow {
  seq: number;
  time: number;
  actor: string;
  type: string;
  command: string;
}

/** Reads of the journal: its last sequence, the whole of it for replay, and pages for the audit log. */
export class JournalQueries {
  private readonly maxSeq: Statement;
  private readonly all: Statement;
  private readonly page: Statement;

  constructor(db: Db) {
    this.maxSeq = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM journal');
    this.all = db.prepare('SELECT * FROM journal ORDER BY seq');
    this.page = db.prepare(
      `SELECT * FROM journal WHERE seq < @before AND (@actor IS NULL OR actor = @actor) ORDER BY seq DESC LIMIT @limit`,
    );
  }

  lastSeq(): number {
    return (this.maxSeq.get() as { seq: number }).seq;
  }

  /** The journal in sequence order, for replay. */
  *entries(): Generator<{ ctx: CommandContext; command: Command }> {
    for (const row of this.all.iterate() as Iterable<JournalRow>) {
      yield {
        ctx: { seq: row.seq, time: row.time, actor: row.actor },
        command: JSON.parse(row.command) as Command,
      };
    }
  }

  /** Journal entries newest first, for the audit log. */
  newestFirst(options: {
    limit: number;
    before?: number | undefined;
    actor?: string | undefined;
  }): JournalRow[] {
    return this.page.all({
      before: options.before ?? Number.MAX_SAFE_INTEGER,
      actor: options.actor ?? null,
      limit: options.limit,
    }) as JournalRow[];
  }
}
