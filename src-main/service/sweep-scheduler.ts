import { ExchangeError } from './errors';
import { type ExchangeService, SYSTEM_ACTOR } from './exchange-service';
import { newId } from './ids';
import { MAX_TIMER_MS, realTimers, type Timers } from './timers';

/** On start after a long closure, at most this many missed sweeps run (the oldest are skipped). */
export const MAX_CATCH_UP_SWEEPS = 1000;

/** The first sweep boundary strictly after `afterMs`: multiples of the period since the epoch (UTC). */
export function nextBoundary(afterMs: number, periodSeconds: number): number {
  const period = periodSeconds * 1000;
  return (Math.floor(afterMs / period) + 1) * period;
}

export const newSweepId = () => newId('sweep');

/**
 * Runs sweeps on the exchange's schedule and expires Lots when they are due, from the service's clock.
 * `start()` first runs every sweep missed while the app was closed, in order, each with its own
 * `scheduled_for`, then expires what is overdue, then arms one timer for whichever is next. It re-arms
 * after every commit that changes the schedule or forms or empties a Lot.
 */
export class SweepScheduler {
  private timer: unknown = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = true;
  private unsubscribe: (() => void) | null = null;
  /**
   * Where the schedule starts counting when no sweep has ever run and it was never set: the last
   * journaled command before this start (about when the app last closed).
   */
  private readonly origin: number;

  constructor(
    private readonly service: ExchangeService,
    private readonly timers: Timers = realTimers,
  ) {
    this.origin = service.store.lifecycle.lastJournalTime() ?? service.clock();
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.unsubscribe = this.service.onCommit((_seq, entries) => {
      const relevant = entries.some((e) =>
        e.changes.some((c) => c.kind === 'sweep_config' || c.kind === 'lot'),
      );
      if (relevant && !this.stopped) this.arm();
    });
    await this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs whatever is due now (missed sweeps in order, then expiry) and re-arms the timer. */
  tick(): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        await this.runDueSweeps();
        await this.expireDue();
      } catch (error) {
        if (!(error instanceof ExchangeError) || error.status >= 500)
          console.error('lifecycle job failed', error);
      }
      if (!this.stopped) this.arm();
    });
    return this.running;
  }

  /** The next sweep time under the current schedule, or null in immediate mode. */
  nextSweepAt(): number | null {
    const state = this.service.engine.state;
    const config = state.sweepConfig;
    if (config.mode === 'immediate') return null;
    // After the last sweep, but never before the schedule was last changed.
    const anchors = [state.lastSweep?.scheduled_for, config.updated_at].filter((t): t is number => t != null);
    const anchor = anchors.length ? Math.max(...anchors) : this.origin;
    return nextBoundary(anchor, config.interval_seconds);
  }

  private async runDueSweeps(): Promise<void> {
    const now = this.service.clock();
    let next = this.nextSweepAt();
    if (next === null || next > now) return;
    const period = this.service.engine.state.sweepConfig.interval_seconds * 1000;
    const due = Math.floor((now - next) / period) + 1;
    if (due > MAX_CATCH_UP_SWEEPS) next += (due - MAX_CATCH_UP_SWEEPS) * period;
    for (; next <= now && !this.stopped; next += period) {
      await this.service.submit(
        { type: 'run_sweep', sweep_id: newSweepId(), scheduled_for: next },
        SYSTEM_ACTOR,
      );
    }
  }

  private async expireDue(): Promise<void> {
    const at = this.nextExpiry();
    if (at === null || at > this.service.clock()) return;
    await this.service.submit({ type: 'expire_lots' }, SYSTEM_ACTOR);
  }

  private arm(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const candidates = [this.nextSweepAt(), this.nextExpiry()].filter((t): t is number => t !== null);
    if (candidates.length === 0) return;
    const delay = Math.min(Math.max(Math.min(...candidates) - this.service.clock(), 0), MAX_TIMER_MS);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delay);
  }

  /** When the first Lot with tokens left expires, or null when none has any. */
  private nextExpiry(): number | null {
    let soonest: number | null = null;
    for (const lot of this.service.engine.state.lots.values()) {
      if (lot.tokens_remaining > 0 && (soonest === null || lot.expires_at < soonest))
        soonest = lot.expires_at;
    }
    return soonest;
  }
}
