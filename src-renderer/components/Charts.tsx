/**
 * The desk's small charts, one component each, shared by every workspace: a line over time
 * (lightweight-charts), a meter of a value against its limit, and a timeline of spans (plain CSS).
 * Each shows an empty state in words rather than a blank box, and follows the theme.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { ColorType, createChart, LineSeries, LineType } from 'lightweight-charts';
import type { IChartApi, ISeriesApi, UTCTimestamp } from 'lightweight-charts';
import { cssVar } from '../lib/css';
import { formatTime } from '../lib/format';
import { useTheme } from '../stores/preferences';

/** The theme's colours, read from the CSS variables the rest of the desk uses. */
export function palette() {
  return {
    background: cssVar('--surface', '#ffffff'),
    text: cssVar('--muted', '#5d6877'),
    grid: cssVar('--surface-3', '#e8ebf0'),
    border: cssVar('--border', '#dde1e7'),
    accent: cssVar('--accent', '#2563eb'),
    pos: cssVar('--pos', '#0f8a4b'),
    neg: cssVar('--neg', '#c42b2b'),
    warn: cssVar('--warn', '#9a5b00'),
  };
}

/** A lightweight-charts chart for the life of the element, its colours following the theme. */
export function useChart(setup: (chart: IChartApi) => void) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const theme = useTheme();
  const setupRef = useRef(setup);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const created = createChart(element, {
      autoSize: true,
      layout: { fontSize: 11, attributionLogo: false },
      timeScale: { timeVisible: true, secondsVisible: true },
      handleScroll: false,
      handleScale: false,
    });
    setupRef.current(created);
    chart.current = created;
    return () => {
      created.remove();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const colors = palette();
    chart.current?.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: colors.background },
        textColor: colors.text,
        fontFamily: cssVar('--font', 'system-ui'),
      },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      rightPriceScale: { borderColor: colors.border },
      leftPriceScale: { borderColor: colors.border },
      timeScale: { borderColor: colors.border },
    });
  }, [theme]);
  return { container, chart, theme };
}

/** One value at a moment (ISO time). */
export interface TimedValue {
  time: string;
  value: number;
}

/**
 * A chart's points: seconds since the epoch, ascending, one per second (the chart needs distinct
 * times; of several in the same second the last is the value it ended on).
 */
export function chartPoints(values: readonly TimedValue[]): { time: UTCTimestamp; value: number }[] {
  const bySecond = new Map<number, number>();
  for (const point of values) {
    const ms = Date.parse(point.time);
    if (!Number.isNaN(ms)) bySecond.set(Math.floor(ms / 1000), point.value);
  }
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, value]) => ({ time: time as UTCTimestamp, value }));
}

/**
 * A value over time as a line (or steps, for a running total), its latest value in the legend and each
 * axis label in `format`; `empty` says why there is nothing to draw.
 */
export function TimeSeriesChart({
  title,
  values,
  format,
  empty,
  testId,
  steps = false,
  tone = 'accent',
}: {
  title: ReactNode;
  values: readonly TimedValue[];
  format: (value: number) => string;
  empty: string;
  testId: string;
  steps?: boolean;
  tone?: 'accent' | 'pos' | 'warn';
}) {
  const series = useRef<ISeriesApi<'Line'> | null>(null);
  // The axis asks for labels whenever it draws: it reads the latest `format` through this ref.
  const formatRef = useRef(format);
  useEffect(() => {
    formatRef.current = format;
  });
  const { container, chart, theme } = useChart((created) => {
    series.current = created.addSeries(LineSeries, {
      lineWidth: 2,
      lineType: steps ? LineType.WithSteps : LineType.Simple,
      pointMarkersVisible: true,
      priceLineVisible: false,
      priceFormat: { type: 'custom', formatter: (value: number) => formatRef.current(value), minMove: 0.001 },
    });
  });
  const points = useMemo(() => chartPoints(values), [values]);
  useEffect(() => {
    const line = series.current;
    if (!line) return;
    line.applyOptions({ color: palette()[tone] });
    line.setData(points);
    chart.current?.timeScale().fitContent();
  }, [points, theme, tone, chart]);
  const last = values.at(-1);
  return (
    <figure className="series-chart" data-testid={testId} data-points={points.length}>
      <figcaption>
        <span>{title}</span>
        {last ? (
          <span className="series-latest" title={`at ${formatTime(last.time)}`}>
            <b data-testid={`${testId}-latest`}>{format(last.value)}</b> <span className="muted">now</span>
          </span>
        ) : null}
      </figcaption>
      <div className="series-chart-frame">
        <div ref={container} className="series-chart-canvas" />
        {points.length === 0 ? (
          <div className="series-chart-empty muted" data-testid={`${testId}-empty`}>
            {empty}
          </div>
        ) : null}
      </div>
    </figure>
  );
}

