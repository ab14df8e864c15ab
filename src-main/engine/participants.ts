import { reject, type Rejection } from './rejections';
import type { ExchangeState } from './state';

export type Role = 'operator' | 'consumer' | 'supplier';
export type ParticipantStatus = 'active' | 'suspended';

export interface Participant {
  participant_id: string;
  name: string;
  role: Role;
  status: ParticipantStatus;
  /** Milliseconds since the epoch, from the command's clock. */
  created_at: number;
}

/** A USD credit balance in micro-dollars; `locked` is held by open orders, available = total - locked. */
export interface UsdBalance {
  total: number;
  locked: number;
}

/** A sandbox deposit (positive) or withdrawal (negative) made by the operator, keyed for idempotency. */
export interface UsdAdjustment {
  adjustment_id: string;
  participant_id: string;
  amount: number;
  idempotency_key: string;
  reason: string;
  seq: number;
  created_at: number;
  balance_after: number;
}

/** The participant, if it may trade, issue or move Units now: it exists, is active and is not the operator. */
export function activeTrader(state: ExchangeState, participantId: string): Participant | Rejection {
  const participant = state.participants.get(participantId);
  if (!participant) return reject('participant_not_found', `participant ${participantId} not found`);
  if (participant.status !== 'active')
    return reject('participant_suspended', `participant ${participantId} is suspended`);
  if (participant.role === 'operator')
    return reject('role_not_allowed', 'the exchange operator does not trade');
  return participant;
}
