/**
 * The Trading API's answers in the public exchange's shapes. Grid Desk's own wire views (the contract
 * the UI reads) stay as they are; the Trading API answers a superset: every field of the view plus what
 * the official OpenAPI spec and the official clients' response validators require, with the spec's types
 * where the spec has them (e.g. an order's `quantity` is a string). Each mapper below returns the output
 * type of the zod schema beside it, so the OpenAPI document describes what is sent.
 */
import { z } from 'zod';
import { Decimal, Iso, OrderTypeWithStops } from '../../../src-preload/contract-kit';
import type {
  BookView,
  InstrumentView,
  MarketView,
  OrderView,
  TradeView,
} from '../../../src-preload/contract';
import type { PublicTradeView, TickerView } from '../../../src-preload/contract-market-data';
import {
  BookSchema,
  InstrumentSchema,
  MarketSchema,
  OrderSchema,
  PublicTradeSchema,
  TickerSchema,
  TradeSchema,
} from './schemas';

/** When an instrument (and its market) was listed, and last changed. */
export interface Listing {
  created_at: string;
  updated_at: string;
}

/** The public exchange names a market by its pair, e.g. `text-prime/USD`. */
export const marketName = (symbol: string) => `${symbol}/USD`;

// ---- orders ----

export const PublicOrderSchema = OrderSchema.extend({
  id: z.string().describe('The order id (the same as order_id)'),
  quantity: Decimal.describe('Whole Units, as a decimal string (the spec’s type)'),
  market_name: z.string(),
  instrument_symbol: z.string(),
  trader_id: z.string().describe('The participant who placed the order'),
  type: OrderTypeWithStops.describe('stop / stop_limit when it has a stop_price'),
  submitted_at: Iso,
  closed_at: Iso.nullable(),
});
export type PublicOrder = z.output<typeof PublicOrderSchema>;

const OPEN = new Set<OrderView['status']>(['open', 'partially_filled', 'pending']);

export function publicOrder(order: OrderView): PublicOrder {
  return {
    ...order,
    id: order.order_id,
    quantity: String(order.quantity),
    market_name: marketName(order.symbol),
    instrument_symbol: order.symbol,
    trader_id: order.participant_id,
    type: order.stop_price === null ? order.type : order.type === 'market' ? 'stop' : 'stop_limit',
    submitted_at: order.created_at,
    closed_at: OPEN.has(order.status) ? null : order.updated_at,
  };
}

// ---- trades ----

export const PublicTradeFillSchema = TradeSchema.extend({
  id: z.string().describe('The trade id (the same as trade_id)'),
  quantity: Decimal.describe('Units, as a decimal string (the spec’s type)'),
  instrument_id: z.string(),
  instrument_symbol: z.string(),
  market_name: z.string(),
  status: z.literal('settled').describe('Trades settle as they execute'),
  settlement_timestamp: Iso,
});
export type PublicTradeFill = z.output<typeof PublicTradeFillSchema>;

export function publicTrade(trade: TradeView, instrumentId: string): PublicTradeFill {
  return {
    ...trade,
    id: trade.trade_id,
    quantity: String(trade.quantity),
    instrument_id: instrumentId,
    instrument_symbol: trade.symbol,
    market_name: marketName(trade.symbol),
    status: 'settled',
    settlement_timestamp: trade.execution_timestamp,
  };
}

// ---- markets and instruments ----

export const PublicMarketSchema = MarketSchema.extend({
  id: z.string(),
  name: z.string().describe('The pair, e.g. text-prime/USD'),
  description: z.string(),
  market_type: z.literal('spot'),
  allowed_instruments: z.array(z.string()).describe('The instrument traded, then the quote currency'),
  associated_instruments: z.array(z.string()),
  created_at: Iso,
  updated_at: Iso,
});
export type PublicMarket = z.output<typeof PublicMarketSchema>;

export function publicMarket(market: MarketView, name: string, listing: Listing): PublicMarket {
  return {
    ...market,
    id: market.market_id,
    name: marketName(market.base_currency),
    description: `${name} Units against USD`,
    market_type: 'spot',
    allowed_instruments: [market.instrument_id, 'USD'],
    associated_instruments: [market.instrument_id],
    ...listing,
  };
}

