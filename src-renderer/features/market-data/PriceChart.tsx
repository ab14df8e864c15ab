import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  CandlestickSeries,
  ColorType,
  createChart,
  CrosshairMode,
  HistogramSeries,
} from 'lightweight-charts';
import type { IChartApi, ISeriesApi, LogicalRange, MouseEventParams, Time } from 'lightweight-charts';
import { CANDLE_RESOLUTIONS, MAX_CANDLES } from '../../../src-preload/contract-market-data';
import type { CandleResolution, CandleView } from '../../../src-preload/contract-market-data';
import type { InstrumentView } from '../../../src-preload/contract';
import { Toggle } from '../../components/Toggle';
import { ErrorAlert } from '../../components/ui';
import { cssVar } from '../../lib/css';
import { formatInteger, formatPrice } from '../../lib/format';
import { usePreferences, useTheme } from '../../stores/preferences';
import { candleSeries, decimalsOf, withAlpha } from './chart-data';
import { useCandles } from './queries';

const resolutions = CANDLE_RESOLUTIONS.map((value) => ({ value, label: value }));
/** Candles in view when a market or resolution is first shown (the user zooms from there). */
const INITIAL_BARS = 60;
/** Empty bars right of the last candle. */
const RIGHT_OFFSET = 6;

interface ChartParts {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
}

/** The theme's colours, read from the CSS variables the rest of the desk uses. */
function palette() {
  return {
    background: cssVar('--surface', '#ffffff'),
    text: cssVar('--muted', '#5d6877'),
    grid: cssVar('--surface-3', '#e8ebf0'),
    border: cssVar('--border', '#dde1e7'),
    crosshair: cssVar('--faint', '#8a94a3'),
    up: cssVar('--buy', '#0f8a4b'),
    down: cssVar('--sell', '#c42b2b'),
  };
}

/** "2026-11-29 23:15 UTC": candles are UTC buckets, so their times are shown in UTC. */
function utcLabel(iso: string, resolution: CandleResolution): string {
  const text = iso.replace('T', ' ').slice(0, 16);
  return resolution === '1d' || resolution === '1w' ? `${text.slice(0, 10)} UTC` : `${text} UTC`;
}

function Legend({ candle, resolution }: { candle: CandleView | null; resolution: CandleResolution }) {
  if (!candle) return <div className="chart-legend muted">No candle here</div>;
  const up = Number(candle.close) >= Number(candle.open);
  return (
    <div className="chart-legend" data-testid="chart-legend">
      <span className="muted">{utcLabel(candle.timestamp, resolution)}</span>
      <span>
        O <b>{formatPrice(candle.open)}</b>
      </span>
      <span>
        H <b>{formatPrice(candle.high)}</b>
      </span>
      <span>
        L <b>{formatPrice(candle.low)}</b>
      </span>
      <span>
        C <b className={up ? 'side-buy' : 'side-sell'}>{formatPrice(candle.close)}</b>
      </span>
      <span>
        Vol <b>{formatInteger(candle.volume)}</b> Units · {formatInteger(candle.trade_count)} trade
        {candle.trade_count === 1 ? '' : 's'}
      </span>
    </div>
  );
}

/**
 * Candles with volume for one market (lightweight-charts), at any of the exchange's resolutions. It
 * reloads on every commit; the user's zoom and scroll stay where they are (at the live edge, the chart
 * follows new candles).
 */
