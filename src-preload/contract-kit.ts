/** Building blocks shared by the contract's request modules: values, and the shape of a declaration. */
import { z } from 'zod';
import { idPattern, type IdKind } from '../src-shared/ids';

/** A request without arguments. */
export const none = z.object({}).strict();

/** An exchange id of one kind, in the one format the service mints (`src-shared/ids.ts`). */
const anId = (kind: IdKind, what: string) => z.string().regex(idPattern(kind), `not ${what} id`);
export const ParticipantId = anId('participant', 'a participant');
export const InstrumentId = anId('instrument', 'an instrument');
export const MarketId = anId('market', 'a market');
export const OrderId = anId('order', 'an order');
export const ConsumptionKeyId = anId('consumptionKey', 'a consumption key');
export const EndpointId = anId('endpoint', 'a model endpoint');
export const RosterEntryId = anId('rosterEntry', 'a roster entry');

/** A price in USD per Unit as the forms and the APIs take it. */
export const Price = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,6})?$/, 'price must be a decimal string in USD per Unit, e.g. "2.500"');

// ---- Wire values: the pieces the answers' schemas are made of ----

/** Money and prices travel as exact decimal strings, never floats. */
export const Decimal = z.string().describe('decimal string');
export const Iso = z.string().describe('ISO 8601 time');
export const Side = z.enum(['buy', 'sell']);
export type Side = z.output<typeof Side>;
export const ListingStatus = z.enum(['live', 'preview']);
export const InstrumentType = z.enum(['text', 'code', 'agent']);
export const ParticipantRoleName = z.enum(['operator', 'consumer', 'supplier']);
export const ParticipantStatus = z.enum(['active', 'suspended']);
/** `pending`: a stop order waiting for the last trade price to reach its stop price. */
export const OrderStatus = z.enum([
  'open',
  'partially_filled',
  'filled',
  'cancelled',
  'rejected',
  'expired',
  'pending',
]);
export type OrderStatus = z.output<typeof OrderStatus>;
export const OrderType = z.enum(['limit', 'market']);
/** The order types a client names (the public exchange's, and the ticket's): a stop (stop-limit) is a market (limit) order with a stop_price. */
export const OrderTypeWithStops = z.enum([...OrderType.options, 'stop', 'stop_limit']);
export type OrderTypeWithStops = z.output<typeof OrderTypeWithStops>;
export const TimeInForce = z.enum(['gtc', 'ioc', 'fok']);
export type TimeInForce = z.output<typeof TimeInForce>;
export const SelfTradePrevention = z.enum([
  'cancel_taker',
  'cancel_maker',
  'cancel_both',
  'decrement_and_cancel',
]);
export type SelfTradePrevention = z.output<typeof SelfTradePrevention>;
/** Set on an answer that repeats the first result of a retry with a key already used (nothing done again). */
export const REPLAYED_NOTE =
  'Present on a retry with an idempotency_key already used: the first result, nothing done';

/** Who may call an operation: anyone, any participant (the operator included), one role, or the operator. */
export type Access = 'anonymous' | 'participant' | 'consumer' | 'supplier' | 'operator';

/**
 * What a retry does: `idempotent` changes nothing (a read, or a repeat that finds the work done);
 * `idempotent-by-key` answers the first result again for the same key (client_order_id,
 * idempotency_key); `not-idempotent` acts again or is refused as a conflict.
 */
export type Retry = 'idempotent' | 'idempotent-by-key' | 'not-idempotent';

/** How an operation names the participant it acts for. A caller acts only as itself, except as allowed here. */
export interface ActsFor {
  /** The arguments that name that participant (default `participant_id`); each one given must be the caller. */
  by?: readonly string[];
  /** Without any of them it acts across the whole exchange, which only the operator may. */
  exchangeWide?: boolean;
  /** The operator may name another participant; what it does is recorded as the operator's. */
  operatorForOthers?: boolean;
}

/** An admin HTTP route (`/v1/admin` + path) that serves an operation with the operator's token. */
export interface AdminRoute {
  method: 'get' | 'post' | 'put';
  /** Hono path; a `:name` segment is the argument of that name, `:id` the one named by `id`. */
  path: string;
  /** The argument an `:id` segment carries, e.g. `participant_id`. */
  id?: string;
  summary: string;
  /** The success status (200 unless given). */
  status?: 200 | 201 | 202;
  /** A malformed id in the path answers 404 (that resource does not exist) rather than 422. */
  badPathIsNotFound?: boolean;
  /** Arguments fixed by the route where the request gives none. */
  defaults?: Readonly<Record<string, unknown>>;
  /** A body other than `{"data": result}`, by name (the admin API knows how to write each). */
  present?: 'calls-page' | 'calls-csv';
}

/**
 * One operation, declared once: its arguments (validated before anything runs), its result schema, who
 * may call it, whom it acts for, what a retry does, and the admin HTTP routes that serve it. The IPC
 * and WebSocket contract, the admin API and its OpenAPI document all derive from this.
 */
export interface Operation<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  args: A;
  /** The schema of its answer (the wire shape, declared once; its type is the caller's result type). */
  result: R;
  access: Access;
  actsFor?: ActsFor;
  retry: Retry;
  admin?: readonly AdminRoute[];
}

/** Acts only for the participant it names. */
export const SELF: ActsFor = {};
/** Acts for the participant it names; the operator may name anyone. */
export const SELF_OR_OPERATOR: ActsFor = { operatorForOthers: true };
/** A participant's own records, or (operator, naming nobody) the whole exchange's. */
export const OWN_OR_ALL: ActsFor = { exchangeWide: true, operatorForOthers: true };
