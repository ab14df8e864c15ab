/** Pieces the operator's roster board and the supplier's delivery monitor share. */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { LineSeries, LineStyle } from 'lightweight-charts';
import type { IPriceLine, ISeriesApi, UTCTimestamp } from 'lightweight-charts';
import type { ProbeView, RosterEntryView } from '../../../src-preload/contract-rosters';
import { Field, TextInput } from '../../components/Field';
import { ModalDialog } from '../../components/ModalDialog';
import { Badge, ErrorAlert } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatCount, formatInteger, formatTime } from '../../lib/format';
import { useSubmission } from '../../lib/use-submission';
import { useClient } from '../../stores/exchange';
import { palette, useChart } from '../../components/Charts';
import { probeBars } from './delivery-series';
import type { TimePoint } from './delivery-series';
import { ACTION_EFFECTS, ACTION_LABELS, probeFraction } from './roster-metrics';
import type { Metric, RosterAction, RosterStatus, Tone } from './roster-metrics';

const statusTones = {
  pending: 'preview',
  admitted: 'live',
  suspended: 'suspended',
  rejected: 'neutral',
  removed: 'neutral',
} as const;

export function RosterStatusBadge({ status }: { status: RosterStatus }) {
  return <Badge tone={statusTones[status]}>{status}</Badge>;
}

const toneWords: Record<Tone, string> = { pass: 'within spec', fail: 'out of spec', unknown: 'not measured' };

/** A measured figure coloured against its threshold (green, red, grey), the threshold in its tooltip. */
export function MetricValue({ metric }: { metric: Metric }) {
  return (
    <span
      className={`metric metric-${metric.tone}`}
      title={`${metric.label}: ${metric.text} (${metric.threshold}): ${toneWords[metric.tone]}`}
      data-tone={metric.tone}
    >
      {metric.text}
    </span>
  );
}

