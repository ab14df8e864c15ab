import { ChangeLog } from './change-log';
import type { Accepted, Command, CommandContext, Outcome } from './commands';
import type { CallRecord, ConsumptionKey, ModelEndpoint, Reservation } from './consumption-types';
import { isCount } from './counts';
import { drawFromLots, liveTokens } from './lots';
import { done } from './change-log';
import { refuseName } from './names';
import { unitKey } from './orders';
import type { Participant } from './participants';
import { reject, type Rejection } from './rejections';
import type { ExchangeState } from './state';
import { MAX_TOKENS_PER_SECOND } from './supply';
import { deriveRegistration } from './roster';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;
const MAX_TOKENS = Number.MAX_SAFE_INTEGER;
const accepted = <R>(result: R, changes: Accepted<R>['changes']): Accepted<R> => ({
  ok: true,
  result,
  changes,
});

/** Tokens held by calls in flight for one participant and instrument. */
export function reservedTokens(state: ExchangeState, participantId: string, instrumentId: string): number {
  let held = 0;
  for (const r of state.reservations.values())
    if (r.participant_id === participantId && r.instrument_id === instrumentId) held += r.tokens;
  return held;
}

/** Live tokens a participant can still reserve in an instrument: live Lots less what calls in flight hold. */
export function spendableTokens(
  state: ExchangeState,
  participantId: string,
  instrumentId: string,
  now: number,
): number {
  return (
    liveTokens(state, participantId, instrumentId, now) - reservedTokens(state, participantId, instrumentId)
  );
}

/** Declared throughput of a supplier's endpoints (not deleted) in an instrument. */
export function endpointThroughput(
  state: ExchangeState,
  supplierId: string,
  instrumentId: string,
  except?: string,
): number {
  let total = 0;
  for (const e of state.endpoints.values())
    if (
      e.participant_id === supplierId &&
      e.instrument_id === instrumentId &&
      e.status !== 'deleted' &&
      e.endpoint_id !== except
    )
      total += e.tokens_per_second;
  return total;
}

/**
 * The Consumption API's state changes: consumption keys, suppliers' model endpoints, reservations for
 * calls in flight and their settlement. Billing decisions arrive judged (delivery-rules.ts); this applies
 * them: a billed call draws tokens from the Lots nearest expiry, anything else only releases its hold.
 */
export class Consumption {
  constructor(private readonly state: ExchangeState) {}

  createKey(command: Cmd<'create_consumption_key'>, ctx: CommandContext): Outcome<ConsumptionKey> {
    const owner = this.activeParticipant(command.key.participant_id);
    if ('ok' in owner) return owner;
    if (owner.role === 'operator')
      return reject('role_not_allowed', 'the exchange operator holds no Units to consume');
    if (
      this.state.consumptionKeys.has(command.key.key_id) ||
      this.state.keyHashes.has(command.key.secret_hash)
    )
      return reject('consumption_key_exists', `consumption key ${command.key.key_id} already exists`);
    const badName = refuseName(command.key.name, 'the key name');
    if (badName) return badName;
    const key: ConsumptionKey = {
      ...command.key,
      created_at: ctx.time,
      updated_at: ctx.time,
      revoked_at: null,
    };
    this.state.consumptionKeys.set(key.key_id, key);
    this.state.keyHashes.set(key.secret_hash, key.key_id);
    return accepted(key, [{ kind: 'consumption_key', key }]);
  }

  updateKey(command: Cmd<'update_consumption_key'>, ctx: CommandContext): Outcome<ConsumptionKey> {
    const current = this.ownedKey(command.key_id, command.participant_id);
    if ('ok' in current) return current;
    const { type: _type, key_id: _id, participant_id: _owner, ...changes } = command;
    const badName = refuseName(changes.name, 'the key name');
    if (badName) return badName;
    const key: ConsumptionKey = { ...current, ...changes, updated_at: ctx.time };
    this.state.consumptionKeys.set(key.key_id, key);
    return accepted(key, [{ kind: 'consumption_key', key }]);
  }

  revokeKey(command: Cmd<'revoke_consumption_key'>, ctx: CommandContext): Outcome<ConsumptionKey> {
    const current = this.ownedKey(command.key_id, command.participant_id);
    if ('ok' in current) return current;
    const key: ConsumptionKey = { ...current, revoked_at: ctx.time, updated_at: ctx.time };
    this.state.consumptionKeys.set(key.key_id, key);
    return accepted(key, [{ kind: 'consumption_key', key }]);
  }

