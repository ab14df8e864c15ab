import type { z } from 'zod';
import type {
  AutoModeBody,
  AutoModeView,
  TopUpView,
  ConsumptionAccountView,
  FundedLotView,
  IssuanceAccountView,
  LiabilityHistoryView,
  LiabilityPoint,
  LotExpiryView,
  LotView,
  SupplierLiabilityView,
  SweepHistoryQuery,
  SweepScheduleBody,
  SweepScheduleView,
  SweepView,
  TransferBody,
  TransferResult,
  TransferView,
} from '../../src-preload/contract-lifecycle';
import type { AutoSettings, Lot, SweepRecord, TransferRecord } from '../engine/lifecycle-types';
import { formatTicks, formatUsd, parsePriceTicks, parseUsd } from '../engine/money';
import { owedTokens } from '../engine/lifecycle-types';
import { unitKey } from '../engine/orders';
import { inventoryUnits } from '../engine/supply';
import { ExchangeError } from './errors';
import { type ExchangeService, SYSTEM_ACTOR } from './exchange-service';
import { newId } from './ids';
import { MAX_TIMER_MS, realTimers, type Timers } from './timers';

const iso = (ms: number) => new Date(ms).toISOString();
/** The most points of liability history a request may ask for, per instrument (the contract's maximum). */
const MAX_LIABILITY_POINTS = 2000;
/** On start after a long closure, at most this many missed sweeps run (the oldest are skipped). */
export const MAX_CATCH_UP_SWEEPS = 1000;

/** The first sweep boundary strictly after `afterMs`: multiples of the period since the epoch (UTC). */
export function nextBoundary(afterMs: number, periodSeconds: number): number {
  const period = periodSeconds * 1000;
  return (Math.floor(afterMs / period) + 1) * period;
}

/**
 * Runs sweeps on the exchange's schedule and expires Lots when they are due, from the service's clock.
 * `start()` first runs every sweep missed while the app was closed, in order, each with its own
 * `scheduled_for`, then expires what is overdue, then arms one timer for whichever is next. It re-arms
 * after every commit that changes the schedule or forms or empties a Lot.
 */
export class SweepScheduler {
  private timer: unknown = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = true;
  private unsubscribe: (() => void) | null = null;
  /**
   * Where the schedule starts counting when no sweep has ever run and it was never set: the last
   * journaled command before this start (about when the app last closed).
   */
  private readonly origin: number;

  constructor(
    private readonly service: ExchangeService,
    private readonly timers: Timers = realTimers,
  ) {
    this.origin = service.store.lifecycle.lastJournalTime() ?? service.clock();
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.unsubscribe = this.service.onCommit((_seq, entries) => {
      const relevant = entries.some((e) =>
        e.changes.some((c) => c.kind === 'sweep_config' || c.kind === 'lot'),
      );
      if (relevant && !this.stopped) this.arm();
    });
    await this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs whatever is due now (missed sweeps in order, then expiry) and re-arms the timer. */
  tick(): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        await this.runDueSweeps();
        await this.expireDue();
      } catch (error) {
        if (!(error instanceof ExchangeError) || error.status >= 500)
          console.error('lifecycle job failed', error);
      }
      if (!this.stopped) this.arm();
    });
    return this.running;
  }

  /** The next sweep time under the current schedule, or null in immediate mode. */
  nextSweepAt(): number | null {
    const state = this.service.engine.state;
    const config = state.sweepConfig;
    if (config.mode === 'immediate') return null;
    // After the last sweep, but never before the schedule was last changed.
    const anchors = [state.lastSweep?.scheduled_for, config.updated_at].filter((t): t is number => t != null);
    const anchor = anchors.length ? Math.max(...anchors) : this.origin;
    return nextBoundary(anchor, config.interval_seconds);
  }

  private async runDueSweeps(): Promise<void> {
    const now = this.service.clock();
    let next = this.nextSweepAt();
    if (next === null || next > now) return;
    const period = this.service.engine.state.sweepConfig.interval_seconds * 1000;
    const due = Math.floor((now - next) / period) + 1;
    if (due > MAX_CATCH_UP_SWEEPS) next += (due - MAX_CATCH_UP_SWEEPS) * period;
    for (; next <= now && !this.stopped; next += period) {
      await this.service.submit(
        { type: 'run_sweep', sweep_id: newSweepId(), scheduled_for: next },
        SYSTEM_ACTOR,
      );
    }
  }

  private async expireDue(): Promise<void> {
    const at = nextExpiry(this.service);
    if (at === null || at > this.service.clock()) return;
    await this.service.submit({ type: 'expire_lots' }, SYSTEM_ACTOR);
  }

  private arm(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const candidates = [this.nextSweepAt(), nextExpiry(this.service)].filter((t): t is number => t !== null);
    if (candidates.length === 0) return;
    const delay = Math.min(Math.max(Math.min(...candidates) - this.service.clock(), 0), MAX_TIMER_MS);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delay);
  }
}

