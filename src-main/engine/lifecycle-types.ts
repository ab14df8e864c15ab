/**
 * The life of a Unit after trading: Issuance accounts, where each Unit came from (provenance), Lots in
 * Consumption accounts, supplier liability and sweeps. Plain data, integers only.
 */

/** 1 Unit = 1,000,000 tokens of one instrument. */
export const TOKENS_PER_UNIT = 1_000_000;
export const DEFAULT_LOT_TTL_SECONDS = 4 * 60 * 60;
/** The scheduled sweep period: every 4 h, aligned to 00:00 UTC. */
export const SCHEDULED_SWEEP_SECONDS = 4 * 60 * 60;

/**
 * Where Units in a Trading account came from, oldest first. `trade_id` null means the holder issued them
 * itself (its unsold inventory); otherwise the trade in which the holder bought them. `supplier_id` is
 * the issuer, who stays liable for delivery whoever holds the Units.
 */
export interface UnitChunk {
  trade_id: string | null;
  supplier_id: string;
  units: number;
}

/** What funded a Lot: tokens from one trade (or own issuance) of one supplier, and how many are left. */
export interface LotFunding {
  trade_id: string | null;
  supplier_id: string;
  tokens: number;
  tokens_remaining: number;
}

export type LotOrigin = 'sweep' | 'transfer' | 'immediate';

/** Units in a Consumption account: tokens that expire together. total = remaining + delivered + expired. */
export interface Lot {
  lot_id: string;
  participant_id: string;
  instrument_id: string;
  tokens_total: number;
  tokens_remaining: number;
  tokens_delivered: number;
  tokens_expired: number;
  formed_at: number;
  expires_at: number;
  /** When the expiry job removed what was left; null while live (or used up). */
  expired_at: number | null;
  origin: LotOrigin;
  /** The sweep or transfer (its sequence number) that formed it. */
  formed_seq: number;
  funding: LotFunding[];
}

/**
 * Per supplier and instrument. Outstanding tokens = (units_sold + units_self_consumed) × 1e6 − delivered
 * − expired: Units it moved from its own unsold inventory to its own consumption are owed (it delivers
 * them) but were never sold.
 */
export interface SupplierLiability {
  units_sold: number;
  units_self_consumed: number;
  tokens_delivered: number;
  tokens_expired: number;
}

/** Tokens a supplier still owes: what left its inventory (sold or self-consumed) less delivered and expired. */
export const owedTokens = (l: SupplierLiability): number =>
  (l.units_sold + l.units_self_consumed) * TOKENS_PER_UNIT - l.tokens_delivered - l.tokens_expired;

export type SweepMode = 'scheduled' | 'interval' | 'immediate';

export interface SweepConfig {
  mode: SweepMode;
  /** The period in interval mode (sweeps at multiples of it since the epoch); 14400 otherwise. */
  interval_seconds: number;
  lot_ttl_seconds: number;
  /** When the schedule was last set (null: the default, never set). */
  updated_at: number | null;
}

export const DEFAULT_SWEEP_CONFIG: SweepConfig = {
  mode: 'scheduled',
  interval_seconds: SCHEDULED_SWEEP_SECONDS,
  lot_ttl_seconds: DEFAULT_LOT_TTL_SECONDS,
  updated_at: null,
};

export interface SweepRecord {
  sweep_id: string;
  seq: number;
  scheduled_for: number;
  executed_at: number;
  /** Trading accounts swept, Units moved, Lots formed, resale asks cancelled. */
  accounts: number;
  units: number;
  lots: number;
  orders_cancelled: number;
  lot_ids: string[];
}

export interface TransferRecord {
  seq: number;
  participant_id: string;
  instrument_id: string;
  kind: 'trading_to_consumption' | 'issuance_to_trading';
  quantity: number;
  lot_id: string | null;
  created_at: number;
}

export interface ExpiryRecord {
  seq: number;
  lot_id: string;
  participant_id: string;
  instrument_id: string;
  tokens: number;
  expired_at: number;
  /** Tokens lost per supplier (whose liability for them ended). */
  suppliers: { supplier_id: string; tokens: number }[];
}

export interface DrawRecord {
  draw_id: string;
  seq: number;
  participant_id: string;
  instrument_id: string;
  tokens: number;
  created_at: number;
  parts: { lot_id: string; trade_id: string | null; supplier_id: string; tokens: number }[];
}

/**
 * Auto Mode settings of one consumer in one instrument. In `auto` mode, when the live tokens in
 * consumption fall below `threshold_tokens`, the exchange buys `top_up_units` at no more than
 * `max_price_ticks` per Unit and within `daily_spend_ceiling` (micro-dollars per UTC day, fees included),
 * and moves what it bought to consumption. A top-up that cannot fill within the ceilings is recorded and
 * `blocked` is set: no further top-up until the settings are saved again (or, for the daily ceiling, the
 * next UTC day).
 */
export interface AutoSettings {
  mode: 'auto' | 'advanced';
  threshold_tokens: number;
  top_up_units: number;
  max_price_ticks: number;
  daily_spend_ceiling: number;
  /** UTC day number (ms / 86,400,000) that `spent_today` counts. */
  spent_day: number;
  spent_today: number;
  blocked: 'no_fill' | 'partial_fill' | 'daily_ceiling' | 'rejected' | null;
  updated_at: number;
}

export interface TopUpRecord {
  top_up_id: string;
  seq: number;
  participant_id: string;
  instrument_id: string;
  outcome: 'filled' | 'partial_fill' | 'no_fill' | 'daily_ceiling' | 'rejected';
  requested: number;
  filled: number;
  /** Micro-dollars, fees included. */
  spent: number;
  order_id: string | null;
  lot_id: string | null;
  message: string | null;
  created_at: number;
}
