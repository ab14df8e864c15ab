/**
 * The usage blotter's data work, kept pure: CSV export of call records and the series its charts draw
 * (tokens and cost over time, TTFT per call and its distribution against the instrument's ceiling).
 */
import type { CallView } from '../../../src-preload/contract-consumption';

/** The CSV's columns, in order: header and how each cell is read from a call. */
const CSV_COLUMNS: readonly [string, (call: CallView) => string | number | boolean | null][] = [
  ['started_at', (call) => call.started_at],
  ['finished_at', (call) => call.finished_at],
  ['call_id', (call) => call.call_id],
  ['model', (call) => call.symbol],
  ['key', (call) => call.key_name],
  ['key_id', (call) => call.key_id],
  ['surface', (call) => call.surface],
  ['streamed', (call) => call.streamed],
  ['supplier', (call) => call.supplier_name],
  ['endpoint', (call) => call.endpoint_name],
  ['substituted', (call) => call.substituted],
  ['attempts', (call) => call.attempts],
  ['outcome', (call) => call.outcome],
  ['input_tokens', (call) => call.input_tokens],
  ['output_tokens', (call) => call.output_tokens],
  ['billed_tokens', (call) => call.billed_tokens],
  ['ttft_ms', (call) => call.ttft_ms],
  ['tokens_per_second', (call) => call.tokens_per_second],
  ['duration_ms', (call) => call.duration_ms],
  ['cost_usd', (call) => call.cost],
  ['lots', (call) => call.lots.map((lot) => `${lot.lot_id}:${lot.tokens}`).join(' ')],
  ['error', (call) => call.error],
];

/** One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; formulas defused. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet; numbers are left alone.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text))
    text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The calls as a CSV document (header line first, CRLF line ends). */
export function callsToCsv(calls: readonly CallView[]): string {
  const lines = [CSV_COLUMNS.map(([header]) => header).join(',')];
  for (const call of calls) lines.push(CSV_COLUMNS.map(([, read]) => csvCell(read(call))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export interface TimePoint {
  /** Unix seconds (what lightweight-charts takes as a UTC timestamp). */
  time: number;
  value: number;
}

/** Unix seconds of an ISO time. */
function seconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}

/**
 * Tokens (input + output) and billed cost per bucket of `bucketSeconds`, oldest first: the points of the
 * tokens-and-cost chart. Calls in one bucket add up; empty buckets are left out.
 */
export function tokensAndCostSeries(
  calls: readonly CallView[],
  bucketSeconds = 60,
): { tokens: TimePoint[]; cost: TimePoint[] } {
  const buckets = new Map<number, { tokens: number; costMicros: number }>();
  for (const call of calls) {
    const time = Math.floor(seconds(call.started_at) / bucketSeconds) * bucketSeconds;
    if (!Number.isFinite(time)) continue;
    const bucket = buckets.get(time) ?? { tokens: 0, costMicros: 0 };
    bucket.tokens += call.input_tokens + call.output_tokens;
    bucket.costMicros += Math.round(Number(call.cost) * 1_000_000);
    buckets.set(time, bucket);
  }
  const times = [...buckets.keys()].sort((a, b) => a - b);
  return {
    tokens: times.map((time) => ({ time, value: buckets.get(time)!.tokens })),
    cost: times.map((time) => ({ time, value: buckets.get(time)!.costMicros / 1_000_000 })),
  };
}

/**
 * TTFT per call over time (ms), oldest first, one point per second (the slowest call in a second wins,
 * since the chart's axis needs distinct times). Calls without a first token are left out.
 */
export function ttftSeries(calls: readonly CallView[]): TimePoint[] {
  const bySecond = new Map<number, number>();
  for (const call of calls) {
    if (call.ttft_ms === null) continue;
    const time = seconds(call.started_at);
    if (!Number.isFinite(time)) continue;
    bySecond.set(time, Math.max(bySecond.get(time) ?? 0, call.ttft_ms));
  }
  return [...bySecond.entries()].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time, value }));
}

export interface HistogramBin {
  /** Lower bound (ms, inclusive). */
  from: number;
  /** Upper bound (ms, exclusive). */
  to: number;
  count: number;
  /** The bin starts at or past the ceiling: those calls were late. */
  overCeiling: boolean;
}

/**
 * TTFTs in `binCount` equal bins from 0 up to whichever is larger of the slowest call and the ceiling
 * (with room past it), so the ceiling always falls inside the chart.
 */
export function ttftHistogram(
  calls: readonly CallView[],
  ceilingMs: number | null,
  binCount = 12,
): HistogramBin[] {
  const values = calls.map((call) => call.ttft_ms).filter((value): value is number => value !== null);
  if (values.length === 0) return [];
  const top = Math.max(...values, (ceilingMs ?? 0) * 1.25, 1);
  const width = Math.max(1, Math.ceil(top / binCount));
  const bins: HistogramBin[] = Array.from({ length: binCount }, (_, index) => ({
    from: index * width,
    to: (index + 1) * width,
    count: 0,
    overCeiling: ceilingMs !== null && index * width >= ceilingMs,
  }));
  for (const value of values) {
    const index = Math.min(binCount - 1, Math.floor(value / width));
    bins[index]!.count += 1;
  }
  return bins;
}

/** The instrument's TTFT ceiling in milliseconds, from its specification's seconds ("1.5" → 1500). */
export function ttftCeilingMs(ttftMaxSeconds: string | null | undefined): number | null {
  if (!ttftMaxSeconds) return null;
  const value = Number(ttftMaxSeconds);
  return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : null;
}

/** Merges pages of calls (newest first), one row per call, newest first. */
export function mergeCalls(...pages: (readonly CallView[])[]): CallView[] {
  const bySequence = new Map<number, CallView>();
  for (const page of pages) for (const call of page) bySequence.set(call.sequence, call);
  return [...bySequence.values()].sort((a, b) => b.sequence - a.sequence);
}
