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
  Decimal,
  InstrumentId,
  Iso,
  none,
  OWN_OR_ALL,
  ParticipantId,
  Price,
  REPLAYED_NOTE,
  SELF,
  SELF_OR_OPERATOR,
  type Operation,
} from './contract-kit';

// ---- Values ----

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

const UsdText = z.string().regex(/^\d{1,15}(\.\d{1,6})?$/, 'amount must be a decimal string, e.g. "25.00"');
export const AutoModeBody = z
  .object({
    instrument_id: InstrumentId,
    mode: z.enum(['auto', 'advanced']),
    /** Top up when the live tokens in consumption fall below this. */
    threshold_tokens: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    top_up_units: Quantity,
    /** Per-order price ceiling, USD per Unit. */
    max_price: Price,
    /** Spend ceiling per UTC day, USD, fees included. */
    daily_spend_ceiling: UsdText,
  })
  .strict();

// ---- Wire shapes ----

export const SweepScheduleSchema = z.object({
  mode: z.enum(SWEEP_MODES),
  /** Sweep period: 14400 (00/04/08/12/16/20 UTC) when scheduled; any when interval; unused when immediate. */
  interval_seconds: z.number(),
  lot_ttl_seconds: z.number(),
  updated_at: Iso.nullable(),
  /** The next scheduled sweep (null in immediate mode). */
  next_sweep_at: Iso.nullable(),
  last_sweep: z.object({ sweep_id: z.string(), scheduled_for: Iso }).nullable(),
});
export type SweepScheduleView = z.output<typeof SweepScheduleSchema>;
export const SweepSchema = z.object({
  sweep_id: z.string(),
  sequence: z.number(),
  scheduled_for: Iso,
  executed_at: Iso,
  accounts: z.number(),
  units: z.number(),
  lots: z.number(),
  orders_cancelled: z.number(),
  lot_ids: z.array(z.string()),
});
export type SweepView = z.output<typeof SweepSchema>;
export const LotFundingSchema = z.object({
  /** The trade that funded these tokens; null for a supplier's own issued Units. */
  trade_id: z.string().nullable(),
  supplier_id: z.string(),
  tokens: z.number(),
  tokens_remaining: z.number(),
});
export type LotFundingView = z.output<typeof LotFundingSchema>;
export const LotSchema = z.object({
  lot_id: z.string(),
  participant_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  origin: z.enum(['sweep', 'transfer', 'immediate']),
  tokens_total: z.number(),
  tokens_remaining: z.number(),
  tokens_delivered: z.number(),
  tokens_expired: z.number(),
  formed_at: Iso,
  expires_at: Iso,
  expired_at: Iso.nullable(),
  /** live (tokens left, not expired), used_up, or expired. */
  status: z.enum(['live', 'used_up', 'expired']),
  funding: z.array(LotFundingSchema),
});
export type LotView = z.output<typeof LotSchema>;
export const ConsumptionAccountViewSchema = z.object({
  instrument_id: z.string(),
  symbol: z.string(),
  /** Tokens left in live Lots (1 Unit = 1,000,000 tokens). */
  tokens_remaining: z.number(),
  /** The soonest expiry of a live Lot. */
  next_expiry_at: Iso.nullable(),
  lots: z.array(LotSchema),
});
export type ConsumptionAccountView = z.output<typeof ConsumptionAccountViewSchema>;
export const TransferSchema = z.object({
  sequence: z.number(),
  participant_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  kind: z.enum(['trading_to_consumption', 'issuance_to_trading']),
  quantity: z.number().describe('Units'),
  lot_id: z.string().nullable(),
  created_at: Iso,
});
export type TransferView = z.output<typeof TransferSchema>;
export const TransferResultSchema = z.object({
  transfer: TransferSchema,
  lot: LotSchema.nullable().describe('The Lot formed (trading → consumption only)'),
  replayed: z.literal(true).optional().describe(REPLAYED_NOTE),
});
export type TransferResult = z.output<typeof TransferResultSchema>;
export const IssuanceAccountSchema = z.object({
  instrument_id: z.string(),
  symbol: z.string(),
  units: z.number().describe('Issued Units not yet moved to trading'),
});
export type IssuanceAccountView = z.output<typeof IssuanceAccountSchema>;
export const SupplierLiabilitySchema = z.object({
  supplier_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  /** Units sold to buyers (not those it moved to its own consumption). */
  units_sold: z.number(),
  units_self_consumed: z.number().describe('Own unsold Units moved to its own consumption: owed, not sold'),
  tokens_delivered: z.number(),
  tokens_expired: z.number(),
  /** (units_sold + units_self_consumed) × 1,000,000 − delivered − expired. */
  tokens_outstanding: z.number(),
  /** Own issued Units not yet sold: in the Issuance account, and in the Trading account. */
  issuance_units: z.number(),
  inventory_units: z.number(),
  /** USD from every sale in the instrument (notional less this supplier's fees), and those fees. */
  sales_revenue: Decimal,
  fees: Decimal,
});
export type SupplierLiabilityView = z.output<typeof SupplierLiabilitySchema>;
export const LotExpirySchema = z.object({
  sequence: z.number(),
  lot_id: z.string(),
  participant_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  tokens: z.number(),
  expired_at: Iso,
  suppliers: z.array(z.object({ supplier_id: z.string(), tokens: z.number() })),
});
export type LotExpiryView = z.output<typeof LotExpirySchema>;

