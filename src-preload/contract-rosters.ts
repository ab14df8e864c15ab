/**
 * Eligibility rosters, conformance probes, delivery monitoring and specification revisions in the
 * contract. Imported by `contract.ts` (so it imports only types from it, never values).
 */
import { z } from 'zod';
import {
  EndpointId,
  InstrumentId,
  Iso,
  OWN_OR_ALL,
  ParticipantId,
  RosterEntryId,
  SELF,
  SELF_OR_OPERATOR,
  type Operation,
} from './contract-kit';

/** An instrument by id or by symbol (`text-prime`). */
const InstrumentRef = z.string().trim().min(1).max(80);
export { RosterEntryId } from './contract-kit';

export const ROSTER_STATUSES = ['pending', 'admitted', 'suspended', 'removed', 'rejected'] as const;
export const ROSTER_ACTIONS = ['admit', 'reject', 'suspend', 'remove', 'readmit'] as const;

/** `POST /v1/model-endpoints/{id}/applications` and `roster.apply`. */
export const ApplicationBody = z
  .object({
    instrument_id: InstrumentId,
    quality_score: z.number().min(0).max(100),
    quality_source: z.string().trim().min(1, 'name the public index the score comes from').max(200),
    context_window: z.number().int().min(1).max(1_000_000_000),
    max_output_tokens: z.number().int().min(1).max(1_000_000_000),
    /** Capacity this endpoint brings to the instrument: backs issuance (× the Lot lifetime). */
    tokens_per_second: z.number().int().min(1).max(1_000_000_000),
  })
  .strict();
export const DecisionBody = z.object({ reason: z.string().trim().min(1, 'give a reason').max(500) }).strict();

export const SpecBody = z
  .object({
    quality_floor: z.number().min(0).max(100).nullable(),
    throughput_floor_tps: z.number().min(0).max(1_000_000).nullable(),
    ttft_max_ms: z.number().int().min(1).max(600_000),
    context_window_min_tokens: z.number().int().min(1).max(100_000_000),
    output_length_min_tokens: z.number().int().min(1).max(100_000_000),
    uptime_min_pct: z.number().min(0).max(100),
    error_rate_max_pct: z.number().min(0).max(100),
  })
  .strict();
export const RevisionBody = z
  .object({ instrument_id: InstrumentId, spec: SpecBody, effective_at: z.iso.datetime({ offset: true }) })
  .strict();

// ---- Wire shapes ----

const Check = z.enum(['pass', 'fail', 'unknown']);
export const WindowSchema = z.object({
  calls: z.number().int().describe('Calls in the window (last N calls within the last hour)'),
  calls_last_hour: z.number().int(),
  ttft_p50_ms: z.number().nullable(),
  ttft_p95_ms: z.number().nullable(),
  throughput_p50_tps: z.number().nullable(),
  error_rate_pct: z.number().nullable(),
  late: z.number().int(),
  out_of_spec: z.number().int(),
  availability_pct: z.number().nullable(),
  checks: z.object({ ttft: Check, throughput: Check, error_rate: Check }),
  breaching: z.boolean(),
  breaching_since: Iso.nullable(),
  /** When the monitor suspends it if the breach goes on; null when not breaching. */
  suspends_at: Iso.nullable(),
});
export type WindowView = z.infer<typeof WindowSchema>;

export const ProbeSchema = z.object({
  probe_id: z.string(),
  entry_id: z.string().nullable(),
  endpoint_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  reason: z.string(),
  status: z.enum(['running', 'passed', 'failed']),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  started_at: Iso,
  finished_at: Iso.nullable(),
  dimensions: z.array(
    z.object({
      name: z.string(),
      measured: z.string(),
      threshold: z.string(),
      passed: z.boolean(),
    }),
  ),
  samples: z.array(
    z.object({
      kind: z.enum(['speed', 'context', 'output']),
      ttft_ms: z.number().nullable(),
      tokens_per_second: z.number().nullable(),
      output_tokens: z.number().int(),
      error: z.string().nullable(),
    }),
  ),
});
export type ProbeView = z.infer<typeof ProbeSchema>;

export const RosterEntrySchema = z.object({
  entry_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  participant_id: z.string(),
  supplier_name: z.string(),
  endpoint_id: z.string().nullable(),
  endpoint_name: z.string().nullable(),
  status: z.enum(ROSTER_STATUSES),
  declared: z.object({
    quality_score: z.number(),
    quality_source: z.string(),
    context_window: z.number().int(),
    max_output_tokens: z.number().int(),
    tokens_per_second: z.number().int(),
  }),
  reason: z.string(),
  changed_by: z.string(),
  changed_at: Iso,
  applied_at: Iso,
  window: WindowSchema.nullable(),
  latest_probe: ProbeSchema.nullable(),
});
export type RosterEntryView = z.infer<typeof RosterEntrySchema>;

/** What the public sees: admitted suppliers and models, no secrets. */
export const PublicRosterSchema = z.object({
  instrument_id: z.string(),
  symbol: z.string(),
  entries: z.array(
    z.object({
      supplier: z.string(),
      model: z.string(),
      kind: z.enum(['simulated', 'openai']).nullable(),
      quality_score: z.number(),
      quality_source: z.string(),
      admitted_since: Iso,
    }),
  ),
});
export type PublicRosterView = z.infer<typeof PublicRosterSchema>;

