import type { ProbeView } from '../../src-preload/contract-rosters';
import type { ModelEndpoint } from '../engine/consumption-types';
import type { Instrument, InstrumentSpec } from '../engine/instruments';
import type { RosterDeclaration } from '../engine/roster';
import type { ChatRequest } from '../delivery/chat';
import { chunkHasOutput } from '../delivery/endpoint';
import { countTextTokens } from '../delivery/tokens';
import type { MonitoringStore, ProbeRow } from '../store/monitoring-store';
import type { ExchangeService } from './exchange-service';
import { newId } from './ids';
import type { ModelEndpoints } from './model-endpoints';
import { percentile } from './monitor';

const iso = (ms: number) => new Date(ms).toISOString();
const PROMPT = 'Explain, in a few short paragraphs, how a central limit order book matches orders.';
/** Long enough for the throughput floor to be judged (product.md: 64 tokens or more). */
const SPEED_MAX_TOKENS = 96;
const PROBE_TIMEOUT_MS = 120_000;

type Sample = ProbeView['samples'][number];
interface Report {
  dimensions: ProbeView['dimensions'];
  samples: Sample[];
}

/**
 * Conformance probes: N calls against an endpoint measure TTFT (p50, p95), streaming throughput and
 * error rate; one call checks that a prompt as long as the instrument's context floor is accepted, and
 * one that a completion as long as its output floor is accepted and starts (it is stopped after the first
 * tokens: "as far as the endpoint allows" without spending minutes per probe). Each dimension is compared
 * with the instrument's thresholds. Probe calls go straight to the endpoint: never billed to anyone.
 */
export class Probes {
  private readonly running = new Map<string, { done: number; total: number; row: ProbeRow }>();
  /** Aborts the calls of running probes when the exchange closes. */
  private readonly closing = new AbortController();

  constructor(
    private readonly service: ExchangeService,
    private readonly endpoints: ModelEndpoints,
    private readonly store: MonitoringStore,
    private readonly calls: number = 3,
  ) {}

  /** Starts a probe and answers at once with it running; `done` resolves with the finished report. */
  start(
    endpoint: ModelEndpoint,
    instrument: Instrument,
    declared: RosterDeclaration | null,
    entryId: string | null,
    reason: string,
  ): { probe: ProbeView; done: Promise<ProbeView> } {
    const busy = [...this.running.values()].find(
      (p) => p.row.endpoint_id === endpoint.endpoint_id && p.row.instrument_id === instrument.instrument_id,
    );
    if (busy) return { probe: this.view(busy.row), done: this.finished(busy.row.probe_id) };
    const row: ProbeRow = {
      probe_id: newId('probe'),
      entry_id: entryId,
      endpoint_id: endpoint.endpoint_id,
      instrument_id: instrument.instrument_id,
      reason,
      started_at: this.service.clock(),
      finished_at: null,
      passed: null,
      report: null,
    };
    this.store.saveProbe(row);
    const progress = { done: 0, total: this.calls + 2, row };
    this.running.set(row.probe_id, progress);
    const done = this.run(endpoint, instrument.spec, declared, progress).then((report) => {
      if (this.closing.signal.aborted) return this.view(row);
      const finished: ProbeRow = {
        ...row,
        finished_at: this.service.clock(),
        passed: report.dimensions.every((d) => d.passed) ? 1 : 0,
        report: JSON.stringify(report),
      };
      this.store.saveProbe(finished);
      this.running.delete(row.probe_id);
      this.waiters.get(row.probe_id)?.forEach((resolve) => resolve(this.view(finished)));
      this.waiters.delete(row.probe_id);
      return this.view(finished);
    });
    return { probe: this.view(row), done };
  }

  private readonly waiters = new Map<string, ((probe: ProbeView) => void)[]>();
  private finished(probeId: string): Promise<ProbeView> {
    return new Promise((resolve) =>
      this.waiters.set(probeId, [...(this.waiters.get(probeId) ?? []), resolve]),
    );
  }

  /** Stops running probes (their reports stay unfinished). */
  stop(): void {
    this.closing.abort(new Error('the exchange is closing'));
  }

  list(endpointId: string, instrumentId: string, limit: number): ProbeView[] {
    return this.store.probes(endpointId, instrumentId, limit).map((row) => this.view(row));
  }

  latest(endpointId: string, instrumentId: string): ProbeView | null {
    return this.list(endpointId, instrumentId, 1)[0] ?? null;
  }

  view(row: ProbeRow): ProbeView {
    const live = this.running.get(row.probe_id);
    const report = row.report === null ? null : (JSON.parse(row.report) as Report);
    return {
      probe_id: row.probe_id,
      entry_id: row.entry_id,
      endpoint_id: row.endpoint_id,
      instrument_id: row.instrument_id,
      symbol: this.service.engine.state.instruments.get(row.instrument_id)?.symbol ?? row.instrument_id,
      reason: row.reason,
      status: row.passed === null ? 'running' : row.passed === 1 ? 'passed' : 'failed',
      progress: live ? { done: live.done, total: live.total } : { done: 1, total: 1 },
      started_at: iso(row.started_at),
      finished_at: row.finished_at === null ? null : iso(row.finished_at),
      dimensions: report?.dimensions ?? [],
      samples: report?.samples ?? [],
    };
  }