  registerEndpoint(command: Cmd<'register_model_endpoint'>, ctx: CommandContext): Outcome<ModelEndpoint> {
    const { endpoint } = command;
    const owner = this.activeParticipant(endpoint.participant_id);
    if ('ok' in owner) return owner;
    if (owner.role !== 'supplier')
      return reject('role_not_allowed', 'only suppliers register model endpoints');
    if (!this.state.instruments.has(endpoint.instrument_id))
      return reject('instrument_not_found', `instrument ${endpoint.instrument_id} not found`);
    if (this.state.endpoints.has(endpoint.endpoint_id))
      return reject('endpoint_exists', `model endpoint ${endpoint.endpoint_id} already exists`);
    const invalid = this.checkEndpoint(endpoint);
    if (invalid) return invalid;
    const created: ModelEndpoint = {
      ...endpoint,
      status: 'active',
      created_at: ctx.time,
      updated_at: ctx.time,
    };
    this.state.endpoints.set(created.endpoint_id, created);
    return accepted(created, [{ kind: 'model_endpoint', endpoint: created }]);
  }

  updateEndpoint(command: Cmd<'update_model_endpoint'>, ctx: CommandContext): Outcome<ModelEndpoint> {
    const current = this.state.endpoints.get(command.endpoint_id);
    if (
      !current ||
      current.status === 'deleted' ||
      (command.participant_id !== undefined && current.participant_id !== command.participant_id)
    )
      return reject('endpoint_not_found', `model endpoint ${command.endpoint_id} not found`);
    const { type: _type, endpoint_id: _id, participant_id: _owner, ...update } = command;
    const endpoint: ModelEndpoint = { ...current, ...update, updated_at: ctx.time };
    if (endpoint.status !== 'deleted') {
      const invalid = this.checkEndpoint(endpoint);
      if (invalid) return invalid;
    }
    this.state.endpoints.set(endpoint.endpoint_id, endpoint);
    const changes: Accepted<ModelEndpoint>['changes'] = [{ kind: 'model_endpoint', endpoint }];
    // A deleted endpoint leaves every roster it was on: its capacity stops backing issuance.
    if (endpoint.status === 'deleted')
      for (const entry of [...this.state.roster.values()].sort((a, b) =>
        a.entry_id < b.entry_id ? -1 : 1,
      )) {
        if (
          entry.endpoint_id !== endpoint.endpoint_id ||
          entry.status === 'removed' ||
          entry.status === 'rejected'
        )
          continue;
        const removed = {
          ...entry,
          status: 'removed' as const,
          reason: 'the endpoint was deleted',
          changed_by: ctx.actor,
          changed_at: ctx.time,
        };
        this.state.roster.set(removed.entry_id, removed);
        changes.push({ kind: 'roster_entry', entry: { ...removed } });
        const registration = deriveRegistration(
          this.state,
          removed.participant_id,
          removed.instrument_id,
          ctx,
        );
        if (registration) changes.push({ kind: 'supply', registration: { ...registration } });
      }
    return accepted(endpoint, changes);
  }

  reserve(command: Cmd<'reserve_tokens'>, ctx: CommandContext): Outcome<Reservation> {
    const { participant_id, instrument_id } = command;
    const owner = this.activeParticipant(participant_id);
    if ('ok' in owner) return owner;
    if (!this.state.instruments.has(instrument_id))
      return reject('instrument_not_found', `instrument ${instrument_id} not found`);
    const key = this.state.consumptionKeys.get(command.key_id);
    if (!key || key.participant_id !== participant_id || key.revoked_at !== null)
      return reject('consumption_key_not_found', `consumption key ${command.key_id} not found`);
    if (!isCount(command.tokens, MAX_TOKENS))
      return reject('quantity_out_of_range', 'tokens must be a whole number of at least 1');
    if (this.state.reservations.has(command.reservation_id))
      return reject('reservation_exists', `reservation ${command.reservation_id} already exists`);
    const spendable = spendableTokens(this.state, participant_id, instrument_id, ctx.time);
    if (spendable < command.tokens)
      return reject(
        'insufficient_tokens',
        `not enough tokens in consumption: this call needs up to ${command.tokens}, ${Math.max(spendable, 0)} are free`,
      );
    const reservation: Reservation = {
      reservation_id: command.reservation_id,
      participant_id,
      instrument_id,
      key_id: command.key_id,
      tokens: command.tokens,
      created_at: ctx.time,
    };
    this.state.reservations.set(reservation.reservation_id, reservation);
    return accepted(reservation, [{ kind: 'reservation', reservation, held: true }]);
  }

