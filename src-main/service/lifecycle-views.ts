import type {
  AutoModeView,
  ConsumptionAccountView,
  LotExpiryView,
  LotView,
  SweepView,
  TopUpView,
  TransferView,
} from '../../src-preload/contract-lifecycle';
import { utcDay } from '../engine/auto-mode';
import type { ExpiryRecord, Lot, SweepRecord, TopUpRecord, TransferRecord } from '../engine/lifecycle-types';
import { liveTokens } from '../engine/lots';
import { formatTicks, formatUsd } from '../engine/money';
import { unitKey } from '../engine/orders';
import type { ExchangeState } from '../engine/state';

/** The life of a Unit in wire shapes: ISO times, decimal USD, each instrument's symbol beside its id. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** An instrument's symbol (its id if the instrument is unknown). */
export const symbolOf = (state: ExchangeState, instrumentId: string): string =>
  state.instruments.get(instrumentId)?.symbol ?? instrumentId;

/** Lots nearest expiry first, then by id. */
export const byExpiry = (a: Lot, b: Lot) => a.expires_at - b.expires_at || (a.lot_id < b.lot_id ? -1 : 1);

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

export function lotView(state: ExchangeState, lot: Lot): LotView {
  return {
    lot_id: lot.lot_id,
    participant_id: lot.participant_id,
    instrument_id: lot.instrument_id,
    symbol: symbolOf(state, lot.instrument_id),
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

/** Per instrument (by symbol), the given Lots nearest expiry first, with what is left in the live ones. */
export function consumptionAccountViews(state: ExchangeState, lots: Lot[]): ConsumptionAccountView[] {
  const byInstrument = new Map<string, Lot[]>();
  for (const lot of lots) {
    const list = byInstrument.get(lot.instrument_id) ?? [];
    list.push(lot);
    byInstrument.set(lot.instrument_id, list);
  }
  return [...byInstrument.entries()]
    .sort(([a], [b]) => (symbolOf(state, a) < symbolOf(state, b) ? -1 : 1))
    .map(([instrumentId, list]) => {
      list.sort(byExpiry);
      const live = list.filter((lot) => lot.tokens_remaining > 0 && lot.expired_at === null);
      return {
        instrument_id: instrumentId,
        symbol: symbolOf(state, instrumentId),
        tokens_remaining: live.reduce((n, lot) => n + lot.tokens_remaining, 0),
        next_expiry_at: live.length ? iso(live[0]!.expires_at) : null,
        lots: list.map((lot) => lotView(state, lot)),
      };
    });
}

export function transferView(state: ExchangeState, t: TransferRecord): TransferView {
  return {
    sequence: t.seq,
    participant_id: t.participant_id,
    instrument_id: t.instrument_id,
    symbol: symbolOf(state, t.instrument_id),
    kind: t.kind,
    quantity: t.quantity,
    lot_id: t.lot_id,
    created_at: iso(t.created_at),
  };
}

export function expiryView(state: ExchangeState, e: ExpiryRecord): LotExpiryView {
  return {
    sequence: e.seq,
    lot_id: e.lot_id,
    participant_id: e.participant_id,
    instrument_id: e.instrument_id,
    symbol: symbolOf(state, e.instrument_id),
    tokens: e.tokens,
    expired_at: iso(e.expired_at),
    suppliers: e.suppliers,
  };
}

/** A participant's Auto Mode in an instrument at `now` (defaults when never set up). */
export function autoModeView(
  state: ExchangeState,
  participantId: string,
  instrumentId: string,
  now: number,
): AutoModeView {
  const settings = state.autoSettings.get(unitKey(participantId, instrumentId));
  const instrument = state.instruments.get(instrumentId)!;
  const today = settings && settings.spent_day === utcDay(now) ? settings.spent_today : 0;
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
    tokens_remaining: liveTokens(state, participantId, instrumentId, now),
  };
}

export function topUpView(state: ExchangeState, t: TopUpRecord): TopUpView {
  return {
    top_up_id: t.top_up_id,
    sequence: t.seq,
    participant_id: t.participant_id,
    instrument_id: t.instrument_id,
    symbol: symbolOf(state, t.instrument_id),
    outcome: t.outcome,
    requested: t.requested,
    filled: t.filled,
    spent: formatUsd(t.spent),
    order_id: t.order_id,
    lot_id: t.lot_id,
    message: t.message,
    created_at: iso(t.created_at),
  };
}
