import { z } from 'zod';
import { RegisterSigningKeyBody } from '../../../src-preload/contract-api-keys';
import { APP_VERSION } from '../../service/operations';
import { ErrorBodySchema } from '../error-body';
import { adminPaths } from './admin-openapi';
import type { Endpoint } from './endpoint';
import { PublicAmendOrderBody, PublicPlaceOrderBody } from './public-orders';
import {
  PublicBookSchema as BookSchema,
  PublicInstrumentSchema as InstrumentSchema,
  PublicMarketSchema as MarketSchema,
  PublicMarketTradeSchema as PublicTradeSchema,
  PublicOrderSchema as OrderSchema,
  PublicTickerSchema as TickerSchema,
  PublicTradeFillSchema as TradeSchema,
} from './public-shapes';
import {
  AccountsSchema,
  CandleSchema,
  ConsumptionAccountSchema,
  CurrencyAccountSchema,
  MarketStatsSchema,
  PositionSchema,
  ReferencePriceSchema,
  TradingAccountSchema,
} from './schemas';

/**
 * The OpenAPI 3.1 document of the Trading API, generated from the endpoints' own declarations and
 * zod schemas (so it lists exactly what the router serves).
 */

/** Schemas shown once under components and referenced by name. */
const NAMED: [z.ZodType, string][] = [
  [InstrumentSchema, 'Instrument'],
  [MarketSchema, 'Market'],
  [BookSchema, 'OrderBook'],
  [OrderSchema, 'Order'],
  [TradeSchema, 'Trade'],
  [AccountsSchema, 'Accounts'],
  [CurrencyAccountSchema, 'CurrencyAccount'],
  [TradingAccountSchema, 'TradingAccount'],
  [ConsumptionAccountSchema, 'ConsumptionAccount'],
  [PositionSchema, 'Position'],
  [TickerSchema, 'Ticker'],
  [MarketStatsSchema, 'MarketStats'],
  [PublicTradeSchema, 'PublicTrade'],
  [CandleSchema, 'Candle'],
  [ReferencePriceSchema, 'ReferencePrice'],
  [PublicPlaceOrderBody, 'PlaceOrderBody'],
  [PublicAmendOrderBody, 'AmendOrderBody'],
  [RegisterSigningKeyBody, 'RegisterSigningKeyBody'],
];

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function schemaOrRef(schema: z.ZodType, io: 'input' | 'output'): Json {
  const name = NAMED.find(([named]) => named === schema)?.[1];
  return name ? { $ref: `#/components/schemas/${name}` } : jsonSchema(schema, io);
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (body or parameters of the wrong type)',
  401: 'Missing or bad signature, stale timestamp, unknown or revoked key, or suspended participant',
  403: 'The participant may not do this (e.g. the operator does not trade)',
  404: 'Unknown instrument, market, order or trade',
  409: 'Conflicts with the current state (e.g. market halted)',
  422: 'Well-formed but invalid value',
  429: 'Rate limit exceeded; retry after Retry-After seconds',
  500: 'Transient failure',
};

const RATE_HEADERS = {
  'x-request-id': {
    description: 'Request id (echoed when the client sends one)',
    schema: { type: 'string' },
  },
  'x-ratelimit-limit': { description: 'Requests allowed per window', schema: { type: 'integer' } },
  'x-ratelimit-remaining': { description: 'Requests left now', schema: { type: 'integer' } },
  'x-ratelimit-reset': {
    description: 'Seconds until the allowance is full again',
    schema: { type: 'integer' },
  },
};

const errorResponse = (status: number) => ({
  description: ERROR_DESCRIPTIONS[status] ?? 'Error',
  headers:
    status === 429
      ? { ...RATE_HEADERS, 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } }
      : RATE_HEADERS,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const SIGNED = [{ signature: [], timestamp: [], fingerprint: [] }];

function parameters(endpoint: Endpoint): Json[] {
  const path = Object.entries(endpoint.params).map(([name, description]) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string' },
  }));
  if (!endpoint.query) return path;
  const query = jsonSchema(endpoint.query, 'input') as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return [
    ...path,
    ...Object.entries(query.properties ?? {}).map(([name, schema]) => {
      const { description, ...rest } = schema;
      return {
        name,
        in: 'query',
        required: query.required?.includes(name) ?? false,
        ...(description !== undefined && { description }),
        schema: rest,
      };
    }),
  ];
}

