import { ChangeLog, done } from './change-log';
import type { Command, CommandContext, Outcome } from './commands';
import { buyHold, maxFeeBps } from './fees';
import type {
  AutoSettings,
  TopUpRecord,
  DrawRecord,
  ExpiryRecord,
  Lot,
  SweepConfig,
  SweepRecord,
  TransferRecord,
} from './lifecycle-types';
import { SCHEDULED_SWEEP_SECONDS } from './lifecycle-types';
import { unitKey } from './orders';
import { formLot, leaveInventory, liabilityOf, provenanceOf, takeChunks } from './provenance';
import { reject } from './rejections';
import type { ExchangeState } from './state';
import type { Ledger } from './ledger';
import type { OrderEntry } from './order-entry';
import { activeTrader } from './participants';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;
const MAX_SECONDS = 7 * 24 * 60 * 60;
const isCount = (n: unknown, max: number) =>
  Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;
const sorted = <V>(map: Map<string, V>) =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * After trading: voluntary transfers to consumption, sweeps, Lots, draws and expiry. Every iteration is
 * in key order, so a command does the same thing whatever order the state's maps were loaded in.
 * There is deliberately no command that moves Units from consumption back to trading (one-way).
 */
export class Lifecycle {
  constructor(
    private readonly state: ExchangeState,
    private readonly orders: OrderEntry,
    private readonly ledger: Ledger,
  ) {}

  transferToConsumption(
    command: Cmd<'transfer_to_consumption'>,
    ctx: CommandContext,
  ): Outcome<{ lot: Lot; transfer: TransferRecord }> {
    const trader = activeTrader(this.state, command.participant_id);
    if ('ok' in trader) return trader;
    if (!this.state.instruments.has(command.instrument_id))
      return reject('instrument_not_found', `instrument ${command.instrument_id} not found`);
    if (!isCount(command.quantity, 1_000_000))
      return reject('quantity_out_of_range', 'quantity must be a whole number from 1 to 1000000');
    const available = this.ledger.availableUnits(command.participant_id, command.instrument_id);
    if (available < command.quantity)
      return reject(
        'insufficient_balance',
        `not enough available Units to transfer (${available} available; Units held by open sell orders are not)`,
      );
    const log = new ChangeLog();
    this.ledger.moveToConsumption(command.participant_id, command.instrument_id, command.quantity, log);
    const taken = takeChunks(
      provenanceOf(this.state, command.participant_id, command.instrument_id),
      command.quantity,
    );
    leaveInventory(this.state, log, command.instrument_id, taken, 'own_consumption');
    const lot = formLot(
      this.state,
      log,
      ctx,
      command.participant_id,
      command.instrument_id,
      taken,
      'transfer',
    );
    log.provenanceTouched(command.participant_id, command.instrument_id);
    const transfer: TransferRecord = {
      seq: ctx.seq,
      participant_id: command.participant_id,
      instrument_id: command.instrument_id,
      kind: 'trading_to_consumption',
      quantity: command.quantity,
      lot_id: lot.lot_id,
      created_at: ctx.time,
    };
    log.add({ kind: 'transfer', transfer });
    return done({ lot: { ...lot }, transfer }, log);
  }

  /**
   * One atomic sweep: every Trading account's bought Units (all but an issuer's own unsold inventory)
   * move to consumption, one Lot per account and instrument; the account's open asks in that instrument
   * are cancelled first with closure reason `swept`.
   */
  runSweep(command: Cmd<'run_sweep'>, ctx: CommandContext): Outcome<SweepRecord> {
    const last = this.state.lastSweep;
    if (!Number.isInteger(command.scheduled_for) || command.scheduled_for > ctx.time)
      return reject('sweep_out_of_order', 'a sweep cannot be scheduled in the future');
    if (last && command.scheduled_for <= last.scheduled_for)
      return reject(
        'sweep_out_of_order',
        `a sweep scheduled for ${command.scheduled_for} ms is not after the last one (${last.scheduled_for} ms)`,
      );
    const log = new ChangeLog();
    const record: SweepRecord = {
      sweep_id: command.sweep_id,
      seq: ctx.seq,
      scheduled_for: command.scheduled_for,
      executed_at: ctx.time,
      accounts: 0,
      units: 0,
      lots: 0,
      orders_cancelled: 0,
      lot_ids: [],
    };
    for (const [key, chunks] of sorted(this.state.provenance)) {
      const swept = chunks.filter((c) => c.trade_id !== null);
      const units = swept.reduce((n, c) => n + c.units, 0);
      if (units === 0) continue;
      const [participantId, instrumentId] = key.split('\u0000') as [string, string];
      record.orders_cancelled += this.orders.cancelSellsForSweep(participantId, instrumentId, ctx, log);
      const kept = chunks.filter((c) => c.trade_id === null);
      this.state.provenance.set(key, kept);
      this.ledger.moveToConsumption(participantId, instrumentId, units, log);
      log.provenanceTouched(participantId, instrumentId);
      const lot = formLot(this.state, log, ctx, participantId, instrumentId, swept, 'sweep');
      record.accounts++;
      record.units += units;
      record.lots++;
      record.lot_ids.push(lot.lot_id);
    }
    this.state.lastSweep = { sweep_id: command.sweep_id, scheduled_for: command.scheduled_for };
    log.add({ kind: 'sweep', sweep: record });
    return done(record, log);
  }

