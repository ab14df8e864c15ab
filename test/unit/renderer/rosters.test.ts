// The roster screens' pure logic: threshold colouring, decisions, countdowns, revisions and their impact,
// chart series and the application form.
import { describe, expect, it } from 'vitest';
import type { InstrumentView } from '../../../src-preload/contract';
import type { ModelEndpointView } from '../../../src-preload/contract-consumption';
import type { ProbeView, RevisionView, WindowView } from '../../../src-preload/contract-rosters';
import {
  applicationDraft,
  applicationErrors,
  parseApplication,
} from '../../../src-renderer/features/rosters/application-form';
import {
  deliveryRates,
  deliverySeries,
  probeBars,
} from '../../../src-renderer/features/rosters/delivery-series';
import {
  actionsFor,
  attentionOrder,
  ceilingMs,
  judge,
  pendingCount,
  probeFraction,
  suspensionLeft,
  windowMetrics,
} from '../../../src-renderer/features/rosters/roster-metrics';
import {
  changedThresholds,
  changesText,
  draftOf,
  effectiveProblem,
  fromLocalInput,
  impactSummary,
  noticeText,
  revisionPlaces,
  specBodyOf,
  specFromDraft,
  specSummary,
  toLocalInput,
} from '../../../src-renderer/features/rosters/spec-revision';

const PRIME: InstrumentView['specifications'] = {
  quality_index: 'intelligence',
  quality_floor: 38,
  throughput_floor_tps: 40,
  ttft_max_seconds: '4.62',
  context_window_min_tokens: 128_000,
  output_length_min_tokens: 30_000,
  uptime_min_pct: 99.5,
  error_rate_max_pct: 1,
};

const window = (over: Partial<WindowView> = {}): WindowView => ({
  calls: 200,
  calls_last_hour: 200,
  ttft_p50_ms: 900,
  ttft_p95_ms: 1200,
  throughput_p50_tps: 72,
  error_rate_pct: 0.5,
  late: 0,
  out_of_spec: 0,
  availability_pct: 100,
  checks: { ttft: 'pass', throughput: 'pass', error_rate: 'pass' },
  breaching: false,
  breaching_since: null,
  suspends_at: null,
  ...over,
});

describe('threshold colouring', () => {
  it('judges ceilings, floors and missing figures', () => {
    expect(judge(4620, { max: 4620 })).toBe('pass');
    expect(judge(4621, { max: 4620 })).toBe('fail');
    expect(judge(39.9, { min: 40 })).toBe('fail');
    expect(judge(40, { min: 40 })).toBe('pass');
    expect(judge(null, { max: 1 })).toBe('unknown');
    expect(judge(50, { min: null })).toBe('unknown'); // no published floor
    expect(ceilingMs({ ttft_max_seconds: '1.32' })).toBe(1320);
  });

  it('colours a conforming window green with the thresholds beside each figure', () => {
    const metrics = windowMetrics(window(), PRIME);
    expect(metrics.map((m) => [m.key, m.text, m.tone])).toEqual([
      ['ttft_p50', '900 ms', 'pass'],
      ['ttft_p95', '1,200 ms', 'pass'],
      ['throughput', '72 tok/s', 'pass'],
      ['error_rate', '0.5%', 'pass'],
      ['late', '0 / 0', 'pass'],
      ['availability', '100%', 'pass'],
    ]);
    expect(metrics[0]!.threshold).toBe('≤ 4,620 ms');
    expect(metrics[2]!.threshold).toBe('≥ 40 tok/s');
  });

  it('turns breaches red, and follows the exchange’s own checks', () => {
    const metrics = windowMetrics(
      window({
        ttft_p95_ms: 5000,
        throughput_p50_tps: 30,
        error_rate_pct: 4,
        late: 3,
        out_of_spec: 1,
        availability_pct: 96,
        checks: { ttft: 'fail', throughput: 'fail', error_rate: 'fail' },
      }),
      PRIME,
    );
    const tones = Object.fromEntries(metrics.map((m) => [m.key, m.tone]));
    expect(tones).toEqual({
      ttft_p50: 'pass',
      ttft_p95: 'fail',
      throughput: 'fail',
      error_rate: 'fail',
      late: 'fail', // 4 of 200 calls unbilled: 2% > 1%
      availability: 'fail',
    });
  });

  it('greys everything out without a window', () => {
    expect(windowMetrics(null, PRIME).every((m) => m.tone === 'unknown' && m.text === '—')).toBe(true);
  });
});