/**
 * A value against its limit as a bar (role "meter"): amber from `warnAt` of the limit, red at it. With
 * no limit (0) the bar stays empty and `noLimit` says why.
 */
export function Meter({
  label,
  value,
  max,
  valueText,
  maxText,
  testId,
  warnAt = 0.8,
  noLimit = 'no limit set',
}: {
  label: ReactNode;
  value: number;
  max: number;
  valueText: string;
  maxText: string;
  testId?: string;
  warnAt?: number;
  noLimit?: string;
}) {
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const level = max <= 0 ? 'none' : value >= max ? 'full' : share >= warnAt ? 'warn' : 'ok';
  const percent = max > 0 ? `${Math.round((value / max) * 100)}%` : '';
  return (
    <div className={`meter meter-${level}`} data-testid={testId}>
      <div className="meter-label">
        <span>{label}</span>
        <span className="meter-figures">
          <b>{valueText}</b> of {max > 0 ? maxText : noLimit}
          {percent ? <span className="muted"> · {percent}</span> : null}
        </span>
      </div>
      <div
        className="meter-track"
        role="meter"
        aria-label={typeof label === 'string' ? label : undefined}
        aria-valuemin={0}
        aria-valuemax={Math.max(max, 0)}
        aria-valuenow={Math.max(0, Math.min(value, Math.max(max, 0)))}
        aria-valuetext={max > 0 ? `${valueText} of ${maxText}` : `${valueText}, ${noLimit}`}
      >
        <span className="meter-fill" style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}

/** One span on a timeline: from `start` to `end` (ISO times). */
export interface TimelineSpan {
  id: string;
  label: ReactNode;
  start: string;
  end: string;
  tone: 'live' | 'done' | 'lost';
  /** The tooltip: what the span is, in words. */
  title: string;
}

/**
 * Spans on one time axis, a row each, with a line at `now` (when it falls inside): when each began and
 * when it ends.
 */
export function Timeline({
  spans,
  now,
  caption,
  empty,
  testId,
}: {
  spans: readonly TimelineSpan[];
  now: number;
  caption: ReactNode;
  empty: string;
  testId: string;
}) {
  const times = spans.flatMap((span) => [Date.parse(span.start), Date.parse(span.end)]);
  const from = Math.min(...times);
  const to = Math.max(...times);
  const width = Math.max(1, to - from);
  const at = (ms: number) => `${((ms - from) / width) * 100}%`;
  return (
    <figure className="timeline" data-testid={testId} data-spans={spans.length}>
      <figcaption>{caption}</figcaption>
      {spans.length === 0 ? (
        <p className="muted timeline-empty">{empty}</p>
      ) : (
        <>
          <div className="timeline-rows">
            {spans.map((span) => {
              const start = Date.parse(span.start);
              const end = Date.parse(span.end);
              return (
                <div key={span.id} className="timeline-row">
                  <span className="timeline-label">{span.label}</span>
                  <span className="timeline-track">
                    <span
                      className={`timeline-bar timeline-${span.tone}`}
                      style={{ left: at(start), width: `max(2px, ${((end - start) / width) * 100}%)` }}
                      title={span.title}
                      data-testid="timeline-span"
                    />
                    {now > from && now < to ? (
                      <span className="timeline-now" style={{ left: at(now) }} aria-hidden="true" />
                    ) : null}
                  </span>
                </div>
              );
            })}
          </div>
          <div className="timeline-axis muted small">
            <span className="timeline-label" />
            <span className="timeline-ends">
              <span>{formatTime(new Date(from).toISOString())}</span>
              <span>{formatTime(new Date(to).toISOString())}</span>
            </span>
          </div>
        </>
      )}
    </figure>
  );
}
