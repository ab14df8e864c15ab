/**
 * The one contract between the exchange (main side) and the UI: every request's name, the zod schema of
 * its arguments and its result type, and every pushed event. Main validates each request against it
 * before running it; the preload forwards nothing else; the renderer calls it through one client,
 * over Electron IPC or a WebSocket, and cannot tell which.
 */
import { z } from 'zod';
import { apiKeyRequests } from './contract-api-keys';
import { backupRequests } from './contract-backups';
import {
  none,
  ParticipantId,
  returns,
  SELF,
  SELF_OR_OPERATOR,
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
  .regex(
    /^-?\d{1,15}(\.\d{1,6})?$/,
    'amount must be a decimal string with at most 6 decimal places, e.g. "100.00"',
  );
export { ParticipantId } from './contract-kit';
export const ParticipantRole = z.enum(['consumer', 'supplier']);

export const MarketId = z.string().regex(/^market_[0-9a-f-]{36}$/, 'not a market id');
export const InstrumentId = z.string().regex(/^instrument_[0-9a-f-]{36}$/, 'not an instrument id');
export const OrderId = z.string().regex(/^order_[0-9a-f-]{36}$/, 'not an order id');
export const Price = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,6})?$/, 'price must be a decimal string in USD per Unit, e.g. "2.500"');
const Quantity = z.number().int('quantity must be a whole number of Units').min(1).max(1_000_000);