export const PublicInstrumentSchema = InstrumentSchema.omit({ instrument_type: true }).extend({
  id: z.string(),
  instrument_type: z
    .literal('ai_commodity')
    .describe('The public exchange’s asset class: every Grid Desk instrument is an AI commodity'),
  category: InstrumentSchema.shape.instrument_type.describe('The kind of inference: text, code or agent'),
  description: z.string(),
  precision: z.number().describe('Decimal places of a quantity (whole Units: 0)'),
  is_active: z.boolean().describe('Live (true) or preview (false)'),
  created_at: Iso,
  updated_at: Iso,
});
export type PublicInstrument = z.output<typeof PublicInstrumentSchema>;

export function publicInstrument(instrument: InstrumentView, listing: Listing): PublicInstrument {
  return {
    ...instrument,
    id: instrument.instrument_id,
    instrument_type: 'ai_commodity',
    category: instrument.instrument_type,
    description: `${instrument.name}: Units of ${instrument.unit.tokens.toLocaleString('en-US')} tokens`,
    precision: 0,
    is_active: instrument.status === 'live',
    ...listing,
  };
}

// ---- order book ----

const PublicBookLevel = z.object({
  price: Decimal,
  quantity: Decimal.describe('Units, as a decimal string (the spec’s type)'),
  orders: z.number(),
  order_count: z.number().describe('Orders at the level (the same as orders)'),
});
export const PublicBookSchema = BookSchema.extend({
  bids: z.array(PublicBookLevel),
  asks: z.array(PublicBookLevel),
  timestamp: Iso.describe('When the depth was read'),
});
export type PublicBook = z.output<typeof PublicBookSchema>;

export function publicBook(book: BookView, now: Date): PublicBook {
  const levels = (side: BookView['bids']) =>
    side.map((level) => ({ ...level, quantity: String(level.quantity), order_count: level.orders }));
  return { ...book, bids: levels(book.bids), asks: levels(book.asks), timestamp: now.toISOString() };
}

// ---- ticker ----

/**
 * The spec's ticker requires `last_price`, `highest_bid` and `lowest_ask` as strings and an official
 * client refuses nulls there, so before the first trade (or with an empty side) they are "0". The
 * spec's optional strings (`high_24h`, `bid`, ...) are left out when there is no value; Grid Desk's
 * own fields (`best_bid`, `open_24h`, ...) keep their nulls.
 */
export const PublicTickerSchema = TickerSchema.extend({
  last_price: Decimal.describe('"0" before the first trade'),
  highest_bid: Decimal.describe('Best bid; "0" with no bids'),
  lowest_ask: Decimal.describe('Best ask; "0" with no asks'),
  volume_24h: Decimal.describe('Units, as a decimal string (the spec’s type)'),
  bid: Decimal.optional(),
  ask: Decimal.optional(),
  last_trade_quantity: z.number().optional(),
  last_trade_timestamp: Iso.optional(),
  quote_volume_24h: Decimal.optional(),
  high_24h: Decimal.optional(),
  low_24h: Decimal.optional(),
  price_change_24h: Decimal.optional(),
  price_change_percent_24h: Decimal.optional(),
});
export type PublicTicker = z.output<typeof PublicTickerSchema>;

export function publicTicker(ticker: TickerView): PublicTicker {
  const { high_24h, low_24h, ...rest } = ticker;
  return {
    ...rest,
    last_price: ticker.last_price ?? '0',
    volume_24h: String(ticker.volume_24h),
    highest_bid: ticker.best_bid ?? '0',
    lowest_ask: ticker.best_ask ?? '0',
    ...(ticker.best_bid !== null && { bid: ticker.best_bid }),
    ...(ticker.best_ask !== null && { ask: ticker.best_ask }),
    ...(ticker.last_size !== null && { last_trade_quantity: ticker.last_size }),
    ...(ticker.last_trade_at !== null && { last_trade_timestamp: ticker.last_trade_at }),
    ...(high_24h !== null && { high_24h }),
    ...(low_24h !== null && { low_24h }),
    ...(ticker.change_24h !== null && { price_change_24h: ticker.change_24h }),
    ...(ticker.change_percent_24h !== null && { price_change_percent_24h: ticker.change_percent_24h }),
  };
}

// ---- public trades ----

export const PublicMarketTradeSchema = PublicTradeSchema.extend({
  id: z.string().describe('The trade id (the same as trade_id)'),
  quantity: Decimal.describe('Units, as a decimal string (the spec’s type)'),
});
export type PublicMarketTrade = z.output<typeof PublicMarketTradeSchema>;

export function publicMarketTrade(trade: PublicTradeView): PublicMarketTrade {
  return { ...trade, id: trade.trade_id, quantity: String(trade.quantity) };
}