  private async run(
    endpoint: ModelEndpoint,
    spec: InstrumentSpec,
    declared: RosterDeclaration | null,
    progress: { done: number },
  ): Promise<Report> {
    const samples: Sample[] = [];
    for (let i = 0; i < this.calls; i++) {
      samples.push(await this.measure(endpoint, 'speed', { max_tokens: SPEED_MAX_TOKENS }, PROMPT));
      progress.done += 1;
    }
    // A prompt of about the instrument's context floor in tokens (one short word is one token).
    const contextPrompt = 'a '.repeat(Math.max(1, spec.context_window_min_tokens - 64));
    samples.push(await this.measure(endpoint, 'context', { max_tokens: 8 }, contextPrompt));
    progress.done += 1;
    samples.push(
      await this.measure(endpoint, 'output', { max_tokens: spec.output_length_min_tokens }, PROMPT, true),
    );
    progress.done += 1;
    return { dimensions: judge(spec, declared, samples), samples };
  }

  /** One call through the endpoint, timed like a real one; `firstOnly` stops it after the first output. */
  private async measure(
    endpoint: ModelEndpoint,
    kind: Sample['kind'],
    params: { max_tokens: number },
    prompt: string,
    firstOnly = false,
  ): Promise<Sample> {
    const instrument = this.service.engine.state.instruments.get(endpoint.instrument_id)!;
    const request = {
      model: instrument.symbol,
      messages: [{ role: 'user', content: prompt }],
      stream: true,
      ...params,
    } as unknown as ChatRequest;
    const stop = new AbortController();
    const timeout = AbortSignal.timeout(PROBE_TIMEOUT_MS);
    const signal = AbortSignal.any([stop.signal, timeout, this.closing.signal]);
    const started = performance.now();
    let first: number | null = null;
    let last: number | null = null;
    let text = '';
    let usage: number | null = null;
    try {
      for await (const chunk of this.endpoints.runtime(endpoint).deliverer.complete(request, signal)) {
        if (chunk.usage) usage = chunk.usage.completion_tokens;
        if (!chunkHasOutput(chunk)) continue;
        last = performance.now();
        first ??= last;
        for (const choice of chunk.choices) text += choice.delta.content ?? '';
        if (firstOnly) {
          stop.abort(new Error('probe: enough output'));
          break;
        }
      }
    } catch (error) {
      if (!(firstOnly && first !== null))
        return {
          kind,
          ttft_ms: null,
          tokens_per_second: null,
          output_tokens: 0,
          error: (error as Error).message,
        };
    }
    const output = usage ?? countTextTokens(text);
    const seconds = first !== null && last !== null ? (last - first) / 1000 : 0;
    return {
      kind,
      ttft_ms: first === null ? null : Math.round(first - started),
      tokens_per_second: seconds > 0 && output > 1 ? Math.round((output / seconds) * 10) / 10 : null,
      output_tokens: output,
      error: first === null ? 'no output' : null,
    };
  }
}

/** Each dimension of the specification, measured or declared, pass or fail. */
function judge(
  spec: InstrumentSpec,
  declared: RosterDeclaration | null,
  samples: Sample[],
): ProbeView['dimensions'] {
  const speed = samples.filter((s) => s.kind === 'speed');
  const ttfts = speed.flatMap((s) => (s.ttft_ms === null ? [] : [s.ttft_ms])).sort((a, b) => a - b);
  const rates = speed
    .flatMap((s) => (s.tokens_per_second === null || s.output_tokens < 64 ? [] : [s.tokens_per_second]))
    .sort((a, b) => a - b);
  const errors = speed.filter((s) => s.error !== null).length;
  const errorRate = speed.length === 0 ? 100 : (100 * errors) / speed.length;
  const p50 = percentile(ttfts, 50);
  const p95 = percentile(ttfts, 95);
  const tps = percentile(rates, 50);
  const context = samples.find((s) => s.kind === 'context');
  const output = samples.find((s) => s.kind === 'output');
  const dims: ProbeView['dimensions'] = [
    {
      name: 'TTFT p50',
      measured: ms(p50),
      threshold: `≤ ${spec.ttft_max_ms} ms`,
      passed: p50 !== null && p50 <= spec.ttft_max_ms,
    },
    {
      name: 'TTFT p95',
      measured: ms(p95),
      threshold: `≤ ${spec.ttft_max_ms} ms`,
      passed: p95 !== null && p95 <= spec.ttft_max_ms,
    },
    {
      name: 'Throughput',
      measured: tps === null ? 'not measured' : `${tps} tokens/s`,
      threshold:
        spec.throughput_floor_tps === null ? 'unpublished' : `≥ ${spec.throughput_floor_tps} tokens/s`,
      passed: spec.throughput_floor_tps === null || (tps !== null && tps >= spec.throughput_floor_tps),
    },
    {
      name: 'Error rate',
      measured: `${Math.round(errorRate * 10) / 10}% (${errors} of ${speed.length})`,
      threshold: `≤ ${spec.error_rate_max_pct}%`,
      passed: errorRate <= spec.error_rate_max_pct,
    },
    {
      name: 'Context window',
      measured: context?.error
        ? `refused: ${context.error}`
        : `${spec.context_window_min_tokens} tokens accepted`,
      threshold: `≥ ${spec.context_window_min_tokens} tokens`,
      passed: context !== undefined && context.error === null,
    },
    {
      name: 'Output length',
      measured: output?.error
        ? `refused: ${output.error}`
        : `max_tokens ${spec.output_length_min_tokens} accepted`,
      threshold: `≥ ${spec.output_length_min_tokens} tokens`,
      passed: output !== undefined && output.error === null,
    },
  ];
  if (declared && spec.quality_floor !== null)
    dims.push({
      name: 'Quality (declared)',
      measured: `${declared.quality_score} (${declared.quality_source})`,
      threshold: `≥ ${spec.quality_floor}`,
      passed: declared.quality_score >= spec.quality_floor,
    });
  return dims;
}

const ms = (value: number | null) => (value === null ? 'not measured' : `${value} ms`);
