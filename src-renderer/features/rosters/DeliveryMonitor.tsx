import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { InstrumentView, ParticipantView } from '../../../src-preload/contract';
import type { ModelEndpointView } from '../../../src-preload/contract-consumption';
import type { SupplierLiabilityView } from '../../../src-preload/contract-lifecycle';
import type { RosterEntryView } from '../../../src-preload/contract-rosters';
import { useNow } from '../../components/Countdown';
import { Field, NumberInput, TextInput } from '../../components/Field';
import { ModalDialog } from '../../components/ModalDialog';
import { Card, EmptyState, ErrorAlert, Notice } from '../../components/ui';
import { errorText, rejectionText } from '../../lib/errors';
import { formatCount, formatInteger, formatTime } from '../../lib/format';
import { useSubmission } from '../../lib/use-submission';
import { useClient, useExchangeStore } from '../../stores/exchange';
import { useEndpoints } from '../consumption/queries';
import { useLiability } from '../lifecycle/queries';
import { deliveryRates, deliverySeries } from './delivery-series';
import { useMyRoster, useSamples } from './queries';
import { attentionOrder, ceilingMs, suspensionLeft, windowMetrics } from './roster-metrics';
import { MetricChips, ProbeReport, ProbeStatus, RosterStatusBadge, SpecLineChart } from './RosterParts';
import { applicationDraft, applicationErrors, parseApplication } from './application-form';
import type { ApplicationDraft } from './application-form';

/**
 * A supplier's Delivery tab: each of its endpoints on each roster, with its status and why, its delivered
 * calls charted against the instrument's lines, error and late rates, unbilled calls, the liability it
 * carries, the time left before the monitor suspends it while its window breaches; apply, re-probe,
 * pause and resume.
 */
