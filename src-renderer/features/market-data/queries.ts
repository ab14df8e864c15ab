import type {
  CandleResolution,
  CandleView,
  PublicTradeView,
  ReferencePriceDetailView,
  ReferencePriceView,
  TickerView,
} from '../../../src-preload/contract-market-data';
import { useLive } from '../../stores/live';
import type { Live } from '../../stores/live';

/** Public trades the tape shows. */
export const TAPE_LENGTH = 50;

/** Every market's ticker, for the strip across the trading view. */
export function useTickers(): Live<TickerView[]> {
  return useLive('tickers', (client) => client.call('marketData.tickers', {}));
}

/** The most recent candles of a market at a resolution (the exchange's default range, up to now). */
export function useCandles(marketId: string | null, resolution: CandleResolution): Live<CandleView[]> {
  return useLive(marketId && `candles:${marketId}:${resolution}`, (client) =>
    client.call('marketData.candles', { market_id: marketId!, resolution }),
  );
}

/** The public tape of a market, newest first. */
export function usePublicTrades(marketId: string | null): Live<PublicTradeView[]> {
  return useLive(marketId && `public-trades:${marketId}`, (client) =>
    client.call('marketData.trades', { market_id: marketId!, limit: TAPE_LENGTH }),
  );
}

/** Enough of a market's tape to cover the Reference Price's 4 h window in all but the busiest markets. */
export function useWindowTrades(marketId: string | null): Live<PublicTradeView[]> {
  return useLive(marketId && `window-trades:${marketId}`, (client) =>
    client.call('marketData.trades', { market_id: marketId!, limit: 500 }),
  );
}

/** The latest Reference Price of a market's instrument, its 30-day average and the methodology. */
export function useReferencePrice(marketId: string | null): Live<ReferencePriceDetailView> {
  return useLive(marketId && `reference-price:${marketId}`, (client) =>
    client.call('referencePrices.get', { market_id: marketId! }),
  );
}

/** Publications of a market's Reference Price charted (newest first, as the exchange answers). */
const REFERENCE_HISTORY = 200;

export function useReferenceHistory(marketId: string | null): Live<ReferencePriceView[]> {
  return useLive(marketId && `reference-history:${marketId}`, (client) =>
    client.call('referencePrices.history', { market_id: marketId!, limit: REFERENCE_HISTORY }),
  );
}

/** The latest Reference Price of every market, by market id. */
export function useReferencePrices(): Live<Map<string, ReferencePriceDetailView>> {
  return useLive('reference-prices', async (client) => {
    const prices = await client.call('referencePrices.list', {});
    return new Map(prices.map((price) => [price.market_id, price]));
  });
}