  setSweepSchedule(command: Cmd<'set_sweep_schedule'>, ctx: CommandContext): Outcome<SweepConfig> {
    if (!['scheduled', 'interval', 'immediate'].includes(command.mode))
      return reject('invalid_schedule', `unknown sweep mode ${String(command.mode)}`);
    if (command.interval_seconds !== undefined && !isCount(command.interval_seconds, MAX_SECONDS))
      return reject('invalid_schedule', `interval_seconds must be a whole number from 1 to ${MAX_SECONDS}`);
    if (command.lot_ttl_seconds !== undefined && !isCount(command.lot_ttl_seconds, MAX_SECONDS))
      return reject('invalid_schedule', `lot_ttl_seconds must be a whole number from 1 to ${MAX_SECONDS}`);
    const current = this.state.sweepConfig;
    const config: SweepConfig = {
      mode: command.mode,
      interval_seconds:
        command.mode === 'scheduled'
          ? SCHEDULED_SWEEP_SECONDS
          : (command.interval_seconds ?? current.interval_seconds),
      lot_ttl_seconds: command.lot_ttl_seconds ?? current.lot_ttl_seconds,
      updated_at: ctx.time,
    };
    this.state.sweepConfig = config;
    const log = new ChangeLog();
    log.add({ kind: 'sweep_config', config: { ...config } });
    return done({ ...config }, log);
  }

