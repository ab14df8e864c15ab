/**
 * What the charts draw, computed from the exchange's answers. Charts plot in pixels, so prices become
 * numbers here; every number a user reads beside a chart is formatted from the exchange's own strings.
 */
import type { CandlestickData, HistogramData, UTCTimestamp, WhitespaceData } from 'lightweight-charts';
import type { BookLevelView, BookView } from '../../../src-preload/contract';
import type { CandleResolution, CandleView } from '../../../src-preload/contract-market-data';

/** Seconds per candle; buckets are UTC-aligned (weeks from Monday), so each is a fixed step apart. */
export const RESOLUTION_SECONDS: Record<CandleResolution, number> = {
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '1h': 3_600,
  '4h': 14_400,
  '1d': 86_400,
  '1w': 604_800,
};

/** Most empty buckets filled between two candles (the exchange sends at most 1,500 buckets' range). */
const MAX_GAP_FILL = 5_000;

export type CandlePoint = CandlestickData<UTCTimestamp> | WhitespaceData<UTCTimestamp>;
export type VolumePoint = HistogramData<UTCTimestamp> | WhitespaceData<UTCTimestamp>;

/**
 * Candles and volume bars for the chart, with empty buckets between candles kept as whitespace so the
 * time axis stays linear (a quiet hour is a gap, not two adjacent bars).
 */
export function candleSeries(
  candles: readonly CandleView[],
  resolution: CandleResolution,
  colors: { up: string; down: string },
): { bars: CandlePoint[]; volumes: VolumePoint[] } {
  const step = RESOLUTION_SECONDS[resolution];
  const sorted = [...candles].sort((a, b) => a.time - b.time);
  const bars: CandlePoint[] = [];
  const volumes: VolumePoint[] = [];
  let previous: number | null = null;
  for (const candle of sorted) {
    if (previous !== null && candle.time - previous > step) {
      let filled = 0;
      for (let at = previous + step; at < candle.time && filled < MAX_GAP_FILL; at += step, filled++) {
        const time = at as UTCTimestamp;
        bars.push({ time });
        volumes.push({ time });
      }
    }
    const time = candle.time as UTCTimestamp;
    const open = Number(candle.open);
    const close = Number(candle.close);
    bars.push({ time, open, high: Number(candle.high), low: Number(candle.low), close });
    volumes.push({ time, value: candle.volume, color: close >= open ? colors.up : colors.down });
    previous = candle.time;
  }
  return { bars, volumes };
}

/** Decimal places of a tick size ("0.001" → 3), for the chart's price format. */
export function decimalsOf(tickSize: string | undefined): number {
  const fraction = tickSize?.split('.')[1]?.replace(/0+$/, '') ?? '';
  return Math.max(fraction.length, 2);
}

/** "#0f8a4b" with an alpha, as canvas takes it; anything else is returned as it came. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!hex?.[1]) return color;
  const value = parseInt(hex[1], 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

/** One step of a depth curve: at `price` (and beyond it, away from the spread) `total` Units rest. */
export interface DepthStep {
  price: number;
  /** The level's own quantity. */
  quantity: number;
  /** Quantity from the best price up to and including this level. */
  total: number;
  text: string;
}

function steps(levels: readonly BookLevelView[]): DepthStep[] {
  let total = 0;
  return levels.map((level) => ({
    price: Number(level.price),
    quantity: level.quantity,
    total: (total += level.quantity),
    text: level.price,
  }));
}

export interface Depth {
  /** Best first: bids descending in price, asks ascending. */
  bids: DepthStep[];
  asks: DepthStep[];
  /** Price range to draw, centred on the mid when both sides rest. */
  low: number;
  high: number;
  mid: number | null;
  maxTotal: number;
}

/** The cumulative depth of a book, or null when it is empty. */
export function depthOf(book: BookView, tickSize: string | undefined): Depth | null {
  const bids = steps(book.bids);
  const asks = steps(book.asks);
  const bestBid = bids[0]?.price;
  const bestAsk = asks[0]?.price;
  if (bestBid === undefined && bestAsk === undefined) return null;
  const tick = Number(tickSize ?? '0.001') || 0.001;
  const lowest = bids.at(-1)?.price ?? bestAsk!;
  const highest = asks.at(-1)?.price ?? bestBid!;
  let mid: number | null = null;
  let low: number;
  let high: number;
  if (bestBid !== undefined && bestAsk !== undefined) {
    mid = (bestBid + bestAsk) / 2;
    // Symmetric about the mid, so both sides read at the same scale; a little room past the last level.
    const half = Math.max(mid - lowest, highest - mid, tick * 5) * 1.08;
    low = mid - half;
    high = mid + half;
  } else {
    const span = Math.max(highest - lowest, tick * 10);
    low = lowest - span * 0.15;
    high = highest + span * 0.15;
  }
  const maxTotal = Math.max(bids.at(-1)?.total ?? 0, asks.at(-1)?.total ?? 0, 1);
  return { bids, asks, low: Math.max(low, 0), high, mid, maxTotal };
}

/** Units resting at `price` or better for a trader hitting that side (0 outside it). */
export function depthAt(depth: Depth, price: number): { side: 'bid' | 'ask' | null; total: number } {
  const bestBid = depth.bids[0]?.price;
  const bestAsk = depth.asks[0]?.price;
  if (bestBid !== undefined && price <= bestBid) {
    let total = 0;
    for (const step of depth.bids) if (step.price >= price) total = step.total;
    return { side: 'bid', total };
  }
  if (bestAsk !== undefined && price >= bestAsk) {
    let total = 0;
    for (const step of depth.asks) if (step.price <= price) total = step.total;
    return { side: 'ask', total };
  }
  return { side: null, total: 0 };
}

/** About `count` round values spanning [low, high] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(low: number, high: number, count: number): number[] {
  if (!(high > low) || count < 1) return [low];
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((multiple) => multiple * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step) * step; value <= high + step * 1e-9; value += step) {
    ticks.push(Number(value.toFixed(10)));
  }
  return ticks;
}
