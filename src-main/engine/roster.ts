import type { Accepted, Command, CommandContext, Outcome } from './commands';
import type { InstrumentSpec } from './instruments';
import { unitKey } from './orders';
import { reject } from './rejections';
import type { ExchangeState } from './state';
import { MAX_TOKENS_PER_SECOND, type SupplyRegistration } from './supply';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

export type RosterStatus = 'pending' | 'admitted' | 'suspended' | 'removed' | 'rejected';

/** What a supplier declares when it applies an endpoint to an instrument. */
export interface RosterDeclaration {
  quality_score: number;
  /** The public benchmark index the score comes from, e.g. "Artificial Analysis Intelligence Index". */
  quality_source: string;
  context_window: number;
  max_output_tokens: number;
  /** Capacity it brings to this instrument: backs issuance (× the Lot lifetime). */
  tokens_per_second: number;
}

/**
 * One supplier model endpoint on one instrument's roster. Only admitted entries serve calls and back
 * issuance. `endpoint_id` is null only for capacity carried over from before rosters existed (it backs
 * issuance but serves nothing until an endpoint is admitted).
 */
export interface RosterEntry {
  entry_id: string;
  instrument_id: string;
  participant_id: string;
  endpoint_id: string | null;
  status: RosterStatus;
  declared: RosterDeclaration;
  reason: string;
  /** Who made the last change: a participant id, or "system" (the monitor, a spec revision). */
  changed_by: string;
  changed_at: number;
  applied_at: number;
}

/** A versioned revision of an instrument's specification, effective at `effective_at`. */
export interface SpecRevision {
  revision_id: string;
  instrument_id: string;
  version: number;
  spec: InstrumentSpec;
  published_at: number;
  effective_at: number;
  published_by: string;
  /** Set when it took effect. */
  applied_at: number | null;
}

/** The revision of an instrument published and not yet in effect, if any. */
export function upcomingRevision(state: ExchangeState, instrumentId: string): SpecRevision | undefined {
  for (const r of state.revisions.values())
    if (r.instrument_id === instrumentId && r.applied_at === null) return r;
  return undefined;
}

/** Allowed moves: pending → admitted | rejected; admitted ⇄ suspended; anything but removed → removed. */
const MOVES: Record<RosterStatus, RosterStatus[]> = {
  pending: ['admitted', 'rejected', 'removed'],
  admitted: ['suspended', 'removed'],
  suspended: ['admitted', 'removed'],
  rejected: ['removed'],
  removed: [],
};

/** The least notice a revision gets unless the exchange allows less (a sandbox). */
export const SPEC_NOTICE_MS = 15 * 24 * 60 * 60 * 1000;

const valid = (n: unknown, max: number) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;

/**
 * Eligibility rosters: applications, the operator's (or the monitor's) decisions, the capacity admitted
 * entries give their supplier, and specification revisions. Once rosters are on, a supplier's supply
 * registration in an instrument is derived from its admitted entries (capacity = their sum, approved
 * while there is one), so issuance keeps its single check.
 */
export class Rosters {
  constructor(private readonly state: ExchangeState) {}

  /**
   * Turns rosters on (once): every approved capacity becomes an admitted entry (on the supplier's
   * endpoint in that instrument when it has one), so no supplier loses its cap or what it issued.
   */
  enable(command: Cmd<'enable_rosters'>, ctx: CommandContext): Outcome<{ entries: number }> {
    if (this.state.rostersEnabled) return reject('status_unchanged', 'rosters are already on');
    const approved = [...this.state.supply.values()]
      .filter((r) => r.status === 'approved')
      .sort((a, b) =>
        unitKey(a.participant_id, a.instrument_id) < unitKey(b.participant_id, b.instrument_id) ? -1 : 1,
      );
    if (command.entry_ids.length !== approved.length)
      return reject('invalid_roster', `${approved.length} approved registrations need as many entry ids`);
    const changes: Accepted<unknown>['changes'] = [];
    approved.forEach((registration, i) => {
      const endpoint = [...this.state.endpoints.values()]
        .filter(
          (e) =>
            e.participant_id === registration.participant_id &&
            e.instrument_id === registration.instrument_id &&
            e.status !== 'deleted',
        )
        .sort((a, b) => (a.endpoint_id < b.endpoint_id ? -1 : 1))[0];
      const entry: RosterEntry = {
        entry_id: command.entry_ids[i]!,
        instrument_id: registration.instrument_id,
        participant_id: registration.participant_id,
        endpoint_id: endpoint?.endpoint_id ?? null,
        status: 'admitted',
        declared: {
          quality_score: endpoint?.simulated?.quality_score ?? 0,
          quality_source: 'carried over from the approved capacity',
          context_window: endpoint?.simulated?.context_window ?? 0,
          max_output_tokens: endpoint?.simulated?.max_output_tokens ?? 0,
          tokens_per_second: registration.tokens_per_second,
        },
        reason: `carried over: ${registration.reason}`,
        changed_by: ctx.actor,
        changed_at: ctx.time,
        applied_at: registration.declared_at,
      };
      this.state.roster.set(entry.entry_id, entry);
      changes.push({ kind: 'roster_entry', entry: { ...entry } });
    });
    this.state.rostersEnabled = true;
    changes.push({ kind: 'rosters_enabled' });
    return { ok: true, result: { entries: approved.length }, changes };
  }

