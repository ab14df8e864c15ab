import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';

const MAX_BYTES = 1024 * 1024;
const KEEP = 3;
/** A renderer cannot flood the disk: one line is cut to this many characters. */
const MAX_LINE = 4000;

/**
 * An append-only log file that rotates by size: `main.log` becomes `main.1.log` past 1 MiB, and the
 * oldest of KEEP files is dropped. Synchronous so the last line before a crash is on disk.
 */
export class RotatingLog {
  readonly path: string;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly maxBytes = MAX_BYTES,
  ) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `${name}.log`);
  }

  write(level: LogLevel, message: string): void {
    const text = message.length > MAX_LINE ? `${message.slice(0, MAX_LINE)}…` : message;
    const line = `${this.clock().toISOString()} ${level.toUpperCase().padEnd(5)} ${text.replace(/\n/g, '\n    ')}\n`;
    try {
      if (existsSync(this.path) && statSync(this.path).size + line.length > this.maxBytes) this.rotate();
      appendFileSync(this.path, line);
    } catch {
      // A full or read-only disk must not take the app down with it; the storage notice reports it.
    }
  }

  /** The newest lines, for diagnostics. */
  tail(lines: number): string {
    try {
      return readFileSync(this.path, 'utf8')
        .split('\n')
        .slice(-lines - 1)
        .join('\n');
    } catch {
      return '';
    }
  }

  private rotate(): void {
    const numbered = (n: number) => join(this.dir, `${this.name}.${n}.log`);
    rmSync(numbered(KEEP - 1), { force: true });
    for (let n = KEEP - 2; n >= 1; n--) if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1));
    renameSync(this.path, numbered(1));
  }
}

/** Text of anything thrown, with its stack where there is one. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

/** Records uncaught exceptions and unhandled rejections of the main process in the log. */
export function captureUnhandled(target: Pick<NodeJS.Process, 'on'>, log: RotatingLog): void {
  target.on('uncaughtException', (error) =>
    log.write('error', `uncaught exception: ${describeError(error)}`),
  );
  target.on('unhandledRejection', (reason) =>
    log.write('error', `unhandled rejection: ${describeError(reason)}`),
  );
}
