/** Building blocks shared by the contract's request modules: values, and the shape of a declaration. */
import { z } from 'zod';

/** A request without arguments. */
export const none = z.object({}).strict();
/** Marks a request's result type (the value is never used at run time). */
export const returns = <T>() => undefined as unknown as T;

export const ParticipantId = z.string().regex(/^participant_[0-9a-f-]{36}$/, 'not a participant id');

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
 * One operation, declared once: its arguments (validated before anything runs), its result type, who
 * may call it, whom it acts for, what a retry does, and the admin HTTP routes that serve it. The IPC
 * and WebSocket contract, the admin API and its OpenAPI document all derive from this.
 */
export interface Operation<A extends z.ZodType = z.ZodType, R = unknown> {
  args: A;
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
