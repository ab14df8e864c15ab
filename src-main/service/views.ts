import type { SpecRevision } from '../engine/roster';
import type { InstrumentSpec } from '../engine/instruments';
import type {
  AuditEntryView,
  BookView,
  OrderView,
  TradeView,
  UnitBalanceView,
  InstrumentView,
  MarketView,
  ParticipantView,
  UsdAdjustmentView,
  UsdBalanceView,
} from '../../src-preload/contract';
import type { Instrument } from '../engine/instruments';
import type { Depth } from '../engine/matching/types';
import { formatTicks, formatUsd } from '../engine/money';
import type { Order, Trade, UnitBalance } from '../engine/orders';
import type { Participant, UsdAdjustment, UsdBalance } from '../engine/participants';
import type { JournalRow } from '../store/exchange-store';

/** Wire shapes: decimal strings for money, ISO times, the public exchange's field names. */
const iso = (ms: number) => new Date(ms).toISOString();
const tickSize = (instrument: Instrument) => formatUsd(instrument.market.tick_micros, 3);

export function usdBalanceView(balance: UsdBalance): UsdBalanceView {
  return {
    total: formatUsd(balance.total),
    available: formatUsd(balance.total - balance.locked),
    locked: formatUsd(balance.locked),
  };
}

export function unitBalanceView(instrument: Instrument, balance: UnitBalance): UnitBalanceView {
  return {
    instrument_id: instrument.instrument_id,
    symbol: instrument.symbol,
    total: balance.total,
    available: balance.total - balance.locked,
    locked: balance.locked,
  };
}

export function participantView(
  participant: Participant,
  balance: UsdBalance,
  units: UnitBalanceView[],
): ParticipantView {
  return {
    ...participant,
    created_at: iso(participant.created_at),
    balances: { usd: usdBalanceView(balance), units },
  };
}

export function orderView(order: Order, instrument: Instrument): OrderView {
  const tick = instrument.market.tick_micros;
  // Average fill price in micro-dollars, rounded to the micro-dollar.
  const average = order.filled > 0 ? Math.round((order.filled_notional_ticks * tick) / order.filled) : null;
  return {
    order_id: order.order_id,
    client_order_id: order.client_order_id,
    participant_id: order.participant_id,
    market_id: order.market_id,
    instrument_id: order.instrument_id,
    symbol: instrument.symbol,
    side: order.side,
    type: order.type,
    status: order.status,
    quantity: order.quantity,
    filled_quantity: order.filled,
    remaining_quantity: order.quantity - order.filled,
    price: order.price_ticks === null ? null : formatTicks(order.price_ticks, tick),
    stop_price: order.stop_price_ticks === null ? null : formatTicks(order.stop_price_ticks, tick),
    average_price: average === null ? null : formatUsd(average, 3),
    fee: formatUsd(order.fee),
    time_in_force: order.tif,
    post_only: order.post_only,
    self_trade_prevention: order.stp,
    closure_reason: order.closure,
    created_at: iso(order.created_at),
    updated_at: iso(order.updated_at),
  };
}

/** A trade as one of its two participants sees it: their side, their fee, their order. */
export function tradeView(trade: Trade, instrument: Instrument, participantId: string): TradeView {
  const tick = instrument.market.tick_micros;
  const isMaker =
    trade.maker_participant_id === participantId && trade.taker_participant_id !== participantId;
  const takerSide = trade.taker_side;
  return {
    trade_id: trade.trade_id,
    sequence: trade.seq,
    market_id: trade.market_id,
    symbol: instrument.symbol,
    price: formatTicks(trade.price_ticks, tick),
    quantity: trade.quantity,
    total_value: formatUsd(trade.price_ticks * trade.quantity * tick),
    fee: formatUsd(isMaker ? trade.maker_fee : trade.taker_fee),
    side: isMaker ? (takerSide === 'buy' ? 'sell' : 'buy') : takerSide,
    liquidity: isMaker ? 'maker' : 'taker',
    order_id: isMaker ? trade.maker_order_id : trade.taker_order_id,
    maker_order_id: trade.maker_order_id,
    taker_order_id: trade.taker_order_id,
    execution_timestamp: iso(trade.executed_at),
  };
}