describe('decisions, counts, countdowns', () => {
  it('offers the moves the exchange allows from each status', () => {
    expect(actionsFor('pending')).toEqual(['admit', 'reject', 'remove']);
    expect(actionsFor('admitted')).toEqual(['suspend', 'remove']);
    expect(actionsFor('suspended')).toEqual(['readmit', 'remove']);
    expect(actionsFor('rejected')).toEqual(['remove']);
    expect(actionsFor('removed')).toEqual([]);
    expect(pendingCount([{ status: 'pending' }, { status: 'admitted' }, { status: 'pending' }])).toBe(2);
  });

  it('counts down to a suspension', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(suspensionLeft(null, now)).toBeNull();
    expect(suspensionLeft('2026-05-01T10:04:05Z', now)).toBe('4m 05s');
    expect(suspensionLeft('2026-05-01T10:00:09.200Z', now)).toBe('10s');
    expect(suspensionLeft('2026-05-01T12:00:00Z', now)).toBe('2h 00m 00s');
    expect(suspensionLeft('2026-05-01T09:59:00Z', now)).toBe('due now');
    expect(probeFraction({ done: 2, total: 5 })).toBe(0.4);
    expect(probeFraction({ done: 0, total: 0 })).toBe(1);
  });

  it('puts what needs the supplier’s attention first', () => {
    const entry = (symbol: string, status: 'admitted' | 'suspended' | 'pending', breaching = false) => ({
      symbol,
      status,
      window: { breaching },
    });
    const ordered = attentionOrder([
      entry('text-standard', 'admitted'),
      entry('text-max', 'admitted'),
      entry('text-prime', 'pending'),
      entry('text-prime', 'suspended'),
      entry('text-standard', 'admitted', true),
    ]);
    expect(ordered.map((e) => `${e.symbol}:${e.status}${e.window.breaching ? '!' : ''}`)).toEqual([
      'text-standard:admitted!',
      'text-prime:suspended',
      'text-prime:pending',
      'text-max:admitted',
      'text-standard:admitted',
    ]);
  });
});

