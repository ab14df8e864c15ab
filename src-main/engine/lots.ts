import { ChangeLog, done } from './change-log';
import type { Command, CommandContext, Outcome } from './commands';
import { isCount } from './counts';
import type { DrawRecord, ExpiryRecord, Lot } from './lifecycle-types';
import { liabilityOf } from './provenance';
import { reject } from './rejections';
import { byKey, type ExchangeState } from './state';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/**
 * Lots in Consumption accounts after they are formed: draws (nearest expiry first, crediting the funding
 * suppliers' delivery) and expiry (ending the suppliers' liability for what is left). Lots are formed by
 * transfers, sweeps and Auto Mode top-ups (`formLot` in provenance.ts).
 */
export class Lots {
  constructor(private readonly state: ExchangeState) {}

  /** Removes what is left in every Lot past its expiry; the suppliers' liability for it ends. */
  expire(ctx: CommandContext): Outcome<{ expiries: ExpiryRecord[] }> {
    const due = byKey(this.state.lots)
      .map(([, lot]) => lot)
      .filter((lot) => lot.expires_at <= ctx.time && lot.tokens_remaining > 0);
    if (due.length === 0) return reject('nothing_to_expire', 'no Lot is past its expiry');
    const log = new ChangeLog();
    const expiries: ExpiryRecord[] = [];
    for (const lot of due) {
      const suppliers = new Map<string, number>();
      for (const funding of lot.funding) {
        if (funding.tokens_remaining === 0) continue;
        liabilityOf(this.state, funding.supplier_id, lot.instrument_id).tokens_expired +=
          funding.tokens_remaining;
        log.liabilityTouched(funding.supplier_id, lot.instrument_id);
        suppliers.set(
          funding.supplier_id,
          (suppliers.get(funding.supplier_id) ?? 0) + funding.tokens_remaining,
        );
        funding.tokens_remaining = 0;
      }
      const expiry: ExpiryRecord = {
        seq: ctx.seq,
        lot_id: lot.lot_id,
        participant_id: lot.participant_id,
        instrument_id: lot.instrument_id,
        tokens: lot.tokens_remaining,
        expired_at: ctx.time,
        suppliers: [...suppliers].map(([supplier_id, tokens]) => ({ supplier_id, tokens })),
      };
      lot.tokens_expired += lot.tokens_remaining;
      lot.tokens_remaining = 0;
      lot.expired_at = ctx.time;
      this.state.lots.delete(lot.lot_id);
      log.lotTouched(lot);
      log.add({ kind: 'lot_expiry', expiry });
      expiries.push(expiry);
    }
    return done({ expiries }, log);
  }

  /** Takes tokens from the participant's live Lots, nearest expiry first; all or nothing. */
  draw(command: Cmd<'draw_tokens'>, ctx: CommandContext): Outcome<DrawRecord> {
    if (!this.state.participants.has(command.participant_id))
      return reject('participant_not_found', `participant ${command.participant_id} not found`);
    if (!this.state.instruments.has(command.instrument_id))
      return reject('instrument_not_found', `instrument ${command.instrument_id} not found`);
    if (!isCount(command.tokens, Number.MAX_SAFE_INTEGER))
      return reject('quantity_out_of_range', 'tokens must be a whole number of at least 1');
    const live = liveTokens(this.state, command.participant_id, command.instrument_id, ctx.time);
    if (live < command.tokens)
      return reject(
        'insufficient_tokens',
        `not enough tokens in consumption: ${command.tokens} asked, ${live} left in live Lots`,
      );
    const log = new ChangeLog();
    const draw: DrawRecord = {
      draw_id: command.draw_id,
      seq: ctx.seq,
      participant_id: command.participant_id,
      instrument_id: command.instrument_id,
      tokens: command.tokens,
      created_at: ctx.time,
      parts: drawFromLots(
        this.state,
        command.participant_id,
        command.instrument_id,
        command.tokens,
        ctx.time,
        log,
      ),
    };
    log.add({ kind: 'draw', draw });
    return done(draw, log);
  }
}

/** A participant's live Lots of an instrument, nearest expiry first (the order draws take them in). */
export function liveLots(
  state: ExchangeState,
  participantId: string,
  instrumentId: string,
  now: number,
): Lot[] {
  return [...state.lots.values()]
    .filter(
      (lot) =>
        lot.participant_id === participantId &&
        lot.instrument_id === instrumentId &&
        lot.expires_at > now &&
        lot.tokens_remaining > 0,
    )
    .sort((a, b) => a.expires_at - b.expires_at || (a.lot_id < b.lot_id ? -1 : 1));
}

/** Tokens left in a participant's live Lots of an instrument (Lots not yet past expiry). */
export function liveTokens(
  state: ExchangeState,
  participantId: string,
  instrumentId: string,
  now: number,
): number {
  let live = 0;
  for (const lot of state.lots.values()) {
    if (lot.participant_id === participantId && lot.instrument_id === instrumentId && lot.expires_at > now)
      live += lot.tokens_remaining;
  }
  return live;
}

/**
 * Takes `tokens` (no more than are live) from the Lots nearest expiry first, each Lot's funding in order,
 * and credits each funding supplier's delivery; returns what came from where.
 */
export function drawFromLots(
  state: ExchangeState,
  participantId: string,
  instrumentId: string,
  tokens: number,
  now: number,
  log: ChangeLog,
): DrawRecord['parts'] {
  const parts: DrawRecord['parts'] = [];
  let left = tokens;
  for (const lot of liveLots(state, participantId, instrumentId, now)) {
    if (left === 0) break;
    for (const funding of lot.funding) {
      if (left === 0) break;
      const n = Math.min(funding.tokens_remaining, left);
      if (n === 0) continue;
      funding.tokens_remaining -= n;
      lot.tokens_remaining -= n;
      lot.tokens_delivered += n;
      left -= n;
      liabilityOf(state, funding.supplier_id, lot.instrument_id).tokens_delivered += n;
      log.liabilityTouched(funding.supplier_id, lot.instrument_id);
      parts.push({
        lot_id: lot.lot_id,
        trade_id: funding.trade_id,
        supplier_id: funding.supplier_id,
        tokens: n,
      });
    }
    if (lot.tokens_remaining === 0) state.lots.delete(lot.lot_id);
    log.lotTouched(lot);
  }
  return parts;
}
