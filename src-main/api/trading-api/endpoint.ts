import type { z } from 'zod';
import type { Page } from './pagination';

/**
 * One Trading API endpoint, declared once: the router serves it and the OpenAPI document describes it
 * from the same declaration (path, schemas, statuses).
 */
export type Method = 'get' | 'post' | 'put' | 'delete';
export type Auth = 'signed' | 'public';

export interface EndpointInput<A extends Auth, Q, B> {
  /** The participant whose key signed the request (optional on public endpoints). */
  participantId: A extends 'signed' ? string : string | undefined;
  /** Path parameters, as they appear in the URL (each handler validates its own). */
  params: Record<string, string>;
  query: Q;
  body: B;
}

/** An answer with a status other than the endpoint's usual one (e.g. 200 for an idempotent retry). */
export class Reply<T> {
  constructor(
    readonly status: 200 | 201,
    readonly data: T,
  ) {}
}

export interface Endpoint {
  method: Method;
  /** Hono path under the mount point, e.g. `/orders/:id`. */
  path: string;
  summary: string;
  description?: string | undefined;
  tag: string;
  auth: Auth;
  /** Path parameter names and their descriptions. */
  params: Record<string, string>;
  query: z.ZodType | undefined;
  body: z.ZodType | undefined;
  /** The schema of `data` (of each item for lists); undefined for 204. */
  response: z.ZodType | undefined;
  kind: 'single' | 'list' | 'empty';
  status: 200 | 201 | 204;
  /** Error statuses besides the ones every endpoint may answer (400, 401, 429, 500). */
  errors: number[];
  handle(input: EndpointInput<Auth, unknown, unknown>): unknown;
}

type Maybe<T> = T | Promise<T>;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

interface Common<A extends Auth, Q extends z.ZodType | undefined, B extends z.ZodType | undefined> {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: A;
  params?: Record<string, string>;
  query?: Q;
  body?: B;
  errors?: number[];
}

type Handler<A extends Auth, Q, B, R> = (input: EndpointInput<A, Out<Q>, Out<B>>) => Maybe<R>;

/** An endpoint answering `{ "data": <one object> }`. */
export function single<
  A extends Auth,
  R extends z.ZodType,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  def: Common<A, Q, B> & {
    response: R;
    status?: 200 | 201;
    handle: Handler<A, Q, B, z.output<R> | Reply<z.output<R>>>;
  },
): Endpoint {
  return finish(def, 'single', def.status ?? 200);
}

/** An endpoint answering `{ "data": [...], "next_cursor", "prev_cursor" }`. */
export function list<
  A extends Auth,
  R extends z.ZodType,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(def: Common<A, Q, B> & { response: R; handle: Handler<A, Q, B, Page<z.output<R>>> }): Endpoint {
  return finish(def, 'list', 200);
}

/** An endpoint answering 204 with no body. */
export function empty<
  A extends Auth,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(def: Common<A, Q, B> & { handle: Handler<A, Q, B, void> }): Endpoint {
  return finish({ ...def, response: undefined }, 'empty', 204);
}

function finish(
  def: Common<Auth, z.ZodType | undefined, z.ZodType | undefined> & {
    response: z.ZodType | undefined;
    handle: unknown;
  },
  kind: Endpoint['kind'],
  status: Endpoint['status'],
): Endpoint {
  return {
    method: def.method,
    path: def.path,
    summary: def.summary,
    description: def.description,
    tag: def.tag,
    auth: def.auth,
    params: def.params ?? {},
    query: def.query,
    body: def.body,
    response: def.response,
    kind,
    status,
    errors: def.errors ?? [],
    handle: def.handle as Endpoint['handle'],
  };
}