export function PriceChart({ instrument }: { instrument: InstrumentView }) {
  const headingId = useId();
  const marketId = instrument.trading_parameters.market_id;
  const tickSize = instrument.trading_parameters.tick_size;
  const resolution = usePreferences((state) => state.resolution);
  const setResolution = usePreferences((state) => state.setResolution);
  const theme = useTheme();
  const candles = useCandles(marketId, resolution);
  const container = useRef<HTMLDivElement>(null);
  const parts = useRef<ChartParts | null>(null);
  /** The market and resolution whose first candles set the view (later loads keep the user's). */
  const framed = useRef<string | null>(null);
  const [hoverTime, setHoverTime] = useState<number | null>(null);
  const key = `${marketId}:${resolution}`;

  // One chart for the life of the view: series are refilled, never recreated.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const chart = createChart(element, {
      autoSize: true,
      layout: { fontSize: 11, attributionLogo: true },
      crosshair: { mode: CrosshairMode.Normal },
      rightPriceScale: { scaleMargins: { top: 0.08, bottom: 0.3 } },
      timeScale: { timeVisible: true, secondsVisible: false, rightOffset: RIGHT_OFFSET },
    });
    const candleSeriesApi = chart.addSeries(CandlestickSeries, { borderVisible: false });
    const volume = chart.addSeries(HistogramSeries, {
      priceScaleId: 'volume',
      priceFormat: { type: 'volume' },
      lastValueVisible: false,
      priceLineVisible: false,
    });
    chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.78, bottom: 0 } });
    const onMove = (param: MouseEventParams<Time>) =>
      setHoverTime(typeof param.time === 'number' ? param.time : null);
    chart.subscribeCrosshairMove(onMove);
    // How many bars wide the view is (the zoom), on the element for tests and debugging.
    const onRange = (range: LogicalRange | null) => {
      if (range) element.dataset.visibleBars = (range.to - range.from).toFixed(2);
    };
    chart.timeScale().subscribeVisibleLogicalRangeChange(onRange);
    parts.current = { chart, candles: candleSeriesApi, volume };
    return () => {
      chart.timeScale().unsubscribeVisibleLogicalRangeChange(onRange);
      chart.unsubscribeCrosshairMove(onMove);
      chart.remove();
      parts.current = null;
      framed.current = null;
    };
  }, []);

  // Colours follow the theme.
  useEffect(() => {
    const chart = parts.current;
    if (!chart) return;
    const colors = palette();
    chart.chart.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: colors.background },
        textColor: colors.text,
        fontFamily: cssVar('--font', 'system-ui'),
      },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      crosshair: { vertLine: { color: colors.crosshair }, horzLine: { color: colors.crosshair } },
      rightPriceScale: { borderColor: colors.border },
      timeScale: { borderColor: colors.border },
    });
    chart.candles.applyOptions({
      upColor: colors.up,
      downColor: colors.down,
      wickUpColor: colors.up,
      wickDownColor: colors.down,
    });
  }, [theme]);

  // Prices at the market's tick; times to the minute below a day.
  useEffect(() => {
    const chart = parts.current;
    if (!chart) return;
    const precision = decimalsOf(tickSize);
    chart.candles.applyOptions({ priceFormat: { type: 'price', precision, minMove: 10 ** -precision } });
    chart.chart.applyOptions({ timeScale: { timeVisible: resolution !== '1d' && resolution !== '1w' } });
  }, [tickSize, resolution]);

  useEffect(() => {
    const chart = parts.current;
    if (!chart) return;
    if (!candles.data) {
      // Another market or resolution is loading: show nothing rather than the previous one's candles.
      chart.candles.setData([]);
      chart.volume.setData([]);
      return;
    }
    const colors = palette();
    const { bars, volumes } = candleSeries(candles.data, resolution, {
      up: withAlpha(colors.up, 0.45),
      down: withAlpha(colors.down, 0.45),
    });
    const timeScale = chart.chart.timeScale();
    const first = framed.current !== key;
    // Scrolled back into history: keep exactly that stretch of time in view after the reload.
    const kept = !first && timeScale.scrollPosition() < -0.5 ? timeScale.getVisibleRange() : null;
    chart.candles.setData(bars);
    chart.volume.setData(volumes);
    if (first && bars.length > 0) {
      timeScale.setVisibleLogicalRange({ from: bars.length - INITIAL_BARS, to: bars.length + RIGHT_OFFSET });
      framed.current = key;
    } else if (kept) {
      timeScale.setVisibleRange(kept);
    }
  }, [candles.data, key, resolution, theme]);

  const byTime = useMemo(
    () => new Map((candles.data ?? []).map((candle) => [candle.time, candle])),
    [candles.data],
  );
  const last = candles.data?.reduce<CandleView | null>(
    (latest, candle) => (!latest || candle.time > latest.time ? candle : latest),
    null,
  );
  const shown = (hoverTime !== null ? byTime.get(hoverTime) : undefined) ?? last ?? null;
  const empty = candles.data !== null && candles.data.length === 0;

  return (
    <section className="market-view" aria-labelledby={headingId}>
      <div className="market-view-head">
        <h3 id={headingId}>Price chart</h3>
        <span className="mono muted">{instrument.symbol}/USD</span>
        <Toggle
          className="resolution-toggle"
          label="Resolution"
          options={resolutions}
          value={resolution}
          onChange={setResolution}
        />
      </div>
      {candles.data && !empty ? <Legend candle={shown} resolution={resolution} /> : null}
      <ErrorAlert>{candles.error}</ErrorAlert>
      <div className="chart-frame">
        <div
          ref={container}
          className="price-chart"
          data-testid="price-chart"
          data-resolution={resolution}
          data-candles={candles.data ? candles.data.length : undefined}
        />
        {candles.data === null && !candles.error ? (
          <div className="chart-overlay muted">Loading candles…</div>
        ) : null}
        {empty ? (
          <div className="chart-overlay">
            <p className="empty-title">No trades in view</p>
            <p className="muted">
              No {instrument.symbol} trades in the last {formatInteger(MAX_CANDLES)} {resolution} candles.
              Trades appear here as they happen; a longer resolution reaches further back.
            </p>
          </div>
        ) : null}
      </div>
    </section>
  );
}
