import type { Accepted, Command, CommandContext, Outcome } from './commands';
import { owedTokens, TOKENS_PER_UNIT } from './lifecycle-types';
import { unitKey } from './orders';
import { reject, type Rejection } from './rejections';
import type { ExchangeState } from './state';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/** The most tokens per second one supplier may declare in one instrument (keeps every cap a safe integer). */
export const MAX_TOKENS_PER_SECOND = 1_000_000_000;

/**
 * A supplier's standing to issue Units of one instrument: the capacity it declared and the operator's
 * review of it. Until eligibility rosters exist, an approved registration is what lets a supplier issue.
 */
export interface SupplyRegistration {
  participant_id: string;
  instrument_id: string;
  /** Sustained tokens per second the supplier says it can deliver in this instrument. */
  tokens_per_second: number;
  /** pending until the operator reviews it; a raised capacity goes back to pending. */
  status: 'pending' | 'approved' | 'revoked';
  /** The operator's reason for the last review, or why it is pending. */
  reason: string;
  declared_at: number;
  reviewed_at: number | null;
  reviewed_by: string | null;
}

/** How much more a supplier may issue: its cap, what it has committed, and the whole Units left. */
export interface SupplyHeadroom {
  /** tokens_per_second × the Lot lifetime: what it can deliver while one Lot lives. */
  cap_tokens: number;
  /** Outstanding liability (sold, not delivered or expired) plus unsold inventory, in tokens. */
  committed_tokens: number;
  issuable_units: number;
}

/** Units a supplier issued and still holds unsold in its Trading account (its own inventory). */
export function inventoryUnits(state: ExchangeState, supplierId: string, instrumentId: string): number {
  let units = 0;
  for (const chunk of state.provenance.get(unitKey(supplierId, instrumentId)) ?? []) {
    if (chunk.trade_id === null && chunk.supplier_id === supplierId) units += chunk.units;
  }
  return units;
}

/**
 * Tokens a supplier has promised in an instrument: what it sold and has not yet delivered or seen
 * expire, and what it issued and still holds (Issuance account and own inventory in trading).
 */
export function committedTokens(state: ExchangeState, supplierId: string, instrumentId: string): number {
  const key = unitKey(supplierId, instrumentId);
  const liability = state.liability.get(key);
  const outstanding = liability ? owedTokens(liability) : 0;
  const unsold = (state.issuance.get(key) ?? 0) + inventoryUnits(state, supplierId, instrumentId);
  return outstanding + unsold * TOKENS_PER_UNIT;
}

export function supplyHeadroom(
  state: ExchangeState,
  registration: Pick<SupplyRegistration, 'participant_id' | 'instrument_id' | 'tokens_per_second'>,
): SupplyHeadroom {
  const cap = registration.tokens_per_second * state.sweepConfig.lot_ttl_seconds;
  const committed = committedTokens(state, registration.participant_id, registration.instrument_id);
  return {
    cap_tokens: cap,
    committed_tokens: committed,
    issuable_units: Math.max(0, Math.floor((cap - committed) / TOKENS_PER_UNIT)),
  };
}

const rostersDecide = () =>
  reject(
    'invalid_roster',
    'capacity now comes from admitted roster entries: apply a model endpoint to the instrument, and the operator admits it',
  );

/** Declared capacity and its review by the operator; the check every issuance passes. */
export class Supply {
  constructor(private readonly state: ExchangeState) {}

