import { closeSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A failed commit's message, with the cause SQLite leaves out: on a filesystem gone read-only (a disk
 * error remounts it so) SQLite says only "disk I/O error", which sends an operator looking for a bad
 * disk rather than at the mount. The data folder is asked by creating a file in it: access(2) is no
 * help, as ext4's emergency read-only state leaves the mount's flags as they were.
 */
export function storageFailureMessage(message: string, dataDir: string): string {
  if (/EROFS|read-only/i.test(message)) return message;
  const probe = join(dataDir, `.write-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w', 0o600));
    rmSync(probe, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EROFS')
      return `${message} (the filesystem holding ${dataDir} is read-only)`;
  }
  return message;
}
