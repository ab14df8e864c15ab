import type { WindowView } from '../../src-preload/contract-rosters';
import type { CallRecord } from '../engine/consumption-types';
import { THROUGHPUT_MIN_OUTPUT_TOKENS } from '../engine/consumption-types';
import type { InstrumentSpec } from '../engine/instruments';
import type { RosterEntry } from '../engine/roster';
import type { CallSample, MonitoringStore } from '../store/monitoring-store';
import { type ExchangeService, SYSTEM_ACTOR } from './exchange-service';
import type { Timers } from './timers';

const HOUR_MS = 60 * 60 * 1000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface MonitorOptions {
  /** The window: the last N delivered calls (within the last hour). */
  windowCalls: number;
  /** No verdict on fewer calls than this. */
  minCalls: number;
  /** How long a window may breach before the endpoint is suspended. */
  graceMs: number;
}
export const DEFAULT_MONITOR: MonitorOptions = { windowCalls: 20, minCalls: 5, graceMs: 60_000 };

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The figures of a window of delivered calls, checked against the specification. */
export function windowFigures(
  samples: readonly CallSample[],
  hourCount: number,
  spec: InstrumentSpec,
  minCalls: number,
) {
  const ttfts = samples.flatMap((s) => (s.ttft_ms === null ? [] : [s.ttft_ms])).sort((a, b) => a - b);
  const rates = samples
    .filter((s) => s.throughput_milli_tps !== null && s.output_tokens >= THROUGHPUT_MIN_OUTPUT_TOKENS)
    .map((s) => s.throughput_milli_tps! / 1000)
    .sort((a, b) => a - b);
  const failed = samples.filter((s) => s.outcome === 'failed').length;
  const n = samples.length;
  const errorRate = n === 0 ? null : (100 * failed) / n;
  const p95 = percentile(ttfts, 95);
  const tps = percentile(rates, 50);
  const enough = n >= minCalls;
  const check = (ok: boolean | null): 'pass' | 'fail' | 'unknown' =>
    !enough || ok === null ? 'unknown' : ok ? 'pass' : 'fail';
  const checks = {
    ttft: check(p95 === null ? null : p95 <= spec.ttft_max_ms),
    throughput: check(
      tps === null || spec.throughput_floor_tps === null ? null : tps >= spec.throughput_floor_tps,
    ),
    error_rate: check(errorRate === null ? null : errorRate <= spec.error_rate_max_pct),
  };
  return {
    calls: n,
    calls_last_hour: hourCount,
    ttft_p50_ms: percentile(ttfts, 50),
    ttft_p95_ms: p95,
    throughput_p50_tps: tps === null ? null : Math.round(tps * 10) / 10,
    error_rate_pct: errorRate === null ? null : Math.round(errorRate * 10) / 10,
    late: samples.filter((s) => s.outcome === 'late').length,
    out_of_spec: samples.filter((s) => s.outcome === 'out_of_spec').length,
    availability_pct: errorRate === null ? null : Math.round((100 - errorRate) * 10) / 10,
    checks,
    breaching: Object.values(checks).includes('fail'),
  };
}

/** The reasons, in figures, that a window breaches the spec. */
export function breachReasons(figures: ReturnType<typeof windowFigures>, spec: InstrumentSpec): string[] {
  const reasons: string[] = [];
  if (figures.checks.ttft === 'fail')
    reasons.push(`TTFT p95 ${figures.ttft_p95_ms} ms over the ${spec.ttft_max_ms} ms ceiling`);
  if (figures.checks.throughput === 'fail')
    reasons.push(
      `throughput p50 ${figures.throughput_p50_tps} tokens/s under the ${spec.throughput_floor_tps} tokens/s floor`,
    );
  if (figures.checks.error_rate === 'fail')
    reasons.push(`error rate ${figures.error_rate_pct}% over the ${spec.error_rate_max_pct}% maximum`);
  return reasons;
}

/**
 * Continuous monitoring: every delivered call feeds its endpoint's rolling window (kept in the
 * monitoring database, outside the journal); a window that breaches the instrument's spec for longer
 * than the grace gets its admitted roster entry suspended by the exchange, with the figures as the reason.
 */
