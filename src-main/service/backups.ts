import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupsView, BackupView } from '../../src-preload/contract-backups';
import { prepareDataDir, privateFile } from '../store/private-files';
import { DataLock } from '../store/data-lock';
import {
  type BackupFile,
  backupDir,
  backupName,
  copyDatabase,
  ensureBackupDir,
  journalLastSeq,
  listBackups,
} from '../store/backups';
import { type Db, openDatabase } from '../store/database';
import { DurableMark } from '../store/durable-mark';
import { ExchangeStore } from '../store/exchange-store';
import { type ExchangeService, type VerifyReport, verifyStore } from './exchange-service';
import { MAX_TIMER_MS, type Timers } from './timers';

export interface BackupOptions {
  /** How often a backup is taken on schedule; 0 never. Default 24 h. */
  intervalMs: number;
  /** How many backups are kept: the oldest beyond this are deleted after each new one. Default 7. */
  keep: number;
}

export const DEFAULT_BACKUPS: BackupOptions = { intervalMs: 24 * 60 * 60 * 1000, keep: 7 };

/**
 * Online backups of the exchange database into DATA_DIR/backups: on demand (operator console, and the
 * command line through `takeBackup`) and on a schedule, keeping the newest `keep`. The exchange keeps
 * running while one is copied (SQLite's backup API, in steps). One backup at a time.
 */
export class Backups {
  private running: Promise<unknown> = Promise.resolve();
  private timer: unknown = null;
  private stopped = false;

  constructor(
    private readonly service: ExchangeService,
    private readonly timers: Timers,
    private readonly options: BackupOptions = DEFAULT_BACKUPS,
  ) {}

  /** Takes a backup now (after any under way), and prunes past `keep`. */
  create(): Promise<BackupView> {
    const next = this.running.then(async () => {
      const file = await takeBackup(this.service.store.db, this.service.dataDir, this.service.clock());
      pruneBackups(this.service.dataDir, this.options.keep);
      return backupView(file);
    });
    this.running = next.catch(() => undefined);
    return next;
  }

  list(): BackupsView {
    return {
      directory: backupDir(this.service.dataDir),
      interval_hours: this.options.intervalMs / 3_600_000,
      keep: this.options.keep,
      backups: listBackups(this.service.dataDir).map(backupView),
    };
  }

  /** Schedules the next backup one interval after the newest (or after now, on a folder without one). */
  start(): void {
    if (this.options.intervalMs <= 0) return;
    this.stopped = false;
    const newest = listBackups(this.service.dataDir)[0]?.created_at ?? this.service.clock();
    this.arm(newest + this.options.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(due: number): void {
    const wait = Math.min(Math.max(0, due - this.service.clock()), MAX_TIMER_MS);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      if (this.stopped) return;
      // Woken early by the timer's limit: wait out the rest.
      if (this.service.clock() < due) return this.arm(due);
      void this.create().then(
        () => !this.stopped && this.arm(this.service.clock() + this.options.intervalMs),
        (error: Error) => {
          console.error(`Grid Desk: the scheduled backup failed: ${error.message}`);
          if (!this.stopped) this.arm(this.service.clock() + this.options.intervalMs);
        },
      );
    }, wait);
  }
}

/**
 * Copies the database into DATA_DIR/backups under a temporary name, reads the last sequence the copy
 * holds, and only then gives it its final name: a listed backup is always a whole one.
 */
export async function takeBackup(db: Db, dataDir: string, now: number): Promise<BackupFile> {
  const dir = ensureBackupDir(dataDir);
  const partial = join(dir, `.partial-${randomBytes(6).toString('hex')}.db`);
  try {
    await copyDatabase(db, partial);
    const file = backupName(now, journalLastSeq(partial));
    renameSync(partial, join(dir, file));
    return listBackups(dataDir).find((backup) => backup.file === file)!;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Deletes the oldest backups beyond `keep`. */
export function pruneBackups(dataDir: string, keep: number): void {
  for (const old of listBackups(dataDir).slice(Math.max(1, keep))) rmSync(old.path, { force: true });
}

const backupView = (file: BackupFile): BackupView => ({
  file: file.file,
  path: file.path,
  bytes: file.bytes,
  created_at: new Date(file.created_at).toISOString(),
  sequence: file.seq,
});

/** A backup that cannot be restored: not a database, damaged, or its journal does not replay to its state. */
export class BackupRefusedError extends Error {}

export interface Restored {
  seq: number;
  commands: number;
  /** Where the database it replaced was moved (null when the folder had none). */
  replacedDir: string | null;
}

/**
 * Restores a backup into a stopped exchange's data folder: copies it in beside the database, checks the
 * copy as `--verify` does (pages, and the journal replayed to the stored state), and only then moves the
 * current database (and its -wal, -shm) aside into DATA_DIR/replaced-<time>/ and puts the copy in its
 * place, with the durable mark set to the backup's last sequence. Refuses while an exchange runs there.
 */
export function restoreBackup(dataDir: string, source: string, now: number): Restored {
  prepareDataDir(dataDir);
  const lock = DataLock.acquire(dataDir);
  try {
    const target = join(dataDir, 'exchange.db');
    const staged = `${target}.restoring`;
    const removeStaged = () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(staged + suffix, { force: true });
    };
    removeStaged();
    copyFileSync(source, staged);
    privateFile(staged);
    let report: VerifyReport;
    let seq: number;
    try {
      const store = new ExchangeStore(openDatabase(staged));
      try {
        report = verifyStore(store);
        seq = store.lastSeq();
      } finally {
        store.db.close();
      }
    } catch (error) {
      removeStaged();
      throw new BackupRefusedError(`${source} cannot be restored: ${(error as Error).message}`);
    }
    if (!report.ok) {
      removeStaged();
      throw new BackupRefusedError(
        `${source} does not verify (pages: ${report.integrity}; stored state ${report.storedHash}, journal replays to ${report.replayedHash}); nothing was changed`,
      );
    }
    let replacedDir: string | null = null;
    for (const suffix of ['', '-wal', '-shm']) {
      if (!existsSync(target + suffix)) continue;
      replacedDir ??= join(dataDir, `replaced-${new Date(now).toISOString().replace(/[-:.]/g, '')}`);
      mkdirSync(replacedDir, { recursive: true, mode: 0o700 });
      renameSync(target + suffix, join(replacedDir, `exchange.db${suffix}`));
    }
    renameSync(staged, target);
    DurableMark.set(DurableMark.path(dataDir), seq);
    return { seq, commands: report.commands, replacedDir };
  } finally {
    lock.release();
  }
}
