import { useEffect, useMemo, useRef } from 'react';
import { HistogramSeries, LineSeries, LineStyle } from 'lightweight-charts';
import type { IPriceLine, ISeriesApi, UTCTimestamp } from 'lightweight-charts';
import type { InstrumentView } from '../../../src-preload/contract';
import type { CallView } from '../../../src-preload/contract-consumption';
import { formatInteger } from '../../lib/format';
import { palette, useChart } from '../../components/Charts';
import { withAlpha } from '../market-data/chart-data';
import { tokensAndCostSeries, ttftCeilingMs, ttftHistogram, ttftSeries } from './usage-data';
import type { TimePoint } from './usage-data';

const asTime = (points: TimePoint[]) =>
  points.map((point) => ({ ...point, time: point.time as UTCTimestamp }));

/** Tokens (bars, right scale) and billed cost (line, left scale) per minute. */
function TokensCostChart({ calls }: { calls: readonly CallView[] }) {
  const series = useRef<{ tokens: ISeriesApi<'Histogram'>; cost: ISeriesApi<'Line'> } | null>(null);
  const { container, chart, theme } = useChart((created) => {
    const tokens = created.addSeries(HistogramSeries, {
      priceFormat: { type: 'volume' },
      priceLineVisible: false,
      title: 'tokens',
    });
    const cost = created.addSeries(LineSeries, {
      priceScaleId: 'left',
      priceFormat: { type: 'price', precision: 4, minMove: 0.0001 },
      lineWidth: 2,
      priceLineVisible: false,
      title: 'USD',
    });
    created.applyOptions({ leftPriceScale: { visible: true } });
    series.current = { tokens, cost };
  });
  const data = useMemo(() => tokensAndCostSeries(calls), [calls]);
  useEffect(() => {
    const parts = series.current;
    if (!parts) return;
    const colors = palette();
    parts.tokens.applyOptions({ color: withAlpha(colors.accent, 0.55) });
    parts.cost.applyOptions({ color: colors.pos });
    parts.tokens.setData(asTime(data.tokens));
    parts.cost.setData(asTime(data.cost));
    chart.current?.timeScale().fitContent();
  }, [data, theme, chart]);
  return (
    <figure className="usage-chart">
      <figcaption>
        Tokens <span className="legend-swatch legend-tokens" aria-hidden="true" /> and cost{' '}
        <span className="legend-swatch legend-cost" aria-hidden="true" /> per minute
      </figcaption>
      <div
        ref={container}
        className="usage-chart-canvas"
        data-testid="tokens-cost-chart"
        data-points={data.tokens.length}
      />
      {data.tokens.length === 0 ? <div className="chart-overlay muted">No calls to chart yet</div> : null}
    </figure>
  );
}

/** Each call's TTFT against the instrument's ceiling (a dashed line), and their distribution. */
function TtftChart({ calls, instrument }: { calls: readonly CallView[]; instrument: InstrumentView | null }) {
  const series = useRef<ISeriesApi<'Line'> | null>(null);
  const ceilingLine = useRef<IPriceLine | null>(null);
  const ceilingRef = useRef<number | null>(null);
  const { container, chart, theme } = useChart((created) => {
    series.current = created.addSeries(LineSeries, {
      lineWidth: 1,
      pointMarkersVisible: true,
      priceLineVisible: false,
      priceFormat: { type: 'custom', formatter: (value: number) => `${Math.round(value)} ms`, minMove: 1 },
      autoscaleInfoProvider: (
        original: () => { priceRange: { minValue: number; maxValue: number } } | null,
      ) => {
        const range = original();
        const ceiling = ceilingRef.current ?? 0;
        return {
          priceRange: {
            minValue: 0,
            maxValue: Math.max(range?.priceRange.maxValue ?? 0, ceiling * 1.15, 10),
          },
        };
      },
    });
  });
  const ceiling = ttftCeilingMs(instrument?.specifications.ttft_max_seconds);
  const mine = useMemo(
    () => (instrument ? calls.filter((call) => call.instrument_id === instrument.instrument_id) : []),
    [calls, instrument],
  );
  const points = useMemo(() => ttftSeries(mine), [mine]);
  const bins = useMemo(() => ttftHistogram(mine, ceiling), [mine, ceiling]);
  useEffect(() => {
    const line = series.current;
    if (!line) return;
    ceilingRef.current = ceiling;
    const colors = palette();
    line.applyOptions({ color: colors.accent });
    line.setData(asTime(points));
    chart.current?.timeScale().fitContent();
    if (ceilingLine.current) line.removePriceLine(ceilingLine.current);
    ceilingLine.current =
      ceiling !== null
        ? line.createPriceLine({
            price: ceiling,
            color: colors.neg,
            lineStyle: LineStyle.Dashed,
            lineWidth: 1,
            axisLabelVisible: true,
            title: 'ceiling',
          })
        : null;
  }, [points, ceiling, theme, chart]);
  const most = Math.max(1, ...bins.map((bin) => bin.count));
  const late = mine.filter(
    (call) => ceiling !== null && call.ttft_ms !== null && call.ttft_ms > ceiling,
  ).length;
  return (
    <figure className="usage-chart">
      <figcaption>
        TTFT {instrument ? <span className="mono">{instrument.symbol}</span> : null}
        {ceiling !== null ? ` against its ${formatInteger(ceiling)} ms ceiling` : ''}
        {mine.length > 0 ? (
          <span className="muted">
            {' '}
            · {formatInteger(late)} of {formatInteger(mine.filter((call) => call.ttft_ms !== null).length)}{' '}
            over
          </span>
        ) : null}
      </figcaption>
      <div className="ttft-pair">
        <div
          ref={container}
          className="usage-chart-canvas"
          data-testid="ttft-chart"
          data-points={points.length}
        />
        <div className="ttft-histogram" role="img" aria-label="TTFT distribution">
          {bins.map((bin) => (
            <div
              key={bin.from}
              className={`ttft-bin${bin.overCeiling ? ' ttft-bin-over' : ''}`}
              title={`${formatInteger(bin.from)}–${formatInteger(bin.to)} ms: ${formatInteger(bin.count)} call${bin.count === 1 ? '' : 's'}`}
            >
              <span className="ttft-bar" style={{ height: `${(bin.count / most) * 100}%` }} />
            </div>
          ))}
          {bins.length > 0 ? (
            <div className="ttft-axis muted small">
              <span>0</span>
              <span>{formatInteger(bins.at(-1)?.to)} ms</span>
            </div>
          ) : null}
        </div>
      </div>
      {points.length === 0 ? (
        <div className="chart-overlay muted">
          {instrument ? `No ${instrument.symbol} calls with a first token yet` : 'No calls yet'}
        </div>
      ) : null}
    </figure>
  );
}

/**
 * The blotter's charts: tokens and cost over time for the calls shown, and TTFT for one instrument's
 * calls (the filtered one, else the newest call's) against that instrument's ceiling.
 */
export function UsageCharts({
  calls,
  instruments,
  instrumentId,
}: {
  calls: readonly CallView[];
  instruments: readonly InstrumentView[];
  instrumentId: string | null;
}) {
  const chosen = instrumentId ?? calls[0]?.instrument_id ?? null;
  const instrument = instruments.find((item) => item.instrument_id === chosen) ?? null;
  return (
    <div className="usage-charts">
      <TokensCostChart calls={calls} />
      <TtftChart calls={calls} instrument={instrument} />
    </div>
  );
}
