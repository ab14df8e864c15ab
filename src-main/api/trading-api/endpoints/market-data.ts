import { z } from 'zod';
import { MAX_CANDLES, type PublicTradeView } from '../../../../src-preload/contract-market-data';
import { CANDLE_BUCKETS } from '../../../service/market-data';
import type { TradingApiContext } from '../context';
import { type Endpoint, list, single } from '../endpoint';
import { paginate, viewPage } from '../pagination';
import {
  CandleSchema,
  MarketStatsSchema,
  PriceHistoryQuery,
  PublicTradesQuery,
  ReferencePriceSchema,
} from '../schemas';
import {
  publicMarketTrade,
  PublicMarketTradeSchema as PublicTradeSchema,
  publicTicker,
  PublicTickerSchema as TickerSchema,
} from '../public-shapes';

const MARKET = { id: 'market_id, or the instrument symbol' };

/** Published market data: ticker, public trades, 24 h stats, OHLCV candles, Reference Price. */
export function marketDataEndpoints(api: TradingApiContext): Endpoint[] {
  const marketData = api.ops.marketData;
  return [
    single({
      method: 'get',
      path: '/markets/:id/ticker',
      summary: 'Ticker: last trade, best bid and ask, 24 h volume, high, low and change',
      tag: 'Market data',
      auth: 'public',
      params: MARKET,
      response: TickerSchema,
      errors: [404],
      handle: ({ params }) => publicTicker(marketData.ticker(api.market(params.id!).market_id)),
    }),
    list({
      method: 'get',
      path: '/markets/:id/trades',
      summary: 'Public trades, newest first',
      tag: 'Market data',
      auth: 'public',
      params: MARKET,
      query: PublicTradesQuery,
      response: PublicTradeSchema,
      errors: [404, 422],
      handle: ({ params, query }) => {
        api.market(params.id!);
        const page = paginate(
          query,
          (trade: PublicTradeView) => [trade.sequence, trade.trade_id],
          ({ after, take }) =>
            marketData.publicTrades(params.id!, {
              limit: take,
              before: after === undefined ? undefined : String(after[1]),
            }),
          { backward: false },
        );
        return viewPage(page, publicMarketTrade);
      },
    }),
    single({
      method: 'get',
      path: '/markets/:id/stats',
      summary: 'Rolling 24 h statistics',
      tag: 'Market data',
      auth: 'public',
      params: MARKET,
      response: MarketStatsSchema,
      errors: [404],
      handle: ({ params }) => marketData.stats24h(api.market(params.id!).market_id),
    }),
    single({
      method: 'get',
      path: '/markets/:id/reference-price',
      summary: 'The Grid Desk Reference Price, its 30-day average and methodology',
      tag: 'Market data',
      auth: 'public',
      params: MARKET,
      response: ReferencePriceSchema,
      errors: [404],
      handle: ({ params }) => marketData.referencePrice(api.market(params.id!).market_id),
    }),
    single({
      method: 'get',
      path: '/price-histories',
      summary: 'OHLCV candles (1m, 5m, 15m, 1h, 4h, 1d, 1w), oldest first',
      description: `Buckets with trades in [from, to], aligned to UTC; at most ${MAX_CANDLES}, the most recent in the range. Page back with \`to\` = the first candle's time − 1.`,
      tag: 'Market data',
      auth: 'public',
      query: PriceHistoryQuery,
      response: z.array(CandleSchema),
      errors: [404, 422],
      handle: ({ query }) => {
        const to = query.to ?? api.ops.service.clock();
        const from = query.from ?? to - MAX_CANDLES * CANDLE_BUCKETS[query.resolution].sizeMs;
        return marketData.candles(query.market_id, query.resolution, from, to);
      },
    }),
  ];
}
