/**
 * The Consumption API in the contract: consumers' consumption keys, suppliers' model endpoints, and the
 * usage record of every call. Imported by `contract.ts` (so it imports only types from it, never values).
 */
import { z } from 'zod';
import {
  ConsumptionKeyId as KeyId,
  EndpointId,
  InstrumentId,
  Iso,
  OWN_OR_ALL,
  ParticipantId,
  SELF,
  SELF_OR_OPERATOR,
  type Operation,
} from './contract-kit';

export { ConsumptionKeyId as KeyId, EndpointId } from './contract-kit';
const UsdAmount = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, 'a USD amount as a decimal string with at most 6 places, e.g. "25.00"');
const PerMinute = z.number().int('a whole number per minute').min(1).max(1_000_000_000);
const IsoTime = z.iso.datetime({ offset: true, message: 'an ISO 8601 time, e.g. "2026-12-31T23:59:59Z"' });

export const CALL_OUTCOMES = ['billed', 'late', 'out_of_spec', 'failed', 'cancelled', 'interrupted'] as const;

/** The limits a key may carry; null removes one. */
const KeyLimitsFields = {
  expires_at: IsoTime.nullable().optional(),
  requests_per_minute: PerMinute.nullable().optional(),
  tokens_per_minute: PerMinute.nullable().optional(),
  /** USD the key may spend over its life, at the Lots' purchase prices. */
  spend_budget: UsdAmount.nullable().optional(),
};
/** `POST /v1/api-keys` (also accepted wrapped as `{"api_key": {...}}`) and `consumption.createKey`. */
export const CreateKeyBody = z
  .object({ name: z.string().trim().min(1, 'name the key').max(80), ...KeyLimitsFields })
  .strict();
/** `PUT /v1/api-keys/{id}`: rename, change limits, or `is_active: false` to revoke. */
export const UpdateKeyBody = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    is_active: z.boolean().optional(),
    ...KeyLimitsFields,
  })
  .strict();

export const SimulatedConfigBody = z
  .object({
    quality_score: z.number().min(0).max(100),
    ttft_ms: z.number().int().min(0).max(600_000),
    tokens_per_second: z.number().positive().max(1_000_000),
    context_window: z.number().int().min(1).max(100_000_000),
    max_output_tokens: z.number().int().min(1).max(100_000_000),
    failure_rate: z.number().min(0).max(1).default(0),
    jitter: z.number().min(0).max(1).default(0.1),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
  })
  .strict();
export const UpstreamConfigBody = z
  .object({
    base_url: z.url({ protocol: /^https?$/, message: 'an http(s) URL, e.g. "http://127.0.0.1:8000/v1"' }),
    model: z.string().trim().min(1, 'the model name the upstream expects').max(200),
    /** Kept encrypted at rest and never shown again. */
    api_key: z.string().min(1).max(4096).optional(),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name'), z.string().max(4096))
      .optional(),
    timeout_ms: z.number().int().min(1000).max(3_600_000).default(120_000),
  })
  .strict();
const EndpointCommon = {
  instrument_id: InstrumentId,
  name: z.string().trim().min(1, 'name the endpoint').max(80),
  /** Sustained tokens per second it can serve: counts against the supplier's capacity, bounds concurrency. */
  tokens_per_second: z.number().int('a whole number of tokens per second').min(1).max(1_000_000_000),
};
export const EndpointBody = z.discriminatedUnion('kind', [
  z.object({ ...EndpointCommon, kind: z.literal('simulated'), simulated: SimulatedConfigBody }).strict(),
  z.object({ ...EndpointCommon, kind: z.literal('openai'), upstream: UpstreamConfigBody }).strict(),
]);
export const EndpointUpdateBody = z
  .object({
    name: EndpointCommon.name.optional(),
    status: z.enum(['active', 'paused']).optional(),
    tokens_per_second: EndpointCommon.tokens_per_second.optional(),
    simulated: SimulatedConfigBody.partial().optional(),
  })
  .strict();

