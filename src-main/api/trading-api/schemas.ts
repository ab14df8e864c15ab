/**
 * Zod schemas of the Trading API's query strings and answers. Requests bodies are the contract's own
 * schemas (PlaceOrderBody, AmendOrderBody); the answers below are checked at compile time against the
 * wire types the views produce, so the OpenAPI document cannot drift from what the API sends.
 */
import { z } from 'zod';
import {
  InstrumentId,
  MarketId,
  type BookView,
  type InstrumentView,
  type MarketView,
  type OrderView,
  type TradeView,
} from '../../../src-preload/contract';
import {
  CandleResolutionSchema,
  type CandleView,
  type MarketStatsView,
  type PublicTradeView,
  type ReferencePriceDetailView,
  type TickerView,
} from '../../../src-preload/contract-market-data';
import type {
  AutoModeView,
  IssuanceAccountView,
  LotView,
  SupplierLiabilityView,
  TopUpView,
  TransferResult,
  TransferView,
} from '../../../src-preload/contract-lifecycle';
import type { IssuanceView, SupplyRegistrationView } from '../../../src-preload/contract-supply';
import { pageQuery } from './pagination';

// ---- compile-time equality of a schema's output and a wire type ----
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameShape = <_ extends true>() => undefined;

const Decimal = z.string().describe('decimal string');
const Iso = z.string().describe('ISO 8601 time');
const Side = z.enum(['buy', 'sell']);
const ListingStatus = z.enum(['live', 'preview']);
const InstrumentType = z.enum(['text', 'code', 'agent']);
const OrderStatus = z.enum([
  'open',
  'partially_filled',
  'filled',
  'cancelled',
  'rejected',
  'expired',
  'pending',
]);

/** How a market trades: shared by an instrument's `trading_parameters` and the market itself. */
const tradingParameters = {
  tick_size: Decimal,
  min_quantity: z.number(),
  max_quantity: z.number(),
  quantity_increment: z.number(),
  maker_fee_bps: z.number(),
  taker_fee_bps: z.number(),
};

// ---- answers ----

const SpecificationsSchema = z.object({
  quality_index: z.string(),
  quality_floor: z.number().nullable(),
  throughput_floor_tps: z.number().nullable(),
  ttft_max_seconds: Decimal,
  context_window_min_tokens: z.number(),
  output_length_min_tokens: z.number(),
  uptime_min_pct: z.number(),
  error_rate_max_pct: z.number(),
});
export const InstrumentSchema = z.object({
  instrument_id: z.string(),
  symbol: z.string(),
  name: z.string(),
  instrument_type: InstrumentType,
  status: ListingStatus,
  is_default: z.boolean(),
  specifications: SpecificationsSchema,
  trading_parameters: z.object({ market_id: z.string(), ...tradingParameters }),
  unit: z.object({ tokens: z.number() }),
  upcoming_revision: z
    .object({ version: z.number().int(), effective_at: z.string(), specifications: SpecificationsSchema })
    .nullable()
    .describe('The next specification, published and not yet in effect'),
});
sameShape<Equals<z.output<typeof InstrumentSchema>, InstrumentView>>();

export const MarketSchema = z.object({
  market_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  base_currency: z.string(),
  quote_currency: z.literal('USD'),
  status: ListingStatus,
  ...tradingParameters,
});
sameShape<Equals<z.output<typeof MarketSchema>, MarketView>>();

const BookLevel = z.object({ price: Decimal, quantity: z.number(), orders: z.number() });
export const BookSchema = z.object({
  market_id: z.string(),
  symbol: z.string(),
  sequence: z.number().describe('The exchange sequence number this depth was read at'),
  halted: z.boolean(),
  bids: z.array(BookLevel),
  asks: z.array(BookLevel),
});
sameShape<Equals<z.output<typeof BookSchema>, BookView>>();

export const OrderSchema = z.object({
  order_id: z.string(),
  client_order_id: z.string().nullable(),
  participant_id: z.string(),
  market_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  side: Side,
  type: z.enum(['limit', 'market']),
  status: OrderStatus,
  quantity: z.number(),
  filled_quantity: z.number(),
  remaining_quantity: z.number(),
  price: Decimal.nullable(),
  stop_price: Decimal.nullable().describe('Stop and stop-limit orders (status pending until triggered)'),
  average_price: Decimal.nullable(),
  fee: Decimal,
  time_in_force: z.enum(['gtc', 'ioc', 'fok']),
  post_only: z.boolean(),
  self_trade_prevention: z.string(),
  closure_reason: z.string().nullable(),
  created_at: Iso,
  updated_at: Iso,
});
sameShape<Equals<z.output<typeof OrderSchema>, OrderView>>();