/** The window's figures as labelled chips: what the monitor sees against the instrument's thresholds. */
export function MetricChips({ metrics }: { metrics: readonly Metric[] }) {
  return (
    <dl className="metric-chips">
      {metrics.map((metric) => (
        <div
          key={metric.key}
          className={`metric-chip metric-chip-${metric.tone}`}
          data-testid={`metric-${metric.key}`}
        >
          <dt>{metric.label}</dt>
          <dd>
            <MetricValue metric={metric} />
            <span className="metric-threshold">{metric.threshold}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A running probe's progress bar; a finished one's verdict. */
export function ProbeStatus({ probe, short }: { probe: ProbeView | null; short?: boolean }) {
  if (!probe) return <span className="muted">no probe</span>;
  if (probe.status === 'running') {
    const fraction = probeFraction(probe.progress);
    return (
      <span className="probe-running" data-testid="probe-running">
        <progress
          value={probe.progress.done}
          max={probe.progress.total}
          aria-label={`Probe running: ${formatInteger(probe.progress.done)} of ${formatCount(probe.progress.total, 'call')}`}
        />
        <span className="small muted">{Math.round(fraction * 100)}%</span>
      </span>
    );
  }
  return (
    <Badge tone={probe.status === 'passed' ? 'live' : 'suspended'}>
      {short ? '' : 'probe '}
      {probe.status === 'passed' ? 'passed' : 'failed'}
    </Badge>
  );
}

/** Asks for the reason of a roster decision, then sends it. */
export function DecisionDialog({
  entry,
  action,
  onClose,
  onDecided,
}: {
  entry: RosterEntryView;
  action: RosterAction;
  onClose(): void;
  onDecided(entry: RosterEntryView): void;
}) {
  const client = useClient();
  const headingId = useId();
  const [reason, setReason] = useState('');
  const { errors, failure, busy, invalid, run } = useSubmission<'reason'>(rejectionText);
  const label = ACTION_LABELS[action];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      invalid({ reason: 'give a reason: the supplier sees it' });
      return;
    }
    await run(async () => {
      const decided = await client.call('roster.decide', {
        entry_id: entry.entry_id,
        action,
        reason: reason.trim(),
      });
      onDecided(decided);
    });
  };
  return (
    <ModalDialog labelledBy={headingId} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <h3 id={headingId}>{label} roster entry</h3>
        <p className="muted">
          {entry.supplier_name} · {entry.endpoint_name ?? 'no endpoint'} on{' '}
          <span className="mono">{entry.symbol}</span> (now {entry.status}). {ACTION_EFFECTS[action]}
        </p>
        <Field
          label="Reason"
          hint="Recorded with your name and the time; the supplier sees it"
          error={errors.reason}
        >
          <TextInput value={reason} maxLength={500} onValue={setReason} autoFocus />
        </Field>
        <ErrorAlert>{failure}</ErrorAlert>
        <div className="form-actions">
          <button
            type="submit"
            className={`btn ${action === 'admit' || action === 'readmit' ? 'btn-primary' : 'btn-danger'}`}
            disabled={busy}
          >
            {label}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** One probe's report: every dimension against its threshold, and its samples charted. */
export function ProbeReport({
  probe,
  ttftMaxMs,
  floorTps,
}: {
  probe: ProbeView;
  ttftMaxMs: number;
  floorTps: number | null;
}) {
  return (
    <div className="probe-report" data-testid="probe-report">
      <div className="probe-report-head">
        <ProbeStatus probe={probe} />
        <span className="small muted">
          {probe.reason} · started {formatTime(probe.started_at)}
          {probe.finished_at ? ` · finished ${formatTime(probe.finished_at)}` : ''}
        </span>
      </div>
      {probe.dimensions.length > 0 ? (
        <table className="compact-table probe-dimensions" aria-label="Probe dimensions">
          <thead>
            <tr>
              <th>Dimension</th>
              <th className="num">Measured</th>
              <th className="num">Threshold</th>
              <th>Verdict</th>
            </tr>
          </thead>
          <tbody>
            {probe.dimensions.map((d) => (
              <tr key={d.name} data-testid="probe-dimension">
                <td>{d.name}</td>
                <td className={`num metric metric-${d.passed ? 'pass' : 'fail'}`}>{d.measured}</td>
                <td className="num muted">{d.threshold}</td>
                <td>
                  <Badge tone={d.passed ? 'live' : 'suspended'}>{d.passed ? 'pass' : 'fail'}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : probe.status === 'running' ? (
        <p className="muted small">
          Measuring: {formatInteger(probe.progress.done)} of {formatCount(probe.progress.total, 'call')} done…
        </p>
      ) : null}
      {probe.samples.length > 0 ? (
        <div className="probe-charts">
          <ProbeBars
            samples={probe.samples}
            metric="ttft_ms"
            threshold={ttftMaxMs}
            label="TTFT per sample"
            unit="ms"
          />
          <ProbeBars
            samples={probe.samples}
            metric="tokens_per_second"
            threshold={floorTps}
            label="Tokens/s per sample"
            unit="tok/s"
          />
        </div>
      ) : null}
    </div>
  );
}

const BAR_W = 34;
const CHART_H = 90;

/** A probe's samples as bars against the threshold line (red past it; an error is a red stub). */
function ProbeBars({
  samples,
  metric,
  threshold,
  label,
  unit,
}: {
  samples: ProbeView['samples'];
  metric: 'ttft_ms' | 'tokens_per_second';
  threshold: number | null;
  label: string;
  unit: string;
}) {
  // The speed calls are what TTFT and throughput are judged on (the context and output calls check lengths).
  const { bars, top } = probeBars(
    samples.filter((sample) => sample.kind === 'speed'),
    metric,
    threshold,
  );
  const width = Math.max(bars.length * BAR_W + 8, 120);
  const y = (value: number) => CHART_H - (value / top) * CHART_H;
  return (
    <figure className="probe-chart" data-testid={`probe-chart-${metric}`}>
      <figcaption className="small">
        {label}
        {threshold !== null ? (
          <span className="muted">
            {' '}
            vs {metric === 'ttft_ms' ? 'ceiling' : 'floor'} {formatInteger(threshold)} {unit}
          </span>
        ) : null}
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${CHART_H + 14}`}
        width={width}
        height={CHART_H + 14}
        role="img"
        aria-label={`${label}: ${bars.map((b) => (b.value === null ? 'error' : `${Math.round(b.value)} ${unit}`)).join(', ')}`}
      >
        {bars.map((bar) => {
          const h = bar.value === null ? 4 : Math.max(2, CHART_H - y(bar.value));
          return (
            <g key={bar.index}>
              <rect
                x={4 + bar.index * BAR_W}
                y={CHART_H - h}
                width={BAR_W - 8}
                height={h}
                className={bar.bad ? 'probe-bar probe-bar-bad' : 'probe-bar'}
              >
                <title>
                  {`${bar.kind} #${bar.index + 1}: ${bar.value === null ? (bar.error ?? 'no value') : `${Math.round(bar.value)} ${unit}`}`}
                </title>
              </rect>
              <text
                x={4 + bar.index * BAR_W + (BAR_W - 8) / 2}
                y={Math.max(8, CHART_H - h - 3)}
                className="probe-bar-value"
              >
                {bar.value === null ? '×' : Math.round(bar.value)}
              </text>
              <text x={4 + bar.index * BAR_W + (BAR_W - 8) / 2} y={CHART_H + 11} className="probe-bar-label">
                {bar.kind[0]}
                {bar.index + 1}
              </text>
            </g>
          );
        })}
        {threshold !== null ? (
          <line x1={0} x2={width} y1={y(threshold)} y2={y(threshold)} className="probe-threshold" />
        ) : null}
      </svg>
    </figure>
  );
}

/**
 * Delivered calls over time (one line) against a spec line: the TTFT ceiling or the throughput floor,
 * dashed red. Autoscaled so the line always shows.
 */
export function SpecLineChart({
  points,
  line,
  kind,
  testId,
  caption,
}: {
  points: readonly TimePoint[];
  line: number | null;
  kind: 'ceiling' | 'floor';
  testId: string;
  caption: string;
}) {
  const series = useRef<ISeriesApi<'Line'> | null>(null);
  const priceLine = useRef<IPriceLine | null>(null);
  const lineRef = useRef<number | null>(null);
  const unit = kind === 'ceiling' ? 'ms' : 'tok/s';
  const { container, chart, theme } = useChart((created) => {
    series.current = created.addSeries(LineSeries, {
      lineWidth: 1,
      pointMarkersVisible: true,
      priceLineVisible: false,
      lastValueVisible: false,
      priceFormat: {
        type: 'custom',
        formatter: (value: number) => `${Math.round(value)} ${unit}`,
        minMove: 1,
      },
      autoscaleInfoProvider: (
        original: () => { priceRange: { minValue: number; maxValue: number } } | null,
      ) => {
        const range = original();
        return {
          priceRange: {
            minValue: 0,
            maxValue: Math.max(range?.priceRange.maxValue ?? 0, (lineRef.current ?? 0) * 1.2, 10),
          },
        };
      },
    });
  });
  const data = useMemo(() => points.map((p) => ({ time: p.time as UTCTimestamp, value: p.value })), [points]);
  useEffect(() => {
    const s = series.current;
    if (!s) return;
    lineRef.current = line;
    const colors = palette();
    s.applyOptions({ color: colors.accent });
    s.setData(data);
    chart.current?.timeScale().fitContent();
    if (priceLine.current) s.removePriceLine(priceLine.current);
    priceLine.current =
      line !== null
        ? s.createPriceLine({
            price: line,
            color: colors.neg,
            lineStyle: LineStyle.Dashed,
            lineWidth: 1,
            axisLabelVisible: true,
            title: kind,
          })
        : null;
  }, [data, line, kind, theme, chart]);
  return (
    <figure className="usage-chart delivery-chart">
      <figcaption className="small">{caption}</figcaption>
      <div ref={container} className="usage-chart-canvas" data-testid={testId} data-points={points.length} />
      {points.length === 0 ? <div className="chart-overlay muted">No delivered calls yet</div> : null}
    </figure>
  );
}
