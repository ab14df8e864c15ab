import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';

// POSIX modes only: Windows keeps a user's AppData to that user by its ACLs, and chmod there only
// toggles the read-only flag.
const POSIX = process.platform !== 'win32';

/**
 * Creates the data folder readable by its owner only (0700), and tightens one that other local users
 * can enter: it holds the ledger, the operator token and the key that seals suppliers' secrets.
 */
export function prepareDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** Makes an existing file owner-only (0600) if other users can read it; a missing one is left alone. */
export function tightenFile(path: string): void {
  if (POSIX && existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

/**
 * Creates the file empty and owner-only if missing, or tightens it: before SQLite opens a database, so
 * the database (and the -wal and -shm files SQLite creates with the database's mode) are 0600.
 */
export function privateFile(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  tightenFile(path);
}

/** Writes a secret file owner-only: `mode` applies only when a file is created, so an old one is tightened. */
export function writePrivateFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  tightenFile(path);
}

/** A database and its -wal and -shm owner-only before SQLite opens it. */
export function privateDatabase(path: string): void {
  privateFile(path);
  for (const suffix of ['-wal', '-shm']) tightenFile(path + suffix);
}