export class DeliveryMonitor {
  private unsubscribe: (() => void) | null = null;
  private readonly timers = new Map<string, unknown>();
  private checking: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly service: ExchangeService,
    private readonly store: MonitoringStore,
    private readonly clockTimers: Timers,
    readonly options: MonitorOptions = DEFAULT_MONITOR,
  ) {}

  start(): void {
    this.stopped = false;
    this.unsubscribe = this.service.onCommit((_seq, entries) => {
      for (const entry of entries)
        for (const change of entry.changes) if (change.kind === 'call') this.record(change.call);
    });
    // Breaches that were running when the exchange stopped resume their countdown.
    for (const breach of this.store.breaches())
      this.arm(breach.endpoint_id, breach.instrument_id, breach.since);
    this.store.pruneBefore(this.service.clock() - 2 * HOUR_MS);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const handle of this.timers.values()) this.clockTimers.clearTimeout(handle);
    this.timers.clear();
  }

  /** Resolves when every check queued so far has run (tests). */
  idle(): Promise<void> {
    return this.checking;
  }

  window(endpointId: string, instrumentId: string): WindowView {
    const spec = this.service.engine.state.instruments.get(instrumentId)!.spec;
    const now = this.service.clock();
    const hour = this.store.since(endpointId, instrumentId, now - HOUR_MS);
    const recent = hour.slice(-this.options.windowCalls);
    const figures = windowFigures(recent, hour.length, spec, this.options.minCalls);
    const since = this.store
      .breaches()
      .find((b) => b.endpoint_id === endpointId && b.instrument_id === instrumentId)?.since;
    return {
      ...figures,
      breaching_since: iso(since ?? null),
      suspends_at: since === undefined ? null : iso(since + this.options.graceMs),
    };
  }

  samples(endpointId: string, instrumentId: string): CallSample[] {
    return this.store.since(endpointId, instrumentId, this.service.clock() - HOUR_MS);
  }

  /** An attempt that failed before its call moved on to another endpoint counts against this one. */
  attemptFailed(endpointId: string, instrumentId: string, at: number): void {
    if (this.stopped) return;
    this.store.addSample({
      endpoint_id: endpointId,
      instrument_id: instrumentId,
      at,
      outcome: 'failed',
      ttft_ms: null,
      throughput_milli_tps: null,
      output_tokens: 0,
    });
    this.evaluate(endpointId, instrumentId);
  }

  private record(call: CallRecord): void {
    // Cancelled and interrupted calls say nothing about the supplier.
    if (call.endpoint_id === null || call.outcome === 'cancelled' || call.outcome === 'interrupted') return;
    this.store.addSample({
      endpoint_id: call.endpoint_id,
      instrument_id: call.instrument_id,
      at: call.finished_at,
      outcome: call.outcome,
      ttft_ms: call.ttft_ms,
      throughput_milli_tps: call.throughput_milli_tps,
      output_tokens: call.output_tokens,
    });
    this.evaluate(call.endpoint_id, call.instrument_id);
  }

  /** Starts, continues or ends a breach; suspends the entry once the grace has run out. */
  evaluate(endpointId: string, instrumentId: string): void {
    this.checking = this.checking.then(async () => {
      if (this.stopped) return;
      const entry = this.admittedEntry(endpointId, instrumentId);
      const window = this.window(endpointId, instrumentId);
      if (!entry || !window.breaching) {
        this.store.endBreach(endpointId, instrumentId);
        this.disarm(endpointId, instrumentId);
        return;
      }
      const now = this.service.clock();
      this.store.breach(endpointId, instrumentId, now);
      const since = Date.parse(this.window(endpointId, instrumentId).breaching_since!);
      if (now - since < this.options.graceMs) {
        this.arm(endpointId, instrumentId, since);
        return;
      }
      const spec = this.service.engine.state.instruments.get(instrumentId)!.spec;
      const figures = windowFigures(
        this.store.since(endpointId, instrumentId, now - HOUR_MS).slice(-this.options.windowCalls),
        0,
        spec,
        this.options.minCalls,
      );
      try {
        await this.service.submit(
          {
            type: 'set_roster_status',
            entry_id: entry.entry_id,
            status: 'suspended',
            reason: `monitor: ${breachReasons(figures, spec).join('; ')} over the last ${figures.calls} calls`,
          },
          SYSTEM_ACTOR,
        );
      } catch (error) {
        if (!this.stopped) console.error('the monitor could not suspend an endpoint', error);
      }
      if (this.stopped) return;
      this.store.endBreach(endpointId, instrumentId);
      this.disarm(endpointId, instrumentId);
    });
  }

  private admittedEntry(endpointId: string, instrumentId: string): RosterEntry | undefined {
    for (const entry of this.service.engine.state.roster.values())
      if (
        entry.endpoint_id === endpointId &&
        entry.instrument_id === instrumentId &&
        entry.status === 'admitted'
      )
        return entry;
    return undefined;
  }

  private arm(endpointId: string, instrumentId: string, since: number): void {
    const key = `${endpointId}\u0000${instrumentId}`;
    if (this.timers.has(key)) return;
    const delay = Math.max(0, since + this.options.graceMs - this.service.clock());
    this.timers.set(
      key,
      this.clockTimers.setTimeout(() => {
        this.timers.delete(key);
        this.evaluate(endpointId, instrumentId);
      }, delay),
    );
  }

  private disarm(endpointId: string, instrumentId: string): void {
    const key = `${endpointId}\u0000${instrumentId}`;
    const handle = this.timers.get(key);
    if (handle !== undefined) this.clockTimers.clearTimeout(handle);
    this.timers.delete(key);
  }
}