export const AutoModeSchema = z.object({
  participant_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  mode: z.enum(['auto', 'advanced']),
  /** False until settings were saved: Auto Mode is the default but needs its ceilings before it buys. */
  configured: z.boolean(),
  threshold_tokens: z.number(),
  top_up_units: z.number(),
  max_price: Decimal.nullable(),
  daily_spend_ceiling: Decimal,
  spent_today: Decimal,
  /** Why top-ups are paused (a top-up could not fill within the ceilings), or null. */
  paused: z.enum(['no_fill', 'partial_fill', 'daily_ceiling', 'rejected']).nullable(),
  /** Live tokens in consumption now. */
  tokens_remaining: z.number(),
});
export type AutoModeView = z.output<typeof AutoModeSchema>;
export const TopUpSchema = z.object({
  top_up_id: z.string(),
  sequence: z.number(),
  participant_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  outcome: z.enum(['filled', 'partial_fill', 'no_fill', 'daily_ceiling', 'rejected']),
  requested: z.number(),
  filled: z.number(),
  spent: Decimal,
  order_id: z.string().nullable(),
  lot_id: z.string().nullable(),
  message: z.string().nullable(),
  created_at: Iso,
});
export type TopUpView = z.output<typeof TopUpSchema>;

// ---- Liability over time ----

/** Tokens owed after one change: a sale or own consumption adds, a delivery or an expiry pays off. */
const LiabilityPointSchema = z.object({
  time: Iso,
  sequence: z.number().int(),
  tokens_outstanding: z.number().int(),
  change: z.number().int(),
  cause: z.enum(['sale', 'own_consumption', 'delivery', 'expiry']),
});
export const LiabilityHistorySchema = z.object({
  supplier_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  /** Oldest first; the last is the outstanding liability now. */
  points: z.array(LiabilityPointSchema),
});
export type LiabilityPoint = z.output<typeof LiabilityPointSchema>;
export type LiabilityHistoryView = z.output<typeof LiabilityHistorySchema>;

/** A live Lot as one of its funding suppliers sees it: when it formed and expires, and that supplier's share. */
export const FundedLotSchema = z.object({
  lot_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  formed_at: Iso,
  expires_at: Iso,
  /** This supplier's tokens in the Lot, and what is left of them (owed until delivered or expired). */
  tokens_total: z.number().int(),
  tokens_remaining: z.number().int(),
});
export type FundedLotView = z.output<typeof FundedLotSchema>;

// ---- Requests ----

const byParticipant = z.object({ participant_id: ParticipantId }).strict();
const withTransfer = TransferBody.extend({ participant_id: ParticipantId }).strict();
const ownRead = { access: 'participant', actsFor: SELF_OR_OPERATOR, retry: 'idempotent' } as const;
const ownMove = { access: 'participant', actsFor: SELF, retry: 'not-idempotent' } as const;

