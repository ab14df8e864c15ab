import type { Trade } from '../../../engine/orders';
import { ExchangeError } from '../../../service/errors';
import type { TradingApiContext } from '../context';
import { type Endpoint, list, single } from '../endpoint';
import { numberAndId, paginate, viewPage } from '../pagination';
import { PublicTradeFillSchema as TradeSchema } from '../public-shapes';
import { TradesQuery } from '../schemas';

/** The participant's own fills, as maker or taker. */
export function tradeEndpoints(api: TradingApiContext): Endpoint[] {
  const { queries } = api;
  return [
    list({
      method: 'get',
      path: '/trades',
      summary: "List the participant's fills",
      tag: 'Trades',
      auth: 'signed',
      query: TradesQuery,
      response: TradeSchema,
      errors: [422],
      handle: ({ participantId, query }) => {
        const keyOf = (trade: Trade) => [trade.seq, trade.trade_id];
        const filter = { participantId, marketId: query.market_id, fromMs: query.from, toMs: query.to };
        const page = paginate(query, keyOf, ({ after, direction, take }) =>
          queries.trades(filter, { after: numberAndId(after), direction, take }),
        );
        return viewPage(page, (trade) => api.publicTrade(trade, participantId));
      },
    }),
    single({
      method: 'get',
      path: '/trades/:id',
      summary: 'Get one of the participant’s fills',
      tag: 'Trades',
      auth: 'signed',
      params: { id: 'trade_id' },
      response: TradeSchema,
      errors: [404],
      handle: ({ participantId, params }) => {
        const trade = queries.trade(participantId, params.id!);
        if (!trade) throw new ExchangeError(404, `trade ${params.id} not found`);
        return api.publicTrade(trade, participantId);
      },
    }),
  ];
}
