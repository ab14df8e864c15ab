import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tempDir } from './temp-dir';

/** A real filesystem that can go read-only under a running exchange, as one does after a disk error. */
export interface ReadOnlyVolume {
  /** Where it is mounted. */
  path: string;
  /** The filesystem goes read-only now: every later write, fsync or new file fails with EROFS. */
  goReadOnly(): void;
  /** What an operator does once the disk is fixed: unmount, `e2fsck`, mount it writable again. */
  repair(): void;
  remove(): void;
}

/**
 * An ext4 filesystem in an image file on a loop device, mounted `errors=remount-ro`. A plain
 * `mount -o remount,ro` is refused (EBUSY) while a process holds files open for writing, as the exchange
 * always does; ext4's own error path is not: `trigger_fs_error` makes the kernel record an error and
 * remount it read-only under the open files, exactly as a failing disk would. Needs root (mount, a
 * loop device) and ext4's sysfs trigger; returns why not where the machine does not allow it.
 */
export function readOnlyVolume(sizeMiB = 64): ReadOnlyVolume | string {
  const dir = tempDir('grid-desk-ro-volume-');
  const image = join(dir.path, 'volume.img');
  const path = join(dir.path, 'mnt');
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { stdio: 'pipe', encoding: 'utf8' });
  let mounted = false;
  const unmount = () => {
    if (mounted) run('umount', [path]);
    mounted = false;
  };
  const mount = () => {
    run('mount', ['-o', 'loop,errors=remount-ro', image, path]);
    mounted = true;
  };
  try {
    mkdirSync(path);
    closeSync(openSync(image, 'w'));
    truncateSync(image, sizeMiB * 1024 * 1024);
    run('mkfs.ext4', ['-q', '-F', image]);
    mount();
  } catch (error) {
    dir.remove();
    return `cannot mount an ext4 image on a loop device here (${firstLine(error)})`;
  }
  const trigger = () =>
    `/sys/fs/ext4/${basename(run('findmnt', ['-n', '-o', 'SOURCE', path]).trim())}/trigger_fs_error`;
  if (!existsSync(trigger())) {
    unmount();
    dir.remove();
    return 'this kernel has no ext4 trigger_fs_error to make a mounted filesystem go read-only';
  }
  return {
    path,
    goReadOnly: () => writeFileSync(trigger(), 'grid-desk test: the disk failed'),
    repair: () => {
      unmount();
      try {
        run('e2fsck', ['-f', '-y', image]);
      } catch (error) {
        // 1: errors were found and corrected (the error the trigger recorded); more is a real failure.
        if ((error as { status?: number }).status !== 1) throw error;
      }
      mount();
    },
    remove: () => {
      try {
        unmount();
      } catch {
        run('umount', ['-l', path]);
      }
      dir.remove();
    },
  };
}

function firstLine(error: unknown): string {
  const { stderr, message } = error as { stderr?: string; message: string };
  return (stderr?.trim() || message).split('\n')[0]!;
}
