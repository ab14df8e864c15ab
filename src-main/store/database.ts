import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export class SchemaTooNewError extends Error {}

/** Settings each connection to the exchange database makes for itself (the writer thread's too). */
export const CONNECTION_PRAGMAS: readonly string[] = [
  'synchronous = FULL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  'cache_size = -65536',
];

/**
 * Opens the exchange database: WAL, synchronous=FULL (an acknowledged commit survives power loss),
 * foreign keys on, and every pending migration applied in its own transaction.
 */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (const pragma of CONNECTION_PRAGMAS) db.pragma(pragma);
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** SQLite's quick page check: 'ok', or what it found, one finding per line joined by '; '. */
export function quickCheck(db: Db): string {
  return (db.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check).join('; ');
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new SchemaTooNewError(
      `the database at ${db.name} has schema version ${current}, newer than this app knows (${MIGRATIONS.length}); update Grid Desk`,
    );
  }
  MIGRATIONS.slice(current).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + index + 1}`);
    })();
  });
}
