import type { z } from 'zod';
import type {
  AutoModeBody,
  AutoModeView,
  ConsumptionAccountView,
  FundedLotView,
  IssuanceAccountView,
  LiabilityHistoryView,
  LotExpiryView,
  LotView,
  SupplierLiabilityView,
  SweepHistoryQuery,
  SweepScheduleBody,
  SweepScheduleView,
  SweepView,
  TopUpView,
  TransferBody,
  TransferResult,
  TransferView,
} from '../../src-preload/contract-lifecycle';
import type { Lot, SweepRecord, TransferRecord } from '../engine/lifecycle-types';
import { parsePriceTicks, parseUsd } from '../engine/money';
import { unitKey } from '../engine/orders';
import { ExchangeError } from './errors';
import type { ExchangeService } from './exchange-service';
import {
  autoModeView,
  byExpiry,
  consumptionAccountViews,
  expiryView,
  iso,
  lotView,
  sweepView,
  topUpView,
  transferView,
} from './lifecycle-views';
import type { SupplierLiability } from './supplier-liability';
import { newSweepId, type SweepScheduler } from './sweep-scheduler';

/**
 * What the exchange offers around the life of a Unit, in wire shapes; the contract handlers and the
 * admin routes call these. Arguments arrive validated; a participant named in a read must exist (404).
 * The scheduled jobs are `SweepScheduler` and `AutoTopUps`; the views are in `lifecycle-views.ts`.
 */
export class LifecycleOperations {
  constructor(
    readonly service: ExchangeService,
    /** The running scheduler (for next_sweep_at). */
    private readonly scheduler: SweepScheduler,
    private readonly liability: SupplierLiability,
  ) {}

  private get state() {
    return this.service.engine.state;
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
    const transfer = {
      transfer: transferView(this.state, result.transfer),
      lot: lotView(this.state, result.lot),
    };
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
    const transfer = { transfer: transferView(this.state, result.transfer), lot: null };
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
    return this.service.store.lifecycle
      .transfers(participantId, limit)
      .map((row) => transferView(this.state, row));
  }

  /** Per instrument: live Lots (nearest expiry first), and with `includeFinished` the used-up and expired ones. */
  consumptionAccounts(participantId: string, includeFinished = false): ConsumptionAccountView[] {
    this.requireParticipant(participantId);
    const lots: Lot[] = includeFinished
      ? this.service.store.lifecycle.lots(participantId).map((lot) => this.state.lots.get(lot.lot_id) ?? lot)
      : [...this.state.lots.values()].filter((lot) => lot.participant_id === participantId);
    return consumptionAccountViews(this.state, lots);
  }

  /** Every Lot with tokens left, across the exchange, nearest expiry first. */
  liveLots(): LotView[] {
    return [...this.state.lots.values()].sort(byExpiry).map((lot) => lotView(this.state, lot));
  }

  expiries(participantId: string | undefined, limit: number): LotExpiryView[] {
    return this.service.store.lifecycle
      .expiries(participantId, limit)
      .map((row) => expiryView(this.state, row));
  }

  supplierLiability(participantId: string): SupplierLiabilityView[] {
    this.requireParticipant(participantId);
    return this.liability.current(participantId);
  }

  liabilityHistory(participantId: string, limit: number): LiabilityHistoryView[] {
    this.requireParticipant(participantId);
    return this.liability.history(participantId, limit);
  }

  fundedLots(supplierId: string): FundedLotView[] {
    this.requireParticipant(supplierId);
    return this.liability.fundedLots(supplierId);
  }

  autoMode(participantId: string): AutoModeView[] {
    this.requireParticipant(participantId);
    return [...this.state.instruments.values()].map((instrument) =>
      autoModeView(this.state, participantId, instrument.instrument_id, this.service.clock()),
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
    return autoModeView(this.state, participantId, body.instrument_id, this.service.clock());
  }

  topUps(participantId: string, limit: number): TopUpView[] {
    this.requireParticipant(participantId);
    return this.service.store.lifecycle.topUps(participantId, limit).map((t) => topUpView(this.state, t));
  }
}
