import type { z } from 'zod';
import type {
  CapacityBody,
  IssuanceView,
  RegistrationsQuery,
  ReviewBody,
  SupplyRegistrationView,
} from '../../src-preload/contract-supply';
import { type SupplyRegistration, supplyHeadroom } from '../engine/supply';
import { ExchangeError } from './errors';
import type { ExchangeService } from './exchange-service';
import type { IssuanceRow } from '../store/lifecycle-queries';
import type { IssuanceRecord } from '../engine/issuance';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Suppliers' declared capacity, the operator's review of it, and the history of issuances, in wire
 * shapes for the contract, the admin routes and the Trading API. Arguments arrive validated; the engine
 * refuses what the actor's role does not allow.
 */
export class SupplyOperations {
  constructor(private readonly service: ExchangeService) {}

  private get state() {
    return this.service.engine.state;
  }

  registrations(query: z.output<typeof RegistrationsQuery>): SupplyRegistrationView[] {
    return [...this.state.supply.values()]
      .filter(
        (r) =>
          (query.participant_id === undefined || r.participant_id === query.participant_id) &&
          (query.instrument_id === undefined || r.instrument_id === query.instrument_id) &&
          (query.status === undefined || r.status === query.status),
      )
      .map((r) => this.view(r))
      .sort(
        (a, b) =>
          a.participant_name.localeCompare(b.participant_name) ||
          a.participant_id.localeCompare(b.participant_id) ||
          a.symbol.localeCompare(b.symbol),
      );
  }

  async declare(
    participantId: string,
    body: z.output<typeof CapacityBody>,
    actor: string,
  ): Promise<SupplyRegistrationView> {
    const { result } = await this.service.submit<SupplyRegistration>(
      { type: 'declare_supply_capacity', participant_id: participantId, ...body },
      actor,
    );
    return this.view(result);
  }

  async review(
    participantId: string,
    instrumentId: string,
    body: z.output<typeof ReviewBody>,
    actor: string,
  ): Promise<SupplyRegistrationView> {
    const { result } = await this.service.submit<SupplyRegistration>(
      { type: 'review_supply', participant_id: participantId, instrument_id: instrumentId, ...body },
      actor,
    );
    return this.view(result);
  }

  /** Issues Units into the supplier's Issuance account; the engine checks approval and capacity. */
  async issue(
    participantId: string,
    body: { instrument_id: string; quantity: number },
    actor: string,
  ): Promise<IssuanceView> {
    const { result, replayed } = await this.service.submit<{ record: IssuanceRecord }>(
      { type: 'issue_units', participant_id: participantId, ...body },
      actor,
    );
    const view = this.issuanceView({ ...result.record, created_at: result.record.time });
    return replayed ? { ...view, replayed } : view;
  }

  /** A supplier's issuances, newest first (`before`: a sequence number to page back from). */
  issuances(participantId: string, limit: number, before = Number.MAX_SAFE_INTEGER): IssuanceView[] {
    if (!this.state.participants.has(participantId))
      throw new ExchangeError(404, `participant ${participantId} not found`);
    return this.service.store.lifecycle
      .issuances(participantId, before, limit)
      .map((row) => this.issuanceView(row));
  }

  private issuanceView(row: IssuanceRow): IssuanceView {
    return {
      sequence: row.seq,
      participant_id: row.participant_id,
      instrument_id: row.instrument_id,
      symbol: this.state.instruments.get(row.instrument_id)?.symbol ?? row.instrument_id,
      quantity: row.quantity,
      created_at: iso(row.created_at),
    };
  }

  /** A registration as the command left it (not as later commands changed it), with today's headroom. */
  private view(r: SupplyRegistration): SupplyRegistrationView {
    const headroom = supplyHeadroom(this.state, r);
    return {
      participant_id: r.participant_id,
      participant_name: this.state.participants.get(r.participant_id)?.name ?? r.participant_id,
      instrument_id: r.instrument_id,
      symbol: this.state.instruments.get(r.instrument_id)?.symbol ?? r.instrument_id,
      tokens_per_second: r.tokens_per_second,
      status: r.status,
      reason: r.reason,
      ...headroom,
      issuable_units: r.status === 'approved' ? headroom.issuable_units : 0,
      declared_at: iso(r.declared_at),
      reviewed_at: r.reviewed_at === null ? null : iso(r.reviewed_at),
      reviewed_by: r.reviewed_by,
    };
  }
}