export const lifecycleRequests = {
  // The schedule is everyone's to read (it sets when Lots form); the rest of the sweeps are the operator's.
  'sweeps.getSchedule': {
    args: none,
    result: SweepScheduleSchema,
    access: 'participant',
    retry: 'idempotent',
    admin: [{ method: 'get', path: '/sweep-schedule', summary: 'The sweep schedule and the next sweep' }],
  },
  'sweeps.setSchedule': {
    args: SweepScheduleBody,
    result: SweepScheduleSchema,
    access: 'operator',
    retry: 'idempotent',
    admin: [{ method: 'put', path: '/sweep-schedule', summary: 'Set the sweep schedule' }],
  },
  'sweeps.runNow': {
    args: none,
    result: SweepSchema,
    access: 'operator',
    retry: 'not-idempotent',
    admin: [{ method: 'post', path: '/sweeps', summary: 'Run a sweep now', status: 201 }],
  },
  'sweeps.list': {
    args: SweepHistoryQuery,
    result: z.array(SweepSchema),
    access: 'operator',
    retry: 'idempotent',
    admin: [{ method: 'get', path: '/sweeps', summary: 'Sweep history, newest first' }],
  },
  /** Expiries across the exchange (operator) or of one participant. */
  'lots.expiries': {
    args: z.object({ participant_id: ParticipantId.optional(), limit: Limit }).strict(),
    result: z.array(LotExpirySchema),
    access: 'participant',
    actsFor: OWN_OR_ALL,
    retry: 'idempotent',
  },
  /** Every live Lot across the exchange, nearest expiry first (operator). */
  'lots.live': { args: none, result: z.array(LotSchema), access: 'operator', retry: 'idempotent' },
  // Consumers (any holder).
  'transfers.toConsumption': {
    args: withTransfer,
    result: TransferResultSchema,
    ...ownMove,
    retry: 'idempotent-by-key',
  },
  'transfers.list': {
    args: z.object({ participant_id: ParticipantId, limit: Limit }).strict(),
    result: z.array(TransferSchema),
    ...ownRead,
  },
  'consumption.accounts': {
    args: z.object({ participant_id: ParticipantId, include_finished: z.boolean().default(false) }).strict(),
    result: z.array(ConsumptionAccountViewSchema),
    ...ownRead,
  },
  // Suppliers.
  'issuance.toTrading': {
    args: withTransfer,
    result: TransferResultSchema,
    ...ownMove,
    access: 'supplier',
    retry: 'idempotent-by-key',
  },
  'issuance.accounts': { args: byParticipant, result: z.array(IssuanceAccountSchema), ...ownRead },
  'suppliers.liability': { args: byParticipant, result: z.array(SupplierLiabilitySchema), ...ownRead },
  // Auto Mode (per consumer and instrument).
  'autoMode.get': { args: byParticipant, result: z.array(AutoModeSchema), ...ownRead },
  /** Saving the same settings again changes nothing. */
  'autoMode.set': {
    args: AutoModeBody.extend({ participant_id: ParticipantId }).strict(),
    result: AutoModeSchema,
    ...ownMove,
    retry: 'idempotent',
  },
  'autoMode.topUps': {
    args: z.object({ participant_id: ParticipantId, limit: Limit }).strict(),
    result: z.array(TopUpSchema),
    ...ownRead,
  },
  /** A supplier's outstanding liability over time, per instrument: the latest `limit` changes. */
  'suppliers.liabilityHistory': {
    args: z
      .object({ participant_id: ParticipantId, limit: z.number().int().min(1).max(2000).default(500) })
      .strict(),
    result: z.array(LiabilityHistorySchema),
    ...ownRead,
  },
  /** The live Lots a supplier's Units fund (its share of each; not who holds them), nearest expiry first. */
  'suppliers.fundedLots': { args: byParticipant, result: z.array(FundedLotSchema), ...ownRead },
} as const satisfies Record<string, Operation>;
