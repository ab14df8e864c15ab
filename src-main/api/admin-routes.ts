import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  requests,
  type AdminRoute,
  type Operation,
  type RequestName,
  type RequestResult,
} from '../../src-preload/contract';
import { CallSchema } from '../../src-preload/contract-consumption';
import { ExchangeError } from '../service/errors';
import type { Operations } from '../service/operations';
import { usageCsv } from '../service/usage';
import { contractDispatcher, operatorPrincipal } from './contract-handlers';
import { readJson, requestText } from './http-utils';
import { operatorAuth } from './operator-auth';
import { refuseUnknownQuery } from './strict-query';
import { parseOrThrow } from './validation';

/** One admin route with the operation it serves. */
export interface AdminEndpoint {
  name: RequestName;
  operation: Operation;
  route: AdminRoute;
  /** Path segments after `:`, each with the argument it carries. */
  params: { segment: string; arg: string }[];
}

/**
 * Every admin route the declarations carry. Fewer path parameters first, so a literal segment
 * (`/roster-entries/:id/probes`) is matched before a parameter in its place (`/:id/:action`).
 */
export function adminEndpoints(): AdminEndpoint[] {
  const all = (Object.entries(requests) as [RequestName, Operation][]).flatMap(([name, operation]) =>
    (operation.admin ?? []).map((route) => ({
      name,
      operation,
      route,
      params: [...route.path.matchAll(/:([A-Za-z_]+)/g)].map(([, segment]) => ({
        segment: segment!,
        arg: segment === 'id' ? route.id! : segment!,
      })),
    })),
  );
  return all.sort((a, b) => a.params.length - b.params.length);
}

/** The object schema of an operation's arguments (every admin operation takes an object). */
export function argsShape(operation: Operation): Record<string, z.ZodType> {
  if (!(operation.args instanceof z.ZodObject)) throw new Error('an admin route needs object arguments');
  return operation.args.shape as Record<string, z.ZodType>;
}

/** Whether the operation needs arguments besides those in the path: then the request must carry a body. */
function needsBody(endpoint: AdminEndpoint): boolean {
  const inPath = new Set(endpoint.params.map((p) => p.arg));
  return Object.entries(argsShape(endpoint.operation)).some(
    ([key, schema]) => !inPath.has(key) && !schema.safeParse(undefined).success,
  );
}

/** The path's arguments, each validated before the rest (a malformed id answers as the route declares). */
function pathArgs(c: Context, endpoint: AdminEndpoint): Record<string, string> {
  const shape = argsShape(endpoint.operation);
  const args: Record<string, string> = {};
  for (const { segment, arg } of endpoint.params) {
    const raw = c.req.param(segment) ?? '';
    if (endpoint.route.badPathIsNotFound && !shape[arg]!.safeParse(raw).success) {
      throw new ExchangeError(404, `${arg.replace(/_id$/, '').replace(/_/g, ' ')} ${raw} not found`);
    }
    args[arg] = raw;
  }
  parseOrThrow(z.object(Object.fromEntries(endpoint.params.map(({ arg }) => [arg, shape[arg]!]))), args);
  return args;
}

/** The query (GET) or JSON body (otherwise) of the request; a path argument may not be given again in it. */
async function requestArgs(c: Context, endpoint: AdminEndpoint): Promise<Record<string, unknown>> {
  let input: unknown = c.req.query();
  // A misspelled parameter is refused, not ignored; only a GET takes its arguments from the query.
  const get = endpoint.route.method === 'get';
  refuseUnknownQuery(c.req.query(), get ? Object.keys(argsShape(endpoint.operation)) : []);
  if (!get) {
    // requestText reads the body once, so readJson gets the same text again.
    const hasBody = needsBody(endpoint) || (await requestText(c)).trim() !== '';
    input = hasBody ? await readJson(c) : {};
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    // Let the schema say what it expected, as every other request is told.
    return parseOrThrow(endpoint.operation.args, input) as Record<string, unknown>;
  }
  for (const { arg } of endpoint.params) {
    if (Object.hasOwn(input, arg))
      throw new ExchangeError(400, `${arg} belongs in the path, not in the request`);
  }
  return input as Record<string, unknown>;
}

/** Answers other than `{"data": result}`, by the name a route declares. */
const PRESENTERS: Record<NonNullable<AdminRoute['present']>, (c: Context, result: unknown) => Response> = {
  'calls-page': (c, result) => {
    const page = result as RequestResult<'usage.list'>;
    return c.json({ data: z.array(CallSchema).parse(page.calls), next_before: page.next_before });
  },
  'calls-csv': (c, result) => {
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="grid-desk-calls.csv"');
    return c.body(usageCsv((result as RequestResult<'usage.list'>).calls));
  },
};

/**
 * The operator's HTTP API under /v1/admin, generated from the operations' declarations: each route
 * gathers its arguments from the path, the query (GET) or the JSON body, and runs the operation through
 * the same dispatcher as the UI (validation, authorization, errors) as the operator token's holder.
 */
export function adminRoutes(ops: Operations): Hono {
  const app = new Hono();
  const dispatch = contractDispatcher(ops);
  app.use('*', operatorAuth(ops));
  for (const endpoint of adminEndpoints()) {
    const { route } = endpoint;
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      const inPath = pathArgs(c, endpoint);
      const args = { ...route.defaults, ...(await requestArgs(c, endpoint)), ...inPath };
      const reply = await dispatch(endpoint.name, args, { principal: operatorPrincipal(ops) });
      if (!reply.ok) throw new ExchangeError(reply.error.status, reply.error.detail, reply.error.code);
      if (route.present) return PRESENTERS[route.present](c, reply.result);
      return c.json({ data: reply.result }, route.status ?? 200);
    });
  }
  return app;
}
