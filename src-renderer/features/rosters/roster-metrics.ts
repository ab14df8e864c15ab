/**
 * The roster screens' pure logic: an entry's rolling-window figures against its instrument's thresholds
 * (green pass, red fail, grey unknown), the decisions each status allows, and the time left before the
 * monitor suspends a breaching endpoint.
 */
import type { InstrumentView } from '../../../src-preload/contract';
import type { RosterEntryView, WindowView } from '../../../src-preload/contract-rosters';
import { formatInteger } from '../../lib/format';

export type Tone = 'pass' | 'fail' | 'unknown';
export type Spec = InstrumentView['specifications'];
export type RosterStatus = RosterEntryView['status'];
export type RosterAction = 'admit' | 'reject' | 'suspend' | 'remove' | 'readmit';

export interface Metric {
  key: 'ttft_p50' | 'ttft_p95' | 'throughput' | 'error_rate' | 'late' | 'availability';
  label: string;
  /** The measured figure as shown ("924 ms"), or "—" when the window has none. */
  text: string;
  tone: Tone;
  /** The threshold it is judged against, in words ("≤ 4,620 ms"). */
  threshold: string;
}

/** The instrument's TTFT ceiling in milliseconds ("4.62" s → 4620). */
export function ceilingMs(spec: Pick<Spec, 'ttft_max_seconds'>): number {
  return Math.round(Number(spec.ttft_max_seconds) * 1000);
}

const ms = (value: number) => `${formatInteger(Math.round(value))} ms`;
const pct = (value: number) => `${value.toFixed(value < 10 && value % 1 !== 0 ? 1 : 0)}%`;
const tps = (value: number) => `${formatInteger(Math.round(value * 10) / 10)} tok/s`;

/** A figure against a ceiling (at most `max`) or a floor (at least `min`): unknown without a figure. */
export function judge(value: number | null, bound: { max: number } | { min: number | null }): Tone {
  if (value === null || !Number.isFinite(value)) return 'unknown';
  if ('max' in bound) return value <= bound.max ? 'pass' : 'fail';
  if (bound.min === null) return 'unknown';
  return value >= bound.min ? 'pass' : 'fail';
}

/** The exchange's own check where it made one, else ours from the figure. */
function checked(check: Tone | undefined, ours: Tone): Tone {
  return check && check !== 'unknown' ? check : ours;
}

/**
 * An entry's window as the board's metric cells: TTFT p50 and p95 against the ceiling, throughput against
 * the floor, error rate against its maximum, late and out-of-spec calls (their share against the error
 * maximum: neither is billed) and availability against the uptime minimum. No window: all unknown.
 */
export function windowMetrics(window: WindowView | null, spec: Spec): Metric[] {
  const ceiling = ceilingMs(spec);
  const w = window;
  const calls = w?.calls ?? 0;
  const unbilled = w ? w.late + w.out_of_spec : 0;
  const unbilledShare = w && calls > 0 ? (unbilled / calls) * 100 : null;
  return [
    {
      key: 'ttft_p50',
      label: 'TTFT p50',
      text: w?.ttft_p50_ms != null ? ms(w.ttft_p50_ms) : '—',
      tone: judge(w?.ttft_p50_ms ?? null, { max: ceiling }),
      threshold: `≤ ${ms(ceiling)}`,
    },
    {
      key: 'ttft_p95',
      label: 'TTFT p95',
      text: w?.ttft_p95_ms != null ? ms(w.ttft_p95_ms) : '—',
      tone: checked(w?.checks.ttft, judge(w?.ttft_p95_ms ?? null, { max: ceiling })),
      threshold: `≤ ${ms(ceiling)}`,
    },
    {
      key: 'throughput',
      label: 'Throughput',
      text: w?.throughput_p50_tps != null ? tps(w.throughput_p50_tps) : '—',
      tone: checked(
        w?.checks.throughput,
        judge(w?.throughput_p50_tps ?? null, { min: spec.throughput_floor_tps }),
      ),
      threshold:
        spec.throughput_floor_tps === null ? 'no floor published' : `≥ ${tps(spec.throughput_floor_tps)}`,
    },
    {
      key: 'error_rate',
      label: 'Errors',
      text: w?.error_rate_pct != null ? pct(w.error_rate_pct) : '—',
      tone: checked(w?.checks.error_rate, judge(w?.error_rate_pct ?? null, { max: spec.error_rate_max_pct })),
      threshold: `≤ ${spec.error_rate_max_pct}%`,
    },
    {
      key: 'late',
      label: 'Late / out of spec',
      text: w ? `${formatInteger(w.late)} / ${formatInteger(w.out_of_spec)}` : '—',
      tone: judge(unbilledShare, { max: spec.error_rate_max_pct }),
      threshold: `together ≤ ${spec.error_rate_max_pct}% of calls`,
    },
    {
      key: 'availability',
      label: 'Availability',
      text: w?.availability_pct != null ? pct(w.availability_pct) : '—',
      tone: judge(w?.availability_pct ?? null, { min: spec.uptime_min_pct }),
      threshold: `≥ ${spec.uptime_min_pct}%`,
    },
  ];
}