const PlaceOrderFields = z
  .object({
    market_id: MarketId,
    side: z.enum(['buy', 'sell']),
    type: z.enum(['limit', 'market']),
    quantity: Quantity,
    price: Price.optional(),
    time_in_force: z.enum(['gtc', 'ioc', 'fok']).optional(),
    post_only: z.boolean().optional(),
    self_trade_prevention: z
      .enum(['cancel_taker', 'cancel_maker', 'cancel_both', 'decrement_and_cancel'])
      .optional(),
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

// ---- Wire shapes (what the exchange answers) ----

export interface UsdBalanceView {
  total: string;
  available: string;
  locked: string;
}
export interface UnitBalanceView {
  instrument_id: string;
  symbol: string;
  total: number;
  available: number;
  locked: number;
}
export interface ParticipantView {
  participant_id: string;
  name: string;
  role: 'operator' | 'consumer' | 'supplier';
  status: 'active' | 'suspended';
  created_at: string;
  balances: { usd: UsdBalanceView; units: UnitBalanceView[] };
}
export interface OrderView {
  order_id: string;
  client_order_id: string | null;
  participant_id: string;
  market_id: string;
  instrument_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  /** `pending`: a stop order waiting for the last trade price to reach its stop price. */
  status: 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'expired' | 'pending';
  quantity: number;
  filled_quantity: number;
  remaining_quantity: number;
  price: string | null;
  /** Set on stop (market) and stop-limit orders. */
  stop_price: string | null;
  average_price: string | null;
  fee: string;
  time_in_force: 'gtc' | 'ioc' | 'fok';
  post_only: boolean;
  self_trade_prevention: string;
  closure_reason: string | null;
  created_at: string;
  updated_at: string;
}
export interface TradeView {
  trade_id: string;
  sequence: number;
  market_id: string;
  symbol: string;
  price: string;
  quantity: number;
  total_value: string;
  /** This participant's fee on the trade (their side's). */
  fee: string;
  side: 'buy' | 'sell';
  liquidity: 'maker' | 'taker';
  order_id: string;
  maker_order_id: string;
  taker_order_id: string;
  execution_timestamp: string;
}
export interface PlaceOrderResult {
  order: OrderView;
  trades: TradeView[];
  /** True when this was a retry with a client_order_id already used: the first order, nothing placed. */
  replayed?: boolean;
}
export interface BookLevelView {
  price: string;
  quantity: number;
  orders: number;
}
export interface BookView {
  market_id: string;
  symbol: string;
  sequence: number;
  halted: boolean;
  bids: BookLevelView[];
  asks: BookLevelView[];
}
export interface MarketOverviewView {
  market_id: string;
  symbol: string;
  status: 'live' | 'preview';
  halted: boolean;
  best_bid: string | null;
  best_ask: string | null;
  spread: string | null;
  last_price: string | null;
  volume_24h: number;
  open_orders: number;
}
export interface MarketView {
  market_id: string;
  instrument_id: string;
  symbol: string;
  base_currency: string;
  quote_currency: 'USD';
  status: 'live' | 'preview';
  tick_size: string;
  min_quantity: number;
  max_quantity: number;
  quantity_increment: number;
  maker_fee_bps: number;
  taker_fee_bps: number;
}
export interface InstrumentView {
  instrument_id: string;
  symbol: string;
  name: string;
  instrument_type: 'text' | 'code' | 'agent';
  status: 'live' | 'preview';
  is_default: boolean;
  specifications: {
    quality_index: string;
    quality_floor: number | null;
    throughput_floor_tps: number | null;
    ttft_max_seconds: string;
    context_window_min_tokens: number;
    output_length_min_tokens: number;
    uptime_min_pct: number;
    error_rate_max_pct: number;
  };
  trading_parameters: {
    market_id: string;
    tick_size: string;
    min_quantity: number;
    max_quantity: number;
    quantity_increment: number;
    maker_fee_bps: number;
    taker_fee_bps: number;
  };
  unit: { tokens: number };
  /** The next specification, published and not yet in effect (at least 15 days' notice). */
  upcoming_revision: {
    version: number;
    effective_at: string;
    specifications: InstrumentView['specifications'];
  } | null;
}
export interface UsdAdjustmentView {
  adjustment_id: string;
  participant_id: string;
  amount: string;
  idempotency_key: string;
  reason: string;
  sequence: number;
  balance_after: string;
  created_at: string;
}
export interface AuditEntryView {
  sequence: number;
  time: string;
  actor: string;
  actor_name: string;
  action: string;
  details: Record<string, unknown>;
}
export interface SystemInfo {
  version: string;
  /** Where programs reach this exchange's HTTP APIs (the Trading API under /v1), or null before it listens. */
  api_url: string | null;
  /** Where the data lives: the operator's to know (null for a participant's connection). */
  database_path: string | null;
  operator_id: string;
  /** The last command stored (commands executed but still committing are not counted). */
  last_sequence: number;
  /** Set once a commit failed: the exchange refuses every command and serves the state at `durable_sequence`. */
  storage_failure: { message: string; at: string; durable_sequence: number } | null;
}

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
  'system.info': { args: none, result: returns<SystemInfo>(), access: 'participant', retry: 'idempotent' },
  /** Who this connection acts as (the desktop's sandbox: the operator, acting as anyone). */
  'session.principal': {
    args: none,
    result: returns<Principal>(),
    access: 'participant',
    retry: 'idempotent',
  },
  'instruments.list': { args: none, result: returns<InstrumentView[]>(), ...publicRead },
  'markets.list': { args: none, result: returns<MarketView[]>(), ...publicRead },
  'participants.list': {
    args: none,
    result: returns<ParticipantView[]>(),
    ...operatorRead,
    admin: [{ method: 'get', path: '/participants', summary: 'Every participant with balances' }],
  },
  'participants.get': {
    args: byParticipant,
    result: returns<ParticipantView>(),
    ...ownRead,
    admin: adminParticipant('get', '', 'One participant with balances'),
  },
  'participants.create': {
    args: CreateParticipantBody,
    result: returns<ParticipantView>(),
    access: 'operator',
    retry: 'not-idempotent',
    admin: [{ method: 'post', path: '/participants', summary: 'Create a participant', status: 201 }],
  },
  'participants.suspend': {
    args: byParticipant,
    /** With the live orders the suspension cancelled (closure `suspended`), holds released. */
    result: returns<ParticipantView & { cancelled_orders: OrderView[] }>(),
    access: 'operator',
    retry: 'not-idempotent',
    admin: adminParticipant('post', '/suspend', 'Suspend a participant (cancels its orders)'),
  },
  'participants.resume': {
    args: byParticipant,
    result: returns<ParticipantView>(),
    access: 'operator',
    retry: 'not-idempotent',
    admin: adminParticipant('post', '/resume', 'Resume a suspended participant'),
  },
  'participants.adjustUsd': {
    args: UsdAdjustmentBody.extend({ participant_id: ParticipantId }).strict(),
    result: returns<UsdAdjustmentView>(),
    access: 'operator',
    retry: 'idempotent-by-key',
    admin: adminParticipant('post', '/usd-adjustments', 'Credit or debit USD (idempotent by key)', 201),
  },
  'audit.list': {
    args: AuditQuery,
    result: returns<AuditEntryView[]>(),
    ...operatorRead,
    admin: [{ method: 'get', path: '/audit', summary: 'The audit log, newest first' }],
  },

  // Markets and trading: a participant acts as itself; the desktop's sandbox may act as anyone.
  'markets.overview': { args: none, result: returns<MarketOverviewView[]>(), ...publicRead },
  'markets.book': {
    args: z.object({ market_id: MarketId, depth: z.number().int().min(1).max(100).default(20) }).strict(),
    result: returns<BookView>(),
    ...publicRead,
  },
  'markets.halt': {
    args: byMarket,
    result: returns<MarketOverviewView>(),
    access: 'operator',
    retry: 'not-idempotent',
  },
  'markets.resume': {
    args: byMarket,
    result: returns<MarketOverviewView>(),
    access: 'operator',
    retry: 'not-idempotent',
  },
  'orders.place': {
    args: PlaceOrderFields.extend({ participant_id: ParticipantId })
      .strict()
      .refine(limitHasPrice, priceRule),
    result: returns<PlaceOrderResult>(),
    ...ownOrder,
    retry: 'idempotent-by-key',
  },
  'orders.amend': {
    args: AmendOrderFields.extend({ participant_id: ParticipantId, order_id: OrderId })
      .strict()
      .refine(amendsSomething, amendRule),
    result: returns<PlaceOrderResult>(),
    ...ownOrder,
    retry: 'not-idempotent',
  },
  'orders.cancel': {
    args: z.object({ participant_id: ParticipantId, order_id: OrderId }).strict(),
    result: returns<OrderView>(),
    ...ownOrder,
    retry: 'not-idempotent',
  },
  /** A repeat finds nothing more to cancel. */
  'orders.cancelAll': {
    args: z.object({ participant_id: ParticipantId, market_id: MarketId.optional() }).strict(),
    result: returns<{ cancelled: number }>(),
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
    result: returns<OrderView[]>(),
    ...ownRead,
  },
  'trades.list': {
    args: z
      .object({ participant_id: ParticipantId, market_id: MarketId.optional(), limit: ListLimit })
      .strict(),
    result: returns<TradeView[]>(),
    ...ownRead,
  },
  'exchange.invariants': {
    args: none,
    result: returns<{ ok: boolean; problems: string[]; sequence: number }>(),
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
export type RequestResult<N extends RequestName> = (typeof requests)[N]['result'];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

// ---- Pushed events ----

export interface Events {
  /** A batch of commands was committed; `sequence` is the last one. Views refresh on it. */
  'exchange.committed': { sequence: number };
}
export type EventName = keyof Events;
export interface PushedEvent<N extends EventName = EventName> {
  event: N;
  payload: Events[N];
}

// ---- Who a connection acts as ----

export type { Access, ActsFor, AdminRoute, Operation, Retry } from './contract-kit';

/** The authenticated caller of a request. */
export interface Principal {
  participant_id: string;
  role: 'operator' | 'consumer' | 'supplier';
  /** The desktop's own sandbox and the operator token: may act as any participant. */
  may_act_as_anyone: boolean;
}

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
export type UiAuthenticated = { op: 'authenticated' } & Principal;

/** A failed request, as every transport delivers it. */
export interface ContractError {
  status: number;
  detail: string;
  /** The engine's numbered rejection code, where the engine refused the command. */
  code?: number;
}

/** What the preload exposes on `window.gridDesk` (Electron) and what the WebSocket transport mimics. */
/** What every transport delivers for a request: the result, or the error as a value (Electron's
 * contextBridge strips custom fields from thrown errors, so errors never travel as exceptions). */
export type Reply = { ok: true; result: unknown } | { ok: false; error: ContractError };

export interface Transport {
  invoke(name: RequestName, args: unknown): Promise<Reply>;
  subscribe(listener: (event: PushedEvent) => void): () => void;
}