function successResponse(endpoint: Endpoint): Json {
  if (endpoint.kind === 'empty' || !endpoint.response) return { description: 'Done', headers: RATE_HEADERS };
  const item = schemaOrRef(endpoint.response, 'output');
  const body =
    endpoint.kind === 'list'
      ? {
          type: 'object',
          properties: {
            data: { type: 'array', items: item },
            next_cursor: { type: ['string', 'null'], description: 'Pass as `next` for the following page' },
            prev_cursor: { type: ['string', 'null'], description: 'Pass as `prev` for the preceding page' },
          },
          required: ['data', 'next_cursor', 'prev_cursor'],
        }
      : { type: 'object', properties: { data: item }, required: ['data'] };
  return { description: 'OK', headers: RATE_HEADERS, content: { 'application/json': { schema: body } } };
}

/** A create that a retry with the same client_order_id or idempotency_key answers 200 with the first result. */
function replays(endpoint: Endpoint): boolean {
  return (
    endpoint.status === 201 &&
    endpoint.body instanceof z.ZodObject &&
    ('client_order_id' in endpoint.body.shape || 'idempotency_key' in endpoint.body.shape)
  );
}

const REPLAYED = {
  description:
    'A retry with a client_order_id or idempotency_key already used: the first result, nothing done',
  headers: RATE_HEADERS,
};

function operation(endpoint: Endpoint): Json {
  // A query or body is validated before anything runs: a well-formed but invalid value is a 422.
  const validated = endpoint.query || endpoint.body ? [422] : [];
  const errors = [...new Set([400, 401, 429, 500, ...validated, ...endpoint.errors])].sort((a, b) => a - b);
  return {
    operationId: `${endpoint.method}${endpoint.path.replace(/\/:?([a-z-_]+)/g, (_, part: string) =>
      part.replace(/(^|[-_])([a-z])/g, (_m, _sep, letter: string) => letter.toUpperCase()),
    )}`,
    summary: endpoint.summary,
    ...(endpoint.description && { description: endpoint.description }),
    tags: [endpoint.tag],
    // Public endpoints take a signature too (then the key's rate limit applies), but need none.
    security: endpoint.auth === 'signed' ? SIGNED : [{}, ...SIGNED],
    parameters: parameters(endpoint),
    ...(endpoint.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: schemaOrRef(endpoint.body, 'input') } },
      },
    }),
    responses: {
      [endpoint.status]: successResponse(endpoint),
      ...(replays(endpoint) && { 200: { ...successResponse(endpoint), ...REPLAYED } }),
      ...Object.fromEntries(errors.map((status) => [status, errorResponse(status)])),
    },
  };
}

export function openApiDocument(endpoints: readonly Endpoint[]): Json {
  const paths: Record<string, Json> = {};
  for (const endpoint of endpoints) {
    const path = endpoint.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    paths[path] = { ...paths[path], [endpoint.method]: operation(endpoint) };
  }
  paths['/openapi.json'] = {
    get: {
      operationId: 'getOpenapiJson',
      summary: 'This document',
      tags: ['Meta'],
      security: [{}],
      responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': {} } } },
    },
  };
  Object.assign(paths, adminPaths(schemaOrRef));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Grid Desk Trading API',
      version: APP_VERSION,
      description:
        'REST under /v1 (also served under /v1/trading). Envelope `{"data": ...}`; errors `{"errors": {"detail": "..."}}`. ' +
        'Signed requests carry x-thegrid-signature (base64 Ed25519 signature of `timestamp + METHOD + path + body`, ' +
        'path exactly as requested, with its query string to sign that too, or without it), x-thegrid-timestamp ' +
        '(Unix seconds, within 30 s) and x-thegrid-fingerprint (unpadded base64 SHA-256 of the raw 32-byte public ' +
        'key). A signature is accepted once (a repeated write is 401); unknown query parameters are 400.',
    },
    servers: [{ url: '/v1' }, { url: '/v1/trading' }],
    paths,
    components: {
      securitySchemes: {
        signature: {
          type: 'apiKey',
          in: 'header',
          name: 'x-thegrid-signature',
          description: 'base64 Ed25519 signature of timestamp + METHOD + path + body',
        },
        timestamp: {
          type: 'apiKey',
          in: 'header',
          name: 'x-thegrid-timestamp',
          description: 'Unix seconds, within 30 s of the exchange clock',
        },
        fingerprint: {
          type: 'apiKey',
          in: 'header',
          name: 'x-thegrid-fingerprint',
          description: 'base64 SHA-256 of the raw public key, padding stripped',
        },
        operator: { type: 'http', scheme: 'bearer', description: 'The operator token' },
      },
      schemas: {
        Error: jsonSchema(ErrorBodySchema, 'output'),
        ...Object.fromEntries(
          NAMED.map(([schema, name]) => [
            name,
            jsonSchema(schema, name.endsWith('Body') ? 'input' : 'output'),
          ]),
        ),
      },
    },
  };
}
