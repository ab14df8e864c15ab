/**
 * Specification revisions, kept pure: the editor's draft (text fields) from an instrument's
 * specification and back to the contract's spec body, the thresholds a revision changes, the impact
 * preview in words, the effective-time field, and each revision's place (current, upcoming, superseded).
 */
import type { z } from 'zod';
import type { InstrumentView } from '../../../src-preload/contract';
import { SpecBody } from '../../../src-preload/contract-rosters';
import type { RevisionImpact, RevisionView } from '../../../src-preload/contract-rosters';
import { formatCount, formatInteger, formatTokens } from '../../lib/format';

type Spec = InstrumentView['specifications'];
export type SpecBodyValue = z.output<typeof SpecBody>;

export interface SpecDraft {
  quality_floor: string;
  throughput_floor_tps: string;
  ttft_max_ms: string;
  context_window_min_tokens: string;
  output_length_min_tokens: string;
  uptime_min_pct: string;
  error_rate_max_pct: string;
}

export const SPEC_FIELDS: readonly { key: keyof SpecDraft; label: string; hint: string }[] = [
  { key: 'quality_floor', label: 'Quality floor', hint: 'Empty: unpublished' },
  { key: 'throughput_floor_tps', label: 'Throughput floor (tok/s)', hint: 'Empty: unpublished' },
  { key: 'ttft_max_ms', label: 'TTFT ceiling (ms)', hint: 'First token' },
  { key: 'context_window_min_tokens', label: 'Context floor (tokens)', hint: 'Input accepted' },
  { key: 'output_length_min_tokens', label: 'Output floor (tokens)', hint: 'Max output' },
  { key: 'uptime_min_pct', label: 'Uptime floor (%)', hint: 'Availability' },
  { key: 'error_rate_max_pct', label: 'Error ceiling (%)', hint: 'Failed calls' },
];

/** The contract's spec body of an instrument's specification (TTFT in ms rather than seconds). */
export function specBodyOf(spec: Spec): SpecBodyValue {
  return {
    quality_floor: spec.quality_floor,
    throughput_floor_tps: spec.throughput_floor_tps,
    ttft_max_ms: Math.round(Number(spec.ttft_max_seconds) * 1000),
    context_window_min_tokens: spec.context_window_min_tokens,
    output_length_min_tokens: spec.output_length_min_tokens,
    uptime_min_pct: spec.uptime_min_pct,
    error_rate_max_pct: spec.error_rate_max_pct,
  };
}

/** The editor's text fields for a spec body. */
export function draftOf(body: SpecBodyValue): SpecDraft {
  const text = (value: number | null) => (value === null ? '' : String(value));
  return {
    quality_floor: text(body.quality_floor),
    throughput_floor_tps: text(body.throughput_floor_tps),
    ttft_max_ms: text(body.ttft_max_ms),
    context_window_min_tokens: text(body.context_window_min_tokens),
    output_length_min_tokens: text(body.output_length_min_tokens),
    uptime_min_pct: text(body.uptime_min_pct),
    error_rate_max_pct: text(body.error_rate_max_pct),
  };
}

const NULLABLE = new Set<keyof SpecDraft>(['quality_floor', 'throughput_floor_tps']);

/**
 * The draft as a spec body, or the first problem per field in the product's words. Empty quality and
 * throughput floors mean "unpublished" (null); every other field needs a number.
 */
export function specFromDraft(
  draft: SpecDraft,
): { ok: true; spec: SpecBodyValue } | { ok: false; errors: Partial<Record<keyof SpecDraft, string>> } {
  const errors: Partial<Record<keyof SpecDraft, string>> = {};
  const values: Record<string, number | null> = {};
  for (const { key } of SPEC_FIELDS) {
    const text = draft[key].trim().replace(/,/g, '');
    if (text === '') {
      if (NULLABLE.has(key)) values[key] = null;
      else errors[key] = 'enter a number';
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) errors[key] = 'enter a number';
    else values[key] = value;
  }
  const parsed = SpecBody.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]) as keyof SpecDraft;
      if (!(key in errors)) errors[key] = issueText(issue);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, spec: parsed.data };
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small') return `at least ${String(issue.minimum)}`;
  if (issue.code === 'too_big') return `at most ${formatInteger(Number(issue.maximum))}`;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'a whole number';
  return issue.message;
}

export interface ThresholdChange {
  label: string;
  from: string;
  to: string;
}

const DIMENSIONS: readonly { key: keyof SpecBodyValue; label: string; show: (v: number | null) => string }[] =
  [
    { key: 'quality_floor', label: 'Quality ≥', show: (v) => (v === null ? '—' : String(v)) },
    {
      key: 'throughput_floor_tps',
      label: 'Throughput ≥',
      show: (v) => (v === null ? '—' : `${formatInteger(v)} tok/s`),
    },
    { key: 'ttft_max_ms', label: 'TTFT ≤', show: (v) => `${Number(v) / 1000} s` },
    { key: 'context_window_min_tokens', label: 'Context ≥', show: (v) => formatTokens(v) },
    { key: 'output_length_min_tokens', label: 'Output ≥', show: (v) => formatTokens(v) },
    { key: 'uptime_min_pct', label: 'Uptime ≥', show: (v) => `${v}%` },
    { key: 'error_rate_max_pct', label: 'Errors ≤', show: (v) => `${v}%` },
  ];

