/**
 * The Grid Desk Reference Price of an instrument at one publication (methodology in product.md):
 * the volume-weighted average trade price over the window; with no trades, the mid of best bid and ask;
 * with neither, the last value carried forward and marked stale.
 */
export interface ReferencePrice {
  instrument_id: string;
  published_at: number;
  /** Micro-dollars per Unit; null only when nothing has ever been published for the instrument. */
  price_micros: number | null;
  method: 'vwap' | 'mid' | 'carried' | 'none';
  stale: boolean;
  /** Units traded in the window (for vwap). */
  volume: number;
  window_start: number;
  window_end: number;
  /** Average of the published prices over the last 30 days, micro-dollars; null when there are none. */
  average_30d_micros: number | null;
}