export const TradeSchema = z.object({
  trade_id: z.string(),
  sequence: z.number(),
  market_id: z.string(),
  symbol: z.string(),
  price: Decimal,
  quantity: z.number(),
  total_value: Decimal,
  fee: Decimal.describe("This participant's fee on the trade"),
  side: Side.describe("This participant's side"),
  liquidity: z.enum(['maker', 'taker']),
  order_id: z.string().describe("This participant's order"),
  maker_order_id: z.string(),
  taker_order_id: z.string(),
  execution_timestamp: Iso,
});
sameShape<Equals<z.output<typeof TradeSchema>, TradeView>>();

export const CurrencyAccountSchema = z.object({
  account_id: z.string(),
  currency: z.literal('USD'),
  total_balance: Decimal,
  available_balance: Decimal,
  locked_balance: Decimal.describe('Held by open buy orders'),
});
export type CurrencyAccount = z.output<typeof CurrencyAccountSchema>;

export const TradingAccountSchema = z.object({
  account_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  market_id: z.string(),
  total_balance: z.number().describe('Units'),
  available_balance: z.number().describe('Units'),
  locked_balance: z.number().describe('Units held by open sell orders'),
});
export type TradingAccount = z.output<typeof TradingAccountSchema>;

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
  status: z.enum(['live', 'used_up', 'expired']),
  funding: z.array(
    z.object({
      trade_id: z.string().nullable(),
      supplier_id: z.string(),
      tokens: z.number(),
      tokens_remaining: z.number(),
    }),
  ),
});
sameShape<Equals<z.output<typeof LotSchema>, LotView>>();

export const ConsumptionAccountSchema = z
  .object({
    account_id: z.string(),
    instrument_id: z.string(),
    symbol: z.string(),
    total_balance: z.number().describe('Units (tokens left in live Lots / 1,000,000)'),
    available_balance: z.number().describe('Units'),
    tokens_remaining: z.number(),
    created_at: Iso.describe('When the oldest live Lot formed'),
    next_expiry_at: Iso.nullable().describe('The soonest expiry of a live Lot'),
    lots: z.array(LotSchema).describe('Live Lots, nearest expiry first'),
  })
  .describe('Units moved to consumption, as Lots that expire');
export type ConsumptionAccount = z.output<typeof ConsumptionAccountSchema>;

export const AccountsSchema = z.object({
  participant_id: z.string(),
  currency: CurrencyAccountSchema,
  trading: z.array(TradingAccountSchema),
  consumption: z.array(ConsumptionAccountSchema).describe('One per instrument with live Lots'),
});
export type Accounts = z.output<typeof AccountsSchema>;

export const PositionSchema = z.object({
  instrument_id: z.string(),
  symbol: z.string(),
  market_id: z.string(),
  quantity: z.number().describe('Units held in the Trading account'),
  available: z.number(),
  locked: z.number(),
  average_entry_price: Decimal.nullable().describe(
    'Volume-weighted price of this participant’s buy fills in the instrument; null without any',
  ),
});
export type Position = z.output<typeof PositionSchema>;

export const TickerSchema = z.object({
  market_id: z.string(),
  symbol: z.string(),
  last_price: Decimal.nullable(),
  last_size: z.number().nullable(),
  last_trade_at: Iso.nullable(),
  best_bid: Decimal.nullable(),
  best_bid_size: z.number().nullable(),
  best_ask: Decimal.nullable(),
  best_ask_size: z.number().nullable(),
  volume_24h: z.number().describe('Units'),
  high_24h: Decimal.nullable(),
  low_24h: Decimal.nullable(),
  open_24h: Decimal.nullable(),
  change_24h: Decimal.nullable(),
  change_percent_24h: Decimal.nullable(),
  timestamp: Iso,
});
sameShape<Equals<z.output<typeof TickerSchema>, TickerView>>();