  apply(command: Cmd<'apply_to_roster'>, ctx: CommandContext): Outcome<RosterEntry> {
    if (!this.state.rostersEnabled) return reject('invalid_roster', 'rosters are not on yet');
    const endpoint = this.state.endpoints.get(command.endpoint_id);
    if (!endpoint || endpoint.status === 'deleted' || endpoint.participant_id !== command.participant_id)
      return reject('endpoint_not_found', `model endpoint ${command.endpoint_id} not found`);
    if (this.state.participants.get(command.participant_id)?.status !== 'active')
      return reject('participant_suspended', `participant ${command.participant_id} is suspended`);
    if (!this.state.instruments.has(command.instrument_id))
      return reject('instrument_not_found', `instrument ${command.instrument_id} not found`);
    const d = command.declared;
    if (
      !valid(d.tokens_per_second, MAX_TOKENS_PER_SECOND) ||
      !valid(d.context_window, 1e9) ||
      !valid(d.max_output_tokens, 1e9)
    )
      return reject(
        'invalid_capacity',
        'capacity, context window and max output must be whole numbers of at least 1',
      );
    if (!(d.quality_score >= 0 && d.quality_score <= 100))
      return reject('invalid_roster', 'quality_score must be between 0 and 100');
    const open = [...this.state.roster.values()].find(
      (e) =>
        e.endpoint_id === command.endpoint_id &&
        e.instrument_id === command.instrument_id &&
        e.status !== 'removed' &&
        e.status !== 'rejected',
    );
    if (open)
      return reject(
        'roster_entry_exists',
        `this endpoint is already on the roster (${open.status}, entry ${open.entry_id})`,
      );
    const entry: RosterEntry = {
      entry_id: command.entry_id,
      instrument_id: command.instrument_id,
      participant_id: command.participant_id,
      endpoint_id: command.endpoint_id,
      status: 'pending',
      declared: { ...d },
      reason: 'applied: awaiting a probe and the operator',
      changed_by: ctx.actor,
      changed_at: ctx.time,
      applied_at: ctx.time,
    };
    this.state.roster.set(entry.entry_id, entry);
    return { ok: true, result: { ...entry }, changes: [{ kind: 'roster_entry', entry: { ...entry } }] };
  }

  /** The operator decides, or the exchange (actor "system") suspends what its monitor saw breach the spec. */
  setStatus(command: Cmd<'set_roster_status'>, ctx: CommandContext): Outcome<RosterEntry> {
    const role = this.state.participants.get(ctx.actor)?.role;
    if (role !== 'operator' && !(ctx.actor === 'system' && command.status === 'suspended'))
      return reject('role_not_allowed', 'only the exchange operator changes a roster');
    const before = this.state.roster.get(command.entry_id);
    if (!before) return reject('roster_entry_not_found', `roster entry ${command.entry_id} not found`);
    if (!MOVES[before.status].includes(command.status))
      return reject('invalid_roster', `a ${before.status} entry cannot become ${command.status}`);
    if (command.status === 'admitted' && before.endpoint_id === null)
      return reject('invalid_roster', 'an entry without an endpoint cannot be admitted again');
    const entry: RosterEntry = {
      ...before,
      status: command.status,
      reason: command.reason,
      changed_by: ctx.actor,
      changed_at: ctx.time,
    };
    this.state.roster.set(entry.entry_id, entry);
    const changes: Accepted<unknown>['changes'] = [{ kind: 'roster_entry', entry: { ...entry } }];
    const registration = deriveRegistration(this.state, entry.participant_id, entry.instrument_id, ctx);
    if (registration) changes.push({ kind: 'supply', registration: { ...registration } });
    return { ok: true, result: { ...entry }, changes };
  }