export const RevisionSchema = z.object({
  revision_id: z.string(),
  instrument_id: z.string(),
  symbol: z.string(),
  version: z.number().int(),
  spec: SpecBody,
  published_at: Iso,
  effective_at: Iso,
  applied_at: Iso.nullable(),
});
export type RevisionView = z.infer<typeof RevisionSchema>;

export const RevisionImpactSchema = z.object({
  /** Admitted entries that would fail the draft, from their latest probe and their window. */
  failing: z.array(
    z.object({
      entry_id: z.string(),
      supplier_name: z.string(),
      endpoint_name: z.string().nullable(),
      reasons: z.array(z.string()),
    }),
  ),
  qualifying_suppliers: z.number(),
  qualifying_entries: z.number(),
  /** The least notice allowed now, and the earliest effective time from now. */
  notice_hours: z.number(),
  earliest_effective_at: Iso,
});
export type RevisionImpact = z.output<typeof RevisionImpactSchema>;

/** Recent delivery samples of one entry against its instrument's limits (the monitor's chart). */
export const DeliverySamplesSchema = z.object({
  samples: z.array(
    z.object({
      at: Iso,
      outcome: z.string(),
      ttft_ms: z.number().nullable(),
      tokens_per_second: z.number().nullable(),
    }),
  ),
  ttft_max_ms: z.number(),
  throughput_floor_tps: z.number().nullable(),
});

// ---- Requests ----

const entryPath = '/roster-entries/:id';

export const rosterRequests = {
  /** One instrument's roster (pending first), with each entry's window and latest probe. */
  'roster.list': {
    args: z.object({ instrument_id: InstrumentRef }).strict(),
    result: z.array(RosterEntrySchema),
    access: 'operator',
    retry: 'idempotent',
    admin: [
      {
        method: 'get',
        path: '/rosters/:instrument_id',
        summary: "One instrument's roster",
      },
    ],
  },
  /** A supplier's own entries on every roster. */
  'roster.mine': {
    args: z.object({ participant_id: ParticipantId }).strict(),
    result: z.array(RosterEntrySchema),
    access: 'participant',
    actsFor: SELF_OR_OPERATOR,
    retry: 'idempotent',
  },
  'roster.apply': {
    args: ApplicationBody.extend({ participant_id: ParticipantId, endpoint_id: EndpointId }).strict(),
    result: RosterEntrySchema,
    access: 'supplier',
    actsFor: SELF,
    retry: 'not-idempotent',
  },
  /** `readmit` needs a probe that passed since the suspension. */
  'roster.decide': {
    args: DecisionBody.extend({ entry_id: RosterEntryId, action: z.enum(ROSTER_ACTIONS) }).strict(),
    result: RosterEntrySchema,
    access: 'operator',
    retry: 'not-idempotent',
    admin: [
      {
        method: 'post',
        id: 'entry_id',
        path: `${entryPath}/:action`,
        summary: 'Admit, reject, suspend, remove or readmit',
      },
    ],
  },
  /** Starts a probe (the operator, or the entry's supplier naming itself); answers at once, running. */
  'roster.probe': {
    args: z.object({ entry_id: RosterEntryId, participant_id: ParticipantId.optional() }).strict(),
    result: ProbeSchema,
    access: 'supplier',
    actsFor: OWN_OR_ALL,
    retry: 'not-idempotent',
    admin: [
      {
        method: 'post',
        id: 'entry_id',
        path: `${entryPath}/probes`,
        summary: 'Start a probe now',
        status: 202,
      },
    ],
  },
  'roster.probes': {
    args: z.object({ entry_id: RosterEntryId, limit: z.number().int().min(1).max(50).default(10) }).strict(),
    result: z.array(ProbeSchema),
    access: 'participant',
    retry: 'idempotent',
    admin: [
      {
        method: 'get',
        id: 'entry_id',
        path: `${entryPath}/probes`,
        summary: "The entry's probes",
        defaults: { limit: 20 },
      },
    ],
  },
  /** The entry's recent delivered calls, for charts against the spec lines. */
  'roster.samples': {
    args: z.object({ entry_id: RosterEntryId }).strict(),
    result: DeliverySamplesSchema,
    access: 'participant',
    retry: 'idempotent',
  },
  'specs.revisions': {
    args: z.object({ instrument_id: InstrumentId.optional() }).strict(),
    result: z.array(RevisionSchema),
    access: 'participant',
    retry: 'idempotent',
    admin: [
      { method: 'get', path: '/spec-revisions', summary: 'Specification revisions (filter instrument_id)' },
    ],
  },
  'specs.preview': {
    args: z.object({ instrument_id: InstrumentId, spec: SpecBody }).strict(),
    result: RevisionImpactSchema,
    access: 'operator',
    retry: 'idempotent',
    admin: [{ method: 'post', path: '/spec-revisions/preview', summary: "A draft revision's impact" }],
  },
  'specs.publish': {
    args: RevisionBody,
    result: RevisionSchema,
    access: 'operator',
    retry: 'not-idempotent',
    admin: [{ method: 'post', path: '/spec-revisions', summary: 'Publish a revision', status: 201 }],
  },
} as const satisfies Record<string, Operation>;