describe('specification revisions', () => {
  const current = specBodyOf(PRIME);

  it('round-trips an instrument’s specification through the editor’s fields', () => {
    expect(current.ttft_max_ms).toBe(4620);
    const draft = draftOf(current);
    expect(draft.ttft_max_ms).toBe('4620');
    expect(specFromDraft(draft)).toEqual({ ok: true, spec: current });
  });

  it('reads empty floors as unpublished and refuses bad numbers in words', () => {
    const draft = {
      ...draftOf(current),
      throughput_floor_tps: '',
      ttft_max_ms: 'soon',
      uptime_min_pct: '120',
    };
    const parsed = specFromDraft(draft);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual({ ttft_max_ms: 'enter a number', uptime_min_pct: 'at most 100' });
    const fine = specFromDraft({
      ...draftOf(current),
      throughput_floor_tps: '',
      context_window_min_tokens: '256,000',
    });
    expect(fine).toEqual({
      ok: true,
      spec: { ...current, throughput_floor_tps: null, context_window_min_tokens: 256_000 },
    });
    const fractional = specFromDraft({ ...draftOf(current), ttft_max_ms: '1.5' });
    expect(fractional.ok ? null : fractional.errors.ttft_max_ms).toBe('a whole number');
  });

  it('lists the changed thresholds', () => {
    const next = { ...current, throughput_floor_tps: 60, ttft_max_ms: 3000 };
    const changes = changedThresholds(current, next);
    expect(changesText(changes)).toBe('Throughput ≥ 40 tok/s → 60 tok/s; TTFT ≤ 4.62 s → 3 s');
    expect(changesText([])).toBe('no threshold changes');
    expect(specSummary(current)).toBe(
      'TTFT ≤ 4.62 s · ≥ 40 tok/s · quality ≥ 38 · context ≥ 128K · output ≥ 30K · uptime ≥ 99.5% · errors ≤ 1%',
    );
  });

  it('summarises the impact, warning when too few suppliers would qualify', () => {
    const base = { notice_hours: 360, earliest_effective_at: '2026-05-16T10:00:00.000Z' };
    const clean = impactSummary({ ...base, failing: [], qualifying_suppliers: 3, qualifying_entries: 4 });
    expect(clean).toEqual({
      headline: 'Every admitted endpoint clears this draft: 3 suppliers (4 endpoints) would still qualify.',
      tone: 'ok',
      failing: [],
    });
    const harsh = impactSummary({
      ...base,
      failing: [
        {
          entry_id: 'r1',
          supplier_name: 'Volt',
          endpoint_name: 'sim',
          reasons: ['probe: 55 tokens/s under 60', 'x'],
        },
      ],
      qualifying_suppliers: 1,
      qualifying_entries: 1,
    });
    expect(harsh.tone).toBe('warn');
    expect(harsh.headline).toBe(
      '1 admitted endpoint would fail it and be suspended when it takes effect; 1 supplier (1 endpoint) would still qualify. Fewer than 2 distinct suppliers: the instrument would lose its market.',
    );
    expect(harsh.failing).toEqual([{ who: 'Volt · sim', reasons: 'probe: 55 tokens/s under 60; x' }]);
    expect(noticeText(360)).toBe('15 days');
    expect(noticeText(1)).toBe('1 h');
  });

  it('converts the effective time and refuses one inside the notice', () => {
    const local = toLocalInput('2026-05-16T10:00:30.000Z');
    expect(local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    // Rounded up to the minute, so the default is never before the earliest allowed.
    expect(Date.parse(fromLocalInput(local)!)).toBe(Date.parse('2026-05-16T10:01:00.000Z'));
    expect(fromLocalInput('tomorrow')).toBeNull();
    const earliest = '2026-05-16T10:00:00.000Z';
    expect(effectiveProblem('2026-05-17T00:00:00.000Z', earliest, 360)).toBeNull();
    expect(effectiveProblem('2026-05-15T00:00:00.000Z', earliest, 360)).toBe('at least 15 days from now');
    expect(effectiveProblem(null, earliest, 360)).toBe('pick a date and time');
  });

  it('places revisions: upcoming, current, superseded', () => {
    const revision = (id: string, version: number, applied: boolean): RevisionView => ({
      revision_id: id,
      instrument_id: 'i',
      symbol: 'text-prime',
      version,
      spec: current,
      published_at: '2026-01-01T00:00:00Z',
      effective_at: '2026-02-01T00:00:00Z',
      applied_at: applied ? '2026-02-01T00:00:00Z' : null,
    });
    const places = revisionPlaces([revision('a', 1, true), revision('b', 2, true), revision('c', 3, false)]);
    expect(Object.fromEntries(places)).toEqual({ a: 'superseded', b: 'current', c: 'upcoming' });
  });
});

describe('chart series', () => {
  it('puts delivered calls on distinct seconds, the worst of each second', () => {
    const series = deliverySeries([
      { at: '2026-05-01T10:00:01.100Z', outcome: 'billed', ttft_ms: 900, tokens_per_second: 70 },
      { at: '2026-05-01T10:00:01.700Z', outcome: 'late', ttft_ms: 5100, tokens_per_second: 80 },
      { at: '2026-05-01T10:00:00.500Z', outcome: 'failed', ttft_ms: null, tokens_per_second: null },
      { at: '2026-05-01T10:00:03.000Z', outcome: 'billed', ttft_ms: 800, tokens_per_second: 65 },
    ]);
    const t = Date.parse('2026-05-01T10:00:01Z') / 1000;
    expect(series.ttft).toEqual([
      { time: t, value: 5100 },
      { time: t + 2, value: 800 },
    ]);
    expect(series.throughput).toEqual([
      { time: t, value: 70 },
      { time: t + 2, value: 65 },
    ]);
  });

  it('counts error and late rates', () => {
    const rates = deliveryRates([
      { at: '', outcome: 'billed', ttft_ms: 1, tokens_per_second: 1 },
      { at: '', outcome: 'late', ttft_ms: 1, tokens_per_second: 1 },
      { at: '', outcome: 'failed', ttft_ms: null, tokens_per_second: null },
      { at: '', outcome: 'out_of_spec', ttft_ms: 1, tokens_per_second: 1 },
    ]);
    expect(rates).toEqual({
      calls: 4,
      billed: 1,
      failed: 1,
      late: 1,
      outOfSpec: 1,
      errorPct: 25,
      latePct: 25,
    });
    expect(deliveryRates([]).errorPct).toBeNull();
  });

  it('draws probe samples against the threshold line, marking the bad ones', () => {
    const samples: ProbeView['samples'] = [
      { kind: 'speed', ttft_ms: 300, tokens_per_second: 50, output_tokens: 96, error: null },
      { kind: 'speed', ttft_ms: 5000, tokens_per_second: 30, output_tokens: 96, error: null },
      { kind: 'speed', ttft_ms: null, tokens_per_second: null, output_tokens: 0, error: 'boom' },
    ];
    const ttft = probeBars(samples, 'ttft_ms', 4620);
    expect(ttft.bars.map((b) => b.bad)).toEqual([false, true, true]);
    expect(ttft.top).toBe(5544); // the threshold × 1.2 tops the slowest call
    const tps = probeBars(samples, 'tokens_per_second', 40);
    expect(tps.bars.map((b) => b.bad)).toEqual([false, true, true]);
    expect(tps.top).toBe(50);
    expect(probeBars(samples, 'tokens_per_second', null).bars.map((b) => b.bad)).toEqual([
      false,
      false,
      true,
    ]);
  });
});

describe('the application form', () => {
  const endpoint = {
    endpoint_id: 'endpoint_1',
    instrument_id: 'instrument_1',
    tokens_per_second: 500,
    simulated: {
      quality_score: 50,
      ttft_ms: 250,
      tokens_per_second: 150,
      context_window: 200_000,
      max_output_tokens: 32_000,
      failure_rate: 0,
      jitter: 0,
      seed: 1,
    },
  } as unknown as ModelEndpointView;

  it('prefills a simulated model’s figures', () => {
    expect(applicationDraft(endpoint)).toEqual({
      endpoint_id: 'endpoint_1',
      instrument_id: 'instrument_1',
      quality_score: '50',
      quality_source: 'declared by the simulated model',
      context_window: '200000',
      max_output_tokens: '32000',
      tokens_per_second: '500',
    });
    expect(applicationDraft({ ...endpoint, simulated: null }).quality_score).toBe('');
  });

  it('parses the draft and names each problem', () => {
    const instrumentId = 'instrument_01234567-89ab-cdef-0123-456789abcdef';
    const good = parseApplication({ ...applicationDraft(endpoint), instrument_id: instrumentId });
    expect(good.success && good.data).toEqual({
      instrument_id: instrumentId,
      quality_score: 50,
      quality_source: 'declared by the simulated model',
      context_window: 200_000,
      max_output_tokens: 32_000,
      tokens_per_second: 500,
    });
    const bad = parseApplication({
      ...applicationDraft(endpoint),
      instrument_id: instrumentId,
      quality_score: '',
      quality_source: ' ',
      tokens_per_second: '2.5',
      context_window: '0',
    });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    expect(applicationErrors(bad.error)).toEqual({
      quality_score: 'enter a number',
      quality_source: 'name the public index the score comes from',
      tokens_per_second: 'a whole number',
      context_window: 'at least 1',
    });
  });
});