export const MarketStatsSchema = z.object({
  market_id: z.string(),
  symbol: z.string(),
  open: Decimal.nullable(),
  high: Decimal.nullable(),
  low: Decimal.nullable(),
  last: Decimal.nullable(),
  volume: z.number().describe('Units'),
  quote_volume: Decimal,
  trade_count: z.number(),
  vwap: Decimal.nullable(),
  window_start: Iso,
  window_end: Iso,
});
sameShape<Equals<z.output<typeof MarketStatsSchema>, MarketStatsView>>();

export const PublicTradeSchema = z.object({
  trade_id: z.string(),
  sequence: z.number(),
  market_id: z.string(),
  price: Decimal,
  quantity: z.number(),
  total_value: Decimal,
  taker_side: Side,
  side: Side.describe("The taker's side"),
  execution_timestamp: Iso,
});
sameShape<Equals<z.output<typeof PublicTradeSchema>, PublicTradeView>>();

export const CandleSchema = z.object({
  timestamp: Iso.describe('Bucket start'),
  time: z.number().describe('Bucket start, Unix seconds'),
  open: Decimal,
  high: Decimal,
  low: Decimal,
  close: Decimal,
  volume: z.number().describe('Units'),
  trade_count: z.number(),
});
sameShape<Equals<z.output<typeof CandleSchema>, CandleView>>();

export const ReferencePriceSchema = z.object({
  instrument_id: z.string(),
  market_id: z.string(),
  symbol: z.string(),
  price: Decimal.nullable(),
  method: z.enum(['vwap', 'mid', 'carried', 'none']),
  stale: z.boolean(),
  volume: z.number(),
  average_30d: Decimal.nullable(),
  window_start: Iso.nullable(),
  window_end: Iso.nullable(),
  published_at: Iso.nullable(),
  methodology: z.string(),
});
sameShape<Equals<z.output<typeof ReferencePriceSchema>, ReferencePriceDetailView>>();

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
sameShape<Equals<z.output<typeof TransferSchema>, TransferView>>();

const REPLAYED_NOTE =
  'Present on a retry with an idempotency_key already used: the first result, nothing done';

export const TransferResultSchema = z.object({
  transfer: TransferSchema,
  lot: LotSchema.nullable().describe('The Lot formed (trading → consumption only)'),
  replayed: z.literal(true).optional().describe(REPLAYED_NOTE),
});
sameShape<Equals<z.output<typeof TransferResultSchema>, TransferResult>>();

export const IssuanceAccountSchema = z.object({
  instrument_id: z.string(),
  symbol: z.string(),
  units: z.number().describe('Issued Units not yet moved to trading'),
});
sameShape<Equals<z.output<typeof IssuanceAccountSchema>, IssuanceAccountView>>();

export const SupplierLiabilitySchema = z.object({
  supplier_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  units_sold: z.number(),
  units_self_consumed: z.number().describe('Own unsold Units moved to its own consumption: owed, not sold'),
  tokens_delivered: z.number(),
  tokens_expired: z.number(),
  tokens_outstanding: z.number(),
  issuance_units: z.number(),
  inventory_units: z.number(),
  sales_revenue: Decimal,
  fees: Decimal,
});
sameShape<Equals<z.output<typeof SupplierLiabilitySchema>, SupplierLiabilityView>>();

export const SupplyRegistrationSchema = z.object({
  participant_id: z.string(),
  participant_name: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  tokens_per_second: z.number().describe('Declared sustained delivery rate'),
  status: z.enum(['pending', 'approved', 'revoked']).describe('Only approved suppliers may issue'),
  reason: z.string(),
  cap_tokens: z.number().describe('tokens_per_second × the Lot lifetime'),
  committed_tokens: z.number().describe('Outstanding liability plus unsold issued Units, in tokens'),
  issuable_units: z.number().describe('Whole Units that may still be issued'),
  declared_at: Iso,
  reviewed_at: Iso.nullable(),
  reviewed_by: z.string().nullable(),
});
sameShape<Equals<z.output<typeof SupplyRegistrationSchema>, SupplyRegistrationView>>();

export const IssuanceSchema = z.object({
  sequence: z.number(),
  participant_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  quantity: z.number().describe('Units issued into the Issuance account'),
  created_at: Iso,
  replayed: z.literal(true).optional().describe(REPLAYED_NOTE),
});
sameShape<Equals<z.output<typeof IssuanceSchema>, IssuanceView>>();

