/**
 * What the exchange sends on its own stream protocol at /v1/ws (what clients send, and the channels, are
 * in contract-market-data.ts). Its own module because it names the order and trade shapes of
 * contract.ts, which imports contract-market-data.ts.
 */
import { z } from 'zod';
import { OrderSchema, TradeSchema } from './contract';
import { PublicTradeSchema, StreamChannelSchema, TickerSchema } from './contract-market-data';

/** A book level on the stream: [price, total quantity, order count]; quantity 0 means the level is gone. */
export const StreamBookLevelSchema = z.tuple([z.string(), z.number(), z.number()]);
export type StreamBookLevel = z.output<typeof StreamBookLevelSchema>;

/** Per-subscription message counter: 1 for the first message, then +1 exactly; a gap means resubscribe. */
const seq = z.number();
const levels = z.array(StreamBookLevelSchema);

export const StreamMessageSchema = z.union([
  z.object({
    type: z.enum(['subscribed', 'unsubscribed']),
    channel: StreamChannelSchema,
    market_id: z.string().optional(),
  }),
  z.object({ type: z.literal('authenticated'), participant_id: z.string(), fingerprint: z.string() }),
  z.object({
    type: z.literal('error'),
    status: z.number(),
    detail: z.string(),
    op: z.string().optional(),
    channel: z.string().optional(),
    market_id: z.string().optional(),
  }),
  z.object({ type: z.literal('pong') }),
  z.object({
    seq,
    channel: z.literal('market.book'),
    type: z.literal('snapshot'),
    market_id: z.string(),
    /** The exchange sequence number the snapshot reflects. */
    sequence: z.number(),
    halted: z.boolean(),
    /** Best first, every level. */
    bids: levels,
    asks: levels,
  }),
  z.object({
    seq,
    channel: z.literal('market.book'),
    type: z.literal('delta'),
    market_id: z.string(),
    /** The exchange sequence number after the commit that changed these levels. */
    sequence: z.number(),
    halted: z.boolean().optional(),
    /** Changed levels with their new totals (quantity 0 = removed). */
    bids: levels,
    asks: levels,
  }),
  z.object({
    seq,
    channel: z.literal('market.trades'),
    type: z.literal('trade'),
    market_id: z.string(),
    sequence: z.number(),
    data: PublicTradeSchema,
  }),
  z.object({
    seq,
    channel: z.literal('market.ticker'),
    type: z.literal('ticker'),
    market_id: z.string(),
    data: TickerSchema,
  }),
  z.object({
    seq,
    channel: z.literal('user.orders'),
    type: z.enum(['new_order', 'order_update']),
    sequence: z.number(),
    data: OrderSchema,
  }),
  z.object({
    seq,
    channel: z.literal('user.trades'),
    type: z.literal('trade'),
    sequence: z.number(),
    data: TradeSchema,
  }),
]);
export type StreamMessage = z.output<typeof StreamMessageSchema>;
