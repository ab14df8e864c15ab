/**
 * Supply in the contract: the capacity a supplier declares per instrument, the operator's review of it,
 * and the issuances it allows. Imported by `contract.ts` (so it imports only types from it, never values).
 */
import { z } from 'zod';
import { OWN_OR_ALL, ParticipantId, returns, SELF, SELF_OR_OPERATOR, type Operation } from './contract-kit';
import { IdempotencyKey } from './contract-lifecycle';

const InstrumentId = z.string().regex(/^instrument_[0-9a-f-]{36}$/, 'not an instrument id');
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

export interface SupplyRegistrationView {
  participant_id: string;
  participant_name: string;
  instrument_id: string;
  symbol: string;
  tokens_per_second: number;
  status: (typeof SUPPLY_STATUSES)[number];
  reason: string;
  /** tokens_per_second × the Lot lifetime: the most tokens it may have promised at once. */
  cap_tokens: number;
  /** Outstanding liability plus unsold issued Units, in tokens. */
  committed_tokens: number;
  /** Whole Units it may still issue (0 unless approved). */
  issuable_units: number;
  declared_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
}

export interface IssuanceView {
  sequence: number;
  participant_id: string;
  instrument_id: string;
  symbol: string;
  quantity: number;
  created_at: string;
  /** Set when a retry with an `idempotency_key` already used answered the first issuance (nothing issued). */
  replayed?: true;
}

// ---- Requests ----

export const supplyRequests = {
  /** Registrations across the exchange (operator), or filtered to one supplier. */
  'supply.registrations': {
    args: RegistrationsQuery,
    result: returns<SupplyRegistrationView[]>(),
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
    result: returns<SupplyRegistrationView>(),
    access: 'supplier',
    actsFor: SELF,
    retry: 'not-idempotent',
  },
  /** The supplier named is the one reviewed, not one the operator acts for. */
  'supply.review': {
    args: ReviewBody.extend({ participant_id: ParticipantId, instrument_id: InstrumentId }).strict(),
    result: returns<SupplyRegistrationView>(),
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
    result: returns<IssuanceView>(),
    access: 'supplier',
    actsFor: SELF,
    retry: 'idempotent-by-key',
  },
  /** Newest first; `before` (a sequence number) pages back. */
  'supply.issuances': {
    args: z
      .object({ participant_id: ParticipantId, limit: Limit, before: z.number().int().positive().optional() })
      .strict(),
    result: returns<IssuanceView[]>(),
    access: 'participant',
    actsFor: SELF_OR_OPERATOR,
    retry: 'idempotent',
  },
} as const satisfies Record<string, Operation>;
