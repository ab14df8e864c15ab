/**
 * The life of a Unit in the contract: Issuance accounts, transfers, Consumption accounts with their
 * Lots, supplier liability, and the operator's sweeps. Imported by `contract.ts` (so it imports only
 * types from it, never values).
 *
 * Transfers are one-way: trading → consumption. There is no request (and no engine command) that moves
 * Units back from consumption to trading.
 */
import { z } from 'zod';
import {
  none,
  OWN_OR_ALL,
  ParticipantId,
  returns,
  SELF,
  SELF_OR_OPERATOR,
  type Operation,
} from './contract-kit';

// ---- Values ----

const InstrumentId = z.string().regex(/^instrument_[0-9a-f-]{36}$/, 'not an instrument id');
const Quantity = z.number().int('quantity must be a whole number of Units').min(1).max(1_000_000);
const Seconds = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60 * 60);
const Limit = z.coerce.number().int().min(1).max(100).default(50);

export const SWEEP_MODES = ['scheduled', 'interval', 'immediate'] as const;
/** `PUT /v1/admin/sweep-schedule` and `sweeps.setSchedule`. `interval_seconds` applies to `interval`. */
export const SweepScheduleBody = z
  .object({
    mode: z.enum(SWEEP_MODES),
    interval_seconds: Seconds.optional(),
    lot_ttl_seconds: Seconds.optional(),
  })
  .strict()
  .refine((b) => b.mode !== 'interval' || b.interval_seconds !== undefined, {
    message: 'interval mode needs interval_seconds',
    path: ['interval_seconds'],
  });
/** An honest retry with the same key and body answers the first result instead of acting twice. */
export const IdempotencyKey = z.string().min(1).max(128);
export const TransferBody = z
  .object({ instrument_id: InstrumentId, quantity: Quantity, idempotency_key: IdempotencyKey.optional() })
  .strict();
export const SweepHistoryQuery = z
  .object({ limit: Limit, before: z.coerce.number().int().positive().optional() })
  .strict();

const PriceText = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,6})?$/, 'price must be a decimal string in USD per Unit, e.g. "2.500"');
const UsdText = z.string().regex(/^\d{1,15}(\.\d{1,6})?$/, 'amount must be a decimal string, e.g. "25.00"');
export const AutoModeBody = z
  .object({
    instrument_id: InstrumentId,
    mode: z.enum(['auto', 'advanced']),
    /** Top up when the live tokens in consumption fall below this. */
    threshold_tokens: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    top_up_units: Quantity,
    /** Per-order price ceiling, USD per Unit. */
    max_price: PriceText,
    /** Spend ceiling per UTC day, USD, fees included. */
    daily_spend_ceiling: UsdText,
  })
  .strict();

// ---- Wire shapes ----

