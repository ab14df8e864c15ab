import { useState } from 'react';
import type { FormEvent } from 'react';
import type { InstrumentView } from '../../../src-preload/contract';
import { Field, NumberInput } from '../../components/Field';
import { Badge, Card, ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { useSubmission } from '../../lib/use-submission';
import { useClient } from '../../stores/exchange';
import { useAnswer, useRevisions } from './queries';
import {
  changedThresholds,
  changesText,
  draftOf,
  effectiveProblem,
  fromLocalInput,
  impactSummary,
  noticeText,
  revisionPlaces,
  SPEC_FIELDS,
  specBodyOf,
  specFromDraft,
  specSummary,
  toLocalInput,
} from './spec-revision';
import type { SpecDraft } from './spec-revision';

const placeTones = { upcoming: 'preview', current: 'live', superseded: 'neutral' } as const;

/**
 * The instrument's specification: the current one and the upcoming revision, a draft of the next one
 * with its impact on the admitted endpoints (previewed as it is edited), publication at or after the
 * earliest effective time the notice allows, and every revision.
 */
export function RevisionEditor({ instrument }: { instrument: InstrumentView }) {
  const client = useClient();
  const current = specBodyOf(instrument.specifications);
  const [draft, setDraft] = useState<SpecDraft>(() => draftOf(current));
  const [effective, setEffective] = useState<string | null>(null);
  const revisions = useRevisions(instrument.instrument_id);
  const { errors, failure, done, busy, invalid, run } = useSubmission<keyof SpecDraft | 'effective_at'>(
    rejectionText,
  );
  const parsed = specFromDraft(draft);
  const changes = parsed.ok ? changedThresholds(current, parsed.spec) : [];
  const impact = useAnswer(
    parsed.ok ? `${instrument.instrument_id}:${JSON.stringify(parsed.spec)}` : null,
    () =>
      client.call('specs.preview', {
        instrument_id: instrument.instrument_id,
        spec: (parsed as { ok: true; spec: ReturnType<typeof specBodyOf> }).spec,
      }),
  );
  const earliest = impact.data?.earliest_effective_at ?? null;
  const effectiveValue = effective ?? (earliest ? toLocalInput(earliest) : '');
  const upcoming = instrument.upcoming_revision;
  const summary = impact.data ? impactSummary(impact.data) : null;
  const set = (key: keyof SpecDraft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!parsed.ok) {
      invalid(parsed.errors);
      return;
    }
    const effectiveAt = fromLocalInput(effectiveValue);
    const problem = impact.data
      ? effectiveProblem(effectiveAt, impact.data.earliest_effective_at, impact.data.notice_hours)
      : effectiveAt
        ? null
        : 'pick a date and time';
    if (problem) {
      invalid({ effective_at: problem });
      return;
    }
    await run(async (report) => {
      const revision = await client.call('specs.publish', {
        instrument_id: instrument.instrument_id,
        spec: parsed.spec,
        effective_at: effectiveAt!,
      });
      report(
        `Published version ${revision.version} of ${revision.symbol}: effective ${formatTime(revision.effective_at)}.`,
      );
      setEffective(null);
      revisions.reload();
    });
  };

  const places = revisionPlaces(revisions.data ?? []);
  return (
    <Card title="Specification" region className="revision-card">
      <div className="spec-now">
        <div>
          <span className="small muted">Current</span>{' '}
          <span className="small" data-testid="spec-current">
            {specSummary(current)}
          </span>
        </div>
        {upcoming ? (
          <div data-testid="spec-upcoming">
            <Badge tone="preview">upcoming v{upcoming.version}</Badge>{' '}
            <span className="small">
              from {formatTime(upcoming.effective_at)}:{' '}
              {changesText(changedThresholds(current, specBodyOf(upcoming.specifications)))}
            </span>
          </div>
        ) : null}
      </div>
      <form className="form revision-form" onSubmit={submit} noValidate aria-label="Revise specification">
        <div className="revision-grid">
          {SPEC_FIELDS.map((field) => (
            <Field key={field.key} label={field.label} hint={field.hint} error={errors[field.key]}>
              <NumberInput value={draft[field.key]} decimal onValue={set(field.key)} />
            </Field>
          ))}
        </div>
        <div className="revision-impact" aria-live="polite" data-testid="revision-impact">
          <p className="small">
            <strong>Changes:</strong> {parsed.ok ? changesText(changes) : 'fix the fields above to preview'}
          </p>
          {impact.error ? <ErrorAlert>{impact.error}</ErrorAlert> : null}
          {summary ? (
            <>
              <p className={`small impact-${summary.tone}`}>{summary.headline}</p>
              {summary.failing.length > 0 ? (
                <ul className="impact-failing small">
                  {summary.failing.map((f) => (
                    <li key={f.who}>
                      <strong>{f.who}</strong>: {f.reasons}
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : parsed.ok ? (
            <p className="small muted">Previewing…</p>
          ) : null}
        </div>
        <div className="revision-publish">
          <Field
            label="Effective at"
            hint={
              impact.data
                ? `At least ${noticeText(impact.data.notice_hours)} ahead: from ${formatTime(impact.data.earliest_effective_at)}`
                : 'Local time'
            }
            error={errors.effective_at}
          >
            <input
              type="datetime-local"
              value={effectiveValue}
              min={earliest ? toLocalInput(earliest) : undefined}
              onChange={(event) => setEffective(event.target.value)}
            />
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy || changes.length === 0}>
              Publish revision
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setDraft(draftOf(current));
                setEffective(null);
              }}
            >
              Reset
            </button>
          </div>
        </div>
        {upcoming ? (
          <p className="small muted">
            Version {upcoming.version} is still upcoming: the exchange takes one upcoming revision per
            instrument.
          </p>
        ) : null}
        <ErrorAlert>{failure}</ErrorAlert>
        <Notice>{done}</Notice>
      </form>
      <h4 className="subhead">Revisions</h4>
      <ErrorAlert>{revisions.error}</ErrorAlert>
      {revisions.data === null ? (
        <p className="muted small">Loading revisions…</p>
      ) : revisions.data.length === 0 ? (
        <p className="muted small">
          No revision yet: {instrument.symbol} still has its launch specification.
        </p>
      ) : (
        <table className="compact-table revisions-table" aria-label="Revisions">
          <thead>
            <tr>
              <th className="num">Version</th>
              <th>State</th>
              <th>Published</th>
              <th>Effective</th>
              <th>Thresholds</th>
            </tr>
          </thead>
          <tbody>
            {revisions.data.map((r) => {
              const place = places.get(r.revision_id) ?? 'superseded';
              return (
                <tr key={r.revision_id} data-testid="revision">
                  <td className="num">{r.version}</td>
                  <td>
                    <Badge tone={placeTones[place]}>{place}</Badge>
                  </td>
                  <td className="mono small">{formatTime(r.published_at)}</td>
                  <td className="mono small">{formatTime(r.effective_at)}</td>
                  <td className="small wrap">{specSummary(r.spec)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}
