import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
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
  schemaVersionOf,
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

/** What a backup holds, as its check found it. */
export interface BackupCheck {
  seq: number;
  commands: number;
  /** When its last journaled command ran (ms since the epoch); null for an empty journal. */
  lastCommandAt: number | null;
  bytes: number;
}

export interface Restored {
  seq: number;
  commands: number;
  /** Where the database it replaced was moved (null when the folder had none). */
  replacedDir: string | null;
}

const DATABASE_FILES = ['', '-wal', '-shm'];
const removeDatabase = (path: string) => {
  for (const suffix of DATABASE_FILES) rmSync(path + suffix, { force: true });
};

/**
 * Copies `source` to `staged` and checks the copy as `--verify` does (pages, and the journal replayed to
 * the stored state). A file that is not an exchange database (a plain SQLite file would otherwise be
 * migrated into an empty exchange) or does not verify is refused, and nothing is left at `staged`.
 */
function checkBackupCopy(source: string, staged: string): BackupCheck {
  removeDatabase(staged);
  let report: VerifyReport;
  let check: BackupCheck;
  try {
    copyFileSync(source, staged);
    privateFile(staged);
    const schema = schemaVersionOf(staged);
    if (schema === 0) throw new Error('it is not a Grid Desk exchange database');
    const store = new ExchangeStore(openDatabase(staged));
    try {
      report = verifyStore(store);
      check = {
        seq: store.lastSeq(),
        commands: report.commands,
        lastCommandAt: store.journalPage({ limit: 1 })[0]?.time ?? null,
        bytes: statSync(source).size,
      };
    } finally {
      store.db.close();
    }
  } catch (error) {
    removeDatabase(staged);
    throw new BackupRefusedError(`${source} cannot be restored: ${(error as Error).message}`);
  }
  if (!report.ok) {
    removeDatabase(staged);
    throw new BackupRefusedError(
      `${source} does not verify (pages: ${report.integrity}; stored state ${report.storedHash}, journal replays to ${report.replayedHash}); nothing was changed`,
    );
  }
  return check;
}

/**
 * Checks a backup without restoring it (what the desktop shows before the user confirms): a copy in a
 * private scratch folder under `scratchDir` (beside the data it would replace, so on the same disk),
 * checked as a restore checks it, then removed. Throws BackupRefusedError as a restore would.
 */
export function inspectBackup(source: string, scratchDir: string): BackupCheck {
  prepareDataDir(scratchDir);
  const scratch = mkdtempSync(join(scratchDir, '.inspecting-'));
  try {
    return checkBackupCopy(source, join(scratch, 'exchange.db'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Restores a backup into a stopped exchange's data folder: copies it in beside the database, checks the
 * copy (`checkBackupCopy`), and only then moves the current database (and its -wal, -shm) aside into
 * DATA_DIR/replaced-<time>/ and puts the copy in its place, with the durable mark set to the backup's
 * last sequence. Refuses while an exchange runs there.
 */
export function restoreBackup(dataDir: string, source: string, now: number): Restored {
  prepareDataDir(dataDir);
  const lock = DataLock.acquire(dataDir);
  try {
    const target = join(dataDir, 'exchange.db');
    const staged = `${target}.restoring`;
    const { seq, commands } = checkBackupCopy(source, staged);
    let replacedDir: string | null = null;
    for (const suffix of DATABASE_FILES) {
      if (!existsSync(target + suffix)) continue;
      replacedDir ??= freshReplacedDir(dataDir, now);
      mkdirSync(replacedDir, { recursive: true, mode: 0o700 });
      renameSync(target + suffix, join(replacedDir, `exchange.db${suffix}`));
    }
    renameSync(staged, target);
    DurableMark.set(DurableMark.path(dataDir), seq);
    return { seq, commands, replacedDir };
  } finally {
    lock.release();
  }
}

/** A folder for the database a restore at `now` replaces; never one an earlier restore used. */
function freshReplacedDir(dataDir: string, now: number): string {
  const base = join(dataDir, `replaced-${new Date(now).toISOString().replace(/[-:.]/g, '')}`);
  let dir = base;
  for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
  return dir;
}
