import { ChangeLog, done } from './change-log';
import type { Command, CommandContext, Outcome } from './commands';
import { isCount } from './counts';
import type { Ledger } from './ledger';
import type { SweepConfig, SweepRecord } from './lifecycle-types';
import { SCHEDULED_SWEEP_SECONDS } from './lifecycle-types';
import type { OrderEntry } from './order-entry';
import { formLot } from './provenance';
import { reject } from './rejections';
import { byKey, type ExchangeState } from './state';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;
const MAX_SECONDS = 7 * 24 * 60 * 60;

/**
 * Sweeps into consumption and their schedule. The service decides when a sweep is due and submits it;
 * the engine only refuses one that is not after the last. Accounts are swept in key order, so a sweep
 * does the same thing whatever order the state's maps were loaded in.
 */
export class Sweeps {
  constructor(
    private readonly state: ExchangeState,
    private readonly orders: OrderEntry,
    private readonly ledger: Ledger,
  ) {}

  /**
   * One atomic sweep: every Trading account's bought Units (all but an issuer's own unsold inventory)
   * move to consumption, one Lot per account and instrument; the account's open asks in that instrument
   * are cancelled first with closure reason `swept`.
   */
  run(command: Cmd<'run_sweep'>, ctx: CommandContext): Outcome<SweepRecord> {
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
    for (const [key, chunks] of byKey(this.state.provenance)) {
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

  setSchedule(command: Cmd<'set_sweep_schedule'>, ctx: CommandContext): Outcome<SweepConfig> {
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
}