  /** Removes what is left in every Lot past its expiry; the suppliers' liability for it ends. */
  expireLots(ctx: CommandContext): Outcome<{ expiries: ExpiryRecord[] }> {
    const due = sorted(this.state.lots)
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
  drawTokens(command: Cmd<'draw_tokens'>, ctx: CommandContext): Outcome<DrawRecord> {
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

export class AutoMode {
  constructor(
    private readonly state: ExchangeState,
    private readonly orders: OrderEntry,
    private readonly ledger: Ledger,
  ) {}

  set(command: Cmd<'set_auto_mode'>, ctx: CommandContext): Outcome<AutoSettings> {
    const trader = activeTrader(this.state, command.participant_id);
    if ('ok' in trader) return trader;
    if (!this.state.instruments.has(command.instrument_id))
      return reject('instrument_not_found', `instrument ${command.instrument_id} not found`);
    if (command.mode !== 'auto' && command.mode !== 'advanced')
      return reject('invalid_order', `unknown mode ${String(command.mode)}`);
    const whole = (n: unknown, min: number, max: number) =>
      Number.isSafeInteger(n) && (n as number) >= min && (n as number) <= max;
    if (
      !whole(command.threshold_tokens, 0, Number.MAX_SAFE_INTEGER) ||
      !whole(command.top_up_units, 1, 1_000_000) ||
      !whole(command.max_price_ticks, 1, Number.MAX_SAFE_INTEGER) ||
      !whole(command.daily_spend_ceiling, 0, Number.MAX_SAFE_INTEGER)
    )
      return reject(
        'quantity_out_of_range',
        'threshold_tokens, top_up_units (1 to 1000000), max price and daily spend ceiling must be whole numbers',
      );
    const key = unitKey(command.participant_id, command.instrument_id);
    const earlier = this.state.autoSettings.get(key);
    const settings: AutoSettings = {
      mode: command.mode,
      threshold_tokens: command.threshold_tokens,
      top_up_units: command.top_up_units,
      max_price_ticks: command.max_price_ticks,
      daily_spend_ceiling: command.daily_spend_ceiling,
      spent_day: earlier?.spent_day ?? utcDay(ctx.time),
      spent_today: earlier?.spent_today ?? 0,
      blocked: null,
      updated_at: ctx.time,
    };
    this.state.autoSettings.set(key, settings);
    const log = new ChangeLog();
    log.add({
      kind: 'auto_settings',
      participant_id: command.participant_id,
      instrument_id: command.instrument_id,
      settings: { ...settings },
    });
    return done({ ...settings }, log);
  }

  /** Live tokens of a participant in an instrument: Lots not yet past expiry. */
  liveTokens(participantId: string, instrumentId: string, now: number): number {
    let tokens = 0;
    for (const lot of this.state.lots.values()) {
      if (lot.participant_id === participantId && lot.instrument_id === instrumentId && lot.expires_at > now)
        tokens += lot.tokens_remaining;
    }
    return tokens;
  }

  topUp(command: Cmd<'auto_top_up'>, ctx: CommandContext): Outcome<TopUpRecord> {
    const key = unitKey(command.participant_id, command.instrument_id);
    const current = this.state.autoSettings.get(key);
    if (!current || current.mode !== 'auto')
      return reject('auto_mode_inactive', 'Auto Mode is not set up for this participant and instrument');
    const day = utcDay(ctx.time);
    const newDay = current.spent_day !== day;
    const blocked = newDay && current.blocked === 'daily_ceiling' ? null : current.blocked;
    if (blocked !== null)
      return reject(
        'auto_mode_inactive',
        `Auto Mode top-ups are paused (${blocked}); save the settings to resume`,
      );
    if (this.liveTokens(command.participant_id, command.instrument_id, ctx.time) >= current.threshold_tokens)
      return reject('top_up_not_needed', 'the consumption balance is not below the threshold');
    const instrument = this.state.instruments.get(command.instrument_id)!;
    const { tick_micros } = instrument.market;
    const feeBps = maxFeeBps(instrument);
    const settings: AutoSettings = {
      ...current,
      blocked: null,
      spent_day: day,
      spent_today: newDay ? 0 : current.spent_today,
    };
    const budget = Math.max(settings.daily_spend_ceiling - settings.spent_today, 0);
    let quantity = Math.min(
      settings.top_up_units,
      Math.floor(budget / buyHold(settings.max_price_ticks, 1, tick_micros, feeBps)),
    );
    if (
      quantity < settings.top_up_units &&
      buyHold(settings.max_price_ticks, quantity + 1, tick_micros, feeBps) <= budget
    )
      quantity++;
    const record: TopUpRecord = {
      top_up_id: command.top_up_id,
      seq: ctx.seq,
      participant_id: command.participant_id,
      instrument_id: command.instrument_id,
      outcome: 'daily_ceiling',
      requested: settings.top_up_units,
      filled: 0,
      spent: 0,
      order_id: null,
      lot_id: null,
      message: null,
      created_at: ctx.time,
    };
    let log = new ChangeLog();
    if (quantity > 0) {
      const placed = this.orders.place(
        {
          type: 'place_order',
          order_id: command.order_id,
          participant_id: command.participant_id,
          market_id: instrument.market.market_id,
          side: 'buy',
          order_type: 'limit',
          quantity,
          price_ticks: settings.max_price_ticks,
          tif: 'ioc',
        },
        ctx,
      );
      if (!placed.ok) {
        record.outcome = 'rejected';
        record.message = placed.message;
      } else {
        log = (placed as typeof placed & { log: ChangeLog }).log;
        const { order, trades } = placed.result;
        record.order_id = order.order_id;
        record.filled = order.filled;
        record.spent = trades.reduce((n, t) => n + t.price_ticks * t.quantity * tick_micros + t.taker_fee, 0);
        if (order.filled > 0 && this.state.sweepConfig.mode !== 'immediate') {
          this.ledger.moveToConsumption(command.participant_id, command.instrument_id, order.filled, log);
          const taken = takeChunks(
            provenanceOf(this.state, command.participant_id, command.instrument_id),
            order.filled,
          );
          const lot = formLot(
            this.state,
            log,
            ctx,
            command.participant_id,
            command.instrument_id,
            taken,
            'transfer',
          );
          log.provenanceTouched(command.participant_id, command.instrument_id);
          record.lot_id = lot.lot_id;
          log.add({
            kind: 'transfer',
            transfer: {
              seq: ctx.seq,
              participant_id: command.participant_id,
              instrument_id: command.instrument_id,
              kind: 'trading_to_consumption',
              quantity: order.filled,
              lot_id: lot.lot_id,
              created_at: ctx.time,
            },
          });
        }
        record.outcome =
          order.filled === settings.top_up_units
            ? 'filled'
            : order.filled === quantity
              ? 'daily_ceiling'
              : order.filled > 0
                ? 'partial_fill'
                : 'no_fill';
      }
    }
    settings.spent_today += record.spent;
    settings.blocked = record.outcome === 'filled' ? null : record.outcome;
    this.state.autoSettings.set(key, settings);
    log.add({
      kind: 'auto_settings',
      participant_id: command.participant_id,
      instrument_id: command.instrument_id,
      settings: { ...settings },
    });
    log.add({ kind: 'top_up', top_up: record });
    return done(record, log);
  }
}

const utcDay = (ms: number) => Math.floor(ms / 86_400_000);

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

/** Tokens left in a participant's live Lots of an instrument. */
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