/** The thresholds that differ between two specifications, each as "from → to". */
export function changedThresholds(current: SpecBodyValue, next: SpecBodyValue): ThresholdChange[] {
  return DIMENSIONS.filter(({ key }) => current[key] !== next[key]).map(({ key, label, show }) => ({
    label,
    from: show(current[key]),
    to: show(next[key]),
  }));
}

/** "Throughput ≥ 40 tok/s → 60 tok/s; TTFT ≤ 4.62 s → 3 s", or "no threshold changes". */
export function changesText(changes: readonly ThresholdChange[]): string {
  if (changes.length === 0) return 'no threshold changes';
  return changes.map((c) => `${c.label} ${c.from} → ${c.to}`).join('; ');
}

/** Distinct suppliers a roster needs to stay a market rather than one supplier's product (domain.md §2). */
export const MIN_QUALIFYING_SUPPLIERS = 2;

export interface ImpactSummary {
  headline: string;
  tone: 'ok' | 'warn';
  failing: { who: string; reasons: string }[];
}

/** The impact preview in words: who fails the draft and why, and whether enough suppliers still qualify. */
export function impactSummary(impact: RevisionImpact): ImpactSummary {
  const failing = impact.failing.map((f) => ({
    who: f.endpoint_name ? `${f.supplier_name} · ${f.endpoint_name}` : f.supplier_name,
    reasons: f.reasons.join('; '),
  }));
  const still = `${formatCount(impact.qualifying_suppliers, 'supplier')} (${formatCount(impact.qualifying_entries, 'endpoint')}) would still qualify`;
  const few = impact.qualifying_suppliers < MIN_QUALIFYING_SUPPLIERS;
  const headline =
    (failing.length === 0
      ? `Every admitted endpoint clears this draft: ${still}.`
      : `${formatCount(failing.length, 'admitted endpoint')} would fail it and be suspended when it takes effect; ${still}.`) +
    (few
      ? ` Fewer than ${MIN_QUALIFYING_SUPPLIERS} distinct suppliers: the instrument would lose its market.`
      : '');
  return { headline, tone: failing.length > 0 || few ? 'warn' : 'ok', failing };
}

/** The notice as people say it: "1 h", "15 days". */
export function noticeText(hours: number): string {
  if (hours >= 48 && hours % 24 === 0) return `${hours / 24} days`;
  return `${formatInteger(hours)} h`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** An ISO time as a datetime-local value in local time ("2026-05-01T09:30"), rounded up to the minute. */
export function toLocalInput(iso: string): string {
  const date = new Date(Math.ceil(Date.parse(iso) / 60_000) * 60_000);
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}` +
    `T${two(date.getHours())}:${two(date.getMinutes())}`
  );
}

/** A datetime-local value (local time) as an ISO time, or null when it is not a time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Why an effective time is refused before sending (too soon for the notice), or null. */
export function effectiveProblem(effectiveIso: string | null, earliestIso: string, noticeHours: number) {
  if (effectiveIso === null) return 'pick a date and time';
  // The earliest allowed moves on with the clock: a minute's slack for the time it takes to publish.
  if (Date.parse(effectiveIso) < Date.parse(earliestIso) - 60_000)
    return `at least ${noticeText(noticeHours)} from now`;
  return null;
}

export type RevisionPlace = 'upcoming' | 'current' | 'superseded';

/** Each revision's place: not applied yet (upcoming), the newest applied (current), or older ones. */
export function revisionPlaces(revisions: readonly RevisionView[]): Map<string, RevisionPlace> {
  const places = new Map<string, RevisionPlace>();
  const currentByInstrument = new Map<string, RevisionView>();
  for (const r of revisions) {
    if (r.applied_at === null) continue;
    const best = currentByInstrument.get(r.instrument_id);
    if (!best || r.version > best.version) currentByInstrument.set(r.instrument_id, r);
  }
  for (const r of revisions) {
    places.set(
      r.revision_id,
      r.applied_at === null
        ? 'upcoming'
        : currentByInstrument.get(r.instrument_id)?.revision_id === r.revision_id
          ? 'current'
          : 'superseded',
    );
  }
  return places;
}

/** A specification's main thresholds in one line: "TTFT ≤ 4.62 s · ≥ 40 tok/s · quality ≥ 38 · errors ≤ 5%". */
export function specSummary(body: SpecBodyValue): string {
  return [
    `TTFT ≤ ${body.ttft_max_ms / 1000} s`,
    body.throughput_floor_tps === null ? null : `≥ ${formatInteger(body.throughput_floor_tps)} tok/s`,
    body.quality_floor === null ? null : `quality ≥ ${body.quality_floor}`,
    `context ≥ ${formatTokens(body.context_window_min_tokens)}`,
    `output ≥ ${formatTokens(body.output_length_min_tokens)}`,
    `uptime ≥ ${body.uptime_min_pct}%`,
    `errors ≤ ${body.error_rate_max_pct}%`,
  ]
    .filter(Boolean)
    .join(' · ');
}
