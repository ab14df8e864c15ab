import { ChangeLog, done } from './change-log';
import type { Command, CommandContext, Outcome } from './commands';
import { buyHold, maxFeeBps } from './fees';
import type { Ledger } from './ledger';
import type { AutoSettings, TopUpRecord } from './lifecycle-types';
import { liveTokens } from './lots';
import type { OrderEntry } from './order-entry';
import { unitKey } from './orders';
import { activeTrader } from './participants';
import { reject } from './rejections';
import type { ExchangeState } from './state';
import { transferIntoLot } from './transfers';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/** The UTC day of a time (days since the epoch): daily spend ceilings reset when it changes. */
export const utcDay = (ms: number) => Math.floor(ms / 86_400_000);

/**
 * Auto Mode: a consumer's settings per instrument, and the top-up the service submits when its
 * consumption balance falls below the threshold: an IOC buy within the maximum price and what is left
 * of the daily spend ceiling, whose fills become a Lot at once (unless sweeps are immediate). A top-up
 * that does not fill completely pauses Auto Mode for that instrument until the settings are saved again
 * (a daily-ceiling pause also ends with the day), so nothing retries in a loop.
 */
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

  topUp(command: Cmd<'auto_top_up'>, ctx: CommandContext): Outcome<TopUpRecord> {
    const { participant_id, instrument_id } = command;
    const key = unitKey(participant_id, instrument_id);
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
    if (liveTokens(this.state, participant_id, instrument_id, ctx.time) >= current.threshold_tokens)
      return reject('top_up_not_needed', 'the consumption balance is not below the threshold');
    const instrument = this.state.instruments.get(instrument_id)!;
    const { tick_micros } = instrument.market;
    const feeBps = maxFeeBps(instrument);
    const settings: AutoSettings = {
      ...current,
      blocked: null,
      spent_day: day,
      spent_today: newDay ? 0 : current.spent_today,
    };
    // As many Units as the rest of today's ceiling holds at the maximum price (one more if it still fits).
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
      participant_id,
      instrument_id,
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
          participant_id,
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
        // In immediate mode the fills are already in consumption (settlement formed their Lot).
        if (order.filled > 0 && this.state.sweepConfig.mode !== 'immediate') {
          const into = transferIntoLot(
            this.state,
            this.ledger,
            log,
            ctx,
            participant_id,
            instrument_id,
            order.filled,
          );
          record.lot_id = into.lot.lot_id;
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
    log.add({ kind: 'auto_settings', participant_id, instrument_id, settings: { ...settings } });
    log.add({ kind: 'top_up', top_up: record });
    return done(record, log);
  }
}