export const AutoModeSchema = z.object({
  participant_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  mode: z.enum(['auto', 'advanced']),
  configured: z.boolean(),
  threshold_tokens: z.number(),
  top_up_units: z.number(),
  max_price: Decimal.nullable(),
  daily_spend_ceiling: Decimal,
  spent_today: Decimal,
  paused: z.enum(['no_fill', 'partial_fill', 'daily_ceiling', 'rejected']).nullable(),
  tokens_remaining: z.number(),
});
sameShape<Equals<z.output<typeof AutoModeSchema>, AutoModeView>>();

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
sameShape<Equals<z.output<typeof TopUpSchema>, TopUpView>>();

export const CountSchema = z.object({ count: z.number() });
export const CancelledSchema = z.object({ cancelled: z.number() });

// ---- query strings (parameters they do not name are ignored, as public clients may send more) ----

/** A time bound as ISO 8601 or Unix seconds, in ms. */
const TimeBound = z.string().transform((text, ctx) => {
  const ms = /^\d{13,}$/.test(text)
    ? Number(text)
    : /^\d{1,12}(\.\d+)?$/.test(text)
      ? Number(text) * 1000
      : Date.parse(text);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be ISO 8601 or Unix seconds' });
    return z.NEVER;
  }
  return ms;
});

/** `from` / `to` bounds on when `subject` happened, both optional. */
const timeRange = (subject: string) => ({
  from: TimeBound.optional().describe(`${subject} at or after (ISO 8601 or Unix seconds)`),
  to: TimeBound.optional().describe(`${subject} at or before (ISO 8601 or Unix seconds)`),
});

export const InstrumentsQuery = pageQuery(
  ['symbol', 'instrument_id', 'instrument_type', 'status'],
  'asc',
).extend({
  symbol: z.string().optional().describe('Exact symbol, e.g. text-prime'),
  instrument_type: z
    .enum([...InstrumentType.options, 'ai_commodity', 'currency', 'token'])
    .optional()
    .describe('text, code or agent (Grid Desk’s category), or the public asset class ai_commodity'),
  category: InstrumentType.optional(),
  status: ListingStatus.optional(),
  is_active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const MarketsQuery = pageQuery(['symbol', 'market_id'], 'asc').extend({
  instrument_id: InstrumentId.optional(),
  status: ListingStatus.optional(),
});

export const BookQuery = z.object({
  depth: z.coerce.number().int().min(1).max(100).default(20).describe('Levels per side'),
});

export const OrdersQuery = pageQuery(['created_at', 'updated_at'], 'desc').extend({
  market_id: MarketId.optional(),
  status: z
    .enum([...OrderStatus.options, 'active'])
    .optional()
    .describe('An order status, or active (open and partially_filled)'),
  side: Side.optional(),
  ...timeRange('created_at'),
});

export const TradesQuery = pageQuery(['execution_timestamp'], 'desc').extend({
  market_id: MarketId.optional(),
  ...timeRange('executed'),
});

const byInstrument = { instrument_id: InstrumentId.optional() };
export const TradingAccountsQuery = pageQuery(['symbol', 'instrument_id'], 'asc').extend(byInstrument);
export const ConsumptionAccountsQuery = pageQuery(['created_at', 'symbol', 'instrument_id'], 'asc').extend(
  byInstrument,
);

export const TransferHistoriesQuery = pageQuery(['sequence'], 'desc').extend(byInstrument);
export const IssuanceAccountsQuery = pageQuery(['symbol', 'instrument_id'], 'asc').extend(byInstrument);
export const TopUpsQuery = pageQuery(['sequence'], 'desc').extend(byInstrument);
export const IssuancesQuery = pageQuery(['sequence'], 'desc').extend(byInstrument);

export const PublicTradesQuery = pageQuery(['execution_timestamp'], 'desc').extend({
  order_direction: z.enum(['desc']).default('desc').describe('Newest first'),
});

export const PriceHistoryQuery = z.object({
  market_id: z.string().describe('market_id, or the instrument symbol'),
  resolution: CandleResolutionSchema,
  from: TimeBound.optional().describe('ISO 8601 or Unix seconds; default: 1500 buckets before `to`'),
  to: TimeBound.optional().describe('ISO 8601 or Unix seconds; default: now'),
});

export const MarketFilterQuery = z.object({ market_id: MarketId.optional() });
export const NoQuery = z.object({});
