/** The one timer seam of the exchange's scheduled jobs: real timers in the app, manual ones in tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, unref'd so a scheduled job never keeps a closing process alive. */
export const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** setTimeout cannot wait longer than this (about 24.8 days); longer waits re-arm. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