export function bookView(instrument: Instrument, depth: Depth, sequence: number, halted: boolean): BookView {
  const tick = instrument.market.tick_micros;
  const levels = (side: Depth['bids']) =>
    side.map(([price, quantity, orders]) => ({ price: formatTicks(price, tick), quantity, orders }));
  return {
    market_id: instrument.market.market_id,
    symbol: instrument.symbol,
    sequence,
    halted,
    bids: levels(depth.bids),
    asks: levels(depth.asks),
  };
}

function specificationsView(spec: InstrumentSpec): InstrumentView['specifications'] {
  return {
    quality_index: spec.quality_index,
    quality_floor: spec.quality_floor,
    throughput_floor_tps: spec.throughput_floor_tps,
    ttft_max_seconds: (spec.ttft_max_ms / 1000).toFixed(2),
    context_window_min_tokens: spec.context_window_min_tokens,
    output_length_min_tokens: spec.output_length_min_tokens,
    uptime_min_pct: spec.uptime_min_pct,
    error_rate_max_pct: spec.error_rate_max_pct,
  };
}

export function instrumentView(instrument: Instrument, upcoming?: SpecRevision): InstrumentView {
  const { spec, market } = instrument;
  return {
    instrument_id: instrument.instrument_id,
    symbol: instrument.symbol,
    name: instrument.name,
    instrument_type: instrument.instrument_type,
    status: instrument.status,
    is_default: instrument.is_default,
    specifications: specificationsView(spec),
    trading_parameters: {
      market_id: market.market_id,
      tick_size: tickSize(instrument),
      min_quantity: market.min_quantity,
      max_quantity: market.max_quantity,
      quantity_increment: 1,
      maker_fee_bps: market.maker_fee_bps,
      taker_fee_bps: market.taker_fee_bps,
    },
    unit: { tokens: 1_000_000 },
    upcoming_revision: upcoming
      ? {
          version: upcoming.version,
          effective_at: new Date(upcoming.effective_at).toISOString(),
          specifications: specificationsView(upcoming.spec),
        }
      : null,
  };
}

export function marketView(instrument: Instrument): MarketView {
  const { market } = instrument;
  return {
    market_id: market.market_id,
    instrument_id: instrument.instrument_id,
    symbol: `${instrument.symbol}/USD`,
    base_currency: instrument.symbol,
    quote_currency: 'USD',
    status: instrument.status,
    tick_size: tickSize(instrument),
    min_quantity: market.min_quantity,
    max_quantity: market.max_quantity,
    quantity_increment: 1,
    maker_fee_bps: market.maker_fee_bps,
    taker_fee_bps: market.taker_fee_bps,
  };
}

export function usdAdjustmentView(adjustment: UsdAdjustment): UsdAdjustmentView {
  return {
    adjustment_id: adjustment.adjustment_id,
    participant_id: adjustment.participant_id,
    amount: formatUsd(adjustment.amount),
    idempotency_key: adjustment.idempotency_key,
    reason: adjustment.reason,
    sequence: adjustment.seq,
    balance_after: formatUsd(adjustment.balance_after),
    created_at: iso(adjustment.created_at),
  };
}

/** Command fields shown in the audit log: money as decimals, everything else as recorded. */
function auditDetails(
  command: Record<string, unknown>,
  tickOf: (marketId: string) => number | undefined,
): Record<string, unknown> {
  const { type: _type, instrument, price_ticks, ...rest } = command;
  if (instrument && typeof instrument === 'object') {
    const { instrument_id, symbol } = instrument as Instrument;
    return { instrument_id, symbol };
  }
  const details: Record<string, unknown> = { ...rest };
  if (typeof rest.amount === 'number') details.amount = formatUsd(rest.amount);
  const tick = typeof rest.market_id === 'string' ? tickOf(rest.market_id) : undefined;
  if (typeof price_ticks === 'number') {
    if (tick) details.price = formatTicks(price_ticks, tick);
    else details.price_ticks = price_ticks;
  }
  return details;
}

/** A journal entry as the audit log shows it; `tickOf` gives a market's tick so prices read as USD. */
export function auditEntryView(
  row: JournalRow,
  actorName: string,
  tickOf: (marketId: string) => number | undefined,
): AuditEntryView {
  return {
    sequence: row.seq,
    time: iso(row.time),
    actor: row.actor,
    actor_name: actorName,
    action: row.type,
    details: auditDetails(JSON.parse(row.command) as Record<string, unknown>, tickOf),
  };
}
