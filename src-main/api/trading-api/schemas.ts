/**
 * Zod schemas of the Trading API's query strings and its own answers (accounts, positions). The wire
 * views it shares with the UI (orders, trades, books, instruments, market data, Lots, transfers,
 * issuance) are declared once in the contract and re-exported here; request bodies are the contract's
 * too (PlaceOrderBody, AmendOrderBody). The OpenAPI document is generated from these schemas, so it
 * cannot drift from what the API sends.
 */
import { z } from 'zod';
import { InstrumentId, MarketId } from '../../../src-preload/contract';
import {
  Decimal,
  InstrumentType,
  Iso,
  ListingStatus,
  OrderStatus,
  Side,
} from '../../../src-preload/contract-kit';
import { CandleResolutionSchema } from '../../../src-preload/contract-market-data';
import { LotSchema } from '../../../src-preload/contract-lifecycle';
import { pageQuery } from './pagination';

export {
  BookSchema,
  CancelledSchema,
  InstrumentSchema,
  MarketSchema,
  OrderSchema,
  TradeSchema,
} from '../../../src-preload/contract';
export {
  CandleSchema,
  MarketStatsSchema,
  PublicTradeSchema,
  /** The Trading API answers the latest Reference Price with its methodology. */
  ReferencePriceDetailSchema as ReferencePriceSchema,
  TickerSchema,
} from '../../../src-preload/contract-market-data';
export {
  AutoModeSchema,
  IssuanceAccountSchema,
  LotSchema,
  SupplierLiabilitySchema,
  TopUpSchema,
  TransferResultSchema,
  TransferSchema,
} from '../../../src-preload/contract-lifecycle';
export { IssuanceSchema, SupplyRegistrationSchema } from '../../../src-preload/contract-supply';

// ---- the Trading API's own answers ----

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

export const CountSchema = z.object({ count: z.number() });

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
