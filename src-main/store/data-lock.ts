import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { privateFile, tightenFile } from './private-files';

/** Another exchange (this process or another) holds the data folder. */
export class DataFolderInUseError extends Error {}

/**
 * The exclusive hold of one data folder by one exchange. The lock itself is an operating-system lock
 * (SQLite's, on DATA_DIR/exchange.lock in exclusive locking mode): the OS releases it when its process
 * dies however it dies, so a lock left by a killed exchange is stale by construction and a recycled PID
 * cannot keep the folder locked. DATA_DIR/exchange.pid names the holder for the message.
 */
export class DataLock {
  private constructor(
    private readonly db: Database.Database,
    readonly pidPath: string,
  ) {}

  /** Takes the lock, or throws DataFolderInUseError naming the process that holds it. */
  static acquire(dataDir: string): DataLock {
    const lockPath = join(dataDir, 'exchange.lock');
    const pidPath = join(dataDir, 'exchange.pid');
    privateFile(lockPath);
    // No busy wait: a held lock is an answer, not a moment to wait out.
    const db = new Database(lockPath, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write takes the exclusive lock; in exclusive locking mode it is kept until close.
      db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (pid INTEGER); COMMIT');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      throw new DataFolderInUseError(`data folder in use by ${holder(pidPath)}: ${dataDir}`);
    }
    // The holder before us (if any) is gone: its PID file is stale and is overwritten.
    writeFileSync(pidPath, `${process.pid}\n`, { mode: 0o600 });
    tightenFile(pidPath);
    return new DataLock(db, pidPath);
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}

function holder(pidPath: string): string {
  try {
    const pid = Number(readFileSync(pidPath, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0)
      return pid === process.pid ? `this process (${pid})` : `process ${pid}`;
  } catch {
    // no PID written yet (the holder is starting)
  }
  return 'another process';
}
