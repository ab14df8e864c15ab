/**
 * Spending Units: consumers' consumption keys, suppliers' model endpoints, the tokens reserved by calls
 * in flight, and the record of every call. Plain data, integers only.
 */

/** A consumer's key for the Consumption API. The exchange keeps a hash of the secret, never the secret. */
export interface ConsumptionKey {
  key_id: string;
  participant_id: string;
  name: string;
  /** SHA-256 of the secret, hex. */
  secret_hash: string;
  /** The secret's first characters, to recognise it in lists. */
  prefix: string;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  /** Limits; null is unlimited. */
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  /** Micro-dollars the key may spend over its life, at the Lots' purchase prices. */
  spend_budget: number | null;
}

export type KeyLimits = Pick<
  ConsumptionKey,
  'requests_per_minute' | 'tokens_per_minute' | 'spend_budget' | 'expires_at'
>;

/** A built-in simulated model: deterministic under its seed, with real timing. */
export interface SimulatedModelConfig {
  quality_score: number;
  ttft_ms: number;
  tokens_per_second: number;
  context_window: number;
  max_output_tokens: number;
  /** 0–1: the share of calls that fail. */
  failure_rate: number;
  /** 0–1: relative variation of TTFT and rate. */
  jitter: number;
  seed: number;
}

/** Any OpenAI-compatible server (vLLM, llama.cpp, Ollama, a hosted API). */
export interface UpstreamConfig {
  base_url: string;
  /** The model name the upstream expects. */
  model: string;
  headers: Record<string, string>;
  /** The upstream's API key, encrypted by the service before it reaches the journal; null without one. */
  api_key_sealed: string | null;
  timeout_ms: number;
}

export type EndpointStatus = 'active' | 'paused' | 'deleted';

/** A supplier's model endpoint serving one instrument. */
export interface ModelEndpoint {
  endpoint_id: string;
  participant_id: string;
  instrument_id: string;
  name: string;
  kind: 'simulated' | 'openai';
  simulated: SimulatedModelConfig | null;
  upstream: UpstreamConfig | null;
  /** Declared throughput in tokens per second: counts against the supplier's capacity and bounds concurrency. */
  tokens_per_second: number;
  status: EndpointStatus;
  created_at: number;
  updated_at: number;
}

/** Tokens held for a call in flight, so concurrent calls never overdraw. */
export interface Reservation {
  reservation_id: string;
  participant_id: string;
  instrument_id: string;
  key_id: string;
  tokens: number;
  created_at: number;
}

/**
 * How a call ended. Only `billed` debits the consumer: a late, out-of-spec or failed call counts against
 * the supplier; a cancelled call (the client went away) and an interrupted one (the exchange stopped)
 * are not billed either.
 */
export type CallOutcome = 'billed' | 'late' | 'out_of_spec' | 'failed' | 'cancelled' | 'interrupted';

export type CallSurface = 'openai' | 'anthropic' | 'grid';

export interface CallRecord {
  call_id: string;
  seq: number;
  reservation_id: string;
  participant_id: string;
  key_id: string;
  instrument_id: string;
  surface: CallSurface;
  streamed: boolean;
  endpoint_id: string | null;
  supplier_id: string | null;
  /** True when the call was routed away from the supplier that sold the Lot being drawn. */
  substituted: boolean;
  attempts: number;
  outcome: CallOutcome;
  input_tokens: number;
  output_tokens: number;
  reserved_tokens: number;
  billed_tokens: number;
  ttft_ms: number | null;
  /** Streaming output rate, tokens per second ×1000 (integer); null when not measured. */
  throughput_milli_tps: number | null;
  started_at: number;
  finished_at: number;
  error: string | null;
  /** Where the billed tokens came from: Lots, their funding trades and suppliers. */
  parts: { lot_id: string; trade_id: string | null; supplier_id: string; tokens: number }[];
}

/** What a call measured, for the delivery rules to judge. */
export interface CallMeasures {
  completed: boolean;
  cancelled: boolean;
  ttft_ms: number | null;
  output_tokens: number;
  /** Seconds from the first to the last output token. */
  streaming_seconds: number;
}

/** Throughput is judged only on outputs at least this long (product.md). */
export const THROUGHPUT_MIN_OUTPUT_TOKENS = 64;