export interface SweepScheduleView {
  mode: (typeof SWEEP_MODES)[number];
  /** Sweep period: 14400 (00/04/08/12/16/20 UTC) when scheduled; any when interval; unused when immediate. */
  interval_seconds: number;
  lot_ttl_seconds: number;
  updated_at: string | null;
  /** The next scheduled sweep (null in immediate mode). */
  next_sweep_at: string | null;
  last_sweep: { sweep_id: string; scheduled_for: string } | null;
}
export interface SweepView {
  sweep_id: string;
  sequence: number;
  scheduled_for: string;
  executed_at: string;
  accounts: number;
  units: number;
  lots: number;
  orders_cancelled: number;
  lot_ids: string[];
}
export interface LotFundingView {
  /** The trade that funded these tokens; null for a supplier's own issued Units. */
  trade_id: string | null;
  supplier_id: string;
  tokens: number;
  tokens_remaining: number;
}
export interface LotView {
  lot_id: string;
  participant_id: string;
  instrument_id: string;
  symbol: string;
  origin: 'sweep' | 'transfer' | 'immediate';
  tokens_total: number;
  tokens_remaining: number;
  tokens_delivered: number;
  tokens_expired: number;
  formed_at: string;
  expires_at: string;
  expired_at: string | null;
  /** live (tokens left, not expired), used_up, or expired. */
  status: 'live' | 'used_up' | 'expired';
  funding: LotFundingView[];
}
export interface ConsumptionAccountView {
  instrument_id: string;
  symbol: string;
  /** Tokens left in live Lots (1 Unit = 1,000,000 tokens). */
  tokens_remaining: number;
  /** The soonest expiry of a live Lot. */
  next_expiry_at: string | null;
  lots: LotView[];
}
export interface TransferView {
  sequence: number;
  participant_id: string;
  instrument_id: string;
  symbol: string;
  kind: 'trading_to_consumption' | 'issuance_to_trading';
  quantity: number;
  lot_id: string | null;
  created_at: string;
}
export interface TransferResult {
  transfer: TransferView;
  /** The Lot formed (trading → consumption only). */
  lot: LotView | null;
  /** Set when a retry with an `idempotency_key` already used answered the first transfer (nothing moved). */
  replayed?: true;
}
export interface IssuanceAccountView {
  instrument_id: string;
  symbol: string;
  units: number;
}
export interface SupplierLiabilityView {
  supplier_id: string;
  instrument_id: string;
  symbol: string;
  /** Units sold to buyers (not those it moved to its own consumption). */
  units_sold: number;
  /** Its own unsold Units it moved to its own consumption: owed (it delivers them), not sold. */
  units_self_consumed: number;
  tokens_delivered: number;
  tokens_expired: number;
  /** (units_sold + units_self_consumed) × 1,000,000 − delivered − expired. */
  tokens_outstanding: number;
  /** Own issued Units not yet sold: in the Issuance account, and in the Trading account. */
  issuance_units: number;
  inventory_units: number;
  /** USD from every sale in the instrument (notional less this supplier's fees), and those fees. */
  sales_revenue: string;
  fees: string;
}
export interface LotExpiryView {
  sequence: number;
  lot_id: string;
  participant_id: string;
  instrument_id: string;
  symbol: string;
  tokens: number;
  expired_at: string;
  suppliers: { supplier_id: string; tokens: number }[];
}

export interface AutoModeView {
  participant_id: string;
  instrument_id: string;
  symbol: string;
  mode: 'auto' | 'advanced';
  /** False until settings were saved: Auto Mode is the default but needs its ceilings before it buys. */
  configured: boolean;
  threshold_tokens: number;
  top_up_units: number;
  max_price: string | null;
  daily_spend_ceiling: string;
  spent_today: string;
  /** Why top-ups are paused (a top-up could not fill within the ceilings), or null. */
  paused: 'no_fill' | 'partial_fill' | 'daily_ceiling' | 'rejected' | null;
  /** Live tokens in consumption now. */
  tokens_remaining: number;
}
export interface TopUpView {
  top_up_id: string;
  sequence: number;
  participant_id: string;
  instrument_id: string;
  symbol: string;
  outcome: 'filled' | 'partial_fill' | 'no_fill' | 'daily_ceiling' | 'rejected';
  requested: number;
  filled: number;
  spent: string;
  order_id: string | null;
  lot_id: string | null;
  message: string | null;
  created_at: string;
}

// ---- Requests ----

const byParticipant = z.object({ participant_id: ParticipantId }).strict();
const withTransfer = TransferBody.extend({ participant_id: ParticipantId }).strict();
const ownRead = { access: 'participant', actsFor: SELF_OR_OPERATOR, retry: 'idempotent' } as const;
const ownMove = { access: 'participant', actsFor: SELF, retry: 'not-idempotent' } as const;

