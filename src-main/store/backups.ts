import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { privateFile } from './private-files';
import type { Db } from './database';

/** One backup file in DATA_DIR/backups. */
export interface BackupFile {
  file: string;
  path: string;
  bytes: number;
  /** When it was taken (ms since the epoch), from its name. */
  created_at: number;
  /** The last sequence number it holds. */
  seq: number;
}

const NAME = /^exchange-(\d{8}T\d{6}\d{3}Z)-seq(\d+)\.db$/;

/** The schema version a database file declares (0 for any SQLite file that is not an exchange's); read-only. */
export function schemaVersionOf(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** The last sequence number a database file's journal holds (0 when empty); opened read-only. */
export function journalLastSeq(path: string): number {
  const copy = new Database(path, { readonly: true });
  try {
    return (copy.prepare('SELECT coalesce(max(seq), 0) AS seq FROM journal').get() as { seq: number }).seq;
  } finally {
    copy.close();
  }
}

export const backupDir = (dataDir: string) => join(dataDir, 'backups');

/** `exchange-20261206T074012345Z-seq1234.db`: sorts by time, and says what it holds at a glance. */
export function backupName(createdAt: number, seq: number): string {
  const stamp = new Date(createdAt).toISOString().replace(/[-:.]/g, '');
  return `exchange-${stamp}-seq${seq}.db`;
}

/** The backups in the data folder, newest first (files not named as backups are left out). */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const backups: BackupFile[] = [];
  for (const file of names) {
    const match = NAME.exec(file);
    if (!match) continue;
    const stamp = match[1]!;
    const created_at = Date.parse(
      `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`,
    );
    const path = join(dir, file);
    backups.push({ file, path, bytes: statSync(path).size, created_at, seq: Number(match[2]) });
  }
  return backups.sort((a, b) => b.created_at - a.created_at || b.seq - a.seq);
}

/** Pages copied per step at first (4 MiB of 4 KiB pages): the exchange runs between steps. */
const FIRST_STEP_PAGES = 1024;

/**
 * Copies the database into `destination` through SQLite's online backup API, in steps so the exchange
 * keeps running between them; the copy is one consistent snapshot. A commit by another connection (the
 * writer thread) between steps makes SQLite start the copy over, so each restart doubles the step: under
 * constant load the copy still ends, in fewer, longer steps.
 */
export async function copyDatabase(db: Db, destination: string): Promise<void> {
  privateFile(destination);
  let step = FIRST_STEP_PAGES;
  let remainingBefore = Infinity;
  await db.backup(destination, {
    progress: ({ remainingPages }) => {
      if (remainingPages > remainingBefore) step *= 2;
      remainingBefore = remainingPages;
      return step;
    },
  });
}

/** DATA_DIR/backups, owner-only. */
export function ensureBackupDir(dataDir: string): string {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
