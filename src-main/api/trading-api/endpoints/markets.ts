import { ExchangeError } from '../../../service/errors';
import type { TradingApiContext } from '../context';
import { type Endpoint, list, single } from '../endpoint';
import { paginateList } from '../pagination';
import {
  BookQuery,
  BookSchema,
  InstrumentSchema,
  InstrumentsQuery,
  MarketSchema,
  MarketsQuery,
} from '../schemas';

/** Public reference data: instruments, markets, order books. No signature needed. */
export function marketEndpoints(api: TradingApiContext): Endpoint[] {
  const { ops } = api;
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
              (query.instrument_type === undefined || i.instrument_type === query.instrument_type) &&
              (query.status === undefined || i.status === query.status),
          );
        const keyOf = (i: (typeof instruments)[number]) => [i[query.order_by], i.instrument_id];
        return paginateList(query, instruments, keyOf);
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
      handle: ({ params }) => {
        const id = params.id!;
        const instrument = ops.instruments().find((i) => i.instrument_id === id || i.symbol === id);
        if (!instrument) throw new ExchangeError(404, `instrument ${id} not found`);
        return instrument;
      },
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
        return paginateList(query, markets, keyOf);
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
      handle: ({ params }) => api.market(params.id!),
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
      handle: ({ params, query }) => ops.book(api.market(params.id!).market_id, query.depth),
    }),
  ];
}
