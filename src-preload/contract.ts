/**
 * The one contract between the exchange (main side) and the UI: every request's name, the zod schema of
 * its arguments and of its result, and every pushed event. Main validates each request against it
 * before running it; the preload forwards nothing else; the renderer calls it through one client,
 * over Electron IPC or a WebSocket, and cannot tell which.
 */
import { z } from 'zod';
import { USD_DECIMAL } from '../src-shared/money';
import { apiKeyRequests } from './contract-api-keys';
import { backupRequests } from './contract-backups';
import {
  Decimal,
  InstrumentType,
  Iso,
  ListingStatus,
  MarketId,
  none,
  OrderId,
  OrderStatus,
  OrderType,
  ParticipantId,
  ParticipantRoleName,
  ParticipantStatus,
  Price,
  SELF,
  SELF_OR_OPERATOR,
  SelfTradePrevention,
  Side,
  TimeInForce,
  type AdminRoute,
  type Operation,
} from './contract-kit';
import { marketDataRequests } from './contract-market-data';
import { lifecycleRequests } from './contract-lifecycle';
import { supplyRequests } from './contract-supply';
import { consumptionRequests } from './contract-consumption';
import { rosterRequests } from './contract-rosters';

// ---- Shared value schemas (also used by the HTTP API and the UI's forms) ----

export const UsdAmount = z
  .string()
  .regex(USD_DECIMAL, 'amount must be a decimal string with at most 6 decimal places, e.g. "100.00"');
export { ParticipantId } from './contract-kit';
/** The roles a participant is created with (the operator exists once, from the start). */
export const ParticipantRole = ParticipantRoleName.exclude(['operator']);

export { InstrumentId, MarketId, OrderId, Price } from './contract-kit';
const Quantity = z.number().int('quantity must be a whole number of Units').min(1).max(1_000_000);

const PlaceOrderFields = z
  .object({
    market_id: MarketId,
    side: Side,
    type: OrderType,
    quantity: Quantity,
    price: Price.optional(),
    time_in_force: TimeInForce.optional(),
    post_only: z.boolean().optional(),
    self_trade_prevention: SelfTradePrevention.optional(),
    client_order_id: z.string().min(1).max(64).optional(),
    /** Worst price allowed, in ticks away from the best opposite price at arrival (from stop_price for a stop). */
    max_slippage_ticks: z.number().int().min(0).max(1_000_000).optional(),
    /**
     * Makes it a stop (market) or stop-limit order: it waits, holding its funds, until the market's last
     * trade price reaches this (a buy at or above, a sell at or below), then enters as placed.
     */
    stop_price: Price.optional(),
  })
  .strict();
const limitHasPrice = (o: { type: string; price?: string | undefined }) =>
  (o.type === 'limit') === (o.price !== undefined);
const priceRule = { message: 'a limit order needs a price; a market order takes none', path: ['price'] };
export const PlaceOrderBody = PlaceOrderFields.refine(limitHasPrice, priceRule);

const AmendOrderFields = z.object({ price: Price.optional(), quantity: Quantity.optional() }).strict();
const amendsSomething = (o: { price?: string | undefined; quantity?: number | undefined }) =>
  o.price !== undefined || o.quantity !== undefined;
const amendRule = { message: 'give a new price, quantity or both' };
export const AmendOrderBody = AmendOrderFields.refine(amendsSomething, amendRule);
const ListLimit = z.coerce.number().int().min(1).max(100).default(50);

export const CreateParticipantBody = z
  .object({ name: z.string().trim().min(1, 'name is required').max(80), role: ParticipantRole })
  .strict();
export const UsdAdjustmentBody = z
  .object({
    amount: UsdAmount,
    idempotency_key: z.string().min(1, 'idempotency_key is required').max(128),
    reason: z.string().trim().min(1, 'reason is required').max(200),
  })
  .strict();
export const AuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    /** Entries with a sequence number below this one (for paging back). */
    before: z.coerce.number().int().positive().optional(),
    actor: z.string().optional(),
  })
  .strict();

// ---- Wire shapes (what the exchange answers), declared once: the UI, the Trading API and its OpenAPI
// document use these schemas, and each type is derived from its schema ----

export const UsdBalanceSchema = z.object({ total: Decimal, available: Decimal, locked: Decimal });
export type UsdBalanceView = z.output<typeof UsdBalanceSchema>;
export const UnitBalanceSchema = z.object({
  instrument_id: z.string(),
  symbol: z.string(),
  total: z.number(),
  available: z.number(),
  locked: z.number(),
});
export type UnitBalanceView = z.output<typeof UnitBalanceSchema>;
export const ParticipantSchema = z.object({
  participant_id: z.string(),
  name: z.string(),
  role: ParticipantRoleName,
  status: ParticipantStatus,
  created_at: Iso,
  balances: z.object({ usd: UsdBalanceSchema, units: z.array(UnitBalanceSchema) }),
});
export type ParticipantView = z.output<typeof ParticipantSchema>;

