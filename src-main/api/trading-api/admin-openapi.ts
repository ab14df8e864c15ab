import { z } from 'zod';
import { CallSchema } from '../../../src-preload/contract-consumption';
import { adminEndpoints, argsShape, type AdminEndpoint } from '../admin-routes';

/**
 * The admin half of the OpenAPI document, generated from the operations' declarations exactly as the
 * admin routes are (`admin-routes.ts`): path, method, parameters, body, the answer's schema, statuses.
 */

type Json = Record<string, unknown>;

/** How the document writes a schema (by reference where it names one). */
export type DescribeSchema = (schema: z.ZodType, io: 'input' | 'output') => Json;

const ADMIN_ERRORS: Record<number, string> = {
  400: 'Malformed request: not JSON, unknown fields, wrong types',
  401: 'Missing or wrong Authorization: Bearer <operator token>',
  403: 'Refused by a rule of the exchange (e.g. a suspended participant)',
  404: 'Unknown participant, instrument, entry or other resource named',
  409: 'Conflicts with the current state (e.g. an idempotency key reused with different content)',
  422: 'Well-formed but invalid value',
  500: 'Transient failure',
};

const errorResponse = (status: number) => ({
  description: ADMIN_ERRORS[status],
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** The statuses a route can answer besides its success, from what its declaration says it takes and does. */
function errorStatuses(endpoint: AdminEndpoint): number[] {
  const keys = Object.keys(argsShape(endpoint.operation));
  const writes = endpoint.operation.retry !== 'idempotent';
  // A malformed id in the path is a 404 on routes that say so; any other argument may be a 422.
  const inPath = new Set(endpoint.route.badPathIsNotFound ? endpoint.params.map((p) => p.arg) : []);
  const validated = keys.some((key) => !inPath.has(key));
  return [
    400,
    401,
    ...(writes ? [403, 409] : []),
    ...(endpoint.params.length > 0 || keys.some((key) => key.endsWith('_id')) ? [404] : []),
    ...(validated ? [422] : []),
    500,
  ].sort((a, b) => a - b);
}

function parameters(endpoint: AdminEndpoint, describe: DescribeSchema): Json[] {
  const shape = argsShape(endpoint.operation);
  const inPath = endpoint.params.map(({ segment, arg }) => ({
    name: segment,
    in: 'path',
    required: true,
    description: arg,
    schema: describe(shape[arg]!, 'input'),
  }));
  if (endpoint.route.method !== 'get') return inPath;
  const taken = new Set(endpoint.params.map((p) => p.arg));
  const query = Object.entries(shape)
    .filter(([key]) => !taken.has(key) && !(key in (endpoint.route.defaults ?? {})))
    .map(([name, schema]) => ({
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      schema: describe(schema, 'input'),
    }));
  return [...inPath, ...query];
}

function requestBody(endpoint: AdminEndpoint, describe: DescribeSchema): Json | undefined {
  if (endpoint.route.method === 'get') return undefined;
  const taken = new Set(endpoint.params.map((p) => p.arg));
  const rest = Object.entries(argsShape(endpoint.operation)).filter(([key]) => !taken.has(key));
  if (rest.length === 0) return undefined;
  // Without path arguments the declared schema is the body itself (its refinements included).
  const schema = taken.size === 0 ? endpoint.operation.args : z.object(Object.fromEntries(rest)).strict();
  return {
    required: rest.some(([, field]) => !field.safeParse(undefined).success),
    content: { 'application/json': { schema: describe(schema, 'input') } },
  };
}

function success(endpoint: AdminEndpoint, describe: DescribeSchema): Json {
  const { present } = endpoint.route;
  if (present === 'calls-csv') {
    return { description: 'CSV, one call a line', content: { 'text/csv': { schema: { type: 'string' } } } };
  }
  // The declared result schema, or what the page presenter writes in its place.
  const data = present === 'calls-page' ? z.array(CallSchema) : endpoint.operation.result;
  const properties: Json = { data: describe(data, 'output') };
  if (present === 'calls-page') properties.next_before = { type: ['integer', 'null'] };
  return {
    description: endpoint.route.summary,
    content: {
      'application/json': { schema: { type: 'object', properties, required: Object.keys(properties) } },
    },
  };
}

/** Every admin path (under `/admin`, served from /v1 only), keyed as OpenAPI writes paths. */
export function adminPaths(describe: DescribeSchema): Record<string, Json> {
  const paths: Record<string, Json> = {};
  for (const endpoint of adminEndpoints()) {
    const { route, operation, name } = endpoint;
    const path = `/admin${route.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`;
    const body = requestBody(endpoint, describe);
    paths[path] = {
      servers: [{ url: '/v1' }],
      ...paths[path],
      [route.method]: {
        operationId: `${route.method}Admin${pascal(route.path)}`,
        summary: route.summary,
        description: `The contract request \`${name}\` (retry: ${operation.retry}).`,
        tags: ['Admin'],
        security: [{ operator: [] }],
        parameters: parameters(endpoint, describe),
        ...(body && { requestBody: body }),
        responses: {
          [route.status ?? 200]: success(endpoint, describe),
          ...Object.fromEntries(errorStatuses(endpoint).map((status) => [status, errorResponse(status)])),
        },
      },
    };
  }
  return paths;
}