export const lifecycleRequests = {
  // The schedule is everyone's to read (it sets when Lots form); the rest of the sweeps are the operator's.
  'sweeps.getSchedule': {
    args: none,
    result: returns<SweepScheduleView>(),
    access: 'participant',
    retry: 'idempotent',
    admin: [{ method: 'get', path: '/sweep-schedule', summary: 'The sweep schedule and the next sweep' }],
  },
  'sweeps.setSchedule': {
    args: SweepScheduleBody,
    result: returns<SweepScheduleView>(),
    access: 'operator',
    retry: 'idempotent',
    admin: [{ method: 'put', path: '/sweep-schedule', summary: 'Set the sweep schedule' }],
  },
  'sweeps.runNow': {
    args: none,
    result: returns<SweepView>(),
    access: 'operator',
    retry: 'not-idempotent',
    admin: [{ method: 'post', path: '/sweeps', summary: 'Run a sweep now', status: 201 }],
  },
  'sweeps.list': {
    args: SweepHistoryQuery,
    result: returns<SweepView[]>(),
    access: 'operator',
    retry: 'idempotent',
    admin: [{ method: 'get', path: '/sweeps', summary: 'Sweep history, newest first' }],
  },
  /** Expiries across the exchange (operator) or of one participant. */
  'lots.expiries': {
    args: z.object({ participant_id: ParticipantId.optional(), limit: Limit }).strict(),
    result: returns<LotExpiryView[]>(),
    access: 'participant',
    actsFor: OWN_OR_ALL,
    retry: 'idempotent',
  },
  /** Every live Lot across the exchange, nearest expiry first (operator). */
  'lots.live': { args: none, result: returns<LotView[]>(), access: 'operator', retry: 'idempotent' },
  // Consumers (any holder).
  'transfers.toConsumption': {
    args: withTransfer,
    result: returns<TransferResult>(),
    ...ownMove,
    retry: 'idempotent-by-key',
  },
  'transfers.list': {
    args: z.object({ participant_id: ParticipantId, limit: Limit }).strict(),
    result: returns<TransferView[]>(),
    ...ownRead,
  },
  'consumption.accounts': {
    args: z.object({ participant_id: ParticipantId, include_finished: z.boolean().default(false) }).strict(),
    result: returns<ConsumptionAccountView[]>(),
    ...ownRead,
  },
  // Suppliers.
  'issuance.toTrading': {
    args: withTransfer,
    result: returns<TransferResult>(),
    ...ownMove,
    access: 'supplier',
    retry: 'idempotent-by-key',
  },
  'issuance.accounts': { args: byParticipant, result: returns<IssuanceAccountView[]>(), ...ownRead },
  'suppliers.liability': { args: byParticipant, result: returns<SupplierLiabilityView[]>(), ...ownRead },
  // Auto Mode (per consumer and instrument).
  'autoMode.get': { args: byParticipant, result: returns<AutoModeView[]>(), ...ownRead },
  /** Saving the same settings again changes nothing. */
  'autoMode.set': {
    args: AutoModeBody.extend({ participant_id: ParticipantId }).strict(),
    result: returns<AutoModeView>(),
    ...ownMove,
    retry: 'idempotent',
  },
  'autoMode.topUps': {
    args: z.object({ participant_id: ParticipantId, limit: Limit }).strict(),
    result: returns<TopUpView[]>(),
    ...ownRead,
  },
  /** A supplier's outstanding liability over time, per instrument: the latest `limit` changes. */
  'suppliers.liabilityHistory': {
    args: z
      .object({ participant_id: ParticipantId, limit: z.number().int().min(1).max(2000).default(500) })
      .strict(),
    result: returns<LiabilityHistoryView[]>(),
    ...ownRead,
  },
  /** The live Lots a supplier's Units fund (its share of each; not who holds them), nearest expiry first. */
  'suppliers.fundedLots': { args: byParticipant, result: returns<FundedLotView[]>(), ...ownRead },
} as const satisfies Record<string, Operation>;

// ---- Liability over time ----

/** Tokens owed after one change: a sale or own consumption adds, a delivery or an expiry pays off. */
export const LiabilityPoint = z.object({
  time: z.string(),
  sequence: z.number().int(),
  tokens_outstanding: z.number().int(),
  change: z.number().int(),
  cause: z.enum(['sale', 'own_consumption', 'delivery', 'expiry']),
});
export const LiabilityHistoryView = z.object({
  supplier_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  /** Oldest first; the last is the outstanding liability now. */
  points: z.array(LiabilityPoint),
});
export type LiabilityPoint = z.output<typeof LiabilityPoint>;
export type LiabilityHistoryView = z.output<typeof LiabilityHistoryView>;

/** A live Lot as one of its funding suppliers sees it: when it formed and expires, and that supplier's share. */
export const FundedLotView = z.object({
  lot_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  formed_at: z.string(),
  expires_at: z.string(),
  /** This supplier's tokens in the Lot, and what is left of them (owed until delivered or expired). */
  tokens_total: z.number().int(),
  tokens_remaining: z.number().int(),
});
export type FundedLotView = z.output<typeof FundedLotView>;