  /**
   * Ends a call: releases its reservation and, when billed, draws `bill_tokens` (no more than the live
   * Lots hold once the reservation is released) nearest expiry first.
   */
  settle(command: Cmd<'settle_call'>, ctx: CommandContext): Outcome<CallRecord> {
    const reservation = this.state.reservations.get(command.call.call_id);
    if (!reservation) return reject('reservation_not_found', `no call ${command.call.call_id} in flight`);
    const { bill_tokens, ...call } = command.call;
    if (!Number.isInteger(bill_tokens) || bill_tokens < 0)
      return reject('quantity_out_of_range', 'bill_tokens must be a whole number');
    if (call.outcome !== 'billed' && bill_tokens > 0)
      return reject('invalid_settlement', 'only a billed call draws tokens');
    const log = new ChangeLog();
    this.state.reservations.delete(reservation.reservation_id);
    log.add({ kind: 'reservation', reservation, held: false });
    const { participant_id, instrument_id } = reservation;
    const billable = Math.min(bill_tokens, liveTokens(this.state, participant_id, instrument_id, ctx.time));
    const record: CallRecord = {
      ...call,
      seq: ctx.seq,
      reservation_id: reservation.reservation_id,
      participant_id,
      instrument_id,
      key_id: reservation.key_id,
      reserved_tokens: reservation.tokens,
      billed_tokens: billable,
      parts:
        billable > 0 ? drawFromLots(this.state, participant_id, instrument_id, billable, ctx.time, log) : [],
    };
    log.add({ kind: 'call', call: record });
    return done(record, log);
  }

  /** After a restart: calls that were in flight when the exchange stopped end unbilled, their holds released. */
  releaseAll(ctx: CommandContext): Outcome<{ released: number }> {
    if (this.state.reservations.size === 0) return reject('nothing_to_release', 'no reservations are held');
    const log = new ChangeLog();
    const held = [...this.state.reservations.values()].sort((a, b) =>
      a.reservation_id < b.reservation_id ? -1 : 1,
    );
    for (const reservation of held) {
      this.state.reservations.delete(reservation.reservation_id);
      log.add({ kind: 'reservation', reservation, held: false });
      log.add({
        kind: 'call',
        call: {
          call_id: reservation.reservation_id,
          seq: ctx.seq,
          reservation_id: reservation.reservation_id,
          participant_id: reservation.participant_id,
          key_id: reservation.key_id,
          instrument_id: reservation.instrument_id,
          surface: 'openai',
          streamed: false,
          endpoint_id: null,
          supplier_id: null,
          substituted: false,
          attempts: 0,
          outcome: 'interrupted',
          input_tokens: 0,
          output_tokens: 0,
          reserved_tokens: reservation.tokens,
          billed_tokens: 0,
          ttft_ms: null,
          throughput_milli_tps: null,
          started_at: reservation.created_at,
          finished_at: ctx.time,
          error: 'the exchange stopped while the call was in flight',
          parts: [],
        },
      });
    }
    return done({ released: held.length }, log);
  }

  private checkEndpoint(
    endpoint: Omit<ModelEndpoint, 'created_at' | 'updated_at' | 'status'>,
  ): Rejection | null {
    const badName = refuseName(endpoint.name, 'the endpoint name');
    if (badName) return badName;
    if (!isCount(endpoint.tokens_per_second, MAX_TOKENS_PER_SECOND))
      return reject('invalid_capacity', 'tokens_per_second must be a whole number of at least 1');
    if (
      (endpoint.kind === 'simulated') !== (endpoint.simulated !== null) ||
      (endpoint.kind === 'openai') !== (endpoint.upstream !== null)
    )
      return reject(
        'invalid_endpoint',
        `a ${endpoint.kind} endpoint needs its ${endpoint.kind} configuration only`,
      );
    // Before rosters, endpoints serve a supplier's declared capacity: together they may not exceed it.
    if (this.state.rostersEnabled) return null;
    const registration = this.state.supply.get(unitKey(endpoint.participant_id, endpoint.instrument_id));
    if (!registration)
      return reject(
        'supply_not_declared',
        'declare capacity in this instrument before registering endpoints',
      );
    const total =
      endpointThroughput(this.state, endpoint.participant_id, endpoint.instrument_id, endpoint.endpoint_id) +
      endpoint.tokens_per_second;
    if (total > registration.tokens_per_second)
      return reject(
        'capacity_exceeded',
        `endpoints would declare ${total} tokens/s in this instrument, more than the ${registration.tokens_per_second} tokens/s of declared capacity`,
      );
    return null;
  }

  private activeParticipant(participantId: string): Participant | Rejection {
    const participant = this.state.participants.get(participantId);
    if (!participant) return reject('participant_not_found', `participant ${participantId} not found`);
    if (participant.status === 'suspended')
      return reject('participant_suspended', `participant ${participantId} is suspended`);
    return participant;
  }

  private ownedKey(keyId: string, participantId: string | undefined): ConsumptionKey | Rejection {
    const key = this.state.consumptionKeys.get(keyId);
    if (
      !key ||
      key.revoked_at !== null ||
      (participantId !== undefined && key.participant_id !== participantId)
    )
      return reject('consumption_key_not_found', `active consumption key ${keyId} not found`);
    return key;
  }
}
