import { MAX_CANDLES, type marketDataRequests } from '../../../src-preload/contract-market-data';
import { CANDLE_BUCKETS, referencePriceView } from '../../service/market-data';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/** The main side of the market-data requests. */
export function marketDataHandlers(ops: Operations): HandlersFor<keyof typeof marketDataRequests> {
  const marketData = ops.marketData;
  const referencePrices = ops.referencePrices;
  const state = () => ops.service.engine.state;
  return {
    'marketData.candles': ({ market_id, resolution, from, to }) => {
      const until = to ?? ops.service.clock();
      const since = from ?? until - MAX_CANDLES * CANDLE_BUCKETS[resolution].sizeMs;
      return marketData.candles(market_id, resolution, since, until);
    },
    'marketData.trades': ({ market_id, limit, before }) =>
      marketData.publicTrades(market_id, { limit, before }),
    'marketData.ticker': ({ market_id }) => marketData.ticker(market_id),
    'marketData.tickers': () => marketData.tickers(),
    'marketData.stats': ({ market_id }) => marketData.stats24h(market_id),
    'referencePrices.get': ({ market_id }) => marketData.referencePrice(market_id),
    'referencePrices.list': () => marketData.referencePrices(),
    'referencePrices.history': ({ market_id, limit }) =>
      marketData.referencePriceHistory(market_id, { limit }),
    'referencePrices.publish': async (_args, { actor }) => {
      const prices = await referencePrices.publish(actor);
      return prices.map((price) => referencePriceView(state().instruments.get(price.instrument_id)!, price));
    },
  };
}
