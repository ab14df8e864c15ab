import type { z } from 'zod';
import type {
  AuditEntryView,
  AuditQuery,
  CreateParticipantBody,
  InstrumentView,
  MarketView,
  ParticipantView,
  SystemInfo,
  UsdAdjustmentBody,
  UsdAdjustmentView,
} from '../../src-preload/contract';
import { parseUsd } from '../engine/money';
import type { Participant, UsdAdjustment } from '../engine/participants';
import { ExchangeError } from './errors';
import { type ExchangeService, newAdjustmentId, newParticipantId, SYSTEM_ACTOR } from './exchange-service';
import { auditEntryView, instrumentView, marketView, participantView, usdAdjustmentView } from './views';

declare const __APP_VERSION__: string | undefined;
export const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

/**
 * What the exchange offers its users, in wire shapes. The HTTP API and the UI contract both call these,
 * so each operation exists once. Arguments arrive already validated against the contract's schemas.
 */
export class Operations {
  constructor(readonly service: ExchangeService) {}

  private get state() {
    return this.service.engine.state;
  }

  systemInfo(): SystemInfo {
    return {
      version: APP_VERSION,
      database_path: this.service.databasePath,
      operator_id: this.service.operator()?.participant_id ?? '',
      last_sequence: this.service.lastSeq,
    };
  }

  instruments(): InstrumentView[] {
    return [...this.state.instruments.values()].map(instrumentView);
  }

  markets(): MarketView[] {
    return [...this.state.instruments.values()].map(marketView);
  }

  participants(): ParticipantView[] {
    return [...this.state.participants.values()]
      .sort((a, b) => a.created_at - b.created_at || (a.participant_id < b.participant_id ? -1 : 1))
      .map((p) => this.view(p));
  }

  participant(participantId: string): ParticipantView {
    const participant = this.state.participants.get(participantId);
    if (!participant) throw new ExchangeError(404, `participant ${participantId} not found`);
    return this.view(participant);
  }

  async createParticipant(
    body: z.output<typeof CreateParticipantBody>,
    actor: string,
  ): Promise<ParticipantView> {
    const { result } = await this.service.submit<Participant>(
      { type: 'create_participant', participant_id: newParticipantId(), name: body.name, role: body.role },
      actor,
    );
    return this.view(result);
  }

  async setStatus(
    participantId: string,
    status: 'active' | 'suspended',
    actor: string,
  ): Promise<ParticipantView> {
    const { result } = await this.service.submit<Participant>(
      { type: 'set_participant_status', participant_id: participantId, status },
      actor,
    );
    return this.view(result);
  }

  async adjustUsd(
    participantId: string,
    body: z.output<typeof UsdAdjustmentBody>,
    actor: string,
  ): Promise<UsdAdjustmentView> {
    const amount = parseUsd(body.amount);
    if (amount === null)
      throw new ExchangeError(422, `amount ${body.amount} is not a decimal with at most 6 places`);
    const { result } = await this.service.submit<UsdAdjustment>(
      {
        type: 'adjust_usd',
        participant_id: participantId,
        adjustment_id: newAdjustmentId(),
        amount,
        idempotency_key: body.idempotency_key,
        reason: body.reason,
      },
      actor,
    );
    return usdAdjustmentView(result);
  }

  audit(query: z.output<typeof AuditQuery>): AuditEntryView[] {
    return this.service.store.journalPage(query).map((row) => auditEntryView(row, this.actorName(row.actor)));
  }

  private actorName(actor: string): string {
    if (actor === SYSTEM_ACTOR) return 'System';
    return this.state.participants.get(actor)?.name ?? actor;
  }

  private view(participant: Participant): ParticipantView {
    return participantView(participant, this.service.engine.usdBalance(participant.participant_id));
  }
}
