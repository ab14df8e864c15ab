import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BackupCandidateView, RestoredView } from '../../src-preload/shell';
import { DataFolderInUseError } from '../store/data-lock';
import { DurableMark } from '../store/durable-mark';
import { BackupRefusedError, inspectBackup, restoreBackup } from '../service/backups';
import { ShellError } from './connections';

/** What the restore needs of Electron and of the running shell, injected so it is testable. */
export interface RestoreSeams {
  /** The embedded exchange's data folder (not the sandbox's): the one a restore replaces. */
  dataDir: string;
  /** Asks the user for a backup file (Electron's open dialog); null when the dialog was cancelled. */
  pickFile(): Promise<string | null>;
  /** Closes whatever embedded exchange is open, so the data folder is free. */
  stopEmbedded(): Promise<void>;
  /** Makes the embedded exchange the connection and starts it (on the restored data). */
  startEmbedded(): Promise<void>;
  /** Reopens the connection that was open before, after a restore refused once everything was stopped. */
  resume(): Promise<void>;
  now(): number;
}

/**
 * "Restore from a backup…" on the desktop's connection screen, in two steps: `pick` asks for a file and
 * checks it as a restore would (the exchange keeps running), so the user sees what it holds before
 * confirming; `restore` stops the embedded exchange, restores (which checks the file again: it may have
 * changed since), and starts the exchange on it. The current data is moved aside, never deleted. A
 * refusal changes nothing: the exchange that was open is reopened.
 */
export class BackupRestorer {
  private picked: { id: string; path: string } | null = null;
  private busy = false;

  constructor(private readonly seams: RestoreSeams) {}

  async pick(): Promise<BackupCandidateView | null> {
    return this.exclusive(async () => {
      const path = await this.seams.pickFile();
      if (path === null) return null;
      this.picked = null;
      let check;
      try {
        check = inspectBackup(path, this.seams.dataDir);
      } catch (error) {
        throw refusal(error);
      }
      const id = randomUUID();
      this.picked = { id, path };
      return {
        id,
        file: basename(path),
        path,
        bytes: check.bytes,
        sequence: check.seq,
        commands: check.commands,
        last_command_at: check.lastCommandAt === null ? null : new Date(check.lastCommandAt).toISOString(),
        data_dir: this.seams.dataDir,
        current: existsSync(join(this.seams.dataDir, 'exchange.db'))
          ? { sequence: currentSequence(this.seams.dataDir) }
          : null,
      };
    });
  }

  async restore(id: string): Promise<RestoredView> {
    return this.exclusive(async () => {
      const picked = this.picked;
      if (!picked || picked.id !== id)
        throw new ShellError(404, 'that backup is no longer the one picked: choose the file again');
      this.picked = null;
      await this.seams.stopEmbedded();
      let restored;
      try {
        restored = restoreBackup(this.seams.dataDir, picked.path, this.seams.now());
      } catch (error) {
        await this.seams.resume();
        throw refusal(error);
      }
      const view = { sequence: restored.seq, commands: restored.commands, kept_in: restored.replacedDir };
      try {
        await this.seams.startEmbedded();
      } catch (error) {
        // Not a refusal: the backup is in place, and the page must not say that nothing changed.
        throw new ShellError(
          500,
          `the backup was restored (through sequence ${view.sequence}${view.kept_in ? `; the data it replaced is in ${view.kept_in}` : ''}), but the embedded exchange did not start: ${(error as Error).message}`,
        );
      }
      return view;
    });
  }

  /** One pick or restore at a time: a second click while a file is being checked is refused. */
  private async exclusive<T>(run: () => Promise<T>): Promise<T> {
    if (this.busy) throw new ShellError(409, 'a backup is already being checked or restored');
    this.busy = true;
    try {
      return await run();
    } finally {
      this.busy = false;
    }
  }
}

/** The refusals the page shows as they are; anything else is unexpected (logged, 500). */
function refusal(error: unknown): unknown {
  if (error instanceof BackupRefusedError) return new ShellError(422, error.message);
  if (error instanceof DataFolderInUseError)
    return new ShellError(409, `${error.message}; close the other exchange and try again`);
  return error;
}

/** The sequence the current data reached, from its durable mark (null if it has none or it is damaged). */
function currentSequence(dataDir: string): number | null {
  try {
    return DurableMark.read(dataDir);
  } catch {
    return null;
  }
}