/** The decisions the operator may take on an entry in `status` (the exchange refuses any other). */
export function actionsFor(status: RosterStatus): RosterAction[] {
  switch (status) {
    case 'pending':
      return ['admit', 'reject', 'remove'];
    case 'admitted':
      return ['suspend', 'remove'];
    case 'suspended':
      return ['readmit', 'remove'];
    case 'rejected':
      return ['remove'];
    case 'removed':
      return [];
  }
}

export const ACTION_LABELS: Record<RosterAction, string> = {
  admit: 'Admit',
  reject: 'Reject',
  suspend: 'Suspend',
  remove: 'Remove',
  readmit: 'Re-admit',
};

/** What a decision does, for its reason dialog. */
export const ACTION_EFFECTS: Record<RosterAction, string> = {
  admit: 'Calls are routed to it and its capacity backs the supplier’s issuance.',
  reject: 'The application is refused; the supplier may apply again.',
  suspend: 'No more calls are routed to it; re-admitting it needs a probe that passes after the suspension.',
  remove: 'It leaves the roster for good.',
  readmit: 'Calls are routed to it again; the exchange checks that a probe passed since the suspension.',
};

/** Pending applications among `entries`. */
export function pendingCount(entries: readonly Pick<RosterEntryView, 'status'>[]): number {
  return entries.filter((entry) => entry.status === 'pending').length;
}

/**
 * Time left before the monitor suspends a breaching endpoint, as "4m 05s"; "due now" once it has passed;
 * null when the window is not breaching.
 */
export function suspensionLeft(suspendsAt: string | null, now: number): string | null {
  if (!suspendsAt) return null;
  const left = Date.parse(suspendsAt) - now;
  if (!Number.isFinite(left)) return null;
  if (left <= 0) return 'due now';
  const total = Math.ceil(left / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return `${hours}h ${two(minutes)}m ${two(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${two(seconds)}s`;
  return `${seconds}s`;
}

/** A probe's progress as a fraction from 0 to 1 (a finished probe is 1). */
export function probeFraction(progress: { done: number; total: number }): number {
  if (progress.total <= 0) return 1;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

const ATTENTION: Record<RosterStatus, number> = {
  suspended: 1,
  pending: 2,
  admitted: 3,
  rejected: 4,
  removed: 5,
};

/**
 * A supplier's entries in the order it should look at them: breaching windows first (a suspension is
 * coming), then suspended, pending, admitted, rejected; by instrument within each.
 */
export function attentionOrder<
  T extends Pick<RosterEntryView, 'status' | 'symbol'> & { window: { breaching: boolean } | null },
>(entries: readonly T[]): T[] {
  const rank = (entry: T) =>
    entry.window?.breaching && entry.status === 'admitted' ? 0 : ATTENTION[entry.status];
  return [...entries].sort((a, b) => rank(a) - rank(b) || a.symbol.localeCompare(b.symbol));
}