  publishRevision(command: Cmd<'publish_spec_revision'>, ctx: CommandContext): Outcome<SpecRevision> {
    if (this.state.participants.get(ctx.actor)?.role !== 'operator')
      return reject('role_not_allowed', 'only the exchange operator revises specifications');
    const instrument = this.state.instruments.get(command.instrument_id);
    if (!instrument) return reject('instrument_not_found', `instrument ${command.instrument_id} not found`);
    const notice = command.effective_at - ctx.time;
    if (notice < this.state.specNoticeMs)
      return reject(
        'invalid_revision',
        `a revision takes effect at least ${Math.round(this.state.specNoticeMs / 3_600_000)} h after publication`,
      );
    const pending = [...this.state.revisions.values()].find(
      (r) => r.instrument_id === command.instrument_id && r.applied_at === null,
    );
    if (pending)
      return reject(
        'invalid_revision',
        `revision ${pending.version} of ${instrument.symbol} is still upcoming`,
      );
    const version =
      1 + [...this.state.revisions.values()].filter((r) => r.instrument_id === command.instrument_id).length;
    const revision: SpecRevision = {
      revision_id: command.revision_id,
      instrument_id: command.instrument_id,
      version,
      spec: { ...command.spec },
      published_at: ctx.time,
      effective_at: command.effective_at,
      published_by: ctx.actor,
      applied_at: null,
    };
    this.state.revisions.set(revision.revision_id, revision);
    return {
      ok: true,
      result: { ...revision },
      changes: [{ kind: 'spec_revision', revision: { ...revision } }],
    };
  }

  /** At its effective time the revision becomes the instrument's specification. */
  applyRevision(command: Cmd<'apply_spec_revision'>, ctx: CommandContext): Outcome<SpecRevision> {
    const before = this.state.revisions.get(command.revision_id);
    if (!before || before.applied_at !== null)
      return reject('invalid_revision', `no upcoming revision ${command.revision_id}`);
    if (ctx.time < before.effective_at)
      return reject('invalid_revision', 'the revision is not effective yet');
    const instrument = this.state.instruments.get(before.instrument_id)!;
    const updated = { ...instrument, spec: { ...before.spec } };
    this.state.instruments.set(updated.instrument_id, updated);
    const revision = { ...before, applied_at: ctx.time };
    this.state.revisions.set(revision.revision_id, revision);
    return {
      ok: true,
      result: { ...revision },
      changes: [
        { kind: 'spec_revision', revision: { ...revision } },
        { kind: 'instrument', instrument: updated },
      ],
    };
  }

  setNotice(command: Cmd<'set_spec_notice'>): Outcome<{ notice_ms: number }> {
    if (!Number.isInteger(command.notice_ms) || command.notice_ms < 0 || command.notice_ms > SPEC_NOTICE_MS)
      return reject('invalid_revision', 'the notice is between 0 and 15 days');
    this.state.specNoticeMs = command.notice_ms;
    return {
      ok: true,
      result: { notice_ms: command.notice_ms },
      changes: [{ kind: 'spec_notice', notice_ms: command.notice_ms }],
    };
  }
}

/** The supply registration admitted entries give a supplier: their capacity, approved while one is admitted. */
export function deriveRegistration(
  state: ExchangeState,
  supplierId: string,
  instrumentId: string,
  ctx: CommandContext,
): SupplyRegistration | null {
  const admitted = [...state.roster.values()].filter(
    (e) => e.participant_id === supplierId && e.instrument_id === instrumentId && e.status === 'admitted',
  );
  const key = unitKey(supplierId, instrumentId);
  const before = state.supply.get(key);
  const tps = admitted.reduce((sum, e) => sum + e.declared.tokens_per_second, 0);
  if (admitted.length === 0 && !before) return null;
  const registration: SupplyRegistration = {
    participant_id: supplierId,
    instrument_id: instrumentId,
    tokens_per_second: admitted.length > 0 ? tps : (before?.tokens_per_second ?? 1),
    status: admitted.length > 0 ? 'approved' : 'revoked',
    reason:
      admitted.length > 0
        ? `${admitted.length} admitted endpoint${admitted.length === 1 ? '' : 's'} on the roster`
        : 'no admitted endpoint on the roster',
    declared_at: before?.declared_at ?? ctx.time,
    reviewed_at: ctx.time,
    reviewed_by: ctx.actor,
  };
  state.supply.set(key, registration);
  return registration;
}
