import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Width of the mark's text: room for any safe integer, overwritten in place each time. */
const WIDTH = 16;

/**
 * The last durable sequence number, kept beside the database in DATA_DIR/durable-seq and rewritten after
 * every commit. The journal can only be ahead of it (the mark is written after the commit), so a journal
 * that ends before it at start means acknowledged commands are gone: a missing, emptied or damaged
 * database, or a deleted or garbled WAL. One fixed-width write in place per batch (no rename, no new
 * block); it is not synced, so after a power loss it may lag the journal, which is the safe side.
 */
export class DurableMark {
  private constructor(private readonly fd: number) {}

  static path(dataDir: string): string {
    return join(dataDir, 'durable-seq');
  }

  /** The mark in the data folder, or null if there is none (a new folder, or one from before marks). */
  static read(dataDir: string): number | null {
    const path = DurableMark.path(dataDir);
    if (!existsSync(path)) return null;
    const text = readFileSync(path, 'utf8').trim();
    const seq = Number(text);
    if (text === '' || !Number.isSafeInteger(seq) || seq < 0) {
      throw new Error(`${path} is damaged (${JSON.stringify(text.slice(0, 40))})`);
    }
    return seq;
  }

  /** Opens the mark for writing (created owner-only if missing). */
  static open(path: string): DurableMark {
    return new DurableMark(openSync(path, existsSync(path) ? 'r+' : 'w+', 0o600));
  }

  /**
   * Sets the mark in the file at `path` once (at start, or after a restore), synced: the in-place writes
   * after it are not, and without this a disk error or power loss soon after a start left the file empty
   * (its first block never written), which the next start refused as a damaged mark.
   */
  static set(path: string, seq: number): void {
    const mark = DurableMark.open(path);
    try {
      mark.write(seq);
      fsyncSync(mark.fd);
    } finally {
      mark.close();
    }
  }

  /** Sets the mark (the whole file) to `seq`. */
  write(seq: number): void {
    writeSync(this.fd, `${String(seq).padStart(WIDTH, '0')}\n`, 0);
  }

  close(): void {
    closeSync(this.fd);
  }
}
