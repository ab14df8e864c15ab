import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_BACKUPS, pruneBackups, restoreBackup, takeBackup } from './service/backups';
import { ExchangeService } from './service/exchange-service';

/**
 * The headless exchange's one-shot storage commands: `--verify`, `--backup`, `--restore FILE`. Each
 * prints what it did or why not in a line or two (never a stack) and returns the exit code.
 */
export async function runStorageCommand(
  dataDir: string,
  command: { verify: boolean; backup: boolean; restore?: string | undefined },
): Promise<number> {
  try {
    if (command.restore !== undefined) {
      const restored = restoreBackup(dataDir, command.restore, Date.now());
      console.log(
        `restored ${command.restore}: ${restored.commands} journaled commands verified, through sequence ${restored.seq}`,
      );
      if (restored.replacedDir) console.log(`the database it replaced is in ${restored.replacedDir}`);
      return 0;
    }
    if (command.backup) {
      // A connection of its own: the backup API copies a consistent snapshot while an exchange runs.
      const db = new Database(join(dataDir, 'exchange.db'), { fileMustExist: true });
      try {
        const backup = await takeBackup(db, dataDir, Date.now());
        pruneBackups(dataDir, DEFAULT_BACKUPS.keep);
        console.log(`backup written: ${backup.path} (${backup.bytes} bytes, through sequence ${backup.seq})`);
      } finally {
        db.close();
      }
      return 0;
    }
    const service = await ExchangeService.open({ dataDir });
    try {
      const report = service.verify();
      console.log(
        report.ok
          ? `verified: ${report.commands} journaled commands replay to the stored state (${report.storedHash})`
          : report.integrity !== 'ok'
            ? `DAMAGED: SQLite's page check found: ${report.integrity}`
            : `MISMATCH: stored state ${report.storedHash}, journal replays to ${report.replayedHash}`,
      );
      return report.ok ? 0 : 1;
    } finally {
      service.close();
    }
  } catch (error) {
    console.error(`Grid Desk: ${(error as Error).message}`);
    return 1;
  }
}