export function DeliveryMonitor({ participant }: { participant: ParticipantView }) {
  const participantId = participant.participant_id;
  const roster = useMyRoster(participantId);
  const endpoints = useEndpoints(participantId);
  const liability = useLiability(participantId);
  const instruments = useExchangeStore((state) => state.instruments);
  const [applying, setApplying] = useState<ModelEndpointView | 'any' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const active = (endpoints.data ?? []).filter((e) => e.status !== 'deleted');
  const onRoster = new Set(
    (roster.data ?? [])
      .filter((e) => e.status !== 'removed')
      .map((e) => `${e.endpoint_id}:${e.instrument_id}`),
  );
  const unapplied = active.filter((e) => !onRoster.has(`${e.endpoint_id}:${e.instrument_id}`));
  const entries = attentionOrder((roster.data ?? []).filter((e) => e.status !== 'removed'));

  return (
    <div className="delivery-monitor">
      <Card
        title="Delivery monitor"
        region
        actions={
          <button
            type="button"
            className="btn btn-primary btn-xs"
            disabled={active.length === 0}
            onClick={() => setApplying('any')}
          >
            Apply to a roster
          </button>
        }
      >
        <p className="muted small card-note">
          An endpoint serves an instrument, and its tokens per second back your issuance, only while it is
          admitted to the instrument&apos;s roster. The exchange measures every call; a window that stays out
          of spec past its grace is suspended automatically, and re-admission needs a passing probe.
        </p>
        <ErrorAlert>{roster.error ?? endpoints.error}</ErrorAlert>
        <Notice>{notice}</Notice>
        {unapplied.length > 0 ? (
          <div className="unapplied" data-testid="unapplied">
            <span className="small">Not on a roster yet:</span>
            {unapplied.map((e) => (
              <button key={e.endpoint_id} type="button" className="btn btn-xs" onClick={() => setApplying(e)}>
                Apply {e.name} to {e.symbol}
              </button>
            ))}
          </div>
        ) : null}
        {roster.data === null ? <p className="muted">Loading your roster entries…</p> : null}
        {roster.data && entries.length === 0 ? (
          <EmptyState title="No endpoint on a roster">
            {active.length === 0
              ? 'Register a model endpoint on the Model endpoints tab, then apply it to an instrument here.'
              : 'Apply one of your endpoints to an instrument: a probe starts at once and the operator reviews it.'}
          </EmptyState>
        ) : null}
      </Card>
      {entries.map((entry) => (
        <EntryMonitor
          key={entry.entry_id}
          entry={entry}
          participantId={participantId}
          instrument={instruments?.find((i) => i.instrument_id === entry.instrument_id) ?? null}
          endpoint={active.find((e) => e.endpoint_id === entry.endpoint_id) ?? null}
          liability={liability.data?.find((l) => l.instrument_id === entry.instrument_id) ?? null}
          onChanged={() => {
            roster.reload();
            endpoints.reload();
          }}
        />
      ))}
      {applying ? (
        <ApplyDialog
          participantId={participantId}
          endpoints={active}
          initial={applying === 'any' ? (unapplied[0] ?? active[0]!) : applying}
          onClose={() => setApplying(null)}
          onApplied={(entry) => {
            setApplying(null);
            setNotice(
              `Applied ${entry.endpoint_name ?? 'the endpoint'} to ${entry.symbol}: a probe is running and the operator reviews it.`,
            );
            roster.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function EntryMonitor({
  entry,
  participantId,
  instrument,
  endpoint,
  liability,
  onChanged,
}: {
  entry: RosterEntryView;
  participantId: string;
  instrument: InstrumentView | null;
  endpoint: ModelEndpointView | null;
  liability: SupplierLiabilityView | null;
  onChanged(): void;
}) {
  const client = useClient();
  const samples = useSamples(entry.entry_id);
  const now = useNow();
  const { failure, done, busy, run } = useSubmission(errorText);
  const [showProbe, setShowProbe] = useState(false);
  const series = useMemo(() => deliverySeries(samples.data?.samples ?? []), [samples.data]);
  const rates = useMemo(() => deliveryRates(samples.data?.samples ?? []), [samples.data]);
  const spec = instrument?.specifications ?? null;
  const left = suspensionLeft(entry.window?.suspends_at ?? null, now);
  const probe = entry.latest_probe;
  const probing = probe?.status === 'running';
  const ttftLine = samples.data?.ttft_max_ms ?? (spec ? ceilingMs(spec) : null);
  const floor = samples.data?.throughput_floor_tps ?? spec?.throughput_floor_tps ?? null;

  const reprobe = () =>
    run(async (report) => {
      const started = await client.call('roster.probe', {
        entry_id: entry.entry_id,
        participant_id: participantId,
      });
      setShowProbe(true);
      report(
        `Probe started: ${formatCount(started.progress.total, 'call')} against ${entry.symbol}'s thresholds.`,
      );
      onChanged();
    }, rejectionText);
  const pause = (status: 'active' | 'paused') =>
    run(async (report) => {
      if (!endpoint) return;
      await client.call('endpoints.update', {
        participant_id: participantId,
        endpoint_id: endpoint.endpoint_id,
        status,
      });
      report(
        status === 'paused'
          ? `Paused “${endpoint.name}”: calls in flight finish, no new ones are routed to it.`
          : `Resumed “${endpoint.name}”.`,
      );
      onChanged();
    }, rejectionText);

  return (
    <Card
      title={`${entry.symbol} · ${entry.endpoint_name ?? 'no endpoint'}`}
      region
      className="entry-monitor"
      testId="delivery-entry"
      actions={
        <div className="row-actions">
          <RosterStatusBadge status={entry.status} />
          {endpoint ? (
            <span className={`small ${endpoint.serving ? 'metric-pass' : 'muted'}`}>
              {endpoint.serving ? 'serving' : `not serving: ${endpoint.serving_reason}`}
            </span>
          ) : null}
        </div>
      }
    >
      <p className="small">
        <strong>{entry.status}</strong> since {formatTime(entry.changed_at)} by {entry.changed_by}:{' '}
        {entry.reason}
      </p>
      {entry.window?.breaching ? (
        <div className="alert alert-warn" role="alert" data-testid="breach-countdown">
          <strong>Out of spec since {formatTime(entry.window.breaching_since)}.</strong>{' '}
          {left === null
            ? 'The monitor suspends it if the breach goes on.'
            : left === 'due now'
              ? 'The monitor suspends it now unless it recovers.'
              : `Suspended in ${left} unless it recovers.`}
        </div>
      ) : null}
      {entry.status === 'suspended' ? (
        <div className="alert alert-warn small">
          Suspended: no calls are routed to it. Fix the endpoint, run a probe that passes, and ask the
          operator to re-admit it.
        </div>
      ) : null}
      {spec ? <MetricChips metrics={windowMetrics(entry.window, spec)} /> : null}
      <dl className="delivery-figures" data-testid="delivery-figures">
        <div>
          <dt>Recent calls</dt>
          <dd>{formatInteger(rates.calls)}</dd>
        </div>
        <div>
          <dt>Error rate</dt>
          <dd>{rates.errorPct === null ? '—' : `${rates.errorPct.toFixed(1)}%`}</dd>
        </div>
        <div>
          <dt>Late rate</dt>
          <dd>{rates.latePct === null ? '—' : `${rates.latePct.toFixed(1)}%`}</dd>
        </div>
        <div>
          <dt>Unbilled calls</dt>
          <dd data-testid="unbilled">{formatInteger(rates.calls - rates.billed)}</dd>
        </div>
        <div>
          <dt>Outstanding liability</dt>
          <dd>{liability ? `${formatInteger(liability.tokens_outstanding)} tokens` : '—'}</dd>
        </div>
        <div>
          <dt>Capacity</dt>
          <dd>{formatInteger(entry.declared.tokens_per_second)} tok/s</dd>
        </div>
      </dl>
      <ErrorAlert>{samples.error}</ErrorAlert>
      <div className="delivery-charts">
        <SpecLineChart
          points={series.ttft}
          line={ttftLine}
          kind="ceiling"
          testId="delivery-ttft-chart"
          caption={`TTFT per call${ttftLine !== null ? ` vs the ${formatInteger(ttftLine)} ms ceiling` : ''}`}
        />
        <SpecLineChart
          points={series.throughput}
          line={floor}
          kind="floor"
          testId="delivery-throughput-chart"
          caption={`Tokens/s per call${floor !== null ? ` vs the ${formatInteger(floor)} tok/s floor` : ''}`}
        />
      </div>
      <div className="entry-probe">
        <span className="small">Latest probe:</span> <ProbeStatus probe={probe} />
        {probe ? (
          <button type="button" className="btn btn-xs btn-link" onClick={() => setShowProbe((v) => !v)}>
            {showProbe ? 'Hide report' : 'Show report'}
          </button>
        ) : null}
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-xs"
          disabled={busy || probing || !entry.endpoint_id}
          onClick={() => void reprobe()}
        >
          {probing ? 'Probing…' : 'Re-probe'}
        </button>
        {endpoint ? (
          <button
            type="button"
            className="btn btn-xs"
            disabled={busy}
            onClick={() => void pause(endpoint.status === 'active' ? 'paused' : 'active')}
          >
            {endpoint.status === 'active' ? 'Pause endpoint' : 'Resume endpoint'}
          </button>
        ) : null}
      </div>
      {showProbe && probe && ttftLine !== null ? (
        <ProbeReport probe={probe} ttftMaxMs={ttftLine} floorTps={floor} />
      ) : null}
      <ErrorAlert>{failure}</ErrorAlert>
      <Notice>{done}</Notice>
    </Card>
  );
}

/** Applies one of the supplier's endpoints to an instrument's roster, declared figures prefilled from it. */
function ApplyDialog({
  participantId,
  endpoints,
  initial,
  onClose,
  onApplied,
}: {
  participantId: string;
  endpoints: readonly ModelEndpointView[];
  initial: ModelEndpointView;
  onClose(): void;
  onApplied(entry: RosterEntryView): void;
}) {
  const client = useClient();
  const instruments = useExchangeStore((state) => state.instruments) ?? [];
  const [draft, setDraft] = useState<ApplicationDraft>(() => applicationDraft(initial));
  const { errors, failure, busy, submitParsed } = useSubmission<keyof ApplicationDraft>(rejectionText);
  const set = (key: keyof ApplicationDraft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const instrument = instruments.find((i) => i.instrument_id === draft.instrument_id);
  const spec = instrument?.specifications;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await submitParsed(
      parseApplication(draft),
      async (data) => {
        const entry = await client.call('roster.apply', {
          ...data,
          participant_id: participantId,
          endpoint_id: draft.endpoint_id,
        });
        onApplied(entry);
      },
      applicationErrors,
    );
  };

  return (
    <ModalDialog labelledBy="apply-heading" onClose={onClose} className="dialog-wide">
      <form className="form" onSubmit={submit} noValidate aria-labelledby="apply-heading">
        <h3 id="apply-heading">Apply to a roster</h3>
        <div className="form-row">
          <Field label="Endpoint" error={errors.endpoint_id}>
            <select
              value={draft.endpoint_id}
              onChange={(event) => {
                const next = endpoints.find((e) => e.endpoint_id === event.target.value);
                if (next) setDraft(applicationDraft(next));
              }}
            >
              {endpoints.map((e) => (
                <option key={e.endpoint_id} value={e.endpoint_id}>
                  {e.name} ({e.symbol})
                </option>
              ))}
            </select>
          </Field>
          <Field label="Instrument" error={errors.instrument_id}>
            <select
              value={draft.instrument_id}
              onChange={(event) => set('instrument_id')(event.target.value)}
            >
              {instruments.map((i) => (
                <option key={i.instrument_id} value={i.instrument_id}>
                  {i.symbol}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {spec ? (
          <p className="small muted">
            {instrument.symbol} requires: quality ≥ {spec.quality_floor ?? '—'} ({spec.quality_index}), TTFT ≤{' '}
            {spec.ttft_max_seconds} s, throughput ≥ {formatInteger(spec.throughput_floor_tps)} tok/s, context
            ≥ {formatInteger(spec.context_window_min_tokens)}, output ≥{' '}
            {formatInteger(spec.output_length_min_tokens)}. A probe checks these at once.
          </p>
        ) : null}
        <div className="form-grid form-grid-2">
          <Field
            label="Quality score"
            hint="0 to 100, on the instrument's index"
            error={errors.quality_score}
          >
            <NumberInput value={draft.quality_score} decimal onValue={set('quality_score')} />
          </Field>
          <Field
            label="Quality source"
            hint="The public index the score comes from"
            error={errors.quality_source}
          >
            <TextInput value={draft.quality_source} maxLength={200} onValue={set('quality_source')} />
          </Field>
          <Field label="Context window (tokens)" error={errors.context_window}>
            <NumberInput value={draft.context_window} onValue={set('context_window')} />
          </Field>
          <Field label="Max output (tokens)" error={errors.max_output_tokens}>
            <NumberInput value={draft.max_output_tokens} onValue={set('max_output_tokens')} />
          </Field>
          <Field
            label="Capacity (tokens per second)"
            hint="Backs your issuance once admitted (× the Lot lifetime)"
            error={errors.tokens_per_second}
          >
            <NumberInput value={draft.tokens_per_second} onValue={set('tokens_per_second')} />
          </Field>
        </div>
        <ErrorAlert>{failure}</ErrorAlert>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Applying…' : 'Apply'}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