export const OrderSchema = z.object({
  order_id: z.string(),
  client_order_id: z.string().nullable(),
  participant_id: z.string(),
  market_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  side: Side,
  type: OrderType,
  status: OrderStatus,
  quantity: z.number(),
  filled_quantity: z.number(),
  remaining_quantity: z.number(),
  price: Decimal.nullable(),
  stop_price: Decimal.nullable().describe('Stop and stop-limit orders (status pending until triggered)'),
  average_price: Decimal.nullable(),
  fee: Decimal,
  time_in_force: TimeInForce,
  post_only: z.boolean(),
  self_trade_prevention: z.string(),
  closure_reason: z.string().nullable(),
  created_at: Iso,
  updated_at: Iso,
});
export type OrderView = z.output<typeof OrderSchema>;

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
export type TradeView = z.output<typeof TradeSchema>;

export const PlaceOrderResultSchema = z.object({
  order: OrderSchema,
  trades: z.array(TradeSchema),
  replayed: z
    .boolean()
    .optional()
    .describe('True on a retry with a client_order_id already used: the first order, nothing placed'),
});
export type PlaceOrderResult = z.output<typeof PlaceOrderResultSchema>;

const BookLevelSchema = z.object({ price: Decimal, quantity: z.number(), orders: z.number() });
export type BookLevelView = z.output<typeof BookLevelSchema>;
export const BookSchema = z.object({
  market_id: z.string(),
  symbol: z.string(),
  sequence: z.number().describe('The exchange sequence number this depth was read at'),
  halted: z.boolean(),
  bids: z.array(BookLevelSchema),
  asks: z.array(BookLevelSchema),
});
export type BookView = z.output<typeof BookSchema>;

export const MarketOverviewSchema = z.object({
  market_id: z.string(),
  symbol: z.string(),
  status: ListingStatus,
  halted: z.boolean(),
  best_bid: Decimal.nullable(),
  best_ask: Decimal.nullable(),
  spread: Decimal.nullable(),
  last_price: Decimal.nullable(),
  volume_24h: z.number(),
  open_orders: z.number(),
});
export type MarketOverviewView = z.output<typeof MarketOverviewSchema>;

/** How a market trades: shared by an instrument's `trading_parameters` and the market itself. */
const tradingParameters = {
  tick_size: Decimal,
  min_quantity: z.number(),
  max_quantity: z.number(),
  quantity_increment: z.number(),
  maker_fee_bps: z.number(),
  taker_fee_bps: z.number(),
};
export const MarketSchema = z.object({
  market_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  base_currency: z.string(),
  quote_currency: z.literal('USD'),
  status: ListingStatus,
  ...tradingParameters,
});
export type MarketView = z.output<typeof MarketSchema>;

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
  /** At least 15 days' notice. */
  upcoming_revision: z
    .object({ version: z.number().int(), effective_at: z.string(), specifications: SpecificationsSchema })
    .nullable()
    .describe('The next specification, published and not yet in effect'),
});
export type InstrumentView = z.output<typeof InstrumentSchema>;

export const UsdAdjustmentSchema = z.object({
  adjustment_id: z.string(),
  participant_id: z.string(),
  amount: Decimal,
  idempotency_key: z.string(),
  reason: z.string(),
  sequence: z.number(),
  balance_after: Decimal,
  created_at: Iso,
});
export type UsdAdjustmentView = z.output<typeof UsdAdjustmentSchema>;

