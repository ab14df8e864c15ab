/** An Instrument is a standardized floor of quality and performance; each has one USD market. */
export type InstrumentStatus = 'live' | 'preview';
export type InstrumentType = 'text' | 'code' | 'agent';

export interface InstrumentSpec {
  /** Minimum score on the instrument's benchmark index; null where the index is unpublished. */
  quality_floor: number | null;
  quality_index: 'intelligence' | 'coding' | 'agentic';
  /** Minimum sustained streaming output tokens per second; null where unpublished. */
  throughput_floor_tps: number | null;
  ttft_max_ms: number;
  context_window_min_tokens: number;
  output_length_min_tokens: number;
  /** Reliability thresholds (the public exchange does not publish its values; these are ours). */
  uptime_min_pct: number;
  error_rate_max_pct: number;
}

export interface MarketParams {
  market_id: string;
  /** Price increment per Unit in micro-dollars (1000 = $0.001). */
  tick_micros: number;
  min_quantity: number;
  max_quantity: number;
  maker_fee_bps: number;
  taker_fee_bps: number;
}

export interface Instrument {
  instrument_id: string;
  symbol: string;
  name: string;
  instrument_type: InstrumentType;
  status: InstrumentStatus;
  is_default: boolean;
  spec: InstrumentSpec;
  market: MarketParams;
}
