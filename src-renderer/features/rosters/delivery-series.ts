/**
 * The delivery monitor's and probe report's chart data, kept pure: delivered calls as TTFT and throughput
 * series over time against the spec lines, their error and late rates, and a probe's samples as bars
 * against its thresholds.
 */
import type { ProbeView } from '../../../src-preload/contract-rosters';

export interface DeliverySample {
  at: string;
  outcome: string;
  ttft_ms: number | null;
  tokens_per_second: number | null;
}

export interface TimePoint {
  /** Unix seconds (what lightweight-charts takes as a UTC timestamp). */
  time: number;
  value: number;
}

/**
 * TTFT (ms) and throughput (tok/s) per delivered call, oldest first, one point per second since the
 * chart's axis needs distinct times: the worst call of a second wins (slowest first token, lowest rate).
 */
export function deliverySeries(samples: readonly DeliverySample[]): {
  ttft: TimePoint[];
  throughput: TimePoint[];
} {
  const ttft = new Map<number, number>();
  const throughput = new Map<number, number>();
  for (const sample of samples) {
    const time = Math.floor(Date.parse(sample.at) / 1000);
    if (!Number.isFinite(time)) continue;
    if (sample.ttft_ms !== null) ttft.set(time, Math.max(ttft.get(time) ?? 0, sample.ttft_ms));
    if (sample.tokens_per_second !== null)
      throughput.set(time, Math.min(throughput.get(time) ?? Infinity, sample.tokens_per_second));
  }
  const points = (map: Map<number, number>) =>
    [...map.entries()].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time, value }));
  return { ttft: points(ttft), throughput: points(throughput) };
}

export interface DeliveryRates {
  calls: number;
  billed: number;
  failed: number;
  late: number;
  outOfSpec: number;
  /** Percentages of `calls`; null with no calls. */
  errorPct: number | null;
  latePct: number | null;
}

/** How the delivered calls turned out: failures, late and out-of-spec calls (none of them billed). */
export function deliveryRates(samples: readonly DeliverySample[]): DeliveryRates {
  const count = (outcome: string) => samples.filter((s) => s.outcome === outcome).length;
  const calls = samples.length;
  const failed = samples.filter((s) => s.outcome === 'failed' || s.outcome === 'interrupted').length;
  const late = count('late');
  const share = (n: number) => (calls === 0 ? null : (n / calls) * 100);
  return {
    calls,
    billed: count('billed'),
    failed,
    late,
    outOfSpec: count('out_of_spec'),
    errorPct: share(failed),
    latePct: share(late),
  };
}

export interface ProbeBar {
  index: number;
  kind: ProbeView['samples'][number]['kind'];
  value: number | null;
  /** Past the threshold the wrong way (over a ceiling, under a floor). */
  bad: boolean;
  error: string | null;
}

/**
 * One probe's samples as bars of `metric` (TTFT or tokens per second) against a threshold, with the scale
 * top (the larger of the largest value and the threshold, with room) so the threshold line always shows.
 * A failed call is a bar with no value, marked bad.
 */
export function probeBars(
  samples: ProbeView['samples'],
  metric: 'ttft_ms' | 'tokens_per_second',
  threshold: number | null,
): { bars: ProbeBar[]; top: number } {
  const bars = samples.map((sample, index) => {
    const value = sample[metric];
    const bad =
      sample.error !== null ||
      (value !== null &&
        threshold !== null &&
        (metric === 'ttft_ms' ? value > threshold : value < threshold));
    return { index, kind: sample.kind, value, bad, error: sample.error };
  });
  const largest = Math.max(0, ...bars.map((bar) => bar.value ?? 0));
  const top = Math.max(largest, (threshold ?? 0) * 1.2, 1);
  return { bars, top };
}
