import type {
  BookView,
  InstrumentView,
  MarketOverviewView,
  OrderView,
  TradeView,
} from '../../../src-preload/contract';
import { useExchangeStore } from '../../stores/exchange';
import { usePreferences } from '../../stores/preferences';
import { useLive } from '../../stores/live';
import type { Live } from '../../stores/live';

/** Levels per side the desk shows (and walks for a market order's estimate). */
export const BOOK_DEPTH = 20;
/** Rows in the open-orders and fills grids (the contract's maximum page). */
const LIST_LIMIT = 100;

export function useBook(marketId: string | null): Live<BookView> {
  return useLive(marketId && `book:${marketId}`, (client) =>
    client.call('markets.book', { market_id: marketId!, depth: BOOK_DEPTH }),
  );
}

export function useOpenOrders(participantId: string): Live<OrderView[]> {
  return useLive(`open-orders:${participantId}`, (client) =>
    client.call('orders.list', { participant_id: participantId, status: 'open', limit: LIST_LIMIT }),
  );
}

/** Filled, cancelled, rejected and expired orders, newest first. */
export function useOrderHistory(participantId: string): Live<OrderView[]> {
  return useLive(`order-history:${participantId}`, (client) =>
    client.call('orders.list', { participant_id: participantId, status: 'closed', limit: LIST_LIMIT }),
  );
}

export function useFills(participantId: string): Live<TradeView[]> {
  return useLive(`fills:${participantId}`, (client) =>
    client.call('trades.list', { participant_id: participantId, limit: LIST_LIMIT }),
  );
}

export function useMarketsOverview(): Live<MarketOverviewView[]> {
  return useLive('markets-overview', (client) => client.call('markets.overview', {}));
}

/**
 * The instrument whose market is selected: the one chosen before if it still exists, else the default
 * instrument's (text-prime), else the first. Null until the instruments have loaded.
 */
export function useSelectedInstrument(): InstrumentView | null {
  const instruments = useExchangeStore((state) => state.instruments);
  const market = usePreferences((state) => state.market);
  if (!instruments || instruments.length === 0) return null;
  return (
    instruments.find((instrument) => instrument.trading_parameters.market_id === market) ??
    instruments.find((instrument) => instrument.is_default) ??
    instruments[0] ??
    null
  );
}
