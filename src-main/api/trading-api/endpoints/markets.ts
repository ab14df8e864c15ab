import type { InstrumentView, MarketView } from '../../../../src-preload/contract';
import { ExchangeError } from '../../../service/errors';
import type { TradingApiContext } from '../context';
import { type Endpoint, list, single } from '../endpoint';
import { paginateList, viewPage } from '../pagination';
import {
  publicBook,
  PublicBookSchema as BookSchema,
  publicInstrument,
  PublicInstrumentSchema as InstrumentSchema,
  publicMarket,
  PublicMarketSchema as MarketSchema,
} from '../public-shapes';
import { BookQuery, InstrumentsQuery, MarketsQuery } from '../schemas';

/** Public reference data: instruments, markets, order books. No signature needed. */
export function marketEndpoints(api: TradingApiContext): Endpoint[] {
  const { ops } = api;
  const instrumentOf = (view: InstrumentView) => publicInstrument(view, api.listing(view.instrument_id));
  const marketOf = (view: MarketView) =>
    publicMarket(view, api.instrument(view.instrument_id).name, api.listing(view.instrument_id));
  /** The instrument `match` picks, in the public shape; none is a 404 naming `id`. */
  const instrumentWhere = (match: (view: InstrumentView) => boolean, id: string) => {
    const instrument = ops.instruments().find(match);
    if (!instrument) throw new ExchangeError(404, `instrument ${id} not found`);
    return instrumentOf(instrument);
  };
  return [
    list({
      method: 'get',
      path: '/instruments',
      summary: 'List instruments',
      tag: 'Instruments',
      auth: 'public',
      query: InstrumentsQuery,
      response: InstrumentSchema,
      handle: ({ query }) => {
        const instruments = ops
          .instruments()
          .filter(
            (i) =>
              (query.symbol === undefined || i.symbol === query.symbol) &&
              (query.instrument_type === undefined ||
                query.instrument_type === 'ai_commodity' ||
                i.instrument_type === query.instrument_type) &&
              (query.category === undefined || i.instrument_type === query.category) &&
              (query.status === undefined || i.status === query.status) &&
              (query.is_active === undefined || (i.status === 'live') === query.is_active),
          );
        // The public exchange's instrument_type is the asset class, ai_commodity for every instrument.
        if (query.instrument_type === 'currency' || query.instrument_type === 'token') instruments.length = 0;
        const keyOf = (i: (typeof instruments)[number]) => [i[query.order_by], i.instrument_id];
        return viewPage(paginateList(query, instruments, keyOf), instrumentOf);
      },
    }),
    single({
      method: 'get',
      path: '/instruments/:id',
      summary: 'Get an instrument: specifications and trading parameters',
      tag: 'Instruments',
      auth: 'public',
      params: { id: 'instrument_id, or the symbol (e.g. text-prime)' },
      response: InstrumentSchema,
      errors: [404],
      handle: ({ params: { id } }) => instrumentWhere((i) => i.instrument_id === id || i.symbol === id, id!),
    }),
    single({
      method: 'get',
      path: '/instruments/by-symbol/:symbol',
      summary: 'Get an instrument by its symbol',
      tag: 'Instruments',
      auth: 'public',
      params: { symbol: 'The symbol, e.g. text-prime' },
      response: InstrumentSchema,
      errors: [404],
      handle: ({ params: { symbol } }) => instrumentWhere((i) => i.symbol === symbol, symbol!),
    }),
    list({
      method: 'get',
      path: '/markets',
      summary: 'List markets (one USD market per instrument)',
      tag: 'Markets',
      auth: 'public',
      query: MarketsQuery,
      response: MarketSchema,
      handle: ({ query }) => {
        const markets = ops
          .markets()
          .filter(
            (m) =>
              (query.instrument_id === undefined || m.instrument_id === query.instrument_id) &&
              (query.status === undefined || m.status === query.status),
          );
        const keyOf = (m: (typeof markets)[number]) => [m[query.order_by], m.market_id];
        return viewPage(paginateList(query, markets, keyOf), marketOf);
      },
    }),
    single({
      method: 'get',
      path: '/markets/:id',
      summary: 'Get a market',
      tag: 'Markets',
      auth: 'public',
      params: { id: 'market_id, or the instrument symbol' },
      response: MarketSchema,
      errors: [404],
      handle: ({ params }) => marketOf(api.market(params.id!)),
    }),
    single({
      method: 'get',
      path: '/markets/:id/orderbook',
      summary: 'Order book depth: price levels with quantity and order count, and the sequence number',
      tag: 'Markets',
      auth: 'public',
      params: { id: 'market_id, or the instrument symbol' },
      query: BookQuery,
      response: BookSchema,
      errors: [404, 422],
      handle: ({ params, query }) =>
        publicBook(ops.book(api.market(params.id!).market_id, query.depth), new Date(ops.service.clock())),
    }),
  ];
}