function nextExpiry(service: ExchangeService): number | null {
  let soonest: number | null = null;
  for (const lot of service.engine.state.lots.values()) {
    if (lot.tokens_remaining > 0 && (soonest === null || lot.expires_at < soonest)) soonest = lot.expires_at;
  }
  return soonest;
}

export const newSweepId = () => newId('sweep');

/**
 * Auto Mode: after a commit that lowered a consumer's consumption balance (a draw or an expiry) or saved
 * its settings, checks whether the balance is below the threshold and, if so, submits one `auto_top_up`.
 * A top-up that could not fill within the ceilings pauses Auto Mode for that instrument in the engine,
 * so nothing retries in a loop. `inFlight` tells the Consumption API to answer 503 meanwhile.
 */
export class AutoTopUps {
  private readonly pending = new Set<string>();
  private unsubscribe: (() => void) | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly service: ExchangeService) {}

  start(): void {
    this.unsubscribe = this.service.onCommit((_seq, entries) => {
      for (const entry of entries) {
        if (entry.command.type === 'auto_top_up') continue;
        for (const change of entry.changes) {
          if (change.kind === 'draw') this.check(change.draw.participant_id, change.draw.instrument_id);
          if (change.kind === 'call' && change.call.billed_tokens > 0)
            this.check(change.call.participant_id, change.call.instrument_id);
          if (change.kind === 'lot_expiry')
            this.check(change.expiry.participant_id, change.expiry.instrument_id);
          if (change.kind === 'auto_settings') this.check(change.participant_id, change.instrument_id);
        }
      }
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** True while a top-up for this consumer and instrument is queued or running. */
  inFlight(participantId: string, instrumentId: string): boolean {
    return this.pending.has(unitKey(participantId, instrumentId));
  }

  /** Resolves when every queued top-up has run. */
  idle(): Promise<void> {
    return this.running;
  }

  check(participantId: string, instrumentId: string): void {
    const key = unitKey(participantId, instrumentId);
    if (this.pending.has(key) || !this.due(participantId, instrumentId)) return;
    this.pending.add(key);
    this.running = this.running.then(async () => {
      try {
        if (this.due(participantId, instrumentId)) {
          await this.service.submit(
            {
              type: 'auto_top_up',
              participant_id: participantId,
              instrument_id: instrumentId,
              top_up_id: newId('topUp'),
              order_id: newId('order'),
            },
            SYSTEM_ACTOR,
          );
        }
      } catch (error) {
        if (!(error instanceof ExchangeError) || error.status >= 500)
          console.error('auto top-up failed', error);
      } finally {
        this.pending.delete(key);
      }
    });
  }

  private due(participantId: string, instrumentId: string): boolean {
    const state = this.service.engine.state;
    const settings = state.autoSettings.get(unitKey(participantId, instrumentId));
    if (!settings || settings.mode !== 'auto') return false;
    const now = this.service.clock();
    const newDay = settings.spent_day !== Math.floor(now / 86_400_000);
    if (settings.blocked !== null && !(newDay && settings.blocked === 'daily_ceiling')) return false;
    let live = 0;
    for (const lot of state.lots.values()) {
      if (lot.participant_id === participantId && lot.instrument_id === instrumentId && lot.expires_at > now)
        live += lot.tokens_remaining;
    }
    return live < settings.threshold_tokens;
  }
}

// ---- Operations ----

/**
 * What the exchange offers around the life of a Unit, in wire shapes; the contract handlers and the
 * admin routes call these. Arguments arrive validated. Operator-only actions check the actor here.
 */
export class LifecycleOperations {
  /** Each supplier's liability replay so far: the last journal sequence read, the running totals and points. */
  private readonly liabilityReplays = new Map<
    string,
    { after: number; series: Map<string, { owed: number; points: LiabilityPoint[] }> }
  >();

  constructor(
    readonly service: ExchangeService,
    /** The running scheduler (for next_sweep_at). */
    private readonly scheduler: SweepScheduler,
  ) {}

  private get state() {
    return this.service.engine.state;
  }

  private symbol(instrumentId: string): string {
    return this.state.instruments.get(instrumentId)?.symbol ?? instrumentId;
  }

  private requireParticipant(participantId: string): void {
    if (!this.state.participants.has(participantId))
      throw new ExchangeError(404, `participant ${participantId} not found`);
  }

  sweepSchedule(): SweepScheduleView {
    const config = this.state.sweepConfig;
    const next = this.scheduler.nextSweepAt();
    const last = this.state.lastSweep;
    return {
      mode: config.mode,
      interval_seconds: config.interval_seconds,
      lot_ttl_seconds: config.lot_ttl_seconds,
      updated_at: config.updated_at === null ? null : iso(config.updated_at),
      next_sweep_at: next === null ? null : iso(next),
      last_sweep: last && { sweep_id: last.sweep_id, scheduled_for: iso(last.scheduled_for) },
    };
  }

  async setSweepSchedule(
    body: z.output<typeof SweepScheduleBody>,
    actor: string,
  ): Promise<SweepScheduleView> {
    await this.service.submit(
      {
        type: 'set_sweep_schedule',
        mode: body.mode,
        ...(body.interval_seconds !== undefined && { interval_seconds: body.interval_seconds }),
        ...(body.lot_ttl_seconds !== undefined && { lot_ttl_seconds: body.lot_ttl_seconds }),
      },
      actor,
    );
    return this.sweepSchedule();
  }

  async runSweepNow(actor: string): Promise<SweepView> {
    const { result } = await this.service.submit<SweepRecord>(
      { type: 'run_sweep', sweep_id: newSweepId(), scheduled_for: this.service.clock() },
      actor,
    );
    return sweepView(result);
  }

  sweeps(query: z.output<typeof SweepHistoryQuery>): SweepView[] {
    return this.service.store.lifecycle
      .sweeps(query.before ?? Number.MAX_SAFE_INTEGER, query.limit)
      .map((sweep) => sweepView(sweep));
  }

  async transferToConsumption(
    participantId: string,
    body: z.output<typeof TransferBody>,
    actor: string,
  ): Promise<TransferResult> {
    const { result, replayed } = await this.service.submit<{ lot: Lot; transfer: TransferRecord }>(
      { type: 'transfer_to_consumption', participant_id: participantId, ...body },
      actor,
    );
    const transfer = { transfer: this.transferView(result.transfer), lot: this.lotView(result.lot) };
    return replayed ? { ...transfer, replayed } : transfer;
  }

  async issuanceToTrading(
    participantId: string,
    body: z.output<typeof TransferBody>,
    actor: string,
  ): Promise<TransferResult> {
    const { result, replayed } = await this.service.submit<{ transfer: TransferRecord }>(
      { type: 'transfer_issuance_to_trading', participant_id: participantId, ...body },
      actor,
    );
    const transfer = { transfer: this.transferView(result.transfer), lot: null };
    return replayed ? { ...transfer, replayed } : transfer;
  }

  issuanceAccounts(participantId: string): IssuanceAccountView[] {
    this.requireParticipant(participantId);
    return [...this.state.instruments.values()]
      .map((instrument) => ({
        instrument_id: instrument.instrument_id,
        symbol: instrument.symbol,
        units: this.state.issuance.get(unitKey(participantId, instrument.instrument_id)) ?? 0,
      }))
      .filter((account) => account.units > 0);
  }

  transfers(participantId: string, limit: number): TransferView[] {
    this.requireParticipant(participantId);
    return this.service.store.lifecycle.transfers(participantId, limit).map((row) => this.transferView(row));
  }

  /** Per instrument: live Lots (nearest expiry first), and with `includeFinished` the used-up and expired ones. */
  consumptionAccounts(participantId: string, includeFinished = false): ConsumptionAccountView[] {
    this.requireParticipant(participantId);
    const lots: Lot[] = includeFinished
      ? this.service.store.lifecycle.lots(participantId).map((lot) => this.state.lots.get(lot.lot_id) ?? lot)
      : [...this.state.lots.values()].filter((lot) => lot.participant_id === participantId);
    const byInstrument = new Map<string, Lot[]>();
    for (const lot of lots) {
      const list = byInstrument.get(lot.instrument_id) ?? [];
      list.push(lot);
      byInstrument.set(lot.instrument_id, list);
    }
    return [...byInstrument.entries()]
      .sort(([a], [b]) => (this.symbol(a) < this.symbol(b) ? -1 : 1))
      .map(([instrumentId, list]) => {
        list.sort((a, b) => a.expires_at - b.expires_at || (a.lot_id < b.lot_id ? -1 : 1));
        const live = list.filter((lot) => lot.tokens_remaining > 0 && lot.expired_at === null);
        return {
          instrument_id: instrumentId,
          symbol: this.symbol(instrumentId),
          tokens_remaining: live.reduce((n, lot) => n + lot.tokens_remaining, 0),
          next_expiry_at: live.length ? iso(live[0]!.expires_at) : null,
          lots: list.map((lot) => this.lotView(lot)),
        };
      });
  }

  /** Every Lot with tokens left, across the exchange, nearest expiry first. */
  liveLots(): LotView[] {
    return [...this.state.lots.values()]
      .sort((a, b) => a.expires_at - b.expires_at || (a.lot_id < b.lot_id ? -1 : 1))
      .map((lot) => this.lotView(lot));
  }

  /** The live Lots a supplier's Units fund, with its share of each (the holder is not its business). */
  fundedLots(supplierId: string): FundedLotView[] {
    this.requireParticipant(supplierId);
    const views: FundedLotView[] = [];
    for (const lot of this.state.lots.values()) {
      const shares = lot.funding.filter((funding) => funding.supplier_id === supplierId);
      if (shares.length === 0) continue;
      views.push({
        lot_id: lot.lot_id,
        instrument_id: lot.instrument_id,
        symbol: this.symbol(lot.instrument_id),
        formed_at: iso(lot.formed_at),
        expires_at: iso(lot.expires_at),
        tokens_total: shares.reduce((n, share) => n + share.tokens, 0),
        tokens_remaining: shares.reduce((n, share) => n + share.tokens_remaining, 0),
      });
    }
    return views.sort((a, b) => a.expires_at.localeCompare(b.expires_at) || (a.lot_id < b.lot_id ? -1 : 1));
  }

  supplierLiability(participantId: string): SupplierLiabilityView[] {
    this.requireParticipant(participantId);
    const sales = new Map<string, { ticks: number; fees: number }>();
    for (const row of this.service.store.lifecycle.sales(participantId)) {
      sales.set(row.instrument_id, { ticks: row.ticks, fees: row.fees });
    }
    const views: SupplierLiabilityView[] = [];
    for (const instrument of this.state.instruments.values()) {
      const id = instrument.instrument_id;
      const key = unitKey(participantId, id);
      const l = this.state.liability.get(key) ?? {
        units_sold: 0,
        units_self_consumed: 0,
        tokens_delivered: 0,
        tokens_expired: 0,
      };
      const issuance = this.state.issuance.get(key) ?? 0;
      const inventory = inventoryUnits(this.state, participantId, id);
      const sold = sales.get(id);
      if (!this.state.liability.has(key) && issuance === 0 && inventory === 0 && !sold) continue;
      const notional = (sold?.ticks ?? 0) * instrument.market.tick_micros;
      views.push({
        supplier_id: participantId,
        instrument_id: id,
        symbol: instrument.symbol,
        ...l,
        tokens_outstanding: owedTokens(l),
        issuance_units: issuance,
        inventory_units: inventory,
        sales_revenue: formatUsd(notional - (sold?.fees ?? 0)),
        fees: formatUsd(sold?.fees ?? 0),
      });
    }
    return views.sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
  }

  /**
   * Outstanding liability over time per instrument, replayed from the records of what moved it (see
   * `LifecycleQueries.liabilityEvents`): the running total after each change, the latest `limit` kept.
   * Each supplier's replay is remembered, so a later call reads only the records since (the chart
   * reloads on every commit). Sales are counted as `sales_revenue` counts them, so a supplier that
   * resold Units it had bought would see those too.
   */
  liabilityHistory(participantId: string, limit: number): LiabilityHistoryView[] {
    this.requireParticipant(participantId);
    let replay = this.liabilityReplays.get(participantId);
    if (!replay) this.liabilityReplays.set(participantId, (replay = { after: 0, series: new Map() }));
    for (const event of this.service.store.lifecycle.liabilityEvents(participantId, replay.after)) {
      let series = replay.series.get(event.instrument_id);
      if (!series) replay.series.set(event.instrument_id, (series = { owed: 0, points: [] }));
      series.owed += event.tokens;
      series.points.push({
        time: iso(event.time),
        sequence: event.seq,
        tokens_outstanding: series.owed,
        change: event.tokens,
        cause: event.cause,
      });
      // Kept to the most a request may ask for (trimmed in steps, not on every point).
      if (series.points.length > 2 * MAX_LIABILITY_POINTS) series.points.splice(0, MAX_LIABILITY_POINTS);
      replay.after = Math.max(replay.after, event.seq);
    }
    return [...replay.series.entries()]
      .map(([instrumentId, series]) => ({
        supplier_id: participantId,
        instrument_id: instrumentId,
        symbol: this.symbol(instrumentId),
        points: series.points.slice(-limit),
      }))
      .sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
  }

  expiries(participantId: string | undefined, limit: number): LotExpiryView[] {
    return this.service.store.lifecycle.expiries(participantId, limit).map((row) => ({
      sequence: row.seq,
      lot_id: row.lot_id,
      participant_id: row.participant_id,
      instrument_id: row.instrument_id,
      symbol: this.symbol(row.instrument_id),
      tokens: row.tokens,
      expired_at: iso(row.expired_at),
      suppliers: row.suppliers,
    }));
  }

  autoMode(participantId: string): AutoModeView[] {
    this.requireParticipant(participantId);
    return [...this.state.instruments.values()].map((instrument) =>
      this.autoModeView(participantId, instrument.instrument_id),
    );
  }

  async setAutoMode(
    participantId: string,
    body: z.output<typeof AutoModeBody>,
    actor: string,
  ): Promise<AutoModeView> {
    const instrument = this.state.instruments.get(body.instrument_id);
    if (!instrument) throw new ExchangeError(404, `instrument ${body.instrument_id} not found`);
    const maxPrice = parsePriceTicks(body.max_price, instrument.market.tick_micros);
    if (maxPrice === null)
      throw new ExchangeError(
        422,
        `max_price must be a positive multiple of the tick size of ${instrument.symbol}`,
      );
    const ceiling = parseUsd(body.daily_spend_ceiling);
    if (ceiling === null || ceiling < 0)
      throw new ExchangeError(422, 'daily_spend_ceiling must be a USD amount');
    await this.service.submit(
      {
        type: 'set_auto_mode',
        participant_id: participantId,
        instrument_id: body.instrument_id,
        mode: body.mode,
        threshold_tokens: body.threshold_tokens,
        top_up_units: body.top_up_units,
        max_price_ticks: maxPrice,
        daily_spend_ceiling: ceiling,
      },
      actor,
    );
    return this.autoModeView(participantId, body.instrument_id);
  }

  topUps(participantId: string, limit: number): TopUpView[] {
    this.requireParticipant(participantId);
    return this.service.store.lifecycle.topUps(participantId, limit).map((t) => ({
      top_up_id: t.top_up_id,
      sequence: t.seq,
      participant_id: t.participant_id,
      instrument_id: t.instrument_id,
      symbol: this.symbol(t.instrument_id),
      outcome: t.outcome,
      requested: t.requested,
      filled: t.filled,
      spent: formatUsd(t.spent),
      order_id: t.order_id,
      lot_id: t.lot_id,
      message: t.message,
      created_at: iso(t.created_at),
    }));
  }

  private autoModeView(participantId: string, instrumentId: string): AutoModeView {
    const settings: AutoSettings | undefined = this.state.autoSettings.get(
      unitKey(participantId, instrumentId),
    );
    const instrument = this.state.instruments.get(instrumentId)!;
    const now = this.service.clock();
    let live = 0;
    for (const lot of this.state.lots.values()) {
      if (lot.participant_id === participantId && lot.instrument_id === instrumentId && lot.expires_at > now)
        live += lot.tokens_remaining;
    }
    const today = settings && settings.spent_day === Math.floor(now / 86_400_000) ? settings.spent_today : 0;
    return {
      participant_id: participantId,
      instrument_id: instrumentId,
      symbol: instrument.symbol,
      mode: settings?.mode ?? 'auto',
      configured: settings !== undefined,
      threshold_tokens: settings?.threshold_tokens ?? 0,
      top_up_units: settings?.top_up_units ?? 1,
      max_price: settings ? formatTicks(settings.max_price_ticks, instrument.market.tick_micros) : null,
      daily_spend_ceiling: formatUsd(settings?.daily_spend_ceiling ?? 0),
      spent_today: formatUsd(today),
      paused: settings?.blocked ?? null,
      tokens_remaining: live,
    };
  }

  lotView(lot: Lot): LotView {
    return {
      lot_id: lot.lot_id,
      participant_id: lot.participant_id,
      instrument_id: lot.instrument_id,
      symbol: this.symbol(lot.instrument_id),
      origin: lot.origin,
      tokens_total: lot.tokens_total,
      tokens_remaining: lot.tokens_remaining,
      tokens_delivered: lot.tokens_delivered,
      tokens_expired: lot.tokens_expired,
      formed_at: iso(lot.formed_at),
      expires_at: iso(lot.expires_at),
      expired_at: lot.expired_at === null ? null : iso(lot.expired_at),
      status: lot.expired_at !== null ? 'expired' : lot.tokens_remaining === 0 ? 'used_up' : 'live',
      funding: lot.funding.map((f) => ({ ...f })),
    };
  }

  private transferView(t: TransferRecord): TransferView {
    return {
      sequence: t.seq,
      participant_id: t.participant_id,
      instrument_id: t.instrument_id,
      symbol: this.symbol(t.instrument_id),
      kind: t.kind,
      quantity: t.quantity,
      lot_id: t.lot_id,
      created_at: iso(t.created_at),
    };
  }
}

export function sweepView(s: SweepRecord): SweepView {
  return {
    sweep_id: s.sweep_id,
    sequence: s.seq,
    scheduled_for: iso(s.scheduled_for),
    executed_at: iso(s.executed_at),
    accounts: s.accounts,
    units: s.units,
    lots: s.lots,
    orders_cancelled: s.orders_cancelled,
    lot_ids: s.lot_ids,
  };
}
