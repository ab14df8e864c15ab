import type { OrderView, TradeView } from '../../../../src-preload/contract';
import type { PublicTradeView } from '../../../../src-preload/contract-market-data';
import type { Instrument } from '../../../engine/instruments';
import { publicMarketTrade, publicOrder, publicTicker, publicTrade } from '../../trading-api/public-shapes';
import type { FeedEvent } from '../feed';
import { levelPrice } from '../feed';
import type { TickLevel } from '../committed-book';

// The public exchange's clients parse the Trading API's shapes on their sockets too: these payloads are
// those shapes (the README's supersets) plus the field names each client's stream types read.

/** An order: the Trading API's order plus the `grid` gateway's names (`order_type`, `original_quantity`, ...). */
export function orderPayload(order: OrderView) {
  return {
    ...publicOrder(order),
    order_type: order.type,
    size: order.quantity,
    original_quantity: String(order.quantity),
    remaining_quantity: String(order.remaining_quantity),
    average_fill_price: order.average_price,
  };
}

/** One's own fill: the Trading API's trade plus `executed_at` (the gateway's name for the time). */
export function fillPayload(trade: TradeView, instrument: Instrument) {
  return { ...publicTrade(trade, instrument.instrument_id), executed_at: trade.execution_timestamp };
}

/** A public trade (no participants or order ids: those stay private). */
export function marketTradePayload(trade: PublicTradeView, instrument: Instrument) {
  return {
    ...publicMarketTrade(trade),
    instrument_id: instrument.instrument_id,
    symbol: instrument.symbol,
    status: 'executed' as const,
    executed_at: trade.execution_timestamp,
    timestamp: trade.execution_timestamp,
  };
}

export const tickerPayload = (event: Extract<FeedEvent, { kind: 'ticker' }>) => publicTicker(event.ticker);

/** A balance: the USD account (as `/currency-trading-accounts`) or one instrument's Units. */
export function balancePayload(event: Extract<FeedEvent, { kind: 'balance' }>, at: string) {
  const { balance } = event;
  if ('usd' in balance) {
    return {
      user_id: event.participantId,
      currency: 'USD',
      total_balance: balance.usd.total,
      available_balance: balance.usd.available,
      locked_balance: balance.usd.locked,
      updated_at: at,
    };
  }
  return {
    user_id: event.participantId,
    instrument_id: balance.units.instrument_id,
    symbol: balance.units.symbol,
    market_id: balance.instrument.market.market_id,
    total_balance: String(balance.units.total),
    available_balance: String(balance.units.available),
    locked_balance: String(balance.units.locked),
    updated_at: at,
  };
}

/** Book levels as the public book shows them: `{price, quantity, order_count}`, quantity a decimal string. */
export function bookLevels(instrument: Instrument, levels: TickLevel[]) {
  return levels.map(([price, quantity, orders]) => ({
    price: levelPrice(instrument, price),
    quantity: String(quantity),
    order_count: orders,
  }));
}
