/**
 * Supply in the contract: the capacity a supplier declares per instrument, the operator's review of it,
 * and the issuances it allows. Imported by `contract.ts` (so it imports only types from it, never values).
 */
import { z } from 'zod';
import {
  InstrumentId,
  Iso,
  OWN_OR_ALL,
  ParticipantId,
  REPLAYED_NOTE,
  SELF,
  SELF_OR_OPERATOR,
  type Operation,
} from './contract-kit';
import { IdempotencyKey } from './contract-lifecycle';

const Limit = z.coerce.number().int().min(1).max(100).default(50);

export const SUPPLY_STATUSES = ['pending', 'approved', 'revoked'] as const;

/** `PUT /v1/supply-capacity` and `supply.declare`. */
export const CapacityBody = z
  .object({
    instrument_id: InstrumentId,
    /** Sustained tokens per second the supplier can deliver in this instrument. */
    tokens_per_second: z.number().int('tokens_per_second must be a whole number').min(1).max(1_000_000_000),
  })
  .strict();
/** `PUT /v1/admin/supply-registrations/{participant_id}/{instrument_id}` and `supply.review`. */
export const ReviewBody = z
  .object({
    approved: z.boolean(),
    reason: z.string().trim().min(1, 'give a reason').max(500),
    /** The declared capacity being reviewed; when given, a different current declaration is refused (409). */
    tokens_per_second: z.number().int().min(1).max(1_000_000_000).optional(),
  })
  .strict();
export const RegistrationsQuery = z
  .object({
    participant_id: ParticipantId.optional(),
    instrument_id: InstrumentId.optional(),
    status: z.enum(SUPPLY_STATUSES).optional(),
  })
  .strict();

// ---- Wire shapes ----

export const SupplyRegistrationSchema = z.object({
  participant_id: z.string(),
  participant_name: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  tokens_per_second: z.number().describe('Declared sustained delivery rate'),
  status: z.enum(SUPPLY_STATUSES).describe('Only approved suppliers may issue'),
  reason: z.string(),
  /** The most tokens it may have promised at once. */
  cap_tokens: z.number().describe('tokens_per_second × the Lot lifetime'),
  committed_tokens: z.number().describe('Outstanding liability plus unsold issued Units, in tokens'),
  /** 0 unless approved. */
  issuable_units: z.number().describe('Whole Units that may still be issued'),
  declared_at: Iso,
  reviewed_at: Iso.nullable(),
  reviewed_by: z.string().nullable(),
});
export type SupplyRegistrationView = z.output<typeof SupplyRegistrationSchema>;

export const IssuanceSchema = z.object({
  sequence: z.number(),
  participant_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  quantity: z.number().describe('Units issued into the Issuance account'),
  created_at: Iso,
  replayed: z.literal(true).optional().describe(REPLAYED_NOTE),
});
export type IssuanceView = z.output<typeof IssuanceSchema>;

// ---- Requests ----

export const supplyRequests = {
  /** Registrations across the exchange (operator), or filtered to one supplier. */
  'supply.registrations': {
    args: RegistrationsQuery,
    result: z.array(SupplyRegistrationSchema),
    access: 'participant',
    actsFor: OWN_OR_ALL,
    retry: 'idempotent',
    admin: [
      {
        method: 'get',
        path: '/supply-registrations',
        summary: 'Declared capacity and its review (filters participant_id, instrument_id, status)',
      },
    ],
  },
  'supply.declare': {
    args: CapacityBody.extend({ participant_id: ParticipantId }).strict(),
    result: SupplyRegistrationSchema,
    access: 'supplier',
    actsFor: SELF,
    retry: 'not-idempotent',
  },
  /** The supplier named is the one reviewed, not one the operator acts for. */
  'supply.review': {
    args: ReviewBody.extend({ participant_id: ParticipantId, instrument_id: InstrumentId }).strict(),
    result: SupplyRegistrationSchema,
    access: 'operator',
    retry: 'not-idempotent',
    admin: [
      {
        method: 'put',
        path: '/supply-registrations/:participant_id/:instrument_id',
        summary: "Approve or revoke a supplier's declared capacity",
      },
    ],
  },
  /** Issues Units into the supplier's Issuance account (approved suppliers, within capacity). */
  'supply.issue': {
    args: z
      .object({
        participant_id: ParticipantId,
        instrument_id: InstrumentId,
        quantity: z.number().int('quantity must be a whole number of Units').min(1).max(1_000_000),
        idempotency_key: IdempotencyKey.optional(),
      })
      .strict(),
    result: IssuanceSchema,
    access: 'supplier',
    actsFor: SELF,
    retry: 'idempotent-by-key',
  },
  /** Newest first; `before` (a sequence number) pages back. */
  'supply.issuances': {
    args: z
      .object({ participant_id: ParticipantId, limit: Limit, before: z.number().int().positive().optional() })
      .strict(),
    result: z.array(IssuanceSchema),
    access: 'participant',
    actsFor: SELF_OR_OPERATOR,
    retry: 'idempotent',
  },
} as const satisfies Record<string, Operation>;