  declare(command: Cmd<'declare_supply_capacity'>, ctx: CommandContext): Outcome<SupplyRegistration> {
    if (this.state.rostersEnabled) return rostersDecide();
    const supplier = this.state.participants.get(command.participant_id);
    if (!supplier) return reject('participant_not_found', `participant ${command.participant_id} not found`);
    if (supplier.role !== 'supplier') return reject('role_not_allowed', 'only suppliers declare capacity');
    if (supplier.status !== 'active')
      return reject('participant_suspended', `participant ${command.participant_id} is suspended`);
    if (!this.state.instruments.has(command.instrument_id))
      return reject('instrument_not_found', `instrument ${command.instrument_id} not found`);
    const tps = command.tokens_per_second;
    if (!Number.isInteger(tps) || tps < 1 || tps > MAX_TOKENS_PER_SECOND) {
      return reject(
        'invalid_capacity',
        `tokens_per_second must be a whole number from 1 to ${MAX_TOKENS_PER_SECOND}`,
      );
    }
    const before = this.state.supply.get(unitKey(command.participant_id, command.instrument_id));
    // A lower (or equal) capacity keeps an approval; a higher one, or any after a revocation, is a new
    // promise the operator reviews.
    const keepsReview = before && before.status !== 'revoked' && tps <= before.tokens_per_second;
    const registration: SupplyRegistration = keepsReview
      ? { ...before, tokens_per_second: tps, declared_at: ctx.time }
      : {
          participant_id: command.participant_id,
          instrument_id: command.instrument_id,
          tokens_per_second: tps,
          status: 'pending',
          reason: !before
            ? 'awaiting review'
            : before.status === 'revoked'
              ? 'declared again after a revocation: awaiting review'
              : 'capacity raised: awaiting review',
          declared_at: ctx.time,
          reviewed_at: before?.reviewed_at ?? null,
          reviewed_by: before?.reviewed_by ?? null,
        };
    return this.save(registration);
  }

  review(command: Cmd<'review_supply'>, ctx: CommandContext): Outcome<SupplyRegistration> {
    if (this.state.rostersEnabled) return rostersDecide();
    if (this.state.participants.get(ctx.actor)?.role !== 'operator')
      return reject('role_not_allowed', 'only the exchange operator reviews supply');
    const before = this.state.supply.get(unitKey(command.participant_id, command.instrument_id));
    if (!before) {
      return reject(
        'supply_not_declared',
        `participant ${command.participant_id} has declared no capacity in instrument ${command.instrument_id}`,
      );
    }
    if (command.tokens_per_second !== undefined && command.tokens_per_second !== before.tokens_per_second) {
      return reject(
        'capacity_changed',
        `the supplier now declares ${before.tokens_per_second} tokens/s, not ${command.tokens_per_second}: review it again`,
      );
    }
    const status = command.approved ? 'approved' : 'revoked';
    if (before.status === status) return reject('status_unchanged', `the registration is already ${status}`);
    return this.save({
      ...before,
      status,
      reason: command.reason,
      reviewed_at: ctx.time,
      reviewed_by: ctx.actor,
    });
  }

  /** Why `quantity` more Units may not be issued, or null when they may. */
  refuseIssuance(supplierId: string, instrumentId: string, quantity: number): Rejection | null {
    const registration = this.state.supply.get(unitKey(supplierId, instrumentId));
    if (registration?.status !== 'approved') {
      return reject(
        'issuance_not_approved',
        this.state.rostersEnabled
          ? `${supplierId} is not approved to issue ${instrumentId}: it has no admitted endpoint on the instrument's roster (apply one and have the operator admit it)`
          : `${supplierId} is not approved to issue ${instrumentId}: declare capacity and have the operator approve it`,
      );
    }
    const headroom = supplyHeadroom(this.state, registration);
    if (quantity > headroom.issuable_units) {
      return reject(
        'capacity_exceeded',
        `issuing ${quantity} Units would exceed the ${this.state.rostersEnabled ? 'admitted' : 'declared'} capacity (${registration.tokens_per_second} tokens/s × ` +
          `${this.state.sweepConfig.lot_ttl_seconds} s = ${headroom.cap_tokens} tokens, ${headroom.committed_tokens} ` +
          `committed): at most ${headroom.issuable_units} more Units may be issued`,
      );
    }
    return null;
  }

  private save(registration: SupplyRegistration): Accepted<SupplyRegistration> {
    this.state.supply.set(unitKey(registration.participant_id, registration.instrument_id), registration);
    return {
      ok: true,
      result: { ...registration },
      changes: [{ kind: 'supply', registration: { ...registration } }],
    };
  }
}