export const UsageQuery = z
  .object({
    participant_id: ParticipantId.optional(),
    supplier_id: ParticipantId.optional(),
    key_id: KeyId.optional(),
    instrument_id: InstrumentId.optional(),
    outcome: z.enum(CALL_OUTCOMES).optional(),
    from: IsoTime.optional(),
    to: IsoTime.optional(),
    /** Calls with a sequence number below this one (paging back). */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

// ---- Wire shapes (declared once: the UI, the Trading API and its OpenAPI document use these) ----

export const ConsumptionKeySchema = z.object({
  id: z.string(),
  key_id: z.string(),
  participant_id: z.string(),
  name: z.string(),
  key_prefix: z.string(),
  key: z.string().nullable().describe('The secret: only in the answer that created the key'),
  is_active: z.boolean(),
  status: z.enum(['active', 'revoked', 'expired']),
  expires_at: Iso.nullable(),
  requests_per_minute: z.number().int().nullable(),
  tokens_per_minute: z.number().int().nullable(),
  spend_budget: z.string().nullable(),
  spent: z.string().describe("USD spent at the Lots' purchase prices"),
  created_at: Iso,
  updated_at: Iso,
  revoked_at: Iso.nullable(),
});
export type ConsumptionKeyView = z.infer<typeof ConsumptionKeySchema>;

export const ModelEndpointSchema = z.object({
  endpoint_id: z.string(),
  participant_id: z.string(),
  supplier_name: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  name: z.string(),
  kind: z.enum(['simulated', 'openai']),
  status: z.enum(['active', 'paused', 'deleted']),
  tokens_per_second: z.number().int(),
  simulated: SimulatedConfigBody.nullable(),
  upstream: z
    .object({
      base_url: z.string(),
      model: z.string(),
      has_api_key: z.boolean(),
      header_names: z.array(z.string()),
      timeout_ms: z.number().int(),
    })
    .nullable()
    .describe('The upstream, without its secret'),
  serving: z.boolean().describe('Whether calls are routed to it now'),
  serving_reason: z.string(),
  max_concurrency: z.number().int(),
  in_flight: z.number().int(),
  created_at: Iso,
  updated_at: Iso,
});
export type ModelEndpointView = z.infer<typeof ModelEndpointSchema>;

export const EndpointTestSchema = z.object({
  ok: z.boolean(),
  ttft_ms: z.number().nullable(),
  tokens_per_second: z.string().nullable(),
  output_tokens: z.number().int(),
  content: z.string(),
  error: z.string().nullable(),
  verdict: z.enum(CALL_OUTCOMES).describe("How the instrument's rules would judge this call"),
});
export type EndpointTestResult = z.infer<typeof EndpointTestSchema>;

export const CallSchema = z.object({
  call_id: z.string(),
  sequence: z.number().int(),
  participant_id: z.string(),
  key_id: z.string(),
  key_name: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  surface: z.enum(['openai', 'anthropic', 'grid']),
  streamed: z.boolean(),
  endpoint_id: z.string().nullable(),
  endpoint_name: z.string().nullable(),
  supplier_id: z.string().nullable(),
  supplier_name: z.string().nullable(),
  substituted: z.boolean().describe('Routed away from the supplier that sold the Lot being drawn'),
  attempts: z.number().int(),
  outcome: z.enum(CALL_OUTCOMES),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  reserved_tokens: z.number().int(),
  billed_tokens: z.number().int(),
  ttft_ms: z.number().int().nullable(),
  tokens_per_second: z.string().nullable(),
  cost: z.string().describe("USD: the billed tokens at the Lots' purchase prices"),
  started_at: Iso,
  finished_at: Iso,
  duration_ms: z.number().int(),
  error: z.string().nullable(),
  lots: z.array(
    z.object({
      lot_id: z.string(),
      trade_id: z.string().nullable(),
      supplier_id: z.string(),
      tokens: z.number().int(),
      price: z.string().nullable(),
    }),
  ),
});
export type CallView = z.infer<typeof CallSchema>;

export const UsagePageSchema = z.object({
  calls: z.array(CallSchema),
  /** Pass as `before` for the next (older) page; null at the end. */
  next_before: z.number().nullable(),
});
export type UsagePage = z.output<typeof UsagePageSchema>;

// ---- Requests ----

const Own = { participant_id: ParticipantId };
const ownRead = { access: 'participant', actsFor: SELF_OR_OPERATOR, retry: 'idempotent' } as const;
const ownKey = { access: 'participant', actsFor: SELF, retry: 'not-idempotent' } as const;
const ownEndpoint = { access: 'supplier', actsFor: SELF, retry: 'not-idempotent' } as const;

export const consumptionRequests = {
  'consumption.keys': { args: z.object(Own).strict(), result: z.array(ConsumptionKeySchema), ...ownRead },
  /** The answer carries the secret, once. */
  'consumption.createKey': {
    args: CreateKeyBody.extend(Own).strict(),
    result: ConsumptionKeySchema,
    ...ownKey,
  },
  'consumption.updateKey': {
    args: UpdateKeyBody.extend({ ...Own, key_id: KeyId }).strict(),
    result: ConsumptionKeySchema,
    ...ownKey,
  },
  'consumption.revokeKey': {
    args: z.object({ ...Own, key_id: KeyId }).strict(),
    result: ConsumptionKeySchema,
    ...ownKey,
  },
  /** A supplier's endpoints, or (operator, without participant_id) every endpoint on the exchange. */
  'endpoints.list': {
    args: z.object({ participant_id: ParticipantId.optional() }).strict(),
    result: z.array(ModelEndpointSchema),
    access: 'participant',
    actsFor: OWN_OR_ALL,
    retry: 'idempotent',
  },
  'endpoints.register': {
    args: z.intersection(EndpointBody, z.object(Own)),
    result: ModelEndpointSchema,
    ...ownEndpoint,
  },
  'endpoints.update': {
    args: EndpointUpdateBody.extend({ ...Own, endpoint_id: EndpointId }).strict(),
    result: ModelEndpointSchema,
    ...ownEndpoint,
  },
  'endpoints.delete': {
    args: z.object({ ...Own, endpoint_id: EndpointId }).strict(),
    result: ModelEndpointSchema,
    ...ownEndpoint,
  },
  /** One unbilled call through the endpoint, measured like a real one. */
  'endpoints.test': {
    args: z
      .object({ ...Own, endpoint_id: EndpointId, prompt: z.string().min(1).max(10_000).optional() })
      .strict(),
    result: EndpointTestSchema,
    ...ownEndpoint,
  },
  /** A consumer's calls (participant_id), the calls a supplier served (supplier_id), or all (operator). */
  'usage.list': {
    args: UsageQuery,
    result: UsagePageSchema,
    access: 'participant',
    actsFor: { ...OWN_OR_ALL, by: ['participant_id', 'supplier_id'] },
    retry: 'idempotent',
    admin: [
      {
        method: 'get',
        path: '/calls',
        summary: 'Calls across the exchange (filters as usage)',
        present: 'calls-page',
      },
      { method: 'get', path: '/calls.csv', summary: 'The same calls as CSV', present: 'calls-csv' },
    ],
  },
} as const satisfies Record<string, Operation>;