export const AuditEntrySchema = z.object({
  sequence: z.number(),
  time: Iso,
  actor: z.string(),
  actor_name: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.output<typeof AuditEntrySchema>;

export const SystemInfoSchema = z.object({
  version: z.string(),
  api_url: z
    .string()
    .nullable()
    .describe(
      "Where programs reach this exchange's HTTP APIs (the Trading API under /v1), or null before it listens",
    ),
  database_path: z
    .string()
    .nullable()
    .describe("Where the data lives: the operator's to know (null for a participant's connection)"),
  operator_id: z.string(),
  last_sequence: z
    .number()
    .describe('The last command stored (commands executed but still committing are not counted)'),
  storage_failure: z
    .object({ message: z.string(), at: Iso, durable_sequence: z.number() })
    .nullable()
    .describe(
      'Set once a commit failed: the exchange refuses every command and serves the state at durable_sequence',
    ),
});
export type SystemInfo = z.output<typeof SystemInfoSchema>;

/** The authenticated caller of a request. */
export const PrincipalSchema = z.object({
  participant_id: z.string(),
  role: ParticipantRoleName,
  may_act_as_anyone: z
    .boolean()
    .describe("The desktop's own sandbox and the operator token: may act as any participant"),
});
export type Principal = z.output<typeof PrincipalSchema>;
export const InvariantsReportSchema = z.object({
  ok: z.boolean(),
  problems: z.array(z.string()),
  sequence: z.number(),
});
export const CancelledSchema = z.object({ cancelled: z.number() });

// ---- Requests ----

const byParticipant = z.object({ participant_id: ParticipantId }).strict();
const byMarket = z.object({ market_id: MarketId }).strict();
const operatorRead = { access: 'operator', retry: 'idempotent' } as const;
const publicRead = { access: 'anonymous', retry: 'idempotent' } as const;
const ownRead = { access: 'participant', actsFor: SELF_OR_OPERATOR, retry: 'idempotent' } as const;
const ownOrder = { access: 'participant', actsFor: SELF } as const;
/** A participant named in an admin path: a malformed id is a participant that does not exist. */
const adminParticipant = (method: AdminRoute['method'], suffix: string, summary: string, status?: 201) =>
  [
    {
      method,
      path: `/participants/:id${suffix}`,
      id: 'participant_id',
      summary,
      badPathIsNotFound: true,
      ...(status && { status }),
    },
  ] as const;

export const requests = {
  'system.info': { args: none, result: SystemInfoSchema, access: 'participant', retry: 'idempotent' },
  /** Who this connection acts as (the desktop's sandbox: the operator, acting as anyone). */
  'session.principal': {
    args: none,
    result: PrincipalSchema,
    access: 'participant',
    retry: 'idempotent',
  },
  'instruments.list': { args: none, result: z.array(InstrumentSchema), ...publicRead },
  'markets.list': { args: none, result: z.array(MarketSchema), ...publicRead },
  'participants.list': {
    args: none,
    result: z.array(ParticipantSchema),
    ...operatorRead,
    admin: [{ method: 'get', path: '/participants', summary: 'Every participant with balances' }],
  },
  'participants.get': {
    args: byParticipant,
    result: ParticipantSchema,
    ...ownRead,
    admin: adminParticipant('get', '', 'One participant with balances'),
  },
  'participants.create': {
    args: CreateParticipantBody,
    result: ParticipantSchema,
    access: 'operator',
    retry: 'not-idempotent',
    admin: [{ method: 'post', path: '/participants', summary: 'Create a participant', status: 201 }],
  },
  'participants.suspend': {
    args: byParticipant,
    /** With the live orders the suspension cancelled (closure `suspended`), holds released. */
    result: ParticipantSchema.extend({ cancelled_orders: z.array(OrderSchema) }),
    access: 'operator',
    retry: 'not-idempotent',
    admin: adminParticipant('post', '/suspend', 'Suspend a participant (cancels its orders)'),
  },
  'participants.resume': {
    args: byParticipant,
    result: ParticipantSchema,
    access: 'operator',
    retry: 'not-idempotent',
    admin: adminParticipant('post', '/resume', 'Resume a suspended participant'),
  },
  'participants.adjustUsd': {
    args: UsdAdjustmentBody.extend({ participant_id: ParticipantId }).strict(),
    result: UsdAdjustmentSchema,
    access: 'operator',
    retry: 'idempotent-by-key',
    admin: adminParticipant('post', '/usd-adjustments', 'Credit or debit USD (idempotent by key)', 201),
  },
  'audit.list': {
    args: AuditQuery,
    result: z.array(AuditEntrySchema),
    ...operatorRead,
    admin: [{ method: 'get', path: '/audit', summary: 'The audit log, newest first' }],
  },

  // Markets and trading: a participant acts as itself; the desktop's sandbox may act as anyone.
  'markets.overview': { args: none, result: z.array(MarketOverviewSchema), ...publicRead },
  'markets.book': {
    args: z.object({ market_id: MarketId, depth: z.number().int().min(1).max(100).default(20) }).strict(),
    result: BookSchema,
    ...publicRead,
  },
  'markets.halt': {
    args: byMarket,
    result: MarketOverviewSchema,
    access: 'operator',
    retry: 'not-idempotent',
  },
  'markets.resume': {
    args: byMarket,
    result: MarketOverviewSchema,
    access: 'operator',
    retry: 'not-idempotent',
  },
  'orders.place': {
    args: PlaceOrderFields.extend({ participant_id: ParticipantId })
      .strict()
      .refine(limitHasPrice, priceRule),
    result: PlaceOrderResultSchema,
    ...ownOrder,
    retry: 'idempotent-by-key',
  },
  'orders.amend': {
    args: AmendOrderFields.extend({ participant_id: ParticipantId, order_id: OrderId })
      .strict()
      .refine(amendsSomething, amendRule),
    result: PlaceOrderResultSchema,
    ...ownOrder,
    retry: 'not-idempotent',
  },
  'orders.cancel': {
    args: z.object({ participant_id: ParticipantId, order_id: OrderId }).strict(),
    result: OrderSchema,
    ...ownOrder,
    retry: 'not-idempotent',
  },
  /** A repeat finds nothing more to cancel. */
  'orders.cancelAll': {
    args: z.object({ participant_id: ParticipantId, market_id: MarketId.optional() }).strict(),
    result: CancelledSchema,
    ...ownOrder,
    retry: 'idempotent',
  },
  'orders.list': {
    args: z
      .object({
        participant_id: ParticipantId,
        status: z.enum(['open', 'closed', 'all']).default('all'),
        market_id: MarketId.optional(),
        limit: ListLimit,
      })
      .strict(),
    result: z.array(OrderSchema),
    ...ownRead,
  },
  'trades.list': {
    args: z
      .object({ participant_id: ParticipantId, market_id: MarketId.optional(), limit: ListLimit })
      .strict(),
    result: z.array(TradeSchema),
    ...ownRead,
  },
  'exchange.invariants': {
    args: none,
    result: InvariantsReportSchema,
    ...operatorRead,
  },
  ...apiKeyRequests,
  ...marketDataRequests,
  ...lifecycleRequests,
  ...supplyRequests,
  ...consumptionRequests,
  ...rosterRequests,
  ...backupRequests,
} as const satisfies Record<string, Operation>;

export type RequestName = keyof typeof requests;
export type RequestArgs<N extends RequestName> = z.input<(typeof requests)[N]['args']>;
export type ParsedArgs<N extends RequestName> = z.output<(typeof requests)[N]['args']>;
export type RequestResult<N extends RequestName> = z.output<(typeof requests)[N]['result']>;

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

// ---- Pushed events ----

export const EventSchemas = {
  /** A batch of commands was committed; `sequence` is the last one. Views refresh on it. */
  'exchange.committed': z.object({ sequence: z.number() }),
};
export type Events = { [N in keyof typeof EventSchemas]: z.output<(typeof EventSchemas)[N]> };
export type EventName = keyof Events;
export interface PushedEvent<N extends EventName = EventName> {
  event: N;
  payload: Events[N];
}

// ---- Who a connection acts as ----

export type { Access, ActsFor, AdminRoute, Operation, Retry } from './contract-kit';

/**
 * The first message on the UI socket (`/v1/ui`): the operator token, or a participant's Ed25519
 * signature of `timestamp + "GET" + "/v1/ui"` made with a registered signing key.
 */
export const UiAuthMessage = z.union([
  z.object({ op: z.literal('auth'), token: z.string().min(1).max(1024) }).strict(),
  z
    .object({
      op: z.literal('auth'),
      /** base64 SHA-256 of the raw public key, no padding. */
      fingerprint: z.string().min(1).max(100),
      /** Unix seconds, within 30 s of the exchange's clock. */
      timestamp: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().min(0)]),
      signature: z.string().min(1).max(200),
    })
    .strict(),
]);
export type UiAuthMessage = z.infer<typeof UiAuthMessage>;
/** The exchange's answer to a successful `auth` (a refusal closes the socket with 4401). */
export const UiAuthenticatedSchema = PrincipalSchema.extend({ op: z.literal('authenticated') });
export type UiAuthenticated = z.output<typeof UiAuthenticatedSchema>;

/** A failed request, as every transport delivers it. */
export const ContractErrorSchema = z.object({
  status: z.number(),
  detail: z.string(),
  /** The engine's numbered rejection code, where the engine refused the command. */
  code: z.number().optional(),
});
export type ContractError = z.output<typeof ContractErrorSchema>;

/** What the preload exposes on `window.gridDesk` (Electron) and what the WebSocket transport mimics. */
/** What every transport delivers for a request: the result, or the error as a value (Electron's
 * contextBridge strips custom fields from thrown errors, so errors never travel as exceptions). */
export type Reply = { ok: true; result: unknown } | { ok: false; error: ContractError };

export interface Transport {
  invoke(name: RequestName, args: unknown): Promise<Reply>;
  subscribe(listener: (event: PushedEvent) => void): () => void;
}
